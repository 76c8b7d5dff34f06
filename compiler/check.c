/* check.c - from the AST to the checked model.  One function per check;
 * every check keeps going, so one run reports every error it can. */
#include "model.h"

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "internal.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum {
    MAX_UNITS = 64, MAX_CREDENTIALS = 10000, MAX_PATHS = 32,
    MAX_WINDOWS = 64, MAX_PARAMS = 1024
};

/* Money is below 1,000,000.00: then no record can make a fee total
 * overflow (64 fees, each at most x the petitions or the credentials of a
 * 1 MiB line, stay far below INT64_MAX millionths). */
#define MONEY_LIMIT ((polc_dec)1000000 * POLC_DEC_SCALE)

/* Declarations of one kind, in the order written, with a hash index of
 * their names (slot: index + 1, 0 empty) so that looking a name up does not
 * grow with the number of declarations. */
struct group {
    const struct decl **v;
    int n;
    uint8_t *used;
    uint32_t *slot;
    size_t mask;
};

struct checker {
    struct diags *d;
    struct arena *a;
    const struct source *src;
    struct model *m;
    struct polc_policy *p;
    struct override *ov;
    int n_ov;
    const struct decl *single[D_AFTER_LAST + 1];
    struct group g[D_AFTER_LAST + 1];
    struct polc_cite *cites;
    int n_cites, cap_cites;
    int *param_unit;          /* the unit of a units parameter, or -1 */
    uint8_t *cred_ok;         /* the credential's requirement was read */
    const struct decl *first; /* the file's first declaration */
    uint64_t fee_charged;     /* fees some path or window charges */
};

/* ---- small helpers ------------------------------------------------ */

static int name_is(const struct name *n, const char *s)
{
    return n->n == strlen(s) && memcmp(n->s, s, n->n) == 0;
}

