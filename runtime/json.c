/*
 * json.c - the strict one-line JSON parser (json.h).
 *
 * The line is copied into the document's buffer with NUL bytes after it,
 * and parsed there: a string or number without escapes stays where it is, and
 * the NUL stops every scan at the end of the line without a bounds check
 * (a NUL inside the line is no JSON anywhere, so it is never taken for
 * anything but an error).  Unescaped text goes after the copy; it is never
 * longer than its source, so the buffer is sized once a line.  Every
 * node starts at a byte of its own, so a line of n bytes has at most n
 * nodes and n open containers: those arrays are sized once a line too, and
 * appending never checks for room.
 */
#include "json.h"
#include "internal.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#define ONES 0x0101010101010101u
#define HIGH 0x8080808080808080u
#define SMALL_OBJECT 16 /* keys checked as they come up to this many */
#define PAD 16         /* NUL bytes after the line's copy */

/* Strings are scanned 16 bytes at a time with SSE2 (every x86-64 has it),
 * else 8 at a time where the compiler finds the lowest set bit and words are
 * little-endian, else a byte at a time. */
/* Rare paths kept out of the hot loop, where the compiler allows. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline, cold))
#else
#define COLD
#endif

#if defined(__GNUC__) && defined(__SSE2__)
#include <emmintrin.h>
#define SCAN_SSE2 1
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SCAN_SWAR 1
#endif

struct parser {
    struct json_doc *d;
    const char *s, *end;  /* the line's copy; *end is NUL */
    char *out;            /* where the next unescaped text goes */
    struct json_node *nodes; /* d->nodes, and how many so far */
    size_t n;
    size_t depth;
    int in_map;           /* the innermost open container is a map */
    int nomem;
    struct json_fault *fault;
};

