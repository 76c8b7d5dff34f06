/*
 * reader.c - one JSON Lines record in, a struct polc_record or a
 * struct polc_line_error out (records.md, "Lines", "A record", "A bad line").
 *
 * A line is checked whole before any field is looked at: strict UTF-8 and
 * \u escapes (utf8.c), then yajl builds a compact DOM of the whole line in
 * reader memory (nodes in document order, string bytes in one buffer), then
 * depth, shape and duplicate keys, then the fields in the order of the
 * tables.  All memory belongs to the reader and is kept from line to line,
 * yajl's own included (a small cache of blocks), so a steady stream of lines
 * allocates nothing.  Nothing is recursive: nesting is only counted.
 *
 * polc_read_record returns -1 when memory runs out (polc.h documents only
 * 0 and 1): the caller should stop with its memory-failure status.  *err is
 * then filled too ("out_of_memory", no field), so that a caller that treats
 * any non-zero value as a bad line still has something to print.
 */
#include "polc.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define NONE UINT32_MAX
#define SMALL_OBJECT 8      /* keys compared pairwise up to this many */
#define CACHE_BLOCKS 16     /* yajl blocks kept between lines */
#define AMOUNT_LIMIT ((polc_dec)1000000 * POLC_DEC_SCALE)
/* The caller keeps lines to POLC_MAX_LINE; this only keeps node offsets
 * (uint32_t) safe for a caller that does not. */
#define LINE_LIMIT ((size_t)UINT32_MAX / 4)

enum { FAULT = 1, NOMEM = -1 };

enum node_type { N_NULL, N_BOOL, N_NUMBER, N_STRING, N_MAP, N_ARRAY, N_KEY };

/* Strings, numbers and keys: a = offset in bytes, b = length.  Booleans:
 * a = value.  Maps and arrays: b = index of the node after the last one
 * inside.  A map's children are key, value, key, value, ... */
struct node {
    uint32_t a, b;
    uint8_t type;
};

struct slot { uint32_t gen, key; };

/* A block handed to yajl: its capacity, then the bytes. */
union block { size_t cap; max_align_t align; };

struct polc_reader {
    const struct polc_policy *policy;
    size_t *code_len;            /* strlen of each credential code */
    uint32_t *cred_seen;         /* cred_gen when listed on this line */
    uint32_t cred_gen;
    int32_t *creds;              /* the record's credentials */

    struct node *nodes;
    size_t n_nodes, cap_nodes;
    char *bytes;
    size_t n_bytes, cap_bytes;
    size_t line_len;             /* bytes[0, line_len): the line being parsed */
    uint32_t *stack;             /* open maps and arrays */
    size_t depth, cap_stack, max_depth;
    uint32_t dup;                /* a key seen twice in its map, or NONE */
    int oom;
    int done;                    /* the top-level value is complete */

    struct slot *slots;          /* key set of one large map */
    size_t cap_slots;
    uint32_t gen, seed;

    struct polc_course *courses;
    size_t cap_courses;

    union block *cache[CACHE_BLOCKS];
    int n_cache;
    yajl_alloc_funcs alloc;
};

/* ------------------------------------------------------------------ */
/* Memory                                                              */
/* ------------------------------------------------------------------ */

/* ptr (of *cap items of `size` bytes) with room for `need` items, *cap
 * updated; NULL when memory runs out (ptr is then still valid). */
static void *grow(void *ptr, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 16;
    void *q;
    if (need <= *cap)
        return ptr;
    while (n < need)
        n *= 2;
    q = realloc(ptr, n * size);
    if (q != NULL)
        *cap = n;
    return q;
}

/* yajl's allocator: blocks freed by one handle serve the next one. */
static void *block_malloc(void *ctx, size_t sz)
{
    struct polc_reader *rd = ctx;
    union block *b;
    int i, best = -1;
    for (i = 0; i < rd->n_cache; i++)
        if (rd->cache[i]->cap >= sz &&
            (best < 0 || rd->cache[i]->cap < rd->cache[best]->cap))
            best = i;
    if (best >= 0) {
        b = rd->cache[best];
        rd->cache[best] = rd->cache[--rd->n_cache];
        return b + 1;
    }
    b = malloc(sizeof *b + sz);
    if (b == NULL)
        return NULL;
    b->cap = sz;
    return b + 1;
}

static void block_free(void *ctx, void *p)
{
    struct polc_reader *rd = ctx;
    union block *b;
    if (p == NULL)
        return;
    b = (union block *)p - 1;
    if (rd->n_cache < CACHE_BLOCKS)
        rd->cache[rd->n_cache++] = b;
    else
        free(b);
}

