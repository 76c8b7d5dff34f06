/* diff.c - `polc diff`: the structural diff of two policy tables, then the
 * impact of the change on a stream of records (see diff.h for the report). */
#include "diff.h"

#include "buf.h"
#include "internal.h"
#include "polc.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Small strings                                                       */
/* ------------------------------------------------------------------ */

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* A NUL-terminated copy of the buffer's contents, or NULL (sets *failed). */
static char *take(const struct polc_buf *b, int *failed)
{
    if (b->failed) {
        *failed = 1;
        return NULL;
    }
    char *s = malloc(b->len + 1);
    if (!s) {
        *failed = 1;
        return NULL;
    }
    if (b->len)
        memcpy(s, b->ptr, b->len);
    s[b->len] = '\0';
    return s;
}

static int buf_eq(const struct polc_buf *a, const struct polc_buf *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}

static void put_long(struct polc_buf *b, long v)
{
    buf_long(b, v);
}

static void put_places(struct polc_buf *b, polc_dec v, int places)
{
    char s[32];
    buf_put(b, s, polc_dec_format(v, places, s));
}

static void put_money(struct polc_buf *b, polc_dec v)
{
    put_places(b, v, 2);
}

/* A decimal with no trailing zeros: 12.5, 10, 0.05. */
static void put_trim(struct polc_buf *b, polc_dec v)
{
    char s[32];
    size_t n = polc_dec_format(v, POLC_DEC_PLACES, s);
    while (n > 0 && s[n - 1] == '0')
        n--;
    if (n > 0 && s[n - 1] == '.')
        n--;
    buf_put(b, s, n);
}

static void put_quoted(struct polc_buf *b, const char *s)
{
    if (s)
        buf_json_cstr(b, s);
    else
        buf_puts(b, "none");
}

static void put_date(struct polc_buf *b, polc_date d)
{
    char s[11];
    polc_date_format(d, s);
    buf_put(b, s, 10);
}

static void put_steps(struct polc_buf *b, long n, enum polc_step s)
{
    int one = n == 1 || n == -1;
    put_long(b, n);
    switch (s) {
    case POLC_DAYS: buf_puts(b, one ? " day" : " days"); break;
    case POLC_MONTHS: buf_puts(b, one ? " month" : " months"); break;
    case POLC_YEARS: buf_puts(b, one ? " year" : " years"); break;
    }
}

/* "expiry + 90 days", "cycle_start", "application + 30 days". */
static void put_expr(struct polc_buf *b, const struct polc_date_expr *e)
{
    switch (e->base) {
    case POLC_AT_CYCLE_START: buf_puts(b, "cycle_start"); break;
    case POLC_AT_EXPIRY: buf_puts(b, "expiry"); break;
    case POLC_AT_APPLICATION: buf_puts(b, "application"); break;
    }
    if (e->n == 0)
        return;
    buf_puts(b, e->n < 0 ? " - " : " + ");
    put_steps(b, e->n < 0 ? -(long)e->n : (long)e->n, e->step);
}

/* "10%", "12.5%", from basis points. */
static void put_rate_bp(struct polc_buf *b, int32_t bp)
{
    put_trim(b, (polc_dec)bp * 10000); /* 1000 bp: 10%, 10.0 in millionths */
    buf_putc(b, '%');
}

static const char *unit_name(const struct polc_policy *p)
{
    return p->n_units > 0 && p->unit >= 0 && p->unit < p->n_units ? p->units[p->unit].name
                                                                   : NULL;
}

static int unit_places(const struct polc_policy *p)
{
    return p->n_units > 0 && p->unit >= 0 && p->unit < p->n_units ? p->units[p->unit].places
                                                                   : POLC_DEC_PLACES;
}

/* Fee names of a bit set, in declaration order; "nothing" when empty. */
static void put_fee_bits(struct polc_buf *b, const struct polc_policy *p, uint64_t bits)
{
    int any = 0;
    for (int32_t i = 0; i < p->n_fees && i < 64; i++) {
        if (!(bits & ((uint64_t)1 << i)))
            continue;
        if (any)
            buf_puts(b, ", ");
        buf_puts(b, p->fees[i].name);
        any = 1;
    }
    if (!any)
        buf_puts(b, "nothing");
}

static const char *combine_word(enum polc_combine c)
{
    switch (c) {
    case POLC_HIGHEST: return "highest";
    case POLC_SUM: return "sum";
    case POLC_EACH: return "each";
    }
    return "?";
}

static const char *anchor_word(enum polc_anchor a)
{
    switch (a) {
    case POLC_ANCHOR_ANNIVERSARY: return "day_before_anniversary";
    case POLC_ANCHOR_END_OF_MONTH: return "end_of_month";
    case POLC_ANCHOR_DEC31: return "december_31";
    }
    return "?";
}

static const char *fee_kind_word(enum polc_fee_kind k)
{
    switch (k) {
    case POLC_FEE_FLAT: return "flat";
    case POLC_FEE_PER_PETITION: return "per petition";
    case POLC_FEE_PER_CREDENTIAL: return "per credential";
    }
    return "?";
}

static const char *param_name(const struct polc_policy *p, int32_t i)
{
    return i >= 0 && i < p->n_params ? p->params[i].name : NULL;
}

/* ------------------------------------------------------------------ */
/* The structural diff                                                 */
/* ------------------------------------------------------------------ */

enum change { CH_CHANGED, CH_ADDED, CH_REMOVED };

struct entry {
    char *subject;
    enum change kind;
    char *old, *new_;          /* NULL: none (added / removed) */
    char *unit;                /* NULL: none, or already in the values */
};

struct sdiff {
    const struct polc_policy *p, *q;   /* old, new */
    struct entry *v;
    size_t n, cap;
    int failed;
    struct polc_buf s, a, b;   /* scratch: subject, old value, new value */
    const char *ua, *ub;       /* units of a and b (NULL: none) */
};

static void start(struct sdiff *d, const char *s1, const char *s2)
{
    d->s.len = d->a.len = d->b.len = 0;
    d->ua = d->ub = NULL;
    buf_puts(&d->s, s1);
    if (s2)
        buf_puts(&d->s, s2);
}

static void push(struct sdiff *d, enum change kind, int with_a, int with_b, const char *unit)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        struct entry *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            d->failed = 1;
            return;
        }
        d->v = v;
        d->cap = cap;
    }
    struct entry *e = &d->v[d->n];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->subject = take(&d->s, &d->failed);
    if (with_a)
        e->old = take(&d->a, &d->failed);
    if (with_b)
        e->new_ = take(&d->b, &d->failed);
    if (unit) {
        e->unit = malloc(strlen(unit) + 1);
        if (e->unit)
            strcpy(e->unit, unit);
        else
            d->failed = 1;
    }
    d->n++;
}

/* Emits "changed" when the two values (with their units) differ.  With the
 * same unit on both sides it is kept apart ("75.00 -> 85.00 USD"); else
 * each value carries its own. */
static void differs(struct sdiff *d)
{
    if (buf_eq(&d->a, &d->b) && same(d->ua, d->ub))
        return;
    if (same(d->ua, d->ub)) {
        push(d, CH_CHANGED, 1, 1, d->ua);
        return;
    }
    if (d->ua) {
        buf_putc(&d->a, ' ');
        buf_puts(&d->a, d->ua);
    }
    if (d->ub) {
        buf_putc(&d->b, ' ');
        buf_puts(&d->b, d->ub);
    }
    push(d, CH_CHANGED, 1, 1, NULL);
}

/* An item only one side has; its description is in a (removed) or b. */
static void removed(struct sdiff *d)
{
    push(d, CH_REMOVED, d->a.len > 0, 0, NULL);
}