/* 1 for the bytes a string holds as they are: printable ASCII but " and \ */
static const unsigned char plain[256] = {
    ['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* ------------------------------------------------------------------ */
/* Memory                                                              */
/* ------------------------------------------------------------------ */

/* Room for a line of n bytes: its copy, its unescaped text, its nodes. */
static int reserve(struct json_doc *d, size_t n)
{
    void *p;
    if ((p = polc_grow(d->bytes, &d->cap_bytes, 2 * n + PAD + 1, 1)) == NULL)
        return -1;
    d->bytes = p;
    if ((p = polc_grow(d->nodes, &d->cap_nodes, n + 1, sizeof *d->nodes)) == NULL)
        return -1;
    d->nodes = p;
    if ((p = polc_grow(d->stack, &d->cap_stack, n + 1, sizeof *d->stack)) == NULL)
        return -1;
    d->stack = p;
    return 0;
}

void json_doc_free(struct json_doc *d)
{
    free(d->nodes);
    free(d->bytes);
    free(d->stack);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------------ */
/* Duplicate keys                                                      */
/* ------------------------------------------------------------------ */

static int same_key(const struct json_doc *d, uint32_t x, uint32_t y)
{
    const struct json_node *a = &d->nodes[x], *b = &d->nodes[y];
    return a->b == b->b && memcmp(d->bytes + a->a, d->bytes + b->a, a->b) == 0;
}

static uint32_t hash_key(const struct json_doc *d, uint32_t k)
{
    const unsigned char *s = (const unsigned char *)d->bytes + d->nodes[k].a;
    uint32_t h = 2166136261u ^ d->seed, i;
    for (i = 0; i < d->nodes[k].b; i++)
        h = (h ^ s[i]) * 16777619u;
    return h ^ (h >> 15);
}

/* A fresh, empty key set of at least 2 * n slots; its mask, or 0. */
static uint32_t key_set(struct json_doc *d, uint32_t n)
{
    size_t size = 16;
    while (size < 2 * (size_t)n)
        size *= 2;
    if (size > d->cap_slots) {
        free(d->slots);
        d->slots = calloc(size, sizeof *d->slots);
        d->cap_slots = d->slots ? size : 0;
        d->gen = 0;
        if (d->slots == NULL)
            return 0;
    }
    if (++d->gen == 0) {
        memset(d->slots, 0, d->cap_slots * sizeof *d->slots);
        d->gen = 1;
    }
    return (uint32_t)(size - 1);
}

static int large_keys(struct json_doc *d, uint32_t map)
{
    uint32_t end = d->nodes[map].b, k, h;
    uint32_t mask = key_set(d, (end - map) / 2); /* a pair is 2+ nodes */
    if (mask == 0)
        return -1;
    if (d->seed == 0)
        d->seed = (uint32_t)((uintptr_t)d >> 4) * 2654435761u | 1;
    for (k = map + 1; k < end; k = json_next(d, k + 1)) {
        for (h = hash_key(d, k) & mask; d->slots[h].gen == d->gen;
             h = (h + 1) & mask)
            if (same_key(d, d->slots[h].key, k)) {
                d->dup = k;
                return 0;
            }
        d->slots[h].gen = d->gen;
        d->slots[h].key = k;
    }
    return 0;
}

/* A small map's duplicate keys are found as each key is read: its bit in
 * the map's 64-bit set, from its length, first and last byte (which tells
 * apart the keys of every object of records.md), and only when the bit is
 * already set, a compare with the keys before it.  A map of more keys is
 * checked through the hashed key set when it closes. */
static inline uint64_t key_bit(const struct json_node *k)
{
    return (uint64_t)1 << ((k->b + 2u * k->first + k->last) & 63);
}

/* Key k of the map at node `map`: is it one of the map's keys before it? */
static void earlier_key(struct json_doc *d, uint32_t map, uint32_t k)
{
    uint32_t e;
    for (e = map + 1; e < k; e = json_next(d, e + 1))
        if (same_key(d, e, k)) {
            d->dup = k;
            return;
        }
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

/* The fault at p: what the grammar expected, unless the byte there is no
 * text at all (the end, a control byte, bad UTF-8): that is said instead. */
static const char *fail(struct parser *ps, const char *p, const char *what)
{
    unsigned char c = (unsigned char)*p;
    if (p == ps->end)
        what = "the line ends before the JSON value does";
    else if (c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r')
        what = "a control character";
    else if (c >= 0x80 && utf8_sequence(p, (size_t)(ps->end - p)) == 0)
        what = "invalid UTF-8";
    ps->fault->what = what;
    ps->fault->at = (size_t)(p - ps->s);
    return NULL;
}

static inline void add(struct parser *ps, uint8_t type, const char *at, size_t len)
{
    struct json_node *nd = &ps->nodes[ps->n++];
    nd->type = type;
    nd->a = (uint32_t)(at - ps->s);
    nd->b = (uint32_t)len;
    if (type == J_KEY) {
        nd->first = len ? (uint8_t)at[0] : 0;
        nd->last = len ? (uint8_t)at[len - 1] : 0;
    }
}

static inline const char *skip_ws(const char *p)
{
    while ((unsigned char)*p <= ' ' &&
           (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

#ifdef SCAN_SWAR
/* Is any of the 8 bytes a quote, a backslash, a control or non-ASCII? */
static uint64_t special(uint64_t w)
{
    uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
    return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w) | w) &
           HIGH;
}
#endif

/* A byte a string cannot hold as it is: the fault it makes. */
static const char *bad_byte(struct parser *ps, const char *p, const char *open)
{
    if (p == ps->end)
        return fail(ps, open, "a string is not closed");
    if ((unsigned char)*p >= 0x80)
        return fail(ps, p, "invalid UTF-8");
    return fail(ps, p, "a control character in a string");
}

static long hex4(const char *p)
{
    long v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        if (c >= '0' && c <= '9')
            v = v * 16 + (c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = v * 16 + (c - 'A' + 10);
        else
            return -1;
    }
    return v;
}

static char *put_utf8(char *o, unsigned long u)
{
    if (u < 0x80) {
        *o++ = (char)u;
    } else if (u < 0x800) {
        *o++ = (char)(0xC0 | (u >> 6));
        *o++ = (char)(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        *o++ = (char)(0xE0 | (u >> 12));
        *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *o++ = (char)(0x80 | (u & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (u >> 18));
        *o++ = (char)(0x80 | ((u >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *o++ = (char)(0x80 | (u & 0x3F));
    }
    return o;
}

/* "\uXXXX" at p (a surrogate pair takes two): the code point to *o, the
 * position after it, or NULL. */
static const char *unicode_escape(struct parser *ps, const char *p, char **o)
{
    long u = ps->end - p >= 6 ? hex4(p + 2) : -1, lo;
    if (u < 0)
        return fail(ps, p, "\\u needs four hexadecimal digits");
    if (u >= 0xDC00 && u <= 0xDFFF)
        return fail(ps, p, "an escaped lone surrogate");
    if (u >= 0xD800 && u <= 0xDBFF) {
        lo = ps->end - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
        if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(ps, p, "an escaped lone surrogate");
        *o = put_utf8(*o, 0x10000 + (((unsigned long)u - 0xD800) << 10) +
                              ((unsigned long)lo - 0xDC00));
        return p + 12;
    }
    *o = put_utf8(*o, (unsigned long)u);
    return p + 6;
}

/* The escape at p (a backslash): its text to *o, the position after it. */
static const char *escape(struct parser *ps, const char *p, char **o)
{
    char c;
    switch (p[1]) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': return unicode_escape(ps, p, o);
    default: return fail(ps, p, "an unknown escape");
    }
    *(*o)++ = c;
    return p + 2;
}

/* The rest of a string with escapes, from p (its first backslash): the
 * text unescaped after the line. */
static const char *unescape(struct parser *ps, const char *start, const char *p,
                            uint8_t type)
{
    char *o = ps->out, *o0 = o;
    size_t k;
    memcpy(o, start, (size_t)(p - start));
    o += p - start;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (plain[c]) {
            *o++ = (char)c;
            p++;
        } else if (c == '\\') {
            if ((p = escape(ps, p, &o)) == NULL)
                return NULL;
        } else if (c == '"') {
            break;
        } else if (c >= 0x80 && (k = utf8_sequence(p, (size_t)(ps->end - p))) > 0) {
            memcpy(o, p, k);
            o += k;
            p += k;
        } else {
            return bad_byte(ps, p, start - 1);
        }
    }
    add(ps, type, o0, (size_t)(o - o0));
    ps->out = o;
    return p + 1;
}

/* The rest of a string from p, a byte plain[] does not take: the closing
 * quote, an escape, UTF-8 or a fault. */
static COLD const char *string_rest(struct parser *ps, const char *start,
                               const char *p, uint8_t type)
{
    size_t k;
    for (;;) {
        while (plain[(unsigned char)*p])
            p++;
        if (*p == '"') {
            add(ps, type, start, (size_t)(p - start));
            return p + 1;
        }
        if (*p == '\\')
            return unescape(ps, start, p, type);
        if ((unsigned char)*p < 0x80 ||
            (k = utf8_sequence(p, (size_t)(ps->end - p))) == 0)
            return bad_byte(ps, p, start - 1);
        p += k;
    }
}

/* The first byte at or after p that plain[] does not take (or one before
 * it, for the byte loop to finish).  json_parse leaves PAD NUL bytes after
 * the line, so every block read is defined and the last one holds a stop. */
static inline const char *plain_run(const char *p)
{
#if defined(SCAN_SSE2)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(' ');
    for (;;) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        /* signed: below ' ' is a control byte or one at or above 0x80 */
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                 _mm_cmpeq_epi8(x, bslash)),
                                    _mm_cmplt_epi8(x, space));
        int m = _mm_movemask_epi8(stop);
        if (m != 0)
            return p + __builtin_ctz((unsigned)m);
        p += 16;
    }
#elif defined(SCAN_SWAR)
    uint64_t w, m;
    for (;;) {
        memcpy(&w, p, 8);
        if ((m = special(w)) != 0)
            return p + __builtin_ctzll(m) / 8;
        p += 8;
    }
#else
    return p;
#endif
}

/* A string or key whose opening quote is just before p. */
static inline const char *scan_string(struct parser *ps, const char *p,
                                      uint8_t type)
{
    const char *start = p;
    p = plain_run(p);
    if (*p == '"') {
        add(ps, type, start, (size_t)(p - start));
        return p + 1;
    }
    return string_rest(ps, start, p, type);
}

/* RFC 8259's number, kept as its text. */
static const char *scan_number(struct parser *ps, const char *p)
{
    const char *start = p;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (is_digit(*p))
        while (is_digit(*p))
            p++;
    else
        return fail(ps, p, "a digit must follow '-'");
    if (*p == '.') {
        if (!is_digit(*++p))
            return fail(ps, p, "a digit must follow '.'");
        while (is_digit(*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        if (*++p == '+' || *p == '-')
            p++;
        if (!is_digit(*p))
            return fail(ps, p, "an exponent needs digits");
        while (is_digit(*p))
            p++;
    }
    add(ps, J_NUMBER, start, (size_t)(p - start));
    return p;
}

static const char *literal(struct parser *ps, const char *p, const char *word,
                           size_t len, uint8_t type, uint32_t value)
{
    struct json_node *nd;
    if ((size_t)(ps->end - p) < len || memcmp(p, word, len) != 0)
        return fail(ps, p, "expected a value");
    nd = &ps->nodes[ps->n++];
    nd->type = type;
    nd->a = value;
    nd->b = 0;
    return p + len;
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

static void open_node(struct parser *ps, uint8_t type)
{
    struct json_doc *d = ps->d;
    struct json_level *lv = &d->stack[ps->depth++];
    lv->node = (uint32_t)ps->n;
    lv->keys = 0;
    lv->seen = 0;
    if (ps->depth > d->max_depth)
        d->max_depth = ps->depth;
    ps->in_map = type == J_MAP;
    ps->nodes[ps->n].type = type;
    ps->nodes[ps->n++].a = 0;
}

/* The closing bracket at p: the position after it, NULL when memory ran
 * out checking the map's keys. */
static const char *close_node(struct parser *ps, const char *p)
{
    struct json_doc *d = ps->d;
    const struct json_level *lv = &d->stack[--ps->depth];
    uint32_t i = lv->node;
    d->nodes[i].b = (uint32_t)ps->n;
    if (lv->keys > SMALL_OBJECT && d->dup == JSON_NONE && large_keys(d, i) < 0) {
        ps->nomem = 1;
        return NULL;
    }
    ps->in_map = ps->depth > 0 && d->nodes[d->stack[ps->depth - 1].node].type == J_MAP;
    return p + 1;
}

/* The key just read, in the innermost map (see "Duplicate keys"). */
static inline void note_key(struct parser *ps)
{
    struct json_level *lv = &ps->d->stack[ps->depth - 1];
    uint32_t k = (uint32_t)(ps->n - 1);
    uint64_t bit = key_bit(&ps->nodes[k]);
    if (++lv->keys > SMALL_OBJECT)
        return;
    if ((lv->seen & bit) && ps->d->dup == JSON_NONE)
        earlier_key(ps->d, lv->node, k);
    lv->seen |= bit;
}

static enum json_status stop(const struct parser *ps)
{
    return ps->nomem ? JSON_NOMEM : JSON_BAD;
}

/* After the top-level value: white space only. */
static enum json_status rest(struct parser *ps, const char *p)
{
    p = skip_ws(p);
    if (p != ps->end) {
        fail(ps, p, "text after the JSON value");
        return JSON_BAD;
    }
    return JSON_OK;
}

/* The line's grammar as a small state machine: a value, what may follow a
 * value inside a container, a key. */
static enum json_status run(struct parser *ps)
{
    const char *p = skip_ws(ps->s);
value:
    switch (*p) {
    case '{':
        open_node(ps, J_MAP);
        p = skip_ws(p + 1);
        if (*p == '}')
            goto close;
        goto key;
    case '[':
        open_node(ps, J_ARRAY);
        p = skip_ws(p + 1);
        if (*p == ']')
            goto close;
        goto value;
    case '"': p = scan_string(ps, p + 1, J_STRING); break;
    case 't': p = literal(ps, p, "true", 4, J_BOOL, 1); break;
    case 'f': p = literal(ps, p, "false", 5, J_BOOL, 0); break;
    case 'n': p = literal(ps, p, "null", 4, J_NULL, 0); break;
    case '-': case '0': case '1': case '2': case '3': case '4': case '5':
    case '6': case '7': case '8': case '9':
        p = scan_number(ps, p);
        break;
    default: return fail(ps, p, "expected a value"), JSON_BAD;
    }
    if (p == NULL)
        return stop(ps);
after:
    if (ps->depth == 0)
        return rest(ps, p);
    p = skip_ws(p);
    if (*p == ',') {
        p = skip_ws(p + 1);
        if (ps->in_map)
            goto key;
        goto value;
    }
    if (*p != (ps->in_map ? '}' : ']'))
        return fail(ps, p, ps->in_map ? "expected ',' or '}'" : "expected ',' or ']'"),
               JSON_BAD;
close:
    if ((p = close_node(ps, p)) == NULL)
        return stop(ps);
    goto after;
key:
    if (*p != '"')
        return fail(ps, p, "expected a key (a string in double quotes)"), JSON_BAD;
    if ((p = scan_string(ps, p + 1, J_KEY)) == NULL)
        return stop(ps);
    note_key(ps);
    p = skip_ws(p);
    if (*p != ':')
        return fail(ps, p, "expected ':' after the key"), JSON_BAD;
    p = skip_ws(p + 1);
    goto value;
}

enum json_status json_parse(struct json_doc *d, const char *s, size_t n,
                            struct json_fault *fault)
{
    struct parser ps;
    enum json_status st;
    if (reserve(d, n) != 0)
        return JSON_NOMEM;
    memcpy(d->bytes, s, n);
    memset(d->bytes + n, 0, PAD);
    d->n_nodes = d->max_depth = 0;
    d->n_bytes = n + PAD;
    d->dup = JSON_NONE;
    ps.d = d;
    ps.s = d->bytes;
    ps.end = d->bytes + n;
    ps.out = d->bytes + n + PAD;
    ps.depth = 0;
    ps.in_map = ps.nomem = 0;
    ps.fault = fault;
    ps.nodes = d->nodes;
    ps.n = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        fail(&ps, ps.s, "a byte-order mark");
        return JSON_BAD;
    }
    st = run(&ps);
    d->n_nodes = ps.n;
    return st;
}