static void *block_realloc(void *ctx, void *p, size_t sz)
{
    union block *b, *nb;
    size_t cap;
    if (p == NULL)
        return block_malloc(ctx, sz);
    b = (union block *)p - 1;
    if (b->cap >= sz)
        return p;
    cap = sz > 2 * b->cap ? sz : 2 * b->cap;
    nb = realloc(b, sizeof *nb + cap);
    if (nb == NULL)
        return NULL;
    nb->cap = cap;
    return nb + 1;
}

struct polc_reader *polc_reader_new(const struct polc_policy *p)
{
    struct polc_reader *rd;
    size_t n = p && p->n_credentials > 0 ? (size_t)p->n_credentials : 0, i;
    if (p == NULL)
        return NULL;
    rd = calloc(1, sizeof *rd);
    if (rd == NULL)
        return NULL;
    rd->policy = p;
    rd->code_len = calloc(n + 1, sizeof *rd->code_len);
    rd->cred_seen = calloc(n + 1, sizeof *rd->cred_seen);
    rd->creds = calloc(n + 1, sizeof *rd->creds);
    if (!rd->code_len || !rd->cred_seen || !rd->creds) {
        polc_reader_free(rd);
        return NULL;
    }
    for (i = 0; i < n; i++)
        rd->code_len[i] = strlen(p->credentials[i].code);
    rd->seed = (uint32_t)((uintptr_t)rd >> 4) * 2654435761u;
    rd->alloc.malloc = block_malloc;
    rd->alloc.realloc = block_realloc;
    rd->alloc.free = block_free;
    rd->alloc.ctx = rd;
    return rd;
}

void polc_reader_free(struct polc_reader *rd)
{
    int i;
    if (rd == NULL)
        return;
    for (i = 0; i < rd->n_cache; i++)
        free(rd->cache[i]);
    free(rd->code_len);
    free(rd->cred_seen);
    free(rd->creds);
    free(rd->nodes);
    free(rd->bytes);
    free(rd->stack);
    free(rd->slots);
    free(rd->courses);
    free(rd);
}

/* ------------------------------------------------------------------ */
/* The DOM                                                             */
/* ------------------------------------------------------------------ */

static struct polc_str str_of(const struct polc_reader *rd, uint32_t i)
{
    struct polc_str s;
    s.ptr = rd->bytes + rd->nodes[i].a;
    s.len = rd->nodes[i].b;
    return s;
}

/* The node after node i and everything inside it. */
static uint32_t next_of(const struct polc_reader *rd, uint32_t i)
{
    enum node_type t = (enum node_type)rd->nodes[i].type;
    return t == N_MAP || t == N_ARRAY ? rd->nodes[i].b : i + 1;
}

/* Keys of one length mostly differ in their first or last byte ("provider",
 * "petition", "category"): those are compared before memcmp is called. */
static int same_key(const struct polc_reader *rd, uint32_t x, uint32_t y)
{
    const struct node *a = &rd->nodes[x], *b = &rd->nodes[y];
    const char *p = rd->bytes + a->a, *q = rd->bytes + b->a;
    return a->b == b->b &&
           (a->b == 0 || (p[0] == q[0] && p[a->b - 1] == q[a->b - 1] &&
                          memcmp(p, q, a->b) == 0));
}

static uint32_t hash_key(const struct polc_reader *rd, uint32_t k)
{
    const unsigned char *s = (const unsigned char *)rd->bytes + rd->nodes[k].a;
    uint32_t h = 2166136261u ^ rd->seed, i;
    for (i = 0; i < rd->nodes[k].b; i++)
        h = (h ^ s[i]) * 16777619u;
    return h ^ (h >> 15);
}

/* A fresh, empty key set of at least 2 * n slots; its mask, or 0. */
static uint32_t key_set(struct polc_reader *rd, uint32_t n)
{
    size_t size = 16;
    while (size < 2 * (size_t)n)
        size *= 2;
    if (size > rd->cap_slots) {
        free(rd->slots);
        rd->slots = calloc(size, sizeof *rd->slots);
        rd->cap_slots = rd->slots ? size : 0;
        rd->gen = 0;
        if (rd->slots == NULL)
            return 0;
    }
    if (++rd->gen == 0) {
        memset(rd->slots, 0, rd->cap_slots * sizeof *rd->slots);
        rd->gen = 1;
    }
    return (uint32_t)(size - 1);
}