static void added(struct sdiff *d)
{
    push(d, CH_ADDED, 0, d->b.len > 0, NULL);
}

/* Compares two C strings shown as they are (words) or quoted (texts). */
static void cmp_word(struct sdiff *d, const char *s1, const char *s2, const char *x,
                     const char *y)
{
    start(d, s1, s2);
    buf_puts(&d->a, x ? x : "none");
    buf_puts(&d->b, y ? y : "none");
    differs(d);
}

static void cmp_text(struct sdiff *d, const char *s1, const char *s2, const char *x,
                     const char *y)
{
    start(d, s1, s2);
    put_quoted(&d->a, x);
    put_quoted(&d->b, y);
    differs(d);
}

/* An order of names (paths, windows, fees) among those both sides have. */
typedef const char *name_fn(const struct polc_policy *p, int32_t i);

static void put_common(struct polc_buf *b, const struct polc_policy *p, int32_t np,
                       const struct polc_policy *q, int32_t nq, name_fn *name)
{
    int any = 0;
    for (int32_t i = 0; i < np; i++) {
        int common = 0;
        for (int32_t j = 0; j < nq && !common; j++)
            common = same(name(p, i), name(q, j));
        if (!common)
            continue;
        if (any)
            buf_puts(b, ", ");
        buf_puts(b, name(p, i));
        any = 1;
    }
}

static void cmp_order(struct sdiff *d, const char *subject, int32_t np, int32_t nq,
                      name_fn *name)
{
    start(d, subject, NULL);
    put_common(&d->a, d->p, np, d->q, nq, name);
    put_common(&d->b, d->q, nq, d->p, np, name);
    differs(d);
}

static const char *fee_name_at(const struct polc_policy *p, int32_t i)
{
    return p->fees[i].name;
}

static const char *path_name_at(const struct polc_policy *p, int32_t i)
{
    return p->paths[i].name;
}

static const char *window_name_at(const struct polc_policy *p, int32_t i)
{
    return p->windows[i].name;
}

/* ---- the policy block, units, params ------------------------------ */

static void diff_header(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    cmp_text(d, "policy name", NULL, p->name, q->name);
    cmp_text(d, "policy title", NULL, p->title, q->title);
    cmp_text(d, "policy body", NULL, p->body, q->body);
    cmp_word(d, "policy currency", NULL, p->currency, q->currency);
}

/* "precision 0.1": one step of the unit's places. */
static void put_precision(struct polc_buf *b, int32_t places)
{
    polc_dec step = POLC_DEC_SCALE;
    for (int32_t i = 0; i < places && i < POLC_DEC_PLACES; i++)
        step /= 10;
    buf_puts(b, "precision ");
    put_places(b, step, places);
}

static void describe_unit(struct polc_buf *b, const struct polc_unit *u)
{
    put_precision(b, u->places);
    buf_puts(b, ", hours ");
    put_long(b, u->hours);
}

static const struct polc_unit *find_unit(const struct polc_policy *p, const char *name)
{
    for (int32_t i = 0; i < p->n_units; i++)
        if (same(p->units[i].name, name))
            return &p->units[i];
    return NULL;
}

static void diff_units(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_units; i++) {
        const struct polc_unit *u = &p->units[i], *v = find_unit(q, u->name);
        if (!v) {
            start(d, "unit ", u->name);
            describe_unit(&d->a, u);
            removed(d);
            continue;
        }
        start(d, "unit ", u->name);
        put_precision(&d->a, u->places);
        put_precision(&d->b, v->places);
        differs(d);
        start(d, "unit ", u->name);
        buf_puts(&d->a, "hours ");
        put_long(&d->a, u->hours);
        buf_puts(&d->b, "hours ");
        put_long(&d->b, v->hours);
        differs(d);
    }
    for (int32_t j = 0; j < q->n_units; j++) {
        if (find_unit(p, q->units[j].name))
            continue;
        start(d, "unit ", q->units[j].name);
        describe_unit(&d->b, &q->units[j]);
        added(d);
    }
    cmp_word(d, "reporting unit", NULL, unit_name(p), unit_name(q));
}

/* A parameter's value and its unit (money: the currency; percent: none,
 * the value has its %). */
static const char *param_value(struct polc_buf *b, const struct polc_policy *p,
                               const struct polc_param *x)
{
    switch (x->kind) {
    case POLC_PARAM_MONEY:
        put_money(b, x->value);
        return p->currency;
    case POLC_PARAM_PERCENT:
        put_trim(b, x->value);
        buf_putc(b, '%');
        return NULL;
    case POLC_PARAM_NUMBER:
        put_trim(b, x->value);
        return NULL;
    }
    return NULL;
}

static const struct polc_param *find_param(const struct polc_policy *p, const char *name)
{
    for (int32_t i = 0; i < p->n_params; i++)
        if (same(p->params[i].name, name))
            return &p->params[i];
    return NULL;
}

static void describe_param(struct polc_buf *b, const struct polc_policy *p,
                           const struct polc_param *x)
{
    const char *u = param_value(b, p, x);
    if (u) {
        buf_putc(b, ' ');
        buf_puts(b, u);
    }
    if (x->assumed)
        buf_puts(b, ", assumed");
}

static void diff_params(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_params; i++) {
        const struct polc_param *x = &p->params[i], *y = find_param(q, x->name);
        if (!y) {
            start(d, "param ", x->name);
            describe_param(&d->a, p, x);
            removed(d);
            continue;
        }
        start(d, "param ", x->name);
        d->ua = param_value(&d->a, p, x);
        d->ub = param_value(&d->b, q, y);
        differs(d);
        cmp_word(d, "param ", x->name, x->assumed ? "assumed" : "stated",
                 y->assumed ? "assumed" : "stated");
        if (!same(x->note, y->note)) {
            start(d, "param ", x->name);
            buf_puts(&d->a, "note ");
            put_quoted(&d->a, x->note);
            buf_puts(&d->b, "note ");
            put_quoted(&d->b, y->note);
            differs(d);
        }
    }
    for (int32_t j = 0; j < q->n_params; j++) {
        const struct polc_param *y = &q->params[j];
        if (find_param(p, y->name))
            continue;
        start(d, "param ", y->name);
        describe_param(&d->b, q, y);
        added(d);
    }
}

/* ---- credentials, together, cycle, courses, card ------------------ */

static const struct polc_credential *find_cred(const struct polc_policy *p, const char *code)
{
    for (int32_t i = 0; i < p->n_credentials; i++)
        if (same(p->credentials[i].code, code))
            return &p->credentials[i];
    return NULL;
}

static void describe_cred(struct polc_buf *b, const struct polc_policy *p,
                          const struct polc_credential *c)
{
    buf_puts(b, "requires ");
    put_places(b, c->required, unit_places(p));
    if (unit_name(p)) {
        buf_putc(b, ' ');
        buf_puts(b, unit_name(p));
    }
    if (c->has_fee) {
        buf_puts(b, ", fee ");
        put_money(b, c->fee);
        buf_putc(b, ' ');
        buf_puts(b, p->currency);
    }
}

