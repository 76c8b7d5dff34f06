/* fuzz_json.c - runtime/json.c against yajl, byte for byte.
 *
 * The input is one line.  The reference is what the reader did before it
 * had its own parser: strict UTF-8, no escaped lone surrogate, no vertical
 * tab or form feed, no byte-order mark (utf8.c), then yajl 2.1, stopped
 * once the top-level value is complete, then white space only.  Both must
 * accept the same lines, and for an accepted line give the same document:
 * every value's type and text (strings and keys unescaped, numbers as
 * written) and every container's end, in document order, the same depth, and a duplicate key found
 * exactly when a map holds two equal keys (checked here pairwise). */
#include "json.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define CHECK(cond, what)                                                        \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "fuzz invariant: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* A growing text: the document written out as tokens. */
struct out {
    char *s;
    size_t n, cap;
};

static void put(struct out *o, char tag, const void *s, size_t len)
{
    char head[24];
    int h = snprintf(head, sizeof head, "%c%zu:", tag, len);
    if (o->n + (size_t)h + len + 1 > o->cap) {
        o->cap = 2 * (o->n + (size_t)h + len + 1);
        o->s = realloc(o->s, o->cap);
        CHECK(o->s != NULL, "memory");
    }
    memcpy(o->s + o->n, head, (size_t)h);
    o->n += (size_t)h;
    if (len)
        memcpy(o->s + o->n, s, len);
    o->n += len;
}

