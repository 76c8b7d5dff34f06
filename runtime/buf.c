/* buf.c - the growable output buffer the writer appends to. */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

void polc_buf_free(struct polc_buf *b)
{
    free(b->ptr);
    memset(b, 0, sizeof *b);
}

int buf_grow(struct polc_buf *b, size_t need)
{
    if (b->failed)
        return -1;
    if (b->cap - b->len >= need)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < need) {
        if (cap > (size_t)-1 / 2) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->ptr, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->ptr = p;
    b->cap = cap;
    return 0;
}

void buf_long(struct polc_buf *b, long v)
{
    char tmp[24];
    size_t n = sizeof tmp;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do {
        tmp[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--n] = '-';
    buf_put(b, tmp + n, sizeof tmp - n);
}

/* Bytes that need an escape in a JSON string. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* '\\' */
};

/* A JSON string: quotes, backslashes and control characters escaped;
 * UTF-8 passed through (the reader has validated it).  Runs of bytes that
 * need nothing are copied whole. */
void buf_json_chars(struct polc_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0, i = 0;
    while (i < n && !needs_escape[(unsigned char)s[i]])
        i++;
    if (i == n) { /* the common case: nothing to escape */
        buf_put(b, s, n);
        return;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!needs_escape[c])
            continue;
        buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf_put(b, "\\\"", 2); break;
        case '\\': buf_put(b, "\\\\", 2); break;
        case '\n': buf_put(b, "\\n", 2); break;
        case '\r': buf_put(b, "\\r", 2); break;
        case '\t': buf_put(b, "\\t", 2); break;
        case '\b': buf_put(b, "\\b", 2); break;
        case '\f': buf_put(b, "\\f", 2); break;
        default: {
            char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            buf_put(b, u, 6);
        }
        }
    }
    buf_put(b, s + run, n - run);
}

void buf_json_string(struct polc_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !needs_escape[(unsigned char)s[i]])
        i++;
    if (i == n && b->cap - b->len >= n + 2) { /* plain, and room: one copy */
        char *o = b->ptr + b->len;
        o[0] = '"';
        memcpy(o + 1, s, n);
        o[n + 1] = '"';
        b->len += n + 2;
        return;
    }
    buf_putc(b, '"');
    buf_json_chars(b, s, n);
    buf_putc(b, '"');
}

void buf_json_cstr(struct polc_buf *b, const char *s)
{
    buf_json_string(b, s, strlen(s));
}