static void diff_credentials(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_credentials; i++) {
        const struct polc_credential *x = &p->credentials[i], *y = find_cred(q, x->code);
        start(d, "credential ", x->code);
        if (!y) {
            describe_cred(&d->a, p, x);
            removed(d);
            continue;
        }
        buf_puts(&d->s, " title");
        put_quoted(&d->a, x->title);
        put_quoted(&d->b, y->title);
        differs(d);
        if (x->required != y->required || !same(unit_name(p), unit_name(q))) {
            start(d, "credential ", x->code);
            buf_puts(&d->s, " requires");
            put_places(&d->a, x->required, unit_places(p));
            put_places(&d->b, y->required, unit_places(q));
            d->ua = unit_name(p);
            d->ub = unit_name(q);
            differs(d);
        }
        if (x->has_fee != y->has_fee || (x->has_fee && x->fee != y->fee) ||
            (x->has_fee && !same(p->currency, q->currency))) {
            start(d, "credential ", x->code);
            buf_puts(&d->s, " fee");
            if (x->has_fee) {
                put_money(&d->a, x->fee);
                d->ua = p->currency;
            } else {
                buf_puts(&d->a, "none");
            }
            if (y->has_fee) {
                put_money(&d->b, y->fee);
                d->ub = q->currency;
            } else {
                buf_puts(&d->b, "none");
            }
            differs(d);
        }
    }
    for (int32_t j = 0; j < q->n_credentials; j++) {
        const struct polc_credential *y = &q->credentials[j];
        if (find_cred(p, y->code))
            continue;
        start(d, "credential ", y->code);
        describe_cred(&d->b, q, y);
        added(d);
    }
    cmp_word(d, "together units", NULL, combine_word(p->units_together),
             combine_word(q->units_together));
    cmp_word(d, "together fees", NULL, combine_word(p->fees_together),
             combine_word(q->fees_together));
}

static void diff_cycle(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    start(d, "cycle length", NULL);
    put_steps(&d->a, p->cycle.length, p->cycle.step);
    put_steps(&d->b, q->cycle.length, q->cycle.step);
    differs(d);
    cmp_word(d, "cycle expires", NULL, anchor_word(p->cycle.anchor), anchor_word(q->cycle.anchor));
    cmp_word(d, "cycle leap_day", NULL, p->cycle.leap == POLC_LEAP_MAR1 ? "mar1" : "feb28",
             q->cycle.leap == POLC_LEAP_MAR1 ? "mar1" : "feb28");
}

static void put_accept(struct polc_buf *b, const struct polc_courses *c)
{
    int any = 0;
#define ITEM(s)                                                                             \
    do {                                                                                    \
        if (any)                                                                            \
            buf_puts(b, ", ");                                                              \
        buf_puts(b, s);                                                                     \
        any = 1;                                                                            \
    } while (0)
    if (c->accept_any)
        ITEM("any");
    if (c->accept_approved)
        ITEM("approved");
    for (int32_t i = 0; i < c->n_providers; i++) {
        ITEM("provider ");
        buf_json_cstr(b, c->providers[i]);
    }
    if (c->petitions == POLC_PETITIONS_APPROVED)
        ITEM("petitions approved");
    else if (c->petitions == POLC_PETITIONS_ANY)
        ITEM("petitions any");
    if (!any)
        buf_puts(b, "nothing");
#undef ITEM
}

static void put_count(struct polc_buf *b, const struct polc_courses *c)
{
    buf_puts(b, "count from ");
    put_expr(b, &c->from);
    buf_puts(b, " through ");
    put_expr(b, &c->through);
}

static void describe_card(struct polc_buf *b, const struct polc_policy *p)
{
    buf_puts(b, p->cpr_aed.valid_on == POLC_CARD_ON_APPLICATION ? "valid on application"
                                                                : "valid on expiry");
    if (p->cpr_aed.credit) {
        buf_puts(b, ", credit ");
        put_places(b, p->cpr_aed.credit, unit_places(p));
        if (unit_name(p)) {
            buf_putc(b, ' ');
            buf_puts(b, unit_name(p));
        }
    }
}

static void diff_courses_card(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    start(d, "courses", NULL);
    buf_puts(&d->a, "accept ");
    put_accept(&d->a, &p->courses);
    buf_puts(&d->b, "accept ");
    put_accept(&d->b, &q->courses);
    differs(d);
    start(d, "courses", NULL);
    put_count(&d->a, &p->courses);
    put_count(&d->b, &q->courses);
    differs(d);

    start(d, "cpr_aed", NULL);
    if (p->cpr_aed.declared && !q->cpr_aed.declared) {
        describe_card(&d->a, p);
        removed(d);
    } else if (!p->cpr_aed.declared && q->cpr_aed.declared) {
        describe_card(&d->b, q);
        added(d);
    } else if (p->cpr_aed.declared) {
        buf_puts(&d->a, p->cpr_aed.valid_on == POLC_CARD_ON_APPLICATION ? "valid on application"
                                                                        : "valid on expiry");
        buf_puts(&d->b, q->cpr_aed.valid_on == POLC_CARD_ON_APPLICATION ? "valid on application"
                                                                        : "valid on expiry");
        differs(d);
        if (p->cpr_aed.credit != q->cpr_aed.credit || !same(unit_name(p), unit_name(q))) {
            start(d, "cpr_aed credit", NULL);
            if (p->cpr_aed.credit) {
                put_places(&d->a, p->cpr_aed.credit, unit_places(p));
                d->ua = unit_name(p);
            } else {
                buf_puts(&d->a, "none");
            }
            if (q->cpr_aed.credit) {
                put_places(&d->b, q->cpr_aed.credit, unit_places(q));
                d->ub = unit_name(q);
            } else {
                buf_puts(&d->b, "none");
            }
            if (p->cpr_aed.credit || q->cpr_aed.credit)
                differs(d);
        }
    }
}

/* ---- categories, fees, paths, windows, audit ---------------------- */

static const struct polc_category *find_cat(const struct polc_policy *p, const char *name)
{
    for (int32_t i = 0; i < p->n_categories; i++)
        if (same(p->categories[i].name, name))
            return &p->categories[i];
    return NULL;
}

static void describe_cat(struct polc_buf *b, const struct polc_policy *p,
                         const struct polc_category *c)
{
    if (c->has_min) {
        buf_puts(b, "at least ");
        put_places(b, c->min, unit_places(p));
    }
    if (c->has_max) {
        buf_puts(b, c->has_min ? ", at most " : "at most ");
        put_places(b, c->max, unit_places(p));
    }
    if (unit_name(p)) {
        buf_putc(b, ' ');
        buf_puts(b, unit_name(p));
    }
}

static void cmp_limit(struct sdiff *d, const char *name, const char *what, int ha, polc_dec va,
                      int hb, polc_dec vb)
{
    const struct polc_policy *p = d->p, *q = d->q;
    if (ha == hb && (!ha || va == vb) && same(unit_name(p), unit_name(q)))
        return;
    start(d, "category ", name);
    buf_puts(&d->s, what);
    if (ha) {
        put_places(&d->a, va, unit_places(p));
        d->ua = unit_name(p);
    } else {
        buf_puts(&d->a, "none");
    }
    if (hb) {
        put_places(&d->b, vb, unit_places(q));
        d->ub = unit_name(q);
    } else {
        buf_puts(&d->b, "none");
    }
    differs(d);
}

static void diff_categories(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_categories; i++) {
        const struct polc_category *x = &p->categories[i], *y = find_cat(q, x->name);
        if (!y) {
            start(d, "category ", x->name);
            describe_cat(&d->a, p, x);
            removed(d);
            continue;
        }
        cmp_limit(d, x->name, " at least", x->has_min, x->min, y->has_min, y->min);
        cmp_limit(d, x->name, " at most", x->has_max, x->max, y->has_max, y->max);
    }
    for (int32_t j = 0; j < q->n_categories; j++) {
        const struct polc_category *y = &q->categories[j];
        if (find_cat(p, y->name))
            continue;
        start(d, "category ", y->name);
        describe_cat(&d->b, q, y);
        added(d);
    }
}

