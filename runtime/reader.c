/*
 * reader.c - one JSON Lines record in, a struct polc_record or a
 * struct polc_line_error out (records.md, "Lines", "A record", "A bad line").
 *
 * A line is parsed whole before any field is looked at: json.c checks its
 * grammar, UTF-8 and escapes and builds a compact DOM of it in reader
 * memory, measuring its depth and finding duplicate keys on the way; then
 * depth, shape and duplicate keys are decided in the order records.md
 * gives, then the fields in the order of the tables.  All memory belongs to
 * the reader and is kept from line to line, so a steady stream of lines
 * allocates nothing.  Nothing is recursive.
 *
 * polc_read_record returns -1 when memory runs out (polc.h documents only
 * 0 and 1): the caller should stop with its memory-failure status.  *err is
 * then filled too ("out_of_memory", no field), so that a caller that treats
 * any non-zero value as a bad line still has something to print.
 */
#include "polc.h"
#include "json.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE JSON_NONE
#define AMOUNT_LIMIT ((polc_dec)1000000 * POLC_DEC_SCALE)
/* The caller keeps lines to POLC_MAX_LINE; this only keeps node offsets
 * (uint32_t) safe for a caller that does not. */
#define LINE_LIMIT ((size_t)UINT32_MAX / 4)

enum { FAULT = 1, NOMEM = -1 };

struct polc_reader {
    const struct polc_policy *policy;
    size_t *code_len;            /* strlen of each credential code */
    uint32_t *cred_seen;         /* cred_gen when listed on this line */
    uint32_t cred_gen;
    int32_t *creds;              /* the record's credentials */
    struct json_doc doc;         /* the line being read */
    struct polc_course *courses;
    size_t cap_courses;
};

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
    return rd;
}

void polc_reader_free(struct polc_reader *rd)
{
    if (rd == NULL)
        return;
    free(rd->code_len);
    free(rd->cred_seen);
    free(rd->creds);
    json_doc_free(&rd->doc);
    free(rd->courses);
    free(rd);
}

static struct polc_str str_of(const struct polc_reader *rd, uint32_t i)
{
    struct polc_str s;
    s.ptr = rd->doc.bytes + rd->doc.nodes[i].a;
    s.len = rd->doc.nodes[i].b;
    return s;
}

static enum json_type type_of(const struct polc_reader *rd, uint32_t i)
{
    return (enum json_type)rd->doc.nodes[i].type;
}

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