static void large_keys(struct polc_reader *rd, uint32_t map)
{
    uint32_t end = rd->nodes[map].b, k, h;
    uint32_t mask = key_set(rd, (end - map) / 2); /* a pair is 2+ nodes */
    if (mask == 0) {
        rd->oom = 1;
        return;
    }
    for (k = map + 1; k < end; k = next_of(rd, k + 1)) {
        for (h = hash_key(rd, k) & mask; rd->slots[h].gen == rd->gen;
             h = (h + 1) & mask)
            if (same_key(rd, rd->slots[h].key, k)) {
                rd->dup = k;
                return;
            }
        rd->slots[h].gen = rd->gen;
        rd->slots[h].key = k;
    }
}

/* Called when map closes: are two of its keys the same?  A few keys are
 * compared pairwise, more go through the hashed key set. */
static void check_keys(struct polc_reader *rd, uint32_t map)
{
    uint32_t keys[SMALL_OBJECT], n = 0, end = rd->nodes[map].b, k, i;
    if (rd->dup != NONE)
        return;
    for (k = map + 1; k < end; k = next_of(rd, k + 1)) {
        if (n == SMALL_OBJECT) {
            large_keys(rd, map);
            return;
        }
        for (i = 0; i < n; i++)
            if (same_key(rd, keys[i], k)) {
                rd->dup = k;
                return;
            }
        keys[n++] = k;
    }
}

/* Callbacks return 0 to stop yajl: when memory runs out, and as soon as
 * the top-level value is complete (see parse). */
static int go_on(const struct polc_reader *rd)
{
    return !rd->oom && !rd->done;
}

static int add_node(struct polc_reader *rd, enum node_type t, uint32_t a,
                    uint32_t b)
{
    struct node *n;
    if (rd->n_nodes == rd->cap_nodes) {
        n = grow(rd->nodes, &rd->cap_nodes, rd->n_nodes + 1, sizeof *n);
        if (n == NULL) {
            rd->oom = 1;
            return 0;
        }
        rd->nodes = n;
    }
    n = &rd->nodes[rd->n_nodes++];
    n->type = (uint8_t)t;
    n->a = a;
    n->b = b;
    if (rd->depth == 0 && t != N_MAP && t != N_ARRAY)
        rd->done = 1;
    return go_on(rd);
}

/* yajl is handed the reader's own copy of the line (bytes[0, line_len)),
 * and passes strings, keys and numbers without escapes as pointers into it:
 * those are kept where they are.  Unescaped text comes from yajl's own
 * buffers, which change under us: it is copied after the line.  parse()
 * made room for the line twice over, and no text yajl hands over is longer
 * than its JSON source, so the copies of one line always fit. */
static int add_text(struct polc_reader *rd, enum node_type t, const void *s,
                    size_t len)
{
    uintptr_t off = (uintptr_t)s - (uintptr_t)rd->bytes; /* huge when before */
    if (len <= rd->line_len && off <= rd->line_len - len)
        return add_node(rd, t, (uint32_t)off, (uint32_t)len);
    size_t at = rd->n_bytes;
    if (len > rd->cap_bytes - at) {
        rd->oom = 1; /* cannot happen; never write past the buffer */
        return 0;
    }
    memcpy(rd->bytes + at, s, len);
    rd->n_bytes += len;
    return add_node(rd, t, (uint32_t)at, (uint32_t)len);
}

static int open_node(struct polc_reader *rd, enum node_type t)
{
    uint32_t i = (uint32_t)rd->n_nodes, *st;
    if (!add_node(rd, t, 0, 0))
        return 0;
    st = grow(rd->stack, &rd->cap_stack, rd->depth + 1, sizeof *st);
    if (st == NULL) {
        rd->oom = 1;
        return 0;
    }
    rd->stack = st;
    rd->stack[rd->depth++] = i;
    if (rd->depth > rd->max_depth)
        rd->max_depth = rd->depth;
    return 1;
}

static uint32_t close_node(struct polc_reader *rd)
{
    uint32_t i = rd->stack[--rd->depth];
    rd->nodes[i].b = (uint32_t)rd->n_nodes;
    if (rd->depth == 0)
        rd->done = 1;
    return i;
}

static int on_null(void *ctx)
{
    return add_node(ctx, N_NULL, 0, 0);
}

static int on_bool(void *ctx, int v)
{
    return add_node(ctx, N_BOOL, (uint32_t)(v != 0), 0);
}

static int on_number(void *ctx, const char *s, size_t len)
{
    return add_text(ctx, N_NUMBER, s, len);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    return add_text(ctx, N_STRING, s, len);
}