static const struct polc_fee *find_fee(const struct polc_policy *p, const char *name)
{
    for (int32_t i = 0; i < p->n_fees; i++)
        if (same(p->fees[i].name, name))
            return &p->fees[i];
    return NULL;
}

static void describe_fee(struct polc_buf *b, const struct polc_policy *p,
                         const struct polc_fee *f)
{
    if (f->kind == POLC_FEE_PER_CREDENTIAL) {
        buf_puts(b, "per credential");
        return;
    }
    put_money(b, f->amount);
    buf_putc(b, ' ');
    buf_puts(b, p->currency);
    if (f->kind == POLC_FEE_PER_PETITION)
        buf_puts(b, " per petition");
    if (param_name(p, f->param)) {
        buf_puts(b, ", from param ");
        buf_puts(b, param_name(p, f->param));
    }
}

static void diff_fees(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_fees; i++) {
        const struct polc_fee *x = &p->fees[i], *y = find_fee(q, x->name);
        if (!y) {
            start(d, "fee ", x->name);
            describe_fee(&d->a, p, x);
            removed(d);
            continue;
        }
        cmp_word(d, "fee ", x->name, fee_kind_word(x->kind), fee_kind_word(y->kind));
        if (x->kind != POLC_FEE_PER_CREDENTIAL && y->kind != POLC_FEE_PER_CREDENTIAL) {
            start(d, "fee ", x->name);
            put_money(&d->a, x->amount);
            d->ua = p->currency;
            put_money(&d->b, y->amount);
            d->ub = q->currency;
            differs(d);
        }
        start(d, "fee ", x->name);
        buf_puts(&d->s, " param");
        buf_puts(&d->a, param_name(p, x->param) ? param_name(p, x->param) : "none");
        buf_puts(&d->b, param_name(q, y->param) ? param_name(q, y->param) : "none");
        differs(d);
    }
    for (int32_t j = 0; j < q->n_fees; j++) {
        const struct polc_fee *y = &q->fees[j];
        if (find_fee(p, y->name))
            continue;
        start(d, "fee ", y->name);
        describe_fee(&d->b, q, y);
        added(d);
    }
    cmp_order(d, "fees order", p->n_fees, q->n_fees, fee_name_at);
}

/* "requires units, cpr_aed, exam from cycle_start through expiry". */
static void put_requires(struct polc_buf *b, const struct polc_policy *p, uint32_t r)
{
    int any = 0;
    static const struct { uint32_t bit; const char *word; } w[] = {
        { POLC_REQ_UNITS, "units" }, { POLC_REQ_CPR_AED, "cpr_aed" }, { POLC_REQ_EXAM, "exam" }
    };
    buf_puts(b, "requires ");
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        if (!(r & w[i].bit))
            continue;
        if (any)
            buf_puts(b, ", ");
        buf_puts(b, w[i].word);
        any = 1;
    }
    if (!any)
        buf_puts(b, "nothing");
    if (r & POLC_REQ_EXAM) {
        buf_puts(b, " from ");
        put_expr(b, &p->exam_from);
        buf_puts(b, " through ");
        put_expr(b, &p->exam_through);
    }
}

static const struct polc_path *find_path(const struct polc_policy *p, const char *name)
{
    for (int32_t i = 0; i < p->n_paths; i++)
        if (same(p->paths[i].name, name))
            return &p->paths[i];
    return NULL;
}

static void describe_path(struct polc_buf *b, const struct polc_policy *p,
                          const struct polc_path *x)
{
    put_requires(b, p, x->requires);
    buf_puts(b, ", charges ");
    put_fee_bits(b, p, x->fees);
}

static void diff_paths(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_paths; i++) {
        const struct polc_path *x = &p->paths[i], *y = find_path(q, x->name);
        if (!y) {
            start(d, "path ", x->name);
            describe_path(&d->a, p, x);
            removed(d);
            continue;
        }
        start(d, "path ", x->name);
        buf_puts(&d->s, " title");
        put_quoted(&d->a, x->title);
        put_quoted(&d->b, y->title);
        differs(d);
        start(d, "path ", x->name);
        put_requires(&d->a, p, x->requires);
        put_requires(&d->b, q, y->requires);
        differs(d);
        start(d, "path ", x->name);
        buf_puts(&d->a, "charges ");
        put_fee_bits(&d->a, p, x->fees);
        buf_puts(&d->b, "charges ");
        put_fee_bits(&d->b, q, y->fees);
        differs(d);
    }
    for (int32_t j = 0; j < q->n_paths; j++) {
        const struct polc_path *y = &q->paths[j];
        if (find_path(p, y->name))
            continue;
        start(d, "path ", y->name);
        describe_path(&d->b, q, y);
        added(d);
    }
    cmp_order(d, "paths order", p->n_paths, q->n_paths, path_name_at);
}

static const struct polc_window *find_window(const struct polc_policy *p, const char *name)
{
    for (int32_t i = 0; i < p->n_windows; i++)
        if (same(p->windows[i].name, name))
            return &p->windows[i];
    return NULL;
}

static void put_win_from(struct polc_buf *b, const struct polc_window *w)
{
    buf_puts(b, "from ");
    put_expr(b, &w->from);
}

static void put_win_end(struct polc_buf *b, const struct polc_window *w)
{
    buf_puts(b, w->end_inclusive ? "through " : "before ");
    put_expr(b, &w->end);
}

static void put_win_charges(struct polc_buf *b, const struct polc_policy *p,
                            const struct polc_window *w)
{
    buf_puts(b, "charges ");
    put_fee_bits(b, p, w->fees);
}

static void describe_window(struct polc_buf *b, const struct polc_policy *p,
                            const struct polc_window *w)
{
    put_win_from(b, w);
    buf_putc(b, ' ');
    put_win_end(b, w);
    buf_puts(b, ", ");
    put_win_charges(b, p, w);
    if (w != p->windows) /* the first window's fees mode has no effect */
        buf_puts(b, w->cumulative ? ", fees cumulative" : ", fees replacing");
}

static void diff_windows(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    for (int32_t i = 0; i < p->n_windows; i++) {
        const struct polc_window *x = &p->windows[i], *y = find_window(q, x->name);
        if (!y) {
            start(d, "window ", x->name);
            describe_window(&d->a, p, x);
            removed(d);
            continue;
        }
        start(d, "window ", x->name);
        put_win_from(&d->a, x);
        put_win_from(&d->b, y);
        differs(d);
        start(d, "window ", x->name);
        put_win_end(&d->a, x);
        put_win_end(&d->b, y);
        differs(d);
        start(d, "window ", x->name);
        put_win_charges(&d->a, p, x);
        put_win_charges(&d->b, q, y);
        differs(d);
        cmp_word(d, "window ", x->name, x->cumulative ? "fees cumulative" : "fees replacing",
                 y->cumulative ? "fees cumulative" : "fees replacing");
    }
    for (int32_t j = 0; j < q->n_windows; j++) {
        const struct polc_window *y = &q->windows[j];
        if (find_window(p, y->name))
            continue;
        start(d, "window ", y->name);
        describe_window(&d->b, q, y);
        added(d);
    }
    cmp_order(d, "windows order", p->n_windows, q->n_windows, window_name_at);
}

static void describe_audit(struct polc_buf *b, const struct polc_policy *p)
{
    buf_puts(b, "rate ");
    put_rate_bp(b, p->audit.rate_bp);
    buf_puts(b, ", documents due application + ");
    put_steps(b, p->audit.due_days, POLC_DAYS);
}