/* ---- the reference ---------------------------------------------------- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The code unit of "\uXXXX" at s (at least 6 bytes), or -1. */
static long escape_at(const char *s)
{
    long v = 0;
    int i, h;
    if (s[0] != '\\' || s[1] != 'u')
        return -1;
    for (i = 2; i < 6; i++) {
        h = hex_value(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Bytes taken by the escape at s[0] == '\\' (n bytes left), 0 when it is a
 * lone surrogate.  A malformed escape is left to the JSON parser. */
static size_t escape_len(const char *s, size_t n)
{
    long u = n >= 6 ? escape_at(s) : -1, lo;
    if (u < 0)
        return n >= 2 ? 2 : 1;
    if (u >= 0xDC00 && u <= 0xDFFF)
        return 0;
    if (u < 0xD800 || u > 0xDBFF)
        return 6;
    lo = n >= 12 ? escape_at(s + 6) : -1;
    return lo >= 0xDC00 && lo <= 0xDFFF ? 12 : 0;
}

/* The reader's escape check of before (utf8.c, before json.c): every \u
 * escape of a surrogate is a high one followed at once by an escaped low
 * one; an escaped backslash ("\\u") is no escape.  n when good, else the
 * offset of the bad escape. */
static size_t utf8_check_escapes(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    size_t k;
    while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        k = escape_len(p, (size_t)(end - p));
        if (k == 0)
            return (size_t)(p - s);
        p += k;
    }
    return n;
}


struct ref {
    struct out out;
    size_t depth, max_depth;
    int done;
};

static int r_go(struct ref *r) { return !r->done; }
static int r_scalar(struct ref *r, char tag, const void *s, size_t len)
{
    put(&r->out, tag, s, len);
    if (r->depth == 0)
        r->done = 1;
    return r_go(r);
}
static int r_null(void *c) { return r_scalar(c, 'n', NULL, 0); }
static int r_bool(void *c, int v) { return r_scalar(c, v ? 't' : 'f', NULL, 0); }
static int r_number(void *c, const char *s, size_t n) { return r_scalar(c, 'N', s, n); }
static int r_string(void *c, const unsigned char *s, size_t n) { return r_scalar(c, 'S', s, n); }
static int r_key(void *c, const unsigned char *s, size_t n)
{
    put(&((struct ref *)c)->out, 'K', s, n);
    return 1;
}
static int r_open(void *c, char tag)
{
    struct ref *r = c;
    put(&r->out, tag, NULL, 0);
    if (++r->depth > r->max_depth)
        r->max_depth = r->depth;
    return 1;
}
static int r_close(void *c)
{
    struct ref *r = c;
    put(&r->out, ')', NULL, 0); /* either bracket: the opener says which */
    if (--r->depth == 0)
        r->done = 1;
    return r_go(r);
}
static int r_start_map(void *c) { return r_open(c, '{'); }
static int r_end_map(void *c) { return r_close(c); }
static int r_start_array(void *c) { return r_open(c, '['); }
static int r_end_array(void *c) { return r_close(c); }

static const yajl_callbacks ref_callbacks = {
    r_null, r_bool, NULL, NULL, r_number, r_string,
    r_start_map, r_key, r_end_map, r_start_array, r_end_array
};

static int blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* 1 when the reference accepts the line; its tokens in r. */
static int reference(const char *s, size_t n, struct ref *r)
{
    yajl_handle h;
    yajl_status st;
    size_t end;
    int ok;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return 0;
    if (utf8_check(s, n) < n || utf8_check_escapes(s, n) < n ||
        memchr(s, '\v', n) || memchr(s, '\f', n))
        return 0;
    h = yajl_alloc(&ref_callbacks, NULL, r);
    CHECK(h != NULL, "yajl_alloc");
    yajl_config(h, yajl_dont_validate_strings, 1);
    st = yajl_parse(h, (const unsigned char *)s, n);
    end = yajl_get_bytes_consumed(h);
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(h);
        end = n;
    }
    if (st == yajl_status_client_canceled && r->done)
        ok = blank(s + end, n - end);
    else
        ok = st == yajl_status_ok && r->done;
    yajl_free(h);
    return ok;
}

/* ---- json.c's document, written out the same way ----------------------- */

static int has_dup(const struct json_doc *d, uint32_t map)
{
    uint32_t a, b, end = d->nodes[map].b;
    for (a = map + 1; a < end; a = json_next(d, a + 1))
        for (b = json_next(d, a + 1); b < end; b = json_next(d, b + 1))
            if (d->nodes[a].b == d->nodes[b].b &&
                memcmp(d->bytes + d->nodes[a].a, d->bytes + d->nodes[b].a,
                       d->nodes[a].b) == 0)
                return 1;
    return 0;
}

static void write_doc(const struct json_doc *d, struct out *o, int *dups)
{
    static uint32_t ends[1 << 16];
    size_t top = 0;
    uint32_t i;
    static const char tags[] = {'n', 't', 'N', 'S', '{', '[', 'K'};
    for (i = 0; i < d->n_nodes; i++) {
        const struct json_node *nd = &d->nodes[i];
        while (top > 0 && ends[top - 1] == i)
            --top, put(o, ')', NULL, 0);
        switch (nd->type) {
        case J_NULL: put(o, 'n', NULL, 0); break;
        case J_BOOL: put(o, nd->a ? 't' : 'f', NULL, 0); break;
        case J_NUMBER: case J_STRING: case J_KEY:
            put(o, tags[nd->type], d->bytes + nd->a, nd->b);
            break;
        case J_MAP: case J_ARRAY:
            put(o, tags[nd->type], NULL, 0);
            if (nd->type == J_MAP && has_dup(d, i))
                *dups = 1;
            CHECK(top < sizeof ends / sizeof ends[0], "test depth");
            ends[top++] = nd->b;
            break;
        }
    }
    while (top > 0)
        --top, put(o, ')', NULL, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct json_doc doc;
    struct ref r;
    struct out mine = {0};
    struct json_fault f;
    enum json_status st;
    int ref_ok, dups = 0;
    const char *s = (const char *)data;
    if (size > 60000)
        return 0;
    memset(&r, 0, sizeof r);
    ref_ok = reference(s, size, &r);
    st = json_parse(&doc, s, size, &f);
    CHECK(st != JSON_NOMEM, "out of memory");
    CHECK((st == JSON_OK) == ref_ok, "accepts what yajl rejects, or the other way");
    if (st == JSON_BAD)
        CHECK(f.at <= size && f.what != NULL && f.what[0] != '\0', "a fault without place");
    if (st == JSON_OK) {
        write_doc(&doc, &mine, &dups);
        CHECK(mine.n == r.out.n && memcmp(mine.s, r.out.s, mine.n) == 0,
              "a different document");
        CHECK(doc.max_depth == r.max_depth, "a different depth");
        CHECK((doc.dup != JSON_NONE) == dups, "a duplicate key missed or made up");
    }
    free(mine.s);
    free(r.out.s);
    return 0;
}