static int names_equal(const struct name *a, const struct name *b)
{
    return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

static const char *cstr(struct checker *ck, const char *s, size_t n)
{
    return arena_strndup(ck->a, s, n);
}

static uint32_t line_of(struct checker *ck, struct span sp)
{
    uint32_t line, col;
    source_locate(ck->src, sp.lo, &line, &col);
    return line;
}

int edit_distance(const char *a, size_t an, const char *b, size_t bn)
{
    enum { CAP = 64 };
    if (an >= CAP || bn >= CAP)
        return CAP;
    int row[CAP + 1];
    for (size_t j = 0; j <= bn; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= an; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= bn; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[bn];
}

/* Adds "did you mean 'x'?" when a declared name is close. */
static void suggest(struct checker *ck, const struct name *n, enum decl_kind k)
{
    const struct group *g = &ck->g[k];
    const struct name *best = NULL;
    int best_d = 3;
    for (int i = 0; i < g->n; i++) {
        int dist = edit_distance(n->s, n->n, g->v[i]->name.s, g->v[i]->name.n);
        if (n->n == g->v[i]->name.n && strncasecmp(n->s, g->v[i]->name.s, n->n) == 0)
            dist = 0;
        if (dist < best_d) {
            best_d = dist;
            best = &g->v[i]->name;
        }
    }
    if (best)
        diag_hint(ck->d, "did you mean '%.*s'?", (int)best->n, best->s);
}

static size_t name_hash(const struct name *n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n->n; i++)
        h = (h ^ (unsigned char)n->s[i]) * 16777619u;
    return h ^ (h >> 16);
}

static int find(struct checker *ck, enum decl_kind k, const struct name *n)
{
    const struct group *g = &ck->g[k];
    if (!g->slot)
        return -1;
    for (size_t h = name_hash(n) & g->mask; g->slot[h]; h = (h + 1) & g->mask)
        if (names_equal(&g->v[g->slot[h] - 1]->name, n))
            return (int)g->slot[h] - 1;
    return -1;
}

static void add_to_group(struct group *g, const struct decl *d)
{
    size_t h = name_hash(&d->name) & g->mask;
    while (g->slot[h])
        h = (h + 1) & g->mask;
    g->v[g->n++] = d;
    g->slot[h] = (uint32_t)g->n;
}

/* Looks a name up, marks it used, and reports it when undefined. */
static int lookup(struct checker *ck, enum decl_kind k, const struct name *n)
{
    int i = find(ck, k, n);
    if (i >= 0) {
        ck->g[k].used[i] = 1;
        return i;
    }
    diag_error(ck->d, n->span, "undefined-name", "undefined %s '%.*s'",
               decl_kind_name(k), (int)n->n, n->s);
    if (!ck->d->dropped)     /* past the limit the hint would not be shown */
        suggest(ck, n, k);
    return -1;
}

static const struct stmt *first_stmt(const struct decl *d, enum stmt_kind k)
{
    for (const struct stmt *s = d->body; s; s = s->next)
        if (s->kind == k)
            return s;
    return NULL;
}

static void add_cite(struct checker *ck, const char *rule, const struct text *t)
{
    if (ck->n_cites == ck->cap_cites) {
        int cap = ck->cap_cites ? ck->cap_cites * 2 : 16;
        struct polc_cite *v = arena_alloc(ck->a, (size_t)cap * sizeof *v);
        if (ck->n_cites)
            memcpy(v, ck->cites, (size_t)ck->n_cites * sizeof *v);
        ck->cites = v;
        ck->cap_cites = cap;
    }
    struct polc_cite *c = &ck->cites[ck->n_cites++];
    c->rule = rule;
    c->text = cstr(ck, t->s, t->n);
    c->line = (int32_t)line_of(ck, t->span);
}

static const char *rule_name(struct checker *ck, const struct decl *d)
{
    if (d->name.n == 0)
        return decl_kind_name(d->kind);
    size_t n = strlen(decl_kind_name(d->kind)) + d->name.n + 2;
    char *s = arena_alloc(ck->a, n);
    snprintf(s, n, "%s %.*s", decl_kind_name(d->kind), (int)d->name.n, d->name.s);
    return s;
}

static void collect_cites(struct checker *ck, const struct decl *d)
{
    const char *rule = rule_name(ck, d);
    if ((d->kind == D_FEE || d->kind == D_AFTER_LAST) && d->note.s)
        add_cite(ck, rule, &d->note);
    for (const struct stmt *s = d->body; s; s = s->next)
        if (s->kind == S_CITE)
            add_cite(ck, rule, &s->text);
}

/* Where a fault of the whole file is shown: the policy block, else the
 * first declaration. */
static struct span file_span(struct checker *ck)
{
    if (ck->single[D_POLICY])
        return ck->single[D_POLICY]->key;
    return ck->first ? ck->first->key : (struct span){ 0, 0 };
}

/* ---- text --------------------------------------------------------- */

static void check_text(struct checker *ck, const struct text *t)
{
    if (memchr(t->s, '\0', t->n))
        diag_error(ck->d, t->span, "bad-text", "string holds a NUL byte");
    else if (utf8_check(t->s, t->n) != t->n)
        diag_error(ck->d, t->span, "bad-text", "string is not valid UTF-8");
}

static void check_all_texts(struct checker *ck, const struct decl *d)
{
    if (d->label.s)
        check_text(ck, &d->label);
    if (d->note.s)
        check_text(ck, &d->note);
    for (const struct stmt *s = d->body; s; s = s->next)
        if (s->text.s)
            check_text(ck, &s->text);
}

/* ---- collecting declarations ------------------------------------- */

static int is_single(enum decl_kind k)
{
    switch (k) {
    case D_POLICY: case D_CYCLE: case D_COURSES: case D_CPR_AED:
    case D_TOGETHER: case D_AUDIT: case D_AFTER_LAST:
        return 1;
    case D_UNIT: case D_PARAM: case D_CREDENTIAL: case D_CATEGORY:
    case D_PATH: case D_WINDOW: case D_FEE:
        return 0;
    }
    return 0;
}

static void duplicate(struct checker *ck, const struct decl *d, const struct decl *first)
{
    if (d->name.n)
        diag_error(ck->d, d->name.span, "duplicate-name", "duplicate %s '%.*s'",
                   decl_kind_name(d->kind), (int)d->name.n, d->name.s);
    else
        diag_error(ck->d, d->key, "duplicate-block",
                   d->kind == D_AFTER_LAST ? "'%s' is written twice" : "a second '%s' block",
                   decl_kind_name(d->kind));
    diag_hint(ck->d, "the first is at line %u", line_of(ck, first->span));
}

static void collect(struct checker *ck, const struct ast *ast)
{
    int count[D_AFTER_LAST + 1] = { 0 };
    for (const struct decl *d = ast->decls; d; d = d->next)
        count[d->kind]++;
    for (int k = 0; k <= D_AFTER_LAST; k++) {
        size_t slots = 16;
        while (slots < 2 * (size_t)count[k])
            slots *= 2;
        ck->g[k].v = arena_alloc(ck->a, (size_t)(count[k] + 1) * sizeof *ck->g[k].v);
        ck->g[k].used = arena_alloc(ck->a, (size_t)count[k] + 1);
        ck->g[k].slot = arena_alloc(ck->a, slots * sizeof *ck->g[k].slot);
        ck->g[k].mask = slots - 1;
    }
    ck->first = ast->decls;
    for (const struct decl *d = ast->decls; d; d = d->next) {
        check_all_texts(ck, d);
        if (is_single(d->kind)) {
            if (ck->single[d->kind])
                duplicate(ck, d, ck->single[d->kind]);
            else
                ck->single[d->kind] = d;
            continue;
        }
        int prev = find(ck, d->kind, &d->name);
        if (prev >= 0) {
            duplicate(ck, d, ck->g[d->kind].v[prev]);
            continue;
        }
        add_to_group(&ck->g[d->kind], d);
    }
}

/* ---- statements allowed in each block ---------------------------- */

static uint64_t bit(enum stmt_kind k) { return 1ull << k; }

static uint64_t allowed(enum decl_kind k)
{
    uint64_t cite = bit(S_CITE);
    switch (k) {
    case D_POLICY: return cite | bit(S_TITLE) | bit(S_BODY) | bit(S_CURRENCY);
    case D_UNIT: return cite | bit(S_PRECISION) | bit(S_HOURS);
    case D_CREDENTIAL: return cite | bit(S_TITLE) | bit(S_REQUIRES_AMOUNT) | bit(S_FEE);
    case D_CYCLE: return cite | bit(S_LENGTH) | bit(S_EXPIRES) | bit(S_LEAP_DAY);
    case D_COURSES: return cite | bit(S_ACCEPT) | bit(S_COUNT);
    case D_CPR_AED: return cite | bit(S_VALID_ON) | bit(S_CREDIT);
    case D_TOGETHER: return cite | bit(S_UNITS_TOGETHER) | bit(S_FEES_TOGETHER);
    case D_AUDIT: return cite | bit(S_RATE) | bit(S_DUE);
    case D_CATEGORY: return cite | bit(S_AT_LEAST) | bit(S_AT_MOST);
    case D_PATH:
        return cite | bit(S_TITLE) | bit(S_REQUIRES_UNITS) | bit(S_REQUIRES_CPR_AED) |
               bit(S_REQUIRES_EXAM) | bit(S_CHARGES);
    case D_WINDOW:
        return cite | bit(S_FROM) | bit(S_THROUGH) | bit(S_BEFORE) | bit(S_CHARGES) |
               bit(S_FEES_COMBINE);
    case D_PARAM: case D_FEE: case D_AFTER_LAST:
        return 0;
    }
    return 0;
}

static int repeatable(enum stmt_kind k)
{
    return k == S_CITE || k == S_ACCEPT || k == S_CHARGES;
}

/* "'policy', 'credential' or 'path'": the blocks where k belongs. */
static const char *home_of(struct checker *ck, enum stmt_kind k)
{
    const char *names[D_AFTER_LAST + 1];
    int n = 0;
    for (int d = 0; d <= D_AFTER_LAST; d++)
        if (allowed((enum decl_kind)d) & bit(k))
            names[n++] = decl_kind_name((enum decl_kind)d);
    if (n == 0)
        return NULL;
    char *s = arena_alloc(ck->a, (size_t)n * 24 + 1);
    for (int i = 0; i < n; i++) {
        strcat(s, i == 0 ? "" : i == n - 1 ? " or " : ", ");
        strcat(s, "'");
        strcat(s, names[i]);
        strcat(s, "'");
    }
    return s;
}

static void check_placement(struct checker *ck, const struct decl *d)
{
    uint64_t ok = allowed(d->kind), seen = 0;
    for (const struct stmt *s = d->body; s; s = s->next) {
        if (!(ok & bit(s->kind))) {
            diag_error(ck->d, s->key, "misplaced-statement",
                       "'%s' does not belong in a '%s' block", stmt_kind_name(s->kind),
                       decl_kind_name(d->kind));
            const char *home = home_of(ck, s->kind);
            if (home)
                diag_hint(ck->d, "it belongs in a %s block", home);
            continue;
        }
        if ((seen & bit(s->kind)) && !repeatable(s->kind)) {
            diag_error(ck->d, s->key, "repeated-statement", "'%s' is given twice in this '%s' block",
                       stmt_kind_name(s->kind), decl_kind_name(d->kind));
        }
        seen |= bit(s->kind);
    }
}

static const struct stmt *need(struct checker *ck, const struct decl *d,
                               enum stmt_kind k, const char *example)
{
    const struct stmt *s = first_stmt(d, k);
    if (!s) {
        if (d->name.n)
            diag_error(ck->d, d->key, "missing-statement", "%s '%.*s' has no '%s'",
                       decl_kind_name(d->kind), (int)d->name.n, d->name.s, stmt_kind_name(k));
        else
            diag_error(ck->d, d->key, "missing-statement", "the '%s' block has no '%s'",
                       decl_kind_name(d->kind), stmt_kind_name(k));
        diag_hint(ck->d, "add: %s", example);
    }
    return s;
}

/* ---- numbers ------------------------------------------------------ */

static int number_ok(struct checker *ck, const struct number *n)
{
    if (n->too_big) {
        diag_error(ck->d, n->span, "number-range",
                   "number out of range: too large, or more than 6 decimal places");
        return 0;
    }
    return 1;
}

static polc_dec pow10_dec(int places)
{
    polc_dec v = POLC_DEC_SCALE;
    for (int i = 0; i < places; i++)
        v /= 10;
    return v;
}

/* The value, not its writing, must be a multiple of the unit's precision:
 * 45.0 is fine under precision 1. */
static int fits_precision(struct checker *ck, const struct number *n, const struct polc_unit *u)
{
    if (n->value % pow10_dec(u->places) == 0)
        return 1;
    diag_error(ck->d, n->span, "finer-than-precision",
               "%.*s is finer than the precision of %s (%d decimal place%s)",
               (int)(n->span.hi - n->span.lo), ck->src->text + n->span.lo, u->name, u->places,
               u->places == 1 ? "" : "s");
    return 0;
}

static int is_currency(struct checker *ck, const struct name *n)
{
    const char *cur = ck->p->currency;
    return cur && n->n == strlen(cur) && memcmp(n->s, cur, n->n) == 0;
}

/* Money: a number with two decimals at most, in the policy's currency. */
static int money_literal(struct checker *ck, const struct value *v, polc_dec *out)
{
    if (!number_ok(ck, &v->num))
        return 0;
    if (v->ref.n && ck->p->currency && !is_currency(ck, &v->ref)) {
        if (find(ck, D_UNIT, &v->ref) >= 0) {
            diag_error(ck->d, v->span, "not-money", "expected an amount of money, not of %.*s",
                       (int)v->ref.n, v->ref.s);
            return 0;
        }
        diag_error(ck->d, v->ref.span, "two-currencies",
                   "amount in %.*s, but the policy's currency is %s", (int)v->ref.n,
                   v->ref.s, ck->p->currency ? ck->p->currency : "not declared");
        diag_hint(ck->d, "a policy has one currency, declared in its 'policy' block");
        return 0;
    }
    if (v->num.value % 10000 != 0) {
        diag_error(ck->d, v->num.span, "money-precision",
                   "an amount of money has at most two decimals");
        return 0;
    }
    if (v->num.value >= MONEY_LIMIT) {
        diag_error(ck->d, v->num.span, "number-range",
                   "an amount of money must be below 1000000.00");
        return 0;
    }
    *out = v->num.value;
    return 1;
}

static int percent_literal(struct checker *ck, const struct value *v, polc_dec *out)
{
    if (!number_ok(ck, &v->num))
        return 0;
    if (v->num.value % 10000 != 0 || v->num.value > 100 * (polc_dec)POLC_DEC_SCALE) {
        diag_error(ck->d, v->num.span, "bad-percentage",
                   "a rate is a percentage from 0%% to 100%% with at most two decimals");
        return 0;
    }
    *out = v->num.value;
    return 1;
}

/* ---- policy, units, params --------------------------------------- */

static int policy_name_ok(const struct text *t)
{
    if (t->n == 0 || t->n > 64)
        return 0;
    for (size_t i = 0; i < t->n; i++) {
        char c = t->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

static void check_policy(struct checker *ck)
{
    const struct decl *d = ck->single[D_POLICY];
    if (!d) {
        diag_error(ck->d, file_span(ck), "missing-policy", "the file has no 'policy' block");
        diag_hint(ck->d, "start with: policy \"my-policy\" { currency USD }");
        return;
    }
    check_placement(ck, d);
    if (!policy_name_ok(&d->label))
        diag_error(ck->d, d->label.span, "bad-policy-name",
                   "a policy name is 1-64 lower-case letters, digits, '-', '_' or '.'");
    ck->p->name = cstr(ck, d->label.s, d->label.n);
    const struct stmt *s = first_stmt(d, S_TITLE);
    ck->p->title = s ? cstr(ck, s->text.s, s->text.n) : ck->p->name;
    s = first_stmt(d, S_BODY);
    ck->p->body = s ? cstr(ck, s->text.s, s->text.n) : "";
    s = need(ck, d, S_CURRENCY, "currency USD");
    if (s)
        ck->p->currency = cstr(ck, s->name.s, s->name.n);
    if (s && (s->name.n != 3 || strspn(ck->p->currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
        diag_error(ck->d, s->name.span, "bad-currency", "a currency is a three-letter ISO 4217 code, such as USD");
}

static int precision_places(struct checker *ck, const struct value *v)
{
    if (v->kind == V_NUMBER && !v->ref.n && !v->num.too_big) {
        for (int places = 0; places <= POLC_DEC_PLACES; places++)
            if (v->num.value == pow10_dec(places))
                return places;
    }
    diag_error(ck->d, v->span, "bad-precision",
               "a precision is 1, 0.1, 0.01, ... or 0.000001");
    return 0;
}

static int32_t whole_hours(struct checker *ck, const struct value *v)
{
    if (v->kind == V_NUMBER && !v->ref.n && !v->num.too_big && v->num.places == 0 &&
        v->num.value >= POLC_DEC_SCALE && v->num.value <= 1000 * (polc_dec)POLC_DEC_SCALE)
        return (int32_t)(v->num.value / POLC_DEC_SCALE);
    diag_error(ck->d, v->span, "bad-hours",
               "'hours' is the whole number of contact hours in one unit (1 to 1000)");
    return 1;
}

static void check_units(struct checker *ck)
{
    struct group *g = &ck->g[D_UNIT];
    if (g->n > MAX_UNITS)
        diag_error(ck->d, g->v[MAX_UNITS]->key, "limit", "too many units (limit is %d)", MAX_UNITS);
    struct polc_unit *u = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *u);
    for (int i = 0; i < g->n; i++) {
        const struct decl *d = g->v[i];
        check_placement(ck, d);
        u[i].name = cstr(ck, d->name.s, d->name.n);
        if (name_is(&d->name, "hours"))
            diag_error(ck->d, d->name.span, "reserved-unit", "'hours' is built in: every unit converts to it");
        const struct stmt *s = need(ck, d, S_PRECISION, "precision 0.1");
        u[i].places = s ? precision_places(ck, &s->value) : 0;
        s = need(ck, d, S_HOURS, "hours 10");
        u[i].hours = s ? whole_hours(ck, &s->value) : 1;
    }
    ck->p->units = u;
    ck->p->n_units = g->n;
}

static void param_value(struct checker *ck, const struct decl *d, struct polc_param *pp)
{
    const struct value *v = &d->value;
    if (v->kind == V_PERCENT) {
        pp->kind = POLC_PARAM_PERCENT;
        percent_literal(ck, v, &pp->value);
    } else if (v->kind == V_NUMBER && v->ref.n && find(ck, D_UNIT, &v->ref) >= 0) {
        int u = find(ck, D_UNIT, &v->ref);
        pp->kind = POLC_PARAM_NUMBER;
        ck->param_unit[pp - ck->p->params] = u;
        if (number_ok(ck, &v->num) && fits_precision(ck, &v->num, &ck->p->units[u]))
            pp->value = v->num.value;
    } else if (v->kind == V_NUMBER && v->ref.n && ck->p->currency && !is_currency(ck, &v->ref) &&
               !(v->ref.n == 3 && strspn(v->ref.s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") >= 3)) {
        diag_error(ck->d, v->ref.span, "undefined-name",
                   "'%.*s' is neither a declared unit nor the policy's currency (%s)",
                   (int)v->ref.n, v->ref.s, ck->p->currency);
        suggest(ck, &v->ref, D_UNIT);
    } else if (v->kind == V_NUMBER) {
        pp->kind = POLC_PARAM_MONEY;
        money_literal(ck, v, &pp->value);
    } else {
        diag_error(ck->d, v->span, "bad-param",
                   "a parameter holds a number: money (99.00 USD), a percentage (10%%) or units (2.0 CEU)");
    }
}

static int parse_override(const char *s, enum polc_param_kind kind, polc_dec *out)
{
    size_t n = strlen(s);
    if (kind == POLC_PARAM_PERCENT && n && s[n - 1] == '%')
        n--;
    if (polc_dec_parse_plain(s, n, out) != POLC_DEC_OK)
        return -1;
    if (kind == POLC_PARAM_MONEY && (*out % 10000 != 0 || *out >= MONEY_LIMIT))
        return -1;
    if (kind == POLC_PARAM_PERCENT && (*out % 10000 != 0 || *out > 100 * (polc_dec)POLC_DEC_SCALE))
        return -1;
    return 0;
}

static void apply_overrides(struct checker *ck, const struct decl *d, struct polc_param *pp)
{
    for (int i = 0; i < ck->n_ov; i++) {
        struct override *o = &ck->ov[i];
        if (strlen(o->name) != d->name.n || memcmp(o->name, d->name.s, d->name.n) != 0)
            continue;
        o->used = 1;
        if (parse_override(o->value, pp->kind, &pp->value) != 0) {
            diag_error(ck->d, d->value.span, "bad-override", "-D %s=%s: not a valid %s", o->name,
                       o->value, pp->kind == POLC_PARAM_PERCENT ? "percentage (e.g. 12.5%)"
                                 : pp->kind == POLC_PARAM_MONEY ? "amount of money (e.g. 75.00, below 1000000.00)"
                                                                : "number");
            continue;
        }
        int u = ck->param_unit[pp - ck->p->params];
        if (pp->kind == POLC_PARAM_NUMBER && u >= 0 &&
            pp->value % pow10_dec(ck->p->units[u].places) != 0) {
            diag_error(ck->d, d->value.span, "bad-override", "-D %s=%s is finer than the precision of %s",
                       o->name, o->value, ck->p->units[u].name);
            continue;
        }
        pp->overridden = 1;
    }
}

static void check_params(struct checker *ck)
{
    struct group *g = &ck->g[D_PARAM];
    if (g->n > MAX_PARAMS)
        diag_error(ck->d, g->v[MAX_PARAMS]->key, "limit", "too many parameters (limit is %d)", MAX_PARAMS);
    struct polc_param *pv = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *pv);
    ck->param_unit = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *ck->param_unit);
    ck->p->params = pv;
    for (int i = 0; i < g->n; i++) {
        const struct decl *d = g->v[i];
        ck->param_unit[i] = -1;
        pv[i].name = cstr(ck, d->name.s, d->name.n);
        pv[i].assumed = d->assumed;
        pv[i].note = d->note.s ? cstr(ck, d->note.s, d->note.n) : "";
        param_value(ck, d, &pv[i]);
        apply_overrides(ck, d, &pv[i]);
    }
    ck->p->params = pv;
    ck->p->n_params = g->n;
}

/* A parameter of the given kind; its index, or -1 (reported). */
static int param_ref(struct checker *ck, const struct name *n, enum polc_param_kind kind)
{
    int i = lookup(ck, D_PARAM, n);
    if (i < 0)
        return -1;
    if (ck->p->params[i].kind != kind) {
        static const char *const what[] = { "an amount of money", "a percentage", "units" };
        diag_error(ck->d, n->span, "param-kind", "parameter '%.*s' holds %s, not %s",
                   (int)n->n, n->s, what[ck->p->params[i].kind], what[kind]);
        return -1;
    }
    return i;
}

static int money(struct checker *ck, const struct value *v, polc_dec *out, int32_t *param)
{
    *param = -1;
    if (v->kind == V_REF) {
        int i = param_ref(ck, &v->ref, POLC_PARAM_MONEY);
        if (i < 0)
            return 0;
        *param = i;
        *out = ck->p->params[i].value;
        return 1;
    }
    if (v->kind != V_NUMBER) {
        diag_error(ck->d, v->span, "not-money", "expected an amount of money (e.g. 25.00 USD)");
        return 0;
    }
    return money_literal(ck, v, out);
}

static int wrong_unit(struct checker *ck, struct span at, int want, int u)
{
    if (want < 0 || want == u)
        return 0;
    diag_error(ck->d, at, "wrong-unit", "expected an amount in %s, the reporting unit, not in %s",
               ck->p->units[want].name, ck->p->units[u].name);
    diag_hint(ck->d, "requirements, credits and category limits are all in one unit");
    return 1;
}

/* An amount of units in the unit `want` (the reporting unit; -1: any).
 * Returns the unit's index, or -1 (reported). */
static int quantity(struct checker *ck, const struct value *v, int want, polc_dec *out)
{
    if (v->kind == V_REF) {
        int i = param_ref(ck, &v->ref, POLC_PARAM_NUMBER);
        if (i < 0 || ck->param_unit[i] < 0 || wrong_unit(ck, v->ref.span, want, ck->param_unit[i]))
            return -1;
        *out = ck->p->params[i].value;
        return ck->param_unit[i];
    }
    if (!number_ok(ck, &v->num))
        return -1;
    if (name_is(&v->ref, "hours") && find(ck, D_UNIT, &v->ref) < 0) {
        diag_error(ck->d, v->ref.span, "hours-not-a-unit",
                   "amounts here are in a declared unit; 'hours' is only for courses");
        diag_hint(ck->d, "write the amount in the reporting unit, e.g. 2.0 CEU");
        return -1;
    }
    int u = lookup(ck, D_UNIT, &v->ref);
    if (u < 0)
        return -1;
    if (!fits_precision(ck, &v->num, &ck->p->units[u]))
        return -1;
    if (want >= 0 && want != u) {
        wrong_unit(ck, v->ref.span, want, u);
        return -1;
    }
    *out = v->num.value;
    return u;
}

/* ---- credentials, cycle, courses, card, categories --------------- */

static void check_credential(struct checker *ck, const struct decl *d,
                             struct polc_credential *c, uint8_t *ok)
{
    check_placement(ck, d);
    c->code = cstr(ck, d->name.s, d->name.n);
    const struct stmt *s = first_stmt(d, S_TITLE);
    c->title = s ? cstr(ck, s->text.s, s->text.n) : c->code;
    s = need(ck, d, S_REQUIRES_AMOUNT, "requires 2.0 CEU");
    if (s) {
        int u = quantity(ck, &s->value, ck->p->n_units ? ck->p->unit : -1, &c->required);
        if (u >= 0 && ck->p->unit < 0)
            ck->p->unit = u;
        *ok = u >= 0;
    }
    s = first_stmt(d, S_FEE);
    if (s) {
        int32_t param;
        c->has_fee = money(ck, &s->value, &c->fee, &param);
    }
}

static void check_credentials(struct checker *ck)
{
    struct group *g = &ck->g[D_CREDENTIAL];
    ck->p->unit = -1;
    if (g->n == 0)
        diag_error(ck->d, file_span(ck), "missing-credential",
                   "the policy declares no credential");
    if (g->n > MAX_CREDENTIALS)
        diag_error(ck->d, g->v[MAX_CREDENTIALS]->key, "limit",
                   "too many credentials (limit is %d)", MAX_CREDENTIALS);
    struct polc_credential *c = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *c);
    ck->cred_ok = arena_alloc(ck->a, (size_t)g->n + 1);
    for (int i = 0; i < g->n; i++)
        check_credential(ck, g->v[i], &c[i], &ck->cred_ok[i]);
    if (ck->p->unit < 0)
        ck->p->unit = 0;
    ck->p->credentials = c;
    ck->p->n_credentials = g->n;
}

static void check_together(struct checker *ck)
{
    const struct decl *d = ck->single[D_TOGETHER];
    ck->p->units_together = POLC_HIGHEST;
    ck->p->fees_together = POLC_EACH;
    if (!d) {
        if (ck->g[D_CREDENTIAL].n > 1)
            diag_error(ck->d, ck->g[D_CREDENTIAL].v[1]->key, "implicit-together",
                       "several credentials, but not how they renew together");
        if (ck->g[D_CREDENTIAL].n > 1)
            diag_hint(ck->d, "add a 'together' block with 'units highest' and 'fees each' (one per line)");
        return;
    }
    check_placement(ck, d);
    const struct stmt *s = need(ck, d, S_UNITS_TOGETHER, "units highest");
    if (s)
        ck->p->units_together = s->choice == C_SUM ? POLC_SUM : POLC_HIGHEST;
    s = need(ck, d, S_FEES_TOGETHER, "fees each");
    if (s)
        ck->p->fees_together = s->choice == C_HIGHEST ? POLC_HIGHEST : POLC_EACH;
}

static void check_cycle(struct checker *ck)
{
    const struct decl *d = ck->single[D_CYCLE];
    struct polc_cycle *c = &ck->p->cycle;
    c->length = 1;
    c->step = POLC_YEARS;
    if (!d) {
        diag_error(ck->d, file_span(ck), "missing-cycle", "the policy has no 'cycle' block");
        diag_hint(ck->d, "add a 'cycle' block: length 2 years, expires day_before_anniversary, leap_day mar1 (one per line)");
        return;
    }
    check_placement(ck, d);
    const struct stmt *s = need(ck, d, S_LENGTH, "length 2 years");
    if (s) {
        if (s->step == POLC_DAYS || s->count < 1 || s->count > 1200 ||
            (s->step == POLC_YEARS && s->count > 100))
            diag_error(ck->d, s->span, "bad-cycle-length",
                       "a cycle lasts 1 to 100 years, or 1 to 1200 months");
        else {
            c->length = s->count;
            c->step = s->step;
        }
    }
    s = need(ck, d, S_EXPIRES, "expires day_before_anniversary");
    if (s)
        c->anchor = s->choice == C_END_OF_MONTH ? POLC_ANCHOR_END_OF_MONTH
                    : s->choice == C_DECEMBER_31 ? POLC_ANCHOR_DEC31
                                                 : POLC_ANCHOR_ANNIVERSARY;
    s = need(ck, d, S_LEAP_DAY, "leap_day mar1");
    if (s)
        c->leap = s->choice == C_FEB28 ? POLC_LEAP_FEB28 : POLC_LEAP_MAR1;
}

static void cycle_date(struct checker *ck, const struct dexpr *e, const char *what)
{
    if (e->base == POLC_AT_APPLICATION)
        diag_error(ck->d, e->span, "bad-date-base",
                   "%s count from cycle_start or expiry, not from the application", what);
}

static void accept_rule(struct checker *ck, const struct stmt *s, const char **prov, int *np)
{
    struct polc_courses *c = &ck->p->courses;
    switch (s->choice) {
    case C_ACCEPT_ANY: c->accept_any = 1; break;
    case C_ACCEPT_APPROVED: c->accept_approved = 1; break;
    case C_ACCEPT_PETITIONS_APPROVED: c->petitions = POLC_PETITIONS_APPROVED; break;
    case C_ACCEPT_PETITIONS_ANY: c->petitions = POLC_PETITIONS_ANY; break;
    case C_ACCEPT_PROVIDER: prov[(*np)++] = cstr(ck, s->text.s, s->text.n); break;
    case C_DAY_BEFORE_ANNIVERSARY: case C_END_OF_MONTH: case C_DECEMBER_31:
    case C_MAR1: case C_FEB28: case C_ON_APPLICATION: case C_ON_EXPIRY:
    case C_CUMULATIVE: case C_REPLACING: case C_HIGHEST: case C_SUM: case C_EACH:
        break;
    }
}

static void check_courses(struct checker *ck)
{
    const struct decl *d = ck->single[D_COURSES];
    struct polc_courses *c = &ck->p->courses;
    c->from = (struct polc_date_expr){ POLC_AT_CYCLE_START, 0, POLC_DAYS };
    c->through = (struct polc_date_expr){ POLC_AT_EXPIRY, 0, POLC_DAYS };
    if (!d)
        return;
    check_placement(ck, d);
    int n = 0;
    for (const struct stmt *s = d->body; s; s = s->next)
        n += s->kind == S_ACCEPT;
    const char **prov = arena_alloc(ck->a, (size_t)(n + 1) * sizeof *prov);
    int np = 0;
    for (const struct stmt *s = d->body; s; s = s->next)
        if (s->kind == S_ACCEPT)
            accept_rule(ck, s, prov, &np);
    c->providers = prov;
    c->n_providers = np;
    const struct stmt *s = need(ck, d, S_COUNT, "count from cycle_start through expiry");
    if (s) {
        cycle_date(ck, &s->a, "the counting window's dates");
        cycle_date(ck, &s->b, "the counting window's dates");
        c->from = (struct polc_date_expr){ s->a.base, s->a.n, s->a.step };
        c->through = (struct polc_date_expr){ s->b.base, s->b.n, s->b.step };
    }
}

static void check_cpr_aed(struct checker *ck)
{
    const struct decl *d = ck->single[D_CPR_AED];
    if (!d)
        return;
    struct polc_card *c = &ck->p->cpr_aed;
    c->declared = 1;
    check_placement(ck, d);
    const struct stmt *s = need(ck, d, S_VALID_ON, "valid on application");
    if (s)
        c->valid_on = s->choice == C_ON_EXPIRY ? POLC_CARD_ON_EXPIRY : POLC_CARD_ON_APPLICATION;
    s = first_stmt(d, S_CREDIT);
    if (!s || quantity(ck, &s->value, ck->p->unit, &c->credit) < 0)
        return;
    for (int i = 0; i < ck->p->n_credentials; i++) {
        const struct polc_credential *cr = &ck->p->credentials[i];
        if (ck->cred_ok[i] && c->credit > cr->required) {
            diag_error(ck->d, s->value.span, "credit-exceeds-requirement",
                       "the card's credit is larger than what credential '%s' requires", cr->code);
            break;
        }
    }
}

static void check_categories(struct checker *ck)
{
    struct group *g = &ck->g[D_CATEGORY];
    if (g->n > POLC_MAX_CATEGORIES)
        diag_error(ck->d, g->v[POLC_MAX_CATEGORIES]->key, "limit",
                   "too many categories (limit is %d)", POLC_MAX_CATEGORIES);
    struct polc_category *c = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *c);
    for (int i = 0; i < g->n; i++) {
        const struct decl *d = g->v[i];
        check_placement(ck, d);
        c[i].name = cstr(ck, d->name.s, d->name.n);
        const struct stmt *lo = first_stmt(d, S_AT_LEAST), *hi = first_stmt(d, S_AT_MOST);
        if (lo)
            c[i].has_min = quantity(ck, &lo->value, ck->p->unit, &c[i].min) >= 0;
        if (hi)
            c[i].has_max = quantity(ck, &hi->value, ck->p->unit, &c[i].max) >= 0;
        if (!lo && !hi) {
            diag_error(ck->d, d->key, "empty-category", "category '%.*s' sets no limit",
                       (int)d->name.n, d->name.s);
            diag_hint(ck->d, "add: at least 1.0 CEU, or: at most 0.5 CEU");
        }
        if (c[i].has_min && c[i].has_max && c[i].min > c[i].max)
            diag_error(ck->d, hi->span, "category-range",
                       "the category's maximum is below its minimum");
    }
    ck->p->categories = c;
    ck->p->n_categories = g->n < POLC_MAX_CATEGORIES ? g->n : POLC_MAX_CATEGORIES;
}

/* ---- fees, paths, windows, audit --------------------------------- */

static void check_fees(struct checker *ck)
{
    struct group *g = &ck->g[D_FEE];
    if (g->n > POLC_MAX_FEES)
        diag_error(ck->d, g->v[POLC_MAX_FEES]->key, "limit", "too many fees (limit is %d)",
                   POLC_MAX_FEES);
    struct polc_fee *f = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *f);
    /* Past the limit (an error already) fees are not checked: each one
     * charged per credential would cost a pass over every credential. */
    for (int i = 0; i < g->n && i < POLC_MAX_FEES; i++) {
        const struct decl *d = g->v[i];
        f[i].name = cstr(ck, d->name.s, d->name.n);
        f[i].param = -1;
        f[i].kind = d->per == PER_PETITION ? POLC_FEE_PER_PETITION
                    : d->per == PER_CREDENTIAL ? POLC_FEE_PER_CREDENTIAL
                                               : POLC_FEE_FLAT;
        if (d->per != PER_CREDENTIAL)
            money(ck, &d->value, &f[i].amount, &f[i].param);
        else
            for (int c = 0; c < ck->p->n_credentials; c++)
                if (!ck->p->credentials[c].has_fee) {
                    diag_error(ck->d, d->name.span, "missing-credential-fee",
                               "fee '%s' is charged per credential, but credential '%s' has no fee",
                               f[i].name, ck->p->credentials[c].code);
                    diag_hint(ck->d, "give each credential a fee: fee 45.00 USD");
                    break;
                }
    }
    ck->p->fees = f;
    ck->p->n_fees = g->n < POLC_MAX_FEES ? g->n : POLC_MAX_FEES;
}

static uint64_t charges(struct checker *ck, const struct decl *d)
{
    uint64_t mask = 0;
    for (const struct stmt *s = d->body; s; s = s->next) {
        if (s->kind != S_CHARGES)
            continue;
        for (const struct name_list *l = s->names; l; l = l->next) {
            int i = lookup(ck, D_FEE, &l->name);
            if (i < 0 || i >= POLC_MAX_FEES)
                continue;
            if (mask & (1ull << i))
                diag_warning(ck->d, l->name.span, "repeated-fee", "fee '%.*s' is charged twice here",
                             (int)l->name.n, l->name.s);
            mask |= 1ull << i;
        }
    }
    ck->fee_charged |= mask;
    return mask;
}

static void check_exam(struct checker *ck, const struct stmt *s, int *seen)
{
    cycle_date(ck, &s->a, "an exam's dates");
    cycle_date(ck, &s->b, "an exam's dates");
    struct polc_date_expr a = { s->a.base, s->a.n, s->a.step };
    struct polc_date_expr b = { s->b.base, s->b.n, s->b.step };
    if (*seen && (memcmp(&a, &ck->p->exam_from, sizeof a) != 0 ||
                  memcmp(&b, &ck->p->exam_through, sizeof b) != 0))
        diag_error(ck->d, s->span, "exam-dates", "every exam path must name the same exam dates");
    ck->p->exam_from = a;
    ck->p->exam_through = b;
    *seen = 1;
}

static void check_path(struct checker *ck, const struct decl *d, struct polc_path *p,
                       int *exam_seen)
{
    check_placement(ck, d);
    p->name = cstr(ck, d->name.s, d->name.n);
    const struct stmt *t = first_stmt(d, S_TITLE);
    p->title = t ? cstr(ck, t->text.s, t->text.n) : p->name;
    for (const struct stmt *s = d->body; s; s = s->next) {
        if (s->kind == S_REQUIRES_UNITS)
            p->requires |= POLC_REQ_UNITS;
        else if (s->kind == S_REQUIRES_CPR_AED)
            p->requires |= POLC_REQ_CPR_AED;
        else if (s->kind == S_REQUIRES_EXAM) {
            p->requires |= POLC_REQ_EXAM;
            check_exam(ck, s, exam_seen);
        }
    }
    p->fees = charges(ck, d);
    if (p->requires == 0) {
        diag_warning(ck->d, d->name.span, "path-requires-nothing",
                     "path '%s' requires nothing: every record would renew by it", p->name);
        diag_hint(ck->d, "add: requires units, requires cpr_aed, or requires exam from ... through ...");
    }
}

static void check_paths(struct checker *ck)
{
    struct group *g = &ck->g[D_PATH];
    if (g->n == 0)
        diag_error(ck->d, file_span(ck), "missing-path", "the policy declares no path");
    if (g->n == 0)
        diag_hint(ck->d, "add: path ceu { requires units }");
    if (g->n > MAX_PATHS)
        diag_error(ck->d, g->v[MAX_PATHS]->key, "limit", "too many paths (limit is %d)", MAX_PATHS);
    struct polc_path *p = arena_alloc(ck->a, (size_t)(g->n + 1) * sizeof *p);
    int exam_seen = 0;
    for (int i = 0; i < g->n; i++)
        check_path(ck, g->v[i], &p[i], &exam_seen);
    ck->p->paths = p;
    ck->p->n_paths = g->n;
}

static void check_window(struct checker *ck, const struct decl *d, struct polc_window *w,
                         int index)
{
    check_placement(ck, d);
    w->name = cstr(ck, d->name.s, d->name.n);
    const struct stmt *from = need(ck, d, S_FROM, "from expiry + 1 day");
    const struct stmt *thr = first_stmt(d, S_THROUGH), *bef = first_stmt(d, S_BEFORE);
    if (from)
        w->from = (struct polc_date_expr){ from->a.base, from->a.n, from->a.step };
    if (thr && bef)
        diag_error(ck->d, bef->key, "two-window-ends", "window '%s' has both 'through' and 'before'",
                   w->name);
    const struct stmt *end = thr ? thr : bef;
    if (!end) {
        diag_error(ck->d, d->name.span, "implicit-window-end", "window '%s' has no end", w->name);
        diag_hint(ck->d, "write 'through DATE' (the day is in the window) or 'before DATE' (it is not)");
    } else {
        w->end = (struct polc_date_expr){ end->a.base, end->a.n, end->a.step };
        w->end_inclusive = end == thr;
    }
    const struct stmt *s[2] = { from, end };
    for (int i = 0; i < 2; i++)
        if (s[i] && s[i]->a.base != POLC_AT_EXPIRY)
            diag_error(ck->d, s[i]->a.span, "bad-date-base", "a window's dates are counted from expiry");
    w->fees = charges(ck, d);
    const struct stmt *comb = first_stmt(d, S_FEES_COMBINE);
    if (comb && index == 0)
        diag_warning(ck->d, comb->key, "no-effect",
                     "'fees %s' has no effect on the first window: no window comes before it",
                     comb->choice == C_CUMULATIVE ? "cumulative" : "replacing");
    if (comb)
        w->cumulative = comb->choice == C_CUMULATIVE;
    else if (index > 0) {
        diag_error(ck->d, d->name.span, "implicit-fee-combination",
                   "window '%s' does not say whether the fees of earlier windows still apply", w->name);
        diag_hint(ck->d, "add 'fees cumulative' (they do) or 'fees replacing' (they do not)");
    }
}

/* Reference expiries the window order is checked against. */
static const int32_t ref_dates[][3] = {
    { 2023, 1, 31 }, { 2024, 2, 29 }, { 2025, 2, 28 }, { 2025, 12, 31 }, { 2026, 6, 30 },
};

static polc_date window_last(const struct polc_window *w, enum polc_leap leap, polc_date e)
{
    polc_date end = polc_date_expr_eval(&w->end, leap, e, e, e);
    return w->end_inclusive ? end : end - 1;
}

/* Checks one window against the end of the one before it (prev) for the
 * reference expiry e; returns 1 when it reported an error. */
static int window_in_order(struct checker *ck, const struct polc_window *w, int i, polc_date e,
                           polc_date prev, uint8_t *gap_warned)
{
    const struct decl *d = ck->g[D_WINDOW].v[i];
    enum polc_leap leap = ck->p->cycle.leap;
    polc_date from = polc_date_expr_eval(&w[i].from, leap, e, e, e);
    if (from > window_last(&w[i], leap, e)) {
        diag_error(ck->d, d->name.span, "empty-window", "window '%s' ends before it starts", w[i].name);
        return 1;
    }
    if (from <= prev) {
        diag_error(ck->d, d->name.span, "window-order",
                   i == 0 ? "window '%s' starts on or before expiry: grace windows follow expiry"
                          : "window '%s' overlaps the window before it, or comes before it",
                   w[i].name);
        diag_hint(ck->d, i == 0 ? "start it with: from expiry + 1 day"
                                : "windows are written in date order and do not overlap");
        return 1;
    }
    if (from > prev + 1 && !gap_warned[i]) {
        gap_warned[i] = 1;
        diag_warning(ck->d, d->name.span, "window-gap",
                     i == 0 ? "days between expiry and window '%s' belong to no window"
                            : "days between the end of the previous window and window '%s' belong to no window",
                     w[i].name);
    }
    return 0;
}

static void check_window_order(struct checker *ck, const struct polc_window *w, int n)
{
    enum polc_leap leap = ck->p->cycle.leap;
    uint8_t *gap_warned = arena_alloc(ck->a, (size_t)n + 1);
    for (size_t r = 0; r < sizeof ref_dates / sizeof ref_dates[0]; r++) {
        polc_date e = polc_days_from_civil(ref_dates[r][0], ref_dates[r][1], ref_dates[r][2]);
        polc_date prev = e;
        for (int i = 0; i < n; i++) {
            if (window_in_order(ck, w, i, e, prev, gap_warned))
                return;
            prev = window_last(&w[i], leap, e);
        }
    }
}

static void check_windows(struct checker *ck)
{
    struct group *g = &ck->g[D_WINDOW];
    if (g->n > MAX_WINDOWS)
        diag_error(ck->d, g->v[MAX_WINDOWS]->key, "limit", "too many windows (limit is %d)", MAX_WINDOWS);
    int n = g->n < MAX_WINDOWS ? g->n : MAX_WINDOWS;
    struct polc_window *w = arena_alloc(ck->a, (size_t)(n + 1) * sizeof *w);
    int before = ck->d->errors;
    for (int i = 0; i < n; i++)
        check_window(ck, g->v[i], &w[i], i);
    if (ck->d->errors == before)
        check_window_order(ck, w, n);
    ck->p->windows = w;
    ck->p->n_windows = n;
    if (!ck->single[D_AFTER_LAST]) {
        diag_error(ck->d, n ? g->v[n - 1]->span : file_span(ck), "implicit-after-last",
                   n ? "the policy does not say what happens after the last window"
                     : "the policy does not say what happens after expiry (it has no grace window)");
        diag_hint(ck->d, "add: after last window expired");
    }
}

static void check_audit(struct checker *ck)
{
    const struct decl *d = ck->single[D_AUDIT];
    struct polc_audit *a = &ck->p->audit;
    a->param = -1;
    if (!d)
        return;
    check_placement(ck, d);
    a->declared = 1;
    const struct stmt *s = need(ck, d, S_RATE, "rate 10%");
    if (s) {
        polc_dec rate = 0;
        if (s->value.kind == V_REF) {
            a->param = param_ref(ck, &s->value.ref, POLC_PARAM_PERCENT);
            if (a->param >= 0)
                rate = ck->p->params[a->param].value;
        } else if (s->value.kind == V_PERCENT) {
            percent_literal(ck, &s->value, &rate);
        } else {
            diag_error(ck->d, s->value.span, "bad-percentage", "a rate is a percentage, e.g. 10%%");
        }
        a->rate_bp = (int32_t)(rate / 10000);
    }
    s = need(ck, d, S_DUE, "documents due application + 30 days");
    if (s) {
        if (s->a.base != POLC_AT_APPLICATION || s->a.step != POLC_DAYS)
            diag_error(ck->d, s->a.span, "bad-date-base",
                       "documents are due a number of days after the application");
        a->due_days = s->a.n;
    }
}

/* ---- whole-policy checks ----------------------------------------- */

static polc_dec highest_requirement(const struct polc_policy *p)
{
    polc_dec best = 0;
    for (int i = 0; i < p->n_credentials; i++)
        if (p->credentials[i].required > best)
            best = p->credentials[i].required;
    return best;
}

static void never_succeeds(struct checker *ck, const struct decl *d, const char *why,
                           const char *hint)
{
    diag_error(ck->d, d->name.span, "path-never-succeeds", "path '%.*s' can never succeed: %s",
               (int)d->name.n, d->name.s, why);
    if (hint)
        diag_hint(ck->d, "%s", hint);
}

static int dates_empty(const struct polc_policy *p, const struct polc_date_expr *from,
                       const struct polc_date_expr *through)
{
    polc_date s = polc_days_from_civil(2024, 2, 29);
    polc_date e = polc_cycle_expiry(&p->cycle, s);
    return polc_date_expr_eval(from, p->cycle.leap, s, e, e) >
           polc_date_expr_eval(through, p->cycle.leap, s, e, e);
}

static void check_path_success(struct checker *ck)
{
    const struct polc_policy *p = ck->p;
    const struct polc_courses *c = &p->courses;
    int accepts = c->accept_any || c->accept_approved || c->n_providers > 0 ||
                  c->petitions != POLC_PETITIONS_NOT_ACCEPTED;
    int need_courses = highest_requirement(p) > p->cpr_aed.credit;
    for (int i = 0; i < p->n_paths; i++) {
        const struct decl *d = ck->g[D_PATH].v[i];
        uint32_t r = p->paths[i].requires;
        if ((r & POLC_REQ_UNITS) && need_courses && !ck->single[D_COURSES])
            never_succeeds(ck, d, "it requires units, but no 'courses' block says which courses count",
                           "add a 'courses' block with 'accept approved' and 'count from cycle_start through expiry'");
        else if ((r & POLC_REQ_UNITS) && need_courses && !accepts)
            never_succeeds(ck, d, "it requires units, but no course is accepted",
                           "add an 'accept' rule to the 'courses' block");
        else if ((r & POLC_REQ_UNITS) && need_courses && dates_empty(p, &c->from, &c->through))
            never_succeeds(ck, d, "courses stop counting before they start counting", NULL);
        if ((r & POLC_REQ_CPR_AED) && !p->cpr_aed.declared)
            never_succeeds(ck, d, "it requires cpr_aed, but the policy has no 'cpr_aed' block",
                           "add: cpr_aed { valid on application }");
        if ((r & POLC_REQ_EXAM) && dates_empty(p, &p->exam_from, &p->exam_through))
            never_succeeds(ck, d, "the exam's last day comes before its first", NULL);
    }
}

static void warn_unused(struct checker *ck)
{
    const struct group *g = &ck->g[D_PARAM];
    for (int i = 0; i < g->n; i++)
        if (!g->used[i])
            diag_warning(ck->d, g->v[i]->name.span, "unused", "parameter '%.*s' is never used",
                         (int)g->v[i]->name.n, g->v[i]->name.s);
    g = &ck->g[D_FEE];
    for (int i = 0; i < g->n && i < POLC_MAX_FEES; i++)
        if (!(ck->fee_charged & (1ull << i)))
            diag_warning(ck->d, g->v[i]->name.span, "unused",
                         "fee '%.*s' is never charged: no path or window names it",
                         (int)g->v[i]->name.n, g->v[i]->name.s);
    int per_credential = 0;
    for (int i = 0; i < ck->p->n_fees; i++)
        per_credential |= ck->p->fees[i].kind == POLC_FEE_PER_CREDENTIAL;
    g = &ck->g[D_CREDENTIAL];
    for (int i = 0; i < g->n && !per_credential; i++)
        if (ck->p->credentials[i].has_fee) {
            diag_warning(ck->d, first_stmt(g->v[i], S_FEE)->key, "unused",
                         "credential fees are never charged: no fee is 'per credential'");
            break;
        }
    if (ck->single[D_CPR_AED]) {
        int needed = 0;
        for (int i = 0; i < ck->p->n_paths; i++)
            needed |= (ck->p->paths[i].requires & POLC_REQ_CPR_AED) != 0;
        if (!needed)
            diag_warning(ck->d, ck->single[D_CPR_AED]->key, "unused",
                         "no path requires the cpr_aed card");
    }
}

static void check_cites(struct checker *ck, const struct ast *ast)
{
    for (const struct decl *d = ast->decls; d; d = d->next)
        collect_cites(ck, d);
    ck->p->cites = ck->cites;
    ck->p->n_cites = ck->n_cites;
}

int check(const struct ast *ast, const struct source *src, struct diags *d,
          struct arena *a, struct override *ov, int n_ov, struct model *m)
{
    struct checker ck;
    memset(&ck, 0, sizeof ck);
    memset(m, 0, sizeof *m);
    ck.d = d;
    ck.a = a;
    ck.src = src;
    ck.m = m;
    ck.p = &m->p;
    ck.ov = ov;
    ck.n_ov = n_ov;
    m->src = src;
    m->p.magic = POLC_MAGIC;
    m->p.version = POLC_TABLE_VERSION;
    m->p.source = src->name;
    int before = d->errors;
    collect(&ck, ast);
    check_policy(&ck);
    check_units(&ck);
    check_params(&ck);
    check_credentials(&ck);
    check_together(&ck);
    check_cycle(&ck);
    check_courses(&ck);
    check_cpr_aed(&ck);
    check_categories(&ck);
    check_fees(&ck);
    check_paths(&ck);
    check_windows(&ck);
    check_audit(&ck);
    check_path_success(&ck);
    warn_unused(&ck);
    check_cites(&ck, ast);
    if (!m->p.currency)
        m->p.currency = "";
    if (!m->p.name)
        m->p.name = "";
    return d->errors == before ? 0 : -1;
}