static void diff_audit(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    start(d, "audit", NULL);
    if (p->audit.declared && !q->audit.declared) {
        describe_audit(&d->a, p);
        removed(d);
        return;
    }
    if (!p->audit.declared && q->audit.declared) {
        describe_audit(&d->b, q);
        added(d);
        return;
    }
    if (!p->audit.declared)
        return;
    buf_puts(&d->a, "rate ");
    put_rate_bp(&d->a, p->audit.rate_bp);
    buf_puts(&d->b, "rate ");
    put_rate_bp(&d->b, q->audit.rate_bp);
    differs(d);
    start(d, "audit", NULL);
    buf_puts(&d->a, "documents due application + ");
    put_steps(&d->a, p->audit.due_days, POLC_DAYS);
    buf_puts(&d->b, "documents due application + ");
    put_steps(&d->b, q->audit.due_days, POLC_DAYS);
    differs(d);
    cmp_word(d, "audit rate param", NULL, param_name(p, p->audit.param),
             param_name(q, q->audit.param));
}

/* ---- cites: per rule, the texts as a set --------------------------- */

static void diff_cites(struct sdiff *d)
{
    const struct polc_policy *p = d->p, *q = d->q;
    int32_t na = p->n_cites, nb = q->n_cites;
    char *ua = calloc((size_t)na + 1, 1), *ub = calloc((size_t)nb + 1, 1);
    if (!ua || !ub) {
        free(ua);
        free(ub);
        d->failed = 1;
        return;
    }
    for (int32_t i = 0; i < na; i++)
        for (int32_t j = 0; j < nb; j++)
            if (!ub[j] && same(p->cites[i].rule, q->cites[j].rule) &&
                same(p->cites[i].text, q->cites[j].text)) {
                ua[i] = ub[j] = 1;
                break;
            }
    /* Rules in order of first appearance, old side first. */
    for (int32_t k = 0; k < na + nb; k++) {
        const char *rule = k < na ? p->cites[k].rule : q->cites[k - na].rule;
        int seen = 0;
        for (int32_t m = 0; m < k && !seen; m++)
            seen = same(rule, m < na ? p->cites[m].rule : q->cites[m - na].rule);
        if (seen)
            continue;
        int32_t i = 0, j = 0;
        for (;;) {
            while (i < na && (ua[i] || !same(p->cites[i].rule, rule)))
                i++;
            while (j < nb && (ub[j] || !same(q->cites[j].rule, rule)))
                j++;
            if (i >= na && j >= nb)
                break;
            start(d, "cite ", rule);
            if (i < na)
                put_quoted(&d->a, p->cites[i].text);
            if (j < nb)
                put_quoted(&d->b, q->cites[j].text);
            if (i < na && j < nb)
                push(d, CH_CHANGED, 1, 1, NULL);
            else if (i < na)
                removed(d);
            else
                added(d);
            if (i < na)
                ua[i++] = 1;
            if (j < nb)
                ub[j++] = 1;
        }
    }
    free(ua);
    free(ub);
}

static void sdiff_run(struct sdiff *d)
{
    diff_header(d);
    diff_units(d);
    diff_params(d);
    diff_credentials(d);
    diff_cycle(d);
    diff_courses_card(d);
    diff_categories(d);
    diff_fees(d);
    diff_paths(d);
    diff_windows(d);
    diff_audit(d);
    diff_cites(d);
    if (d->s.failed || d->a.failed || d->b.failed)
        d->failed = 1;
}

static void sdiff_free(struct sdiff *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].subject);
        free(d->v[i].old);
        free(d->v[i].new_);
        free(d->v[i].unit);
    }
    free(d->v);
    polc_buf_free(&d->s);
    polc_buf_free(&d->a);
    polc_buf_free(&d->b);
}

/* "fee late: 75.00 -> 85.00 USD", "window grace: added (...)". */
static void put_entry_text(struct polc_buf *b, const struct entry *e)
{
    buf_puts(b, e->subject ? e->subject : "");
    buf_puts(b, ": ");
    switch (e->kind) {
    case CH_CHANGED:
        buf_puts(b, e->old ? e->old : "");
        buf_puts(b, " -> ");
        buf_puts(b, e->new_ ? e->new_ : "");
        if (e->unit) {
            buf_putc(b, ' ');
            buf_puts(b, e->unit);
        }
        break;
    case CH_ADDED:
    case CH_REMOVED:
        buf_puts(b, e->kind == CH_ADDED ? "added" : "removed");
        if (e->kind == CH_ADDED ? e->new_ != NULL : e->old != NULL) {
            buf_puts(b, " (");
            buf_puts(b, e->kind == CH_ADDED ? e->new_ : e->old);
            buf_putc(b, ')');
        }
        break;
    }
}

/* ------------------------------------------------------------------ */
/* The impact on the records                                           */
/* ------------------------------------------------------------------ */

enum { ST_RENEWABLE, ST_INCOMPLETE, ST_EXPIRED, ST_ERROR, N_ST };
static const char *const st_name[N_ST] = { "renewable", "incomplete", "expired", "error" };

struct example {
    long line;
    char *id;                  /* JSON: a string or null */
    char *old, *new_;          /* the two output objects, no newline */
};

struct transition {
    long count;
    struct example *ex;
    int n_ex;
};

struct side_totals {
    long n[N_ST];
    polc_dec fees_renewable, fees_open;
    int overflow;
};

/* One policy's view of the current line. */
struct side {
    const struct polc_policy *p;
    struct polc_reader *rd;
    uint8_t *verdicts;
    size_t cap_verdicts;
    struct polc_buf out;       /* the line's output object */
    struct polc_record rec;
    struct polc_decision d;
    struct polc_line_error err;
    int bad;
    struct side_totals t;
};

struct impact {
    const struct diff_options *o;
    struct side a, b;
    struct polc_policy alias;  /* new policy under the old name, for comparing */
    int renamed;
    struct polc_buf cmp;
    long lines, changed, status, window, path, fee_total, other;
    struct transition t[N_ST][N_ST];
    int failed;                /* memory or a table/record polc_eval refused */
};

static int room(struct side *s, int32_t n)
{
    if ((size_t)n <= s->cap_verdicts)
        return 0;
    uint8_t *v = realloc(s->verdicts, (size_t)n);
    if (!v)
        return -1;
    s->verdicts = v;
    s->cap_verdicts = (size_t)n;
    return 0;
}

static void too_long_error(struct polc_line_error *e)
{
    memset(e, 0, sizeof *e);
    e->code = "line_too_long";
    snprintf(e->message, sizeof e->message, "line longer than %d bytes", POLC_MAX_LINE);
}

static void add_fee(polc_dec *sum, polc_dec v, int *overflow)
{
    if (polc_dec_add(*sum, v, sum) != 0)
        *overflow = 1;
}

/* Reads and decides the line under one policy; 0, or -1 on trouble. */
static int decide(struct impact *x, struct side *s, long line, const char *text, size_t n,
                  int is_too_long)
{
    s->out.len = 0;
    s->bad = 0;
    if (is_too_long) {
        too_long_error(&s->err);
        s->bad = 1;
    } else {
        polc_date applied;
        int rc = polc_read_record(s->rd, text, n, x->o->has_as_of, x->o->as_of, &s->rec,
                                  &applied, &s->err);
        if (rc < 0)
            return -1;
        if (rc != 0) {
            s->bad = 1;
        } else {
            memset(&s->d, 0, sizeof s->d);
            if (room(s, s->rec.n_courses) != 0)
                return -1;
            s->d.courses = s->verdicts;
            if (polc_eval(s->p, &s->rec, applied, &s->d) != 0)
                return -1;
        }
    }
    if (s->bad) {
        polc_write_error(&s->out, line, &s->err);
        s->t.n[ST_ERROR]++;
    } else {
        polc_write_decision(&s->out, s->p, &s->rec, &s->d);
        s->t.n[s->d.status]++;
        if (s->d.status == POLC_RENEWABLE)
            add_fee(&s->t.fees_renewable, s->d.fee_total, &s->t.overflow);
        if (s->d.status != POLC_EXPIRED)
            add_fee(&s->t.fees_open, s->d.fee_total, &s->t.overflow);
    }
    return s->out.failed ? -1 : 0;
}