static int on_key(void *ctx, const unsigned char *s, size_t len)
{
    return add_text(ctx, N_KEY, s, len);
}

static int on_start_map(void *ctx)
{
    return open_node(ctx, N_MAP);
}

static int on_end_map(void *ctx)
{
    struct polc_reader *rd = ctx;
    check_keys(rd, close_node(rd));
    return go_on(rd);
}

static int on_start_array(void *ctx)
{
    return open_node(ctx, N_ARRAY);
}

static int on_end_array(void *ctx)
{
    close_node(ctx);
    return go_on(ctx);
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, NULL, NULL, on_number, on_string,
    on_start_map, on_key, on_end_map, on_start_array, on_end_array
};

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* The reading position: values of the record itself (list NULL), of the
 * object `list` (index -1), or of list[index] (a NULL name: that element). */
struct check {
    struct polc_reader *rd;
    struct polc_line_error *err;
    int has_as_of;
    const char *list;
    long index;
};

static void put_path(char *out, size_t size, const struct check *c,
                     const char *name)
{
    if (c->list == NULL)
        snprintf(out, size, "%s", name);
    else if (c->index < 0)
        snprintf(out, size, "%s.%s", c->list, name);
    else if (name == NULL)
        snprintf(out, size, "%s[%ld]", c->list, c->index);
    else
        snprintf(out, size, "%s[%ld].%s", c->list, c->index, name);
}

static void move_to(struct check *c, const char *list, long index)
{
    c->list = list;
    c->index = index;
}

static int line_fault(struct check *c, const char *code, const char *message)
{
    c->err->code = code;
    c->err->field[0] = '\0';
    snprintf(c->err->message, sizeof c->err->message, "%s", message);
    return FAULT;
}

static int fault(struct check *c, const char *code, const char *name,
                 const char *what)
{
    c->err->code = code;
    put_path(c->err->field, sizeof c->err->field, c, name);
    snprintf(c->err->message, sizeof c->err->message, "%.128s: %.120s",
             c->err->field, what);
    return FAULT;
}

/* A message may name the offending text when it is short, plain ASCII:
 * is s such a text? */
static int is_plain(struct polc_str s)
{
    size_t i;
    if (s.len > 40)
        return 0;
    for (i = 0; i < s.len; i++)
        if (s.ptr[i] < 0x20 || s.ptr[i] > 0x7E || s.ptr[i] == '"' || s.ptr[i] == '\\')
            return 0;
    return 1;
}

/* ------------------------------------------------------------------ */
/* The line                                                            */
/* ------------------------------------------------------------------ */

static int text_fault(struct check *c, const char *what, size_t at)
{
    char msg[160];
    snprintf(msg, sizeof msg, "not valid JSON: %s near byte %zu", what, at + 1);
    return line_fault(c, "bad_json", msg);
}

/* Bytes yajl would take that RFC 8259 does not: vertical tab and form
 * feed as white space (raw in a string, yajl rejects them itself). */
static size_t odd_space(const char *s, size_t n)
{
    const char *v = memchr(s, '\v', n), *f = memchr(s, '\f', n);
    if (v == NULL || (f != NULL && f < v))
        v = f;
    return v ? (size_t)(v - s) : n;
}

static int check_text(struct check *c, const char *s, size_t n)
{
    size_t at;
    if (n > LINE_LIMIT)
        return line_fault(c, "line_too_long", "the line is too long to read");
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return line_fault(c, "bad_json", "not valid JSON: a byte-order mark");
    if ((at = utf8_check(s, n)) < n)
        return text_fault(c, "invalid UTF-8", at);
    if ((at = utf8_check_escapes(s, n)) < n)
        return text_fault(c, "an escaped lone surrogate", at);
    if ((at = odd_space(s, n)) < n)
        return text_fault(c, "a control character", at);
    return 0;
}

static void reset_dom(struct polc_reader *rd)
{
    rd->n_nodes = rd->n_bytes = rd->depth = rd->max_depth = 0;
    rd->dup = NONE;
    rd->oom = rd->done = 0;
}

static int yajl_fault(struct check *c, yajl_handle h, const char *s, size_t n,
                      size_t at)
{
    unsigned char *text = yajl_get_error(h, 0, (const unsigned char *)s, n);
    char what[96];
    size_t len;
    snprintf(what, sizeof what, "%s", text ? (const char *)text : "error");
    len = strlen(what);
    while (len > 0 && (what[len - 1] == '\n' || what[len - 1] == '.'))
        what[--len] = '\0';
    if (text)
        yajl_free_error(h, text);
    return text_fault(c, what, at);
}