/* The whole line into the DOM: 0, FAULT (bad_json) or NOMEM. */
static int parse(struct check *c, const char *s, size_t n)
{
    struct json_fault f;
    char msg[160];
    if (n > LINE_LIMIT)
        return line_fault(c, "line_too_long", "the line is too long to read");
    switch (json_parse(&c->rd->doc, s, n, &f)) {
    case JSON_OK: return 0;
    case JSON_NOMEM: return NOMEM;
    case JSON_BAD: break;
    }
    snprintf(msg, sizeof msg, "not valid JSON: %s near byte %zu", f.what, f.at + 1);
    return line_fault(c, "bad_json", msg);
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

enum { F_ID, F_CREDENTIALS, F_CYCLE_START, F_APPLIED_ON, F_CPR_AED,
       F_COURSES, F_EXAM, F_COUNT };
enum { C_ID, C_COMPLETED_ON, C_AMOUNT, C_UNIT, C_PROVIDER, C_PETITION,
       C_CATEGORY, C_COUNT };
enum { K_VALID_UNTIL, K_COMPLETED_ON, K_COUNT };

/* a[0, n) == b[0, n), for the short texts of records (names, states,
 * codes) without a call: two overlapping loads from each side. */
static inline int same_text(const char *a, const char *b, size_t n)
{
    uint64_t w, x, y, z;
    uint32_t p, q, r, t;
    if (n > 16)
        return memcmp(a, b, n) == 0;
    if (n >= 8) {
        memcpy(&w, a, 8);
        memcpy(&x, b, 8);
        memcpy(&y, a + n - 8, 8);
        memcpy(&z, b + n - 8, 8);
        return w == x && y == z;
    }
    if (n >= 4) {
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + n - 4, 4);
        memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    while (n > 0 && *a == *b)
        a++, b++, n--;
    return n == 0;
}

static int is_text(struct polc_str s, const char *t, size_t len)
{
    return s.len == len && same_text(s.ptr, t, len);
}

/* The field a key names, or -1: by its length first, so that a key is
 * compared with one name at most. */
static int record_field(struct polc_str k)
{
    switch (k.len) {
    case 2: return is_text(k, "id", 2) ? F_ID : -1;
    case 7:
        return is_text(k, "cpr_aed", 7) ? F_CPR_AED
               : is_text(k, "courses", 7) ? F_COURSES : -1;
    case 10: return is_text(k, "applied_on", 10) ? F_APPLIED_ON : -1;
    case 11:
        return is_text(k, "credentials", 11) ? F_CREDENTIALS
               : is_text(k, "cycle_start", 11) ? F_CYCLE_START : -1;
    case 14: return is_text(k, "exam_passed_on", 14) ? F_EXAM : -1;
    default: return -1;
    }
}

static int course_field(struct polc_str k)
{
    switch (k.len) {
    case 2: return is_text(k, "id", 2) ? C_ID : -1;
    case 4: return is_text(k, "unit", 4) ? C_UNIT : -1;
    case 6: return is_text(k, "amount", 6) ? C_AMOUNT : -1;
    case 8:
        return is_text(k, "provider", 8) ? C_PROVIDER
               : is_text(k, "petition", 8) ? C_PETITION
               : is_text(k, "category", 8) ? C_CATEGORY : -1;
    case 12: return is_text(k, "completed_on", 12) ? C_COMPLETED_ON : -1;
    default: return -1;
    }
}

static int card_field(struct polc_str k)
{
    if (is_text(k, "valid_until", 11))
        return K_VALID_UNTIL;
    return is_text(k, "completed_on", 12) ? K_COMPLETED_ON : -1;
}

/* The value of each field of map (the first, if repeated), or NONE. */
static inline void collect(const struct polc_reader *rd, uint32_t map,
                           int (*field)(struct polc_str), int n, uint32_t *out)
{
    uint32_t k, end = rd->doc.nodes[map].b;
    int f;
    for (f = 0; f < n; f++)
        out[f] = NONE;
    for (k = map + 1; k < end; k = json_next(&rd->doc, k + 1))
        if ((f = field(str_of(rd, k))) >= 0 && out[f] == NONE)
            out[f] = k + 1;
}

enum got { GOT, ABSENT, BAD };
enum { REQUIRED = 1, NULL_OK = 2 };

static const char *type_name(enum json_type t)
{
    switch (t) {
    case J_MAP: return "must be an object";
    case J_ARRAY: return "must be an array";
    case J_STRING: return "must be a string";
    case J_NULL: case J_BOOL: case J_NUMBER: case J_KEY: break;
    }
    return "has the wrong type";
}

/* Value v (NONE when absent): there, absent (or an allowed null), or a
 * fault already written. */
static enum got want(struct check *c, uint32_t v, enum json_type t, int flags,
                     const char *at)
{
    enum json_type vt;
    if (v == NONE) {
        if (!(flags & REQUIRED))
            return ABSENT;
        fault(c, "missing_field", at, "required field is missing");
        return BAD;
    }
    vt = type_of(c->rd, v);
    if (vt == J_NULL) {
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
    enum got g = want(c, v, J_STRING, flags, at);
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
    enum got g = want(c, v, J_STRING, flags, at);
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

/* Days a cycle can span at most, its anchor included: a bound, so that
 * the exact test below is needed only near 9999-12-31. */
static int64_t cycle_span_bound(const struct polc_cycle *cy)
{
    int64_t n = cy->length < 0 ? 0 : cy->length;
    switch (cy->step) {
    case POLC_YEARS: n *= 366; break;
    case POLC_MONTHS: n *= 31; break;
    case POLC_DAYS: break;
    }
    return n + 366 + 31;
}

/* Would the cycle from start, or the one after it, end after 9999-12-31? */
static int cycle_too_late(const struct polc_cycle *cy, polc_date start)
{
    polc_date e;
    if ((int64_t)start + 2 * cycle_span_bound(cy) < (int64_t)POLC_DATE_MAX)
        return 0;
    e = cycle_expiry(cy, start);
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
    if (want(c, e, J_STRING, REQUIRED, NULL) != GOT)
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
    if (want(c, v, J_ARRAY, REQUIRED, "credentials") != GOT)
        return FAULT;
    if (rd->doc.nodes[v].b == v + 1)
        return fault(c, "bad_value", "credentials",
                     "must list at least one credential");
    next_cred_gen(rd);
    rec->credentials = rd->creds;
    for (e = v + 1; e < rd->doc.nodes[v].b; e = json_next(&rd->doc, e), i++) {
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
    enum got g = want(c, v, J_MAP, NULL_OK, "cpr_aed");
    if (g != GOT)
        return g == BAD;
    collect(c->rd, v, card_field, K_COUNT, f);
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
    enum json_type t = v == NONE ? J_NULL : type_of(c->rd, v);
    if (t == J_NULL)
        return want(c, v, J_NUMBER, REQUIRED, at) == BAD; /* missing_field */
    if (t != J_NUMBER && t != J_STRING)
        return fault(c, "wrong_type", at, "must be a number or a string");
    s = str_of(c->rd, v);
    if (t == J_NUMBER)
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
    switch (want(c, v, J_STRING, petitioned ? REQUIRED : 0, "petition")) {
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
    collect(c->rd, map, course_field, C_COUNT, f);
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
    enum got g = want(c, v, J_ARRAY, 0, "courses");
    if (g != GOT)
        return g == BAD;
    for (e = v + 1; e < rd->doc.nodes[v].b; e = json_next(&rd->doc, e), i++) {
        move_to(c, "courses", i);
        if (want(c, e, J_MAP, REQUIRED, NULL) != GOT)
            return FAULT;
        co = polc_grow(rd->courses, &rd->cap_courses, (size_t)i + 1, sizeof *co);
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
    struct polc_str s = str_of(c->rd, c->rd->doc.dup);
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
    int object = type_of(rd, 0) == J_MAP;
    if (object) {
        collect(rd, 0, record_field, F_COUNT, f);
        if (f[F_ID] != NONE && type_of(rd, f[F_ID]) == J_STRING)
            c->err->id = str_of(rd, f[F_ID]);
    }
    if (rd->doc.max_depth > POLC_MAX_DEPTH)
        return line_fault(c, "too_deep", "nesting is deeper than 64 levels");
    if (!object)
        return line_fault(c, "not_an_object", "the line is not a JSON object");
    if (rd->doc.dup != NONE)
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
    if ((r = parse(&c, line, len)) != 0 ||
        (r = check_shape(&c, f)) != 0 || (r = read_fields(&c, f, rec)) != 0) {
        if (r == NOMEM)
            line_fault(&c, "out_of_memory", "out of memory");
        return r;
    }
    *applied = rec->has_applied_on ? rec->applied_on : as_of;
    return 0;
}