static int status_of(const struct side *s)
{
    return s->bad ? ST_ERROR : (int)s->d.status;
}

static const char *window_name(const struct side *s)
{
    if (s->d.window == POLC_WINDOW_ON_TIME)
        return "on_time";
    if (s->d.window == POLC_WINDOW_NONE)
        return NULL;
    return s->p->windows[s->d.window].name;
}

static const char *path_name(const struct side *s)
{
    return s->p->n_paths ? s->p->paths[s->d.path].name : NULL;
}

/* The buffer without its trailing newline, as a string. */
static char *take_line(struct polc_buf *b, int *failed)
{
    size_t n = b->len;
    if (n && b->ptr[n - 1] == '\n')
        b->len--;
    char *s = take(b, failed);
    b->len = n;
    return s;
}

static void keep_example(struct impact *x, struct transition *t, long line)
{
    struct example *e = realloc(t->ex, (size_t)(t->n_ex + 1) * sizeof *e);
    if (!e) {
        x->failed = 1;
        return;
    }
    t->ex = e;
    e = &t->ex[t->n_ex++];
    memset(e, 0, sizeof *e);
    e->line = line;
    struct polc_buf id = { 0 };
    struct polc_str s = !x->a.bad ? x->a.rec.id : !x->b.bad ? x->b.rec.id : x->a.err.id;
    if (s.ptr)
        buf_json_string(&id, s.ptr, s.len);
    else
        buf_puts(&id, "null");
    e->id = take(&id, &x->failed);
    polc_buf_free(&id);
    e->old = take_line(&x->a.out, &x->failed);
    e->new_ = take_line(&x->b.out, &x->failed);
}

static void on_line(struct impact *x, long line, const char *s, size_t n, int is_too_long)
{
    if (x->failed)
        return;
    x->lines++;
    if (decide(x, &x->a, line, s, n, is_too_long) != 0 ||
        decide(x, &x->b, line, s, n, is_too_long) != 0) {
        x->failed = 1;
        return;
    }
    const struct polc_buf *cmp = &x->b.out;
    if (x->renamed && !x->b.bad) {
        x->cmp.len = 0;
        polc_write_decision(&x->cmp, &x->alias, &x->b.rec, &x->b.d);
        if (x->cmp.failed) {
            x->failed = 1;
            return;
        }
        cmp = &x->cmp;
    }
    if (buf_eq(&x->a.out, cmp))
        return;
    x->changed++;
    int sa = status_of(&x->a), sb = status_of(&x->b);
    int any = 0;
    if (sa != sb) {
        x->status++;
        any = 1;
    }
    if (!x->a.bad && !x->b.bad) {
        if (!same(window_name(&x->a), window_name(&x->b))) {
            x->window++;
            any = 1;
        }
        if (!same(path_name(&x->a), path_name(&x->b))) {
            x->path++;
            any = 1;
        }
        if (x->a.d.fee_total != x->b.d.fee_total) {
            x->fee_total++;
            any = 1;
        }
    }
    if (!any)
        x->other++;
    struct transition *t = &x->t[sa][sb];
    t->count++;
    if (t->n_ex < x->o->examples)
        keep_example(x, t, line);
}

/* ---- line framing (records.md "Lines") ---------------------------- */

static void framed_line(void *ctx, long line, const char *s, size_t n, int is_too_long)
{
    struct impact *x = ctx;
    if (!x->failed)
        on_line(x, line, s, n, is_too_long);
}

/* Reads the records to their end; 0, or -1 on a read error. */
static int frame_stream(FILE *in, struct impact *x)
{
    int io_error = 0;
    if (polc_frame_lines(in, framed_line, x, &io_error) < 0)
        x->failed = 1;
    return io_error ? -1 : 0;
}

static void impact_free(struct impact *x)
{
    struct side *s[2] = { &x->a, &x->b };
    for (int k = 0; k < 2; k++) {
        polc_reader_free(s[k]->rd);
        free(s[k]->verdicts);
        polc_buf_free(&s[k]->out);
    }
    polc_buf_free(&x->cmp);
    for (int i = 0; i < N_ST; i++)
        for (int j = 0; j < N_ST; j++) {
            struct transition *t = &x->t[i][j];
            for (int k = 0; k < t->n_ex; k++) {
                free(t->ex[k].id);
                free(t->ex[k].old);
                free(t->ex[k].new_);
            }
            free(t->ex);
        }
}

/* ------------------------------------------------------------------ */
/* The report                                                          */
/* ------------------------------------------------------------------ */

static void put_pad(struct polc_buf *b, size_t have, size_t width)
{
    while (have++ < width)
        buf_putc(b, ' ');
}

/* A fee total ("12345.00 USD"), or "overflow". */
static void put_total(struct polc_buf *b, polc_dec v, const struct side_totals *t,
                      const char *currency)
{
    if (t->overflow) {
        buf_puts(b, "overflow");
        return;
    }
    put_money(b, v);
    if (currency) {
        buf_putc(b, ' ');
        buf_puts(b, currency);
    }
}

static void put_signed_long(struct polc_buf *b, long v)
{
    if (v > 0)
        buf_putc(b, '+');
    put_long(b, v);
}

/* A table row: label, then the old, new and change cells right-aligned. */
struct row { const char *label; char old[64], new_[64], delta[64]; };

static void cell(char *dst, const struct polc_buf *b)
{
    size_t n = b->len < 63 ? b->len : 63;
    if (n)
        memcpy(dst, b->ptr, n);
    dst[n] = '\0';
}

static void put_table(struct polc_buf *b, const struct row *r, int n)
{
    size_t wl = 0, wo = 3, wn = 3, wd = 6;
    for (int i = 0; i < n; i++) {
        if (strlen(r[i].label) > wl)
            wl = strlen(r[i].label);
        if (strlen(r[i].old) > wo)
            wo = strlen(r[i].old);
        if (strlen(r[i].new_) > wn)
            wn = strlen(r[i].new_);
        if (strlen(r[i].delta) > wd)
            wd = strlen(r[i].delta);
    }
    buf_puts(b, "  ");
    put_pad(b, 0, wl + 2 + wo - 3);
    buf_puts(b, "old");
    put_pad(b, 0, 2 + wn - 3);
    buf_puts(b, "new");
    put_pad(b, 0, 2 + wd - 6);
    buf_puts(b, "change\n");
    for (int i = 0; i < n; i++) {
        buf_puts(b, "  ");
        buf_puts(b, r[i].label);
        put_pad(b, strlen(r[i].label), wl + 2);
        put_pad(b, strlen(r[i].old), wo);
        buf_puts(b, r[i].old);
        put_pad(b, strlen(r[i].new_), wn + 2);
        buf_puts(b, r[i].new_);
        put_pad(b, strlen(r[i].delta), wd + 2);
        buf_puts(b, r[i].delta);
        buf_putc(b, '\n');
    }
}

/* A top-level member of a compact JSON object. */
struct member { const char *key, *val; size_t klen, vlen; };
enum { MAX_MEMBERS = 32 };