static int is_blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* The whole line into the DOM; 0, FAULT (bad_json) or NOMEM.  yajl is
 * stopped once the top-level value is complete and the rest is checked
 * here: yajl 2.1 accepts a string left open after the value ({}"). */
static int parse(struct check *c, const char *s, size_t n)
{
    struct polc_reader *rd = c->rd;
    yajl_handle h;
    yajl_status st;
    size_t end;
    int r = 0;
    char *b = grow(rd->bytes, &rd->cap_bytes, 2 * n + 1, 1);
    if (b == NULL)
        return NOMEM;
    rd->bytes = b;
    reset_dom(rd);
    memcpy(rd->bytes, s, n); /* yajl reads this copy; see add_text */
    rd->line_len = rd->n_bytes = n;
    h = yajl_alloc(&callbacks, &rd->alloc, rd);
    if (h == NULL)
        return NOMEM;
    yajl_config(h, yajl_dont_validate_strings, 1); /* utf8_check did it */
    st = yajl_parse(h, (const unsigned char *)rd->bytes, n);
    end = yajl_get_bytes_consumed(h);
    if (st == yajl_status_ok) { /* a number at the very end, or EOF early */
        st = yajl_complete_parse(h);
        end = n;
    }
    if (rd->oom)
        r = NOMEM;
    else if (st == yajl_status_client_canceled && rd->done) {
        if (!is_blank(s + end, n - end))
            r = text_fault(c, "trailing garbage", end);
    } else if (st != yajl_status_ok) {
        r = yajl_fault(c, h, s, n, end);
    }
    yajl_free(h);
    return r;
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

struct name { const char *s; size_t len; };

enum { F_ID, F_CREDENTIALS, F_CYCLE_START, F_APPLIED_ON, F_CPR_AED,
       F_COURSES, F_EXAM, F_COUNT };
static const struct name record_names[F_COUNT] = {
    {"id", 2}, {"credentials", 11}, {"cycle_start", 11}, {"applied_on", 10},
    {"cpr_aed", 7}, {"courses", 7}, {"exam_passed_on", 14}
};

enum { C_ID, C_COMPLETED_ON, C_AMOUNT, C_UNIT, C_PROVIDER, C_PETITION,
       C_CATEGORY, C_COUNT };
static const struct name course_names[C_COUNT] = {
    {"id", 2}, {"completed_on", 12}, {"amount", 6}, {"unit", 4},
    {"provider", 8}, {"petition", 8}, {"category", 8}
};

enum { K_VALID_UNTIL, K_COMPLETED_ON, K_COUNT };
static const struct name card_names[K_COUNT] = {
    {"valid_until", 11}, {"completed_on", 12}
};

static int is_text(struct polc_str s, const char *t, size_t len)
{
    return s.len == len && memcmp(s.ptr, t, len) == 0;
}

static int is_name(const struct polc_reader *rd, uint32_t k,
                   const struct name *name)
{
    const char *s = rd->bytes + rd->nodes[k].a;
    return rd->nodes[k].b == name->len && s[0] == name->s[0] &&
           memcmp(s, name->s, name->len) == 0;
}

/* The value of each name in map (the first, if repeated), or NONE.  Keys
 * mostly come in table order, so the search starts after the last match. */
static void collect(const struct polc_reader *rd, uint32_t map,
                    const struct name *names, int n, uint32_t *out)
{
    uint32_t k, end = rd->nodes[map].b;
    int f, i, last = n - 1;
    for (f = 0; f < n; f++)
        out[f] = NONE;
    for (k = map + 1; k < end; k = next_of(rd, k + 1))
        for (i = 1; i <= n; i++) {
            f = last + i < n ? last + i : last + i - n;
            if (out[f] == NONE && is_name(rd, k, &names[f])) {
                out[f] = k + 1;
                last = f;
                break;
            }
        }
}

enum got { GOT, ABSENT, BAD };
enum { REQUIRED = 1, NULL_OK = 2 };

static const char *type_name(enum node_type t)
{
    switch (t) {
    case N_MAP: return "must be an object";
    case N_ARRAY: return "must be an array";
    case N_STRING: return "must be a string";
    case N_NULL: case N_BOOL: case N_NUMBER: case N_KEY: break;
    }
    return "has the wrong type";
}

/* Value v (NONE when absent): there, absent (or an allowed null), or a
 * fault already written. */
static enum got want(struct check *c, uint32_t v, enum node_type t, int flags,
                     const char *at)
{
    enum node_type vt;
    if (v == NONE) {
        if (!(flags & REQUIRED))
            return ABSENT;
        fault(c, "missing_field", at, "required field is missing");
        return BAD;
    }
    vt = (enum node_type)c->rd->nodes[v].type;
    if (vt == N_NULL) {
        if (flags & NULL_OK)
            return ABSENT;
        fault(c, "missing_field", at, "must not be null");
        return BAD;
    }
    if (vt != t) {
        fault(c, "wrong_type", at, type_name(t));
        return BAD;
    }
    return GOT;
}

static enum got want_date(struct check *c, uint32_t v, int flags,
                          const char *at, polc_date *out)
{
    struct polc_str s;
    enum got g = want(c, v, N_STRING, flags, at);
    if (g != GOT)
        return g;
    s = str_of(c->rd, v);
    if (polc_date_parse(s.ptr, s.len, out) != 0) {
        fault(c, "bad_date", at, "not a real YYYY-MM-DD date");
        return BAD;
    }
    return GOT;
}

/* A string field: ptr NULL when absent. */
static enum got want_string(struct check *c, uint32_t v, int flags,
                            const char *at, struct polc_str *out)
{
    enum got g = want(c, v, N_STRING, flags, at);
    out->ptr = NULL;
    out->len = 0;
    if (g == GOT)
        *out = str_of(c->rd, v);
    return g;
}

/* The cycle rule: the day before the anniversary, then the anchor. */
static polc_date cycle_expiry(const struct polc_cycle *cy, polc_date start)
{
    polc_date e = start;
    switch (cy->step) {
    case POLC_YEARS: e = polc_add_years(start, cy->length, cy->leap); break;
    case POLC_MONTHS: e = polc_add_months(start, cy->length, cy->leap); break;
    case POLC_DAYS: e = start + cy->length; break;
    }
    e -= 1;
    switch (cy->anchor) {
    case POLC_ANCHOR_ANNIVERSARY: break;
    case POLC_ANCHOR_END_OF_MONTH: e = polc_end_of_month(e); break;
    case POLC_ANCHOR_DEC31: e = polc_end_of_year(e); break;
    }
    return e;
}

/* Would the cycle from start, or the one after it, end after 9999-12-31? */
static int cycle_too_late(const struct polc_cycle *cy, polc_date start)
{
    polc_date e = cycle_expiry(cy, start);
    return e > POLC_DATE_MAX || cycle_expiry(cy, e + 1) > POLC_DATE_MAX;
}

static int read_id(struct check *c, uint32_t v, struct polc_record *rec)
{
    return want_string(c, v, REQUIRED, "id", &rec->id) == BAD;
}

/* Index of the credential with code s, or -1. */
static int32_t find_credential(const struct polc_reader *rd, struct polc_str s)
{
    int32_t i;
    for (i = 0; i < rd->policy->n_credentials; i++)
        if (is_text(s, rd->policy->credentials[i].code, rd->code_len[i]))
            return i;
    return -1;
}

static void next_cred_gen(struct polc_reader *rd)
{
    if (++rd->cred_gen == 0) {
        memset(rd->cred_seen, 0,
               (size_t)rd->policy->n_credentials * sizeof *rd->cred_seen);
        rd->cred_gen = 1;
    }
}

/* Element e of credentials, checked whole; its index is added once. */
static int read_credential(struct check *c, uint32_t e, struct polc_record *rec)
{
    struct polc_reader *rd = c->rd;
    int32_t j;
    if (want(c, e, N_STRING, REQUIRED, NULL) != GOT)
        return FAULT;
    j = find_credential(rd, str_of(rd, e));
    if (j < 0) {
        struct polc_str s = str_of(rd, e);
        char what[96] = "not a credential the policy declares";
        if (is_plain(s))
            snprintf(what, sizeof what, "\"%.*s\" is %s", (int)s.len, s.ptr,
                     "not a credential the policy declares");
        return fault(c, "unknown_credential", NULL, what);
    }
    if (rd->cred_seen[j] != rd->cred_gen) {
        rd->cred_seen[j] = rd->cred_gen;
        rd->creds[rec->n_credentials++] = j;
    }
    return 0;
}

static int read_credentials(struct check *c, uint32_t v, struct polc_record *rec)
{
    struct polc_reader *rd = c->rd;
    uint32_t e;
    long i = 0;
    if (want(c, v, N_ARRAY, REQUIRED, "credentials") != GOT)
        return FAULT;
    if (rd->nodes[v].b == v + 1)
        return fault(c, "bad_value", "credentials",
                     "must list at least one credential");
    next_cred_gen(rd);
    rec->credentials = rd->creds;
    for (e = v + 1; e < rd->nodes[v].b; e = next_of(rd, e), i++) {
        move_to(c, "credentials", i);
        if (read_credential(c, e, rec))
            return FAULT;
    }
    move_to(c, NULL, -1);
    return 0;
}

static int read_cycle_start(struct check *c, uint32_t v, struct polc_record *rec)
{
    if (want_date(c, v, REQUIRED, "cycle_start", &rec->cycle_start) != GOT)
        return FAULT;
    if (cycle_too_late(&c->rd->policy->cycle, rec->cycle_start))
        return fault(c, "bad_date", "cycle_start",
                     "this cycle or the next would end after 9999-12-31");
    return 0;
}

static int read_applied_on(struct check *c, uint32_t v, struct polc_record *rec)
{
    switch (want_date(c, v, 0, "applied_on", &rec->applied_on)) {
    case BAD:
        return FAULT;
    case ABSENT:
        if (!c->has_as_of)
            return fault(c, "no_application_date", "applied_on",
                         "no application date and no --as-of");
        return 0;
    case GOT:
        rec->has_applied_on = 1;
        return 0;
    }
    return 0;
}

static int read_card(struct check *c, uint32_t v, struct polc_record *rec)
{
    uint32_t f[K_COUNT];
    enum got g = want(c, v, N_MAP, NULL_OK, "cpr_aed");
    if (g != GOT)
        return g == BAD;
    collect(c->rd, v, card_names, K_COUNT, f);
    move_to(c, "cpr_aed", -1);
    if (want_date(c, f[K_VALID_UNTIL], REQUIRED, "valid_until",
                  &rec->card_valid_until) != GOT)
        return FAULT;
    g = want_date(c, f[K_COMPLETED_ON], 0, "completed_on", &rec->card_completed_on);
    if (g == BAD)
        return FAULT;
    move_to(c, NULL, -1);
    rec->has_card = 1;
    rec->has_card_completed = g == GOT;
    return 0;
}

static int read_amount(struct check *c, uint32_t v, const char *at, polc_dec *out)
{
    struct polc_str s;
    enum polc_dec_status st;
    enum node_type t = v == NONE ? N_NULL : (enum node_type)c->rd->nodes[v].type;
    if (t == N_NULL)
        return want(c, v, N_NUMBER, REQUIRED, at) == BAD; /* missing_field */
    if (t != N_NUMBER && t != N_STRING)
        return fault(c, "wrong_type", at, "must be a number or a string");
    s = str_of(c->rd, v);
    if (t == N_NUMBER)
        st = polc_dec_parse_number(s.ptr, s.len, out);
    else
        st = polc_dec_parse_plain(s.ptr, s.len, out);
    if (st == POLC_DEC_BAD)
        return fault(c, "bad_amount", at, "not a non-negative decimal");
    if (st == POLC_DEC_RANGE || *out >= AMOUNT_LIMIT)
        return fault(c, "amount_out_of_range", at,
                     "must be below 1000000 with at most 6 decimal places");
    return 0;
}

/* Required for a petitioned course; checked wherever it is given. */
static int read_petition(struct check *c, uint32_t v, int petitioned,
                         enum polc_petition *out)
{
    struct polc_str s;
    *out = POLC_PETITION_NONE;
    switch (want(c, v, N_STRING, petitioned ? REQUIRED : 0, "petition")) {
    case BAD: return FAULT;
    case ABSENT: return 0;
    case GOT: break;
    }
    s = str_of(c->rd, v);
    if (is_text(s, "pending", 7))
        *out = POLC_PETITION_PENDING;
    else if (is_text(s, "approved", 8))
        *out = POLC_PETITION_APPROVED;
    else if (is_text(s, "denied", 6))
        *out = POLC_PETITION_DENIED;
    else
        return fault(c, "bad_value", "petition",
                     "must be \"pending\", \"approved\" or \"denied\"");
    return 0;
}

/* A course's fields in the order of the table. */
static int read_course(struct check *c, uint32_t map, struct polc_course *out)
{
    uint32_t f[C_COUNT];
    collect(c->rd, map, course_names, C_COUNT, f);
    if (want_string(c, f[C_ID], 0, "id", &out->id) == BAD ||
        want_date(c, f[C_COMPLETED_ON], REQUIRED, "completed_on",
                  &out->completed_on) != GOT ||
        read_amount(c, f[C_AMOUNT], "amount", &out->amount) ||
        want_string(c, f[C_UNIT], REQUIRED, "unit", &out->unit) != GOT ||
        want_string(c, f[C_PROVIDER], REQUIRED, "provider", &out->provider) != GOT)
        return FAULT;
    if (out->provider.len == 0)
        return fault(c, "bad_value", "provider", "must not be empty");
    if (read_petition(c, f[C_PETITION], is_text(out->provider, "petition", 8),
                      &out->petition) ||
        want_string(c, f[C_CATEGORY], 0, "category", &out->category) == BAD)
        return FAULT;
    return 0;
}

static int read_courses(struct check *c, uint32_t v, struct polc_record *rec)
{
    struct polc_reader *rd = c->rd;
    struct polc_course *co;
    uint32_t e;
    long i = 0;
    enum got g = want(c, v, N_ARRAY, 0, "courses");
    if (g != GOT)
        return g == BAD;
    for (e = v + 1; e < rd->nodes[v].b; e = next_of(rd, e), i++) {
        move_to(c, "courses", i);
        if (want(c, e, N_MAP, REQUIRED, NULL) != GOT)
            return FAULT;
        co = grow(rd->courses, &rd->cap_courses, (size_t)i + 1, sizeof *co);
        if (co == NULL)
            return NOMEM;
        rd->courses = co;
        if (read_course(c, e, &co[i]))
            return FAULT;
    }
    move_to(c, NULL, -1);
    rec->courses = rd->courses;
    rec->n_courses = (int32_t)i;
    return 0;
}

static int read_exam(struct check *c, uint32_t v, struct polc_record *rec)
{
    enum got g = want_date(c, v, NULL_OK, "exam_passed_on", &rec->exam_passed_on);
    rec->has_exam = g == GOT;
    return g == BAD;
}

static int read_fields(struct check *c, const uint32_t *f, struct polc_record *rec)
{
    int r;
    memset(rec, 0, sizeof *rec);
    if ((r = read_id(c, f[F_ID], rec)) != 0 ||
        (r = read_credentials(c, f[F_CREDENTIALS], rec)) != 0 ||
        (r = read_cycle_start(c, f[F_CYCLE_START], rec)) != 0 ||
        (r = read_applied_on(c, f[F_APPLIED_ON], rec)) != 0 ||
        (r = read_card(c, f[F_CPR_AED], rec)) != 0 ||
        (r = read_courses(c, f[F_COURSES], rec)) != 0 ||
        (r = read_exam(c, f[F_EXAM], rec)) != 0)
        return r;
    return 0;
}

static int duplicate(struct check *c)
{
    struct polc_str s = str_of(c->rd, c->rd->dup);
    char what[96] = "a key appears twice in one object";
    if (is_plain(s))
        snprintf(what, sizeof what, "the key \"%.*s\" appears twice in one object",
                 (int)s.len, s.ptr);
    return line_fault(c, "duplicate_key", what);
}

/* too_deep, not_an_object, duplicate_key; the error's id is set first. */
static int check_shape(struct check *c, uint32_t *f)
{
    struct polc_reader *rd = c->rd;
    int object = rd->nodes[0].type == N_MAP;
    if (object) {
        collect(rd, 0, record_names, F_COUNT, f);
        if (f[F_ID] != NONE && rd->nodes[f[F_ID]].type == N_STRING)
            c->err->id = str_of(rd, f[F_ID]);
    }
    if (rd->max_depth > POLC_MAX_DEPTH)
        return line_fault(c, "too_deep", "nesting is deeper than 64 levels");
    if (!object)
        return line_fault(c, "not_an_object", "the line is not a JSON object");
    if (rd->dup != NONE)
        return duplicate(c);
    return 0;
}

int polc_read_record(struct polc_reader *rd, const char *line, size_t len,
                     int has_as_of, polc_date as_of, struct polc_record *rec,
                     polc_date *applied, struct polc_line_error *err)
{
    struct check c;
    uint32_t f[F_COUNT];
    int r;
    c.rd = rd;
    c.err = err;
    c.has_as_of = has_as_of;
    move_to(&c, NULL, -1);
    err->code = NULL;
    err->field[0] = err->message[0] = '\0';
    err->id.ptr = NULL;
    err->id.len = 0;
    if ((r = check_text(&c, line, len)) != 0 || (r = parse(&c, line, len)) != 0 ||
        (r = check_shape(&c, f)) != 0 || (r = read_fields(&c, f, rec)) != 0) {
        if (r == NOMEM)
            line_fault(&c, "out_of_memory", "out of memory");
        return r;
    }
    *applied = rec->has_applied_on ? rec->applied_on : as_of;
    return 0;
}