/* Splits a compact JSON object (as the writer prints them) into members;
 * returns their number. */
static int split_members(const char *s, struct member *m, int max)
{
    size_t n = strlen(s), i = 1;
    int k = 0;
    if (n < 2 || s[0] != '{')
        return 0;
    while (i < n && s[i] == '"' && k < max) {
        size_t ks = i + 1;
        for (i = ks; i < n && s[i] != '"'; i++)
            if (s[i] == '\\')
                i++;
        m[k].key = s + ks;
        m[k].klen = i - ks;
        i += 2; /* '"' and ':' */
        size_t vs = i;
        int depth = 0, in_str = 0;
        for (; i < n; i++) {
            char c = s[i];
            if (in_str) {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    in_str = 0;
            } else if (c == '"') {
                in_str = 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    break;
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        if (i > n)
            i = n;
        m[k].val = s + vs;
        m[k].vlen = i - vs;
        k++;
        i++; /* ',' or the closing '}' */
    }
    return k;
}

static void put_member(struct polc_buf *b, char mark, const struct member *m)
{
    enum { KEY_WIDTH = 14 };
    buf_puts(b, "    ");
    buf_putc(b, mark);
    buf_putc(b, ' ');
    buf_put(b, m->key, m->klen);
    put_pad(b, m->klen, KEY_WIDTH);
    buf_put(b, m->val, m->vlen);
    buf_putc(b, '\n');
}

static int same_key(const struct member *a, const struct member *b)
{
    return a->klen == b->klen && memcmp(a->key, b->key, a->klen) == 0;
}

/* Both outputs, field by field: equal ones once, the others - old, + new. */
static void put_example_text(struct polc_buf *b, const struct example *e)
{
    struct member ma[MAX_MEMBERS], mb[MAX_MEMBERS];
    int na = split_members(e->old, ma, MAX_MEMBERS);
    int nb = split_members(e->new_, mb, MAX_MEMBERS);
    buf_puts(b, "  line ");
    put_long(b, e->line);
    buf_puts(b, ", id ");
    buf_puts(b, e->id);
    buf_puts(b, ":\n");
    for (int i = 0; i < na; i++) {
        int j = 0;
        while (j < nb && !same_key(&ma[i], &mb[j]))
            j++;
        if (j < nb && ma[i].vlen == mb[j].vlen && memcmp(ma[i].val, mb[j].val, ma[i].vlen) == 0) {
            put_member(b, ' ', &ma[i]);
            continue;
        }
        put_member(b, '-', &ma[i]);
        if (j < nb)
            put_member(b, '+', &mb[j]);
    }
    for (int j = 0; j < nb; j++) {
        int i = 0;
        while (i < na && !same_key(&ma[i], &mb[j]))
            i++;
        if (i == na)
            put_member(b, '+', &mb[j]);
    }
}

static void put_text(struct polc_buf *b, const struct sdiff *sd, const struct impact *x,
                     const struct polc_policy *p, const struct polc_policy *q)
{
    buf_puts(b, "polc diff: ");
    buf_puts(b, p->name);
    buf_puts(b, " (");
    buf_puts(b, p->source ? p->source : "?");
    buf_puts(b, ") -> ");
    buf_puts(b, q->name);
    buf_puts(b, " (");
    buf_puts(b, q->source ? q->source : "?");
    buf_puts(b, ")\n");
    if (x->o->has_as_of) {
        buf_puts(b, "Records without applied_on are taken as applied on ");
        put_date(b, x->o->as_of);
        buf_puts(b, ".\n");
    }

    buf_puts(b, "\nPolicy changes: ");
    if (sd->n == 0)
        buf_puts(b, "none\n");
    else {
        put_long(b, (long)sd->n);
        buf_putc(b, '\n');
    }
    for (size_t i = 0; i < sd->n; i++) {
        buf_puts(b, "  ");
        put_entry_text(b, &sd->v[i]);
        buf_putc(b, '\n');
    }

    buf_puts(b, "\nRecords: ");
    put_long(b, x->lines);
    buf_puts(b, x->lines == 1 ? " line, " : " lines, ");
    put_long(b, x->changed);
    buf_puts(b, " changed, ");
    put_long(b, x->lines - x->changed);
    buf_puts(b, " unchanged\n");
    static const char *const what[] = { "status changed", "window changed", "path changed",
                                        "fee_total changed", "other changes only" };
    const long nums[] = { x->status, x->window, x->path, x->fee_total, x->other };
    for (int i = 0; i < 5; i++) {
        buf_puts(b, "  ");
        buf_puts(b, what[i]);
        buf_putc(b, ':');
        put_pad(b, strlen(what[i]) + 1, 20);
        put_long(b, nums[i]);
        buf_putc(b, '\n');
    }

    struct row r[N_ST + 2];
    static const char *const labels[N_ST] = { "renewable", "incomplete", "expired", "bad lines" };
    struct polc_buf c = { 0 };
    for (int i = 0; i < N_ST; i++) {
        r[i].label = labels[i];
        c.len = 0;
        put_long(&c, x->a.t.n[i]);
        cell(r[i].old, &c);
        c.len = 0;
        put_long(&c, x->b.t.n[i]);
        cell(r[i].new_, &c);
        c.len = 0;
        put_signed_long(&c, x->b.t.n[i] - x->a.t.n[i]);
        cell(r[i].delta, &c);
    }
    const polc_dec fa[2] = { x->a.t.fees_renewable, x->a.t.fees_open };
    const polc_dec fb[2] = { x->b.t.fees_renewable, x->b.t.fees_open };
    static const char *const flabels[2] = { "fees, renewable", "fees, not expired" };
    for (int k = 0; k < 2; k++) {
        struct row *w = &r[N_ST + k];
        w->label = flabels[k];
        c.len = 0;
        put_total(&c, fa[k], &x->a.t, p->currency);
        cell(w->old, &c);
        c.len = 0;
        put_total(&c, fb[k], &x->b.t, q->currency);
        cell(w->new_, &c);
        c.len = 0;
        polc_dec delta;
        if (x->a.t.overflow || x->b.t.overflow || !same(p->currency, q->currency) ||
            polc_dec_add(fb[k], -fa[k], &delta) != 0) {
            buf_puts(&c, "-");
        } else {
            if (delta > 0)
                buf_putc(&c, '+');
            put_total(&c, delta, &x->a.t, p->currency);
        }
        cell(w->delta, &c);
    }
    int failed = c.failed;
    polc_buf_free(&c);
    if (failed)
        b->failed = 1;
    buf_putc(b, '\n');
    put_table(b, r, N_ST + 2);

    buf_puts(b, "\nTransitions");
    if (x->changed == 0) {
        buf_puts(b, ": none\n");
        return;
    }
    buf_puts(b, " (changed records):\n");
    for (int i = 0; i < N_ST; i++)
        for (int j = 0; j < N_ST; j++) {
            if (!x->t[i][j].count)
                continue;
            buf_puts(b, "  ");
            buf_puts(b, st_name[i]);
            buf_puts(b, " -> ");
            buf_puts(b, st_name[j]);
            buf_puts(b, ": ");
            put_long(b, x->t[i][j].count);
            buf_putc(b, '\n');
        }
    for (int i = 0; i < N_ST; i++)
        for (int j = 0; j < N_ST; j++) {
            const struct transition *t = &x->t[i][j];
            if (!t->n_ex)
                continue;
            buf_putc(b, '\n');
            buf_puts(b, st_name[i]);
            buf_puts(b, " -> ");
            buf_puts(b, st_name[j]);
            buf_puts(b, ": first ");
            put_long(b, t->n_ex);
            buf_puts(b, " of ");
            put_long(b, t->count);
            buf_puts(b, " (\"-\" old, \"+\" new)\n");
            for (int k = 0; k < t->n_ex; k++)
                put_example_text(b, &t->ex[k]);
        }
}

static void json_str_or_null(struct polc_buf *b, const char *s)
{
    if (s)
        buf_json_cstr(b, s);
    else
        buf_puts(b, "null");
}

static void put_json_totals(struct polc_buf *b, const struct side_totals *t, const char *cur)
{
    buf_puts(b, "{\"renewable\":");
    put_long(b, t->n[ST_RENEWABLE]);
    buf_puts(b, ",\"incomplete\":");
    put_long(b, t->n[ST_INCOMPLETE]);
    buf_puts(b, ",\"expired\":");
    put_long(b, t->n[ST_EXPIRED]);
    buf_puts(b, ",\"errors\":");
    put_long(b, t->n[ST_ERROR]);
    buf_puts(b, ",\"fees_renewable\":");
    if (t->overflow) {
        buf_puts(b, "null,\"fees_not_expired\":null");
    } else {
        buf_putc(b, '"');
        put_money(b, t->fees_renewable);
        buf_puts(b, "\",\"fees_not_expired\":\"");
        put_money(b, t->fees_open);
        buf_putc(b, '"');
    }
    buf_puts(b, ",\"currency\":");
    json_str_or_null(b, cur);
    buf_putc(b, '}');
}

static void put_json(struct polc_buf *b, const struct sdiff *sd, const struct impact *x,
                     const struct polc_policy *p, const struct polc_policy *q, int changed)
{
    buf_puts(b, "{\n  \"old\": {\"policy\":");
    json_str_or_null(b, p->name);
    buf_puts(b, ",\"source\":");
    json_str_or_null(b, p->source);
    buf_puts(b, "},\n  \"new\": {\"policy\":");
    json_str_or_null(b, q->name);
    buf_puts(b, ",\"source\":");
    json_str_or_null(b, q->source);
    buf_puts(b, "},\n  \"as_of\": ");
    if (x->o->has_as_of) {
        buf_putc(b, '"');
        put_date(b, x->o->as_of);
        buf_putc(b, '"');
    } else {
        buf_puts(b, "null");
    }
    buf_puts(b, ",\n  \"changed\": ");
    buf_puts(b, changed ? "true" : "false");
    buf_puts(b, ",\n  \"structure\": [");
    static const char *const kinds[] = { "changed", "added", "removed" };
    struct polc_buf t = { 0 };
    for (size_t i = 0; i < sd->n; i++) {
        const struct entry *e = &sd->v[i];
        buf_puts(b, i ? ",\n    " : "\n    ");
        buf_puts(b, "{\"subject\":");
        json_str_or_null(b, e->subject);
        buf_puts(b, ",\"change\":\"");
        buf_puts(b, kinds[e->kind]);
        buf_puts(b, "\",\"old\":");
        json_str_or_null(b, e->old);
        buf_puts(b, ",\"new\":");
        json_str_or_null(b, e->new_);
        buf_puts(b, ",\"unit\":");
        json_str_or_null(b, e->unit);
        buf_puts(b, ",\"text\":");
        t.len = 0;
        put_entry_text(&t, e);
        if (t.failed)
            b->failed = 1;
        else
            buf_json_string(b, t.ptr ? t.ptr : "", t.len);
        buf_putc(b, '}');
    }
    polc_buf_free(&t);
    buf_puts(b, sd->n ? "\n  ],\n" : "],\n");
    buf_puts(b, "  \"records\": {\"lines\":");
    put_long(b, x->lines);
    buf_puts(b, ",\"changed\":");
    put_long(b, x->changed);
    buf_puts(b, ",\"unchanged\":");
    put_long(b, x->lines - x->changed);
    buf_puts(b, ",\"status\":");
    put_long(b, x->status);
    buf_puts(b, ",\"window\":");
    put_long(b, x->window);
    buf_puts(b, ",\"path\":");
    put_long(b, x->path);
    buf_puts(b, ",\"fee_total\":");
    put_long(b, x->fee_total);
    buf_puts(b, ",\"other\":");
    put_long(b, x->other);
    buf_puts(b, "},\n  \"before\": ");
    put_json_totals(b, &x->a.t, p->currency);
    buf_puts(b, ",\n  \"after\": ");
    put_json_totals(b, &x->b.t, q->currency);
    buf_puts(b, ",\n  \"transitions\": [");
    int first = 1;
    for (int i = 0; i < N_ST; i++)
        for (int j = 0; j < N_ST; j++) {
            const struct transition *tr = &x->t[i][j];
            if (!tr->count)
                continue;
            buf_puts(b, first ? "\n    " : ",\n    ");
            first = 0;
            buf_puts(b, "{\"from\":\"");
            buf_puts(b, st_name[i]);
            buf_puts(b, "\",\"to\":\"");
            buf_puts(b, st_name[j]);
            buf_puts(b, "\",\"count\":");
            put_long(b, tr->count);
            buf_puts(b, ",\"examples\":[");
            for (int k = 0; k < tr->n_ex; k++) {
                const struct example *e = &tr->ex[k];
                buf_puts(b, k ? ",\n      " : "\n      ");
                buf_puts(b, "{\"line\":");
                put_long(b, e->line);
                buf_puts(b, ",\"id\":");
                buf_puts(b, e->id);
                buf_puts(b, ",\n       \"old\":");
                buf_puts(b, e->old);
                buf_puts(b, ",\n       \"new\":");
                buf_puts(b, e->new_);
                buf_putc(b, '}');
            }
            buf_puts(b, "]}");
        }
    buf_puts(b, first ? "]\n}\n" : "\n  ]\n}\n");
}

/* ------------------------------------------------------------------ */

int diff_run(FILE *out, const struct polc_policy *old_p, const struct polc_policy *new_p,
             FILE *records, const struct diff_options *o)
{
    static const struct diff_options defaults = { 0, DIFF_DEFAULT_EXAMPLES, 0, 0 };
    struct diff_options opt = o ? *o : defaults;
    if (opt.examples < 0)
        opt.examples = 0;
    if (polc_check_table(old_p, NULL, 0) != 0 || polc_check_table(new_p, NULL, 0) != 0)
        return 2;

    struct sdiff sd;
    memset(&sd, 0, sizeof sd);
    sd.p = old_p;
    sd.q = new_p;
    sdiff_run(&sd);

    struct impact x;
    memset(&x, 0, sizeof x);
    x.o = &opt;
    x.a.p = old_p;
    x.b.p = new_p;
    x.a.rd = polc_reader_new(old_p);
    x.b.rd = polc_reader_new(new_p);
    x.alias = *new_p;
    x.alias.name = old_p->name;
    x.renamed = !same(old_p->name, new_p->name);
    int rc = 2;
    if (sd.failed || !x.a.rd || !x.b.rd)
        goto done;
    if (frame_stream(records, &x) != 0 || x.failed)
        goto done;

    int changed = sd.n > 0 || x.changed > 0;
    struct polc_buf b = { 0 };
    if (opt.json)
        put_json(&b, &sd, &x, old_p, new_p, changed);
    else
        put_text(&b, &sd, &x, old_p, new_p);
    if (!b.failed && (b.len == 0 || fwrite(b.ptr, 1, b.len, out) == b.len) &&
        fflush(out) == 0 && !ferror(out))
        rc = changed ? 1 : 0;
    polc_buf_free(&b);
done:
    impact_free(&x);
    sdiff_free(&sd);
    return rc;
}
