/* explain.c - how a decision was reached (explain.h).
 *
 * The facts behind each field of a decision are recomputed from the tables,
 * step by step in the order of docs/evaluation.md (cycle, window, courses,
 * units, CPR/AED, exam, paths, status, fees, audit), exactly: hours are
 * polc_dec millionths, no floating point.  What the decision says is printed
 * as the decision says it; a recomputed fact that disagrees is reported in a
 * last "Checks" section of the text trace. */
#include "explain.h"

#include "buf.h"
#include "internal.h"
#include "polc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sums of hours saturate here, as in eval.c. */
#define HOURS_CEILING (INT64_MAX / 4)

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ------------------------------------------------------------------ */
/* Printing                                                            */
/* ------------------------------------------------------------------ */

struct ds { char s[11]; };     /* a date as text */
struct ns { char s[40]; };     /* a decimal as text */

static struct ds ds(polc_date d)
{
    struct ds x;
    polc_date_format(d, x.s);
    return x;
}

/* v exactly: trailing zeros dropped, but at least `places` decimals. */
static struct ns num(polc_dec v, int places)
{
    struct ns x;
    size_t n = polc_dec_format(v, POLC_DEC_PLACES, x.s);
    size_t dot = n - POLC_DEC_PLACES - 1;
    size_t keep = places > 0 ? dot + 1 + (size_t)places : dot;
    while (n > keep && x.s[n - 1] == '0')
        n--;
    if (x.s[n - 1] == '.')
        n--;
    x.s[n] = '\0';
    return x;
}

static struct ns money(polc_dec v)
{
    struct ns x;
    polc_dec_format(v, 2, x.s);
    return x;
}

static void vbprintf(struct polc_buf *b, const char *fmt, va_list ap)
{
    char small[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            buf_put(b, big, (size_t)n);
            free(big);
        } else {
            b->failed = 1;
        }
    }
    va_end(again);
}

static void PRINTF_LIKE(2, 3) bprintf(struct polc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vbprintf(b, fmt, ap);
    va_end(ap);
}

/* One line of the trace: `depth` levels of two spaces, the text, LF. */
static void PRINTF_LIKE(3, 4) line(struct polc_buf *b, int depth, const char *fmt, ...)
{
    va_list ap;
    for (int i = 0; i < depth; i++)
        buf_puts(b, "  ");
    va_start(ap, fmt);
    vbprintf(b, fmt, ap);
    va_end(ap);
    buf_putc(b, '\n');
}

#define STR(s) (int)(s).len, (s).ptr
/* A polc_buf's text for "%.*s" (empty after a failure). */
#define BUF(t) (t).failed || !(t).ptr ? 0 : (int)(t).len, (t).failed || !(t).ptr ? "" : (t).ptr

/* ------------------------------------------------------------------ */
/* Small facts                                                         */
/* ------------------------------------------------------------------ */

static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int str_is(struct polc_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.ptr && s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static int32_t days_in_month(int32_t y, int32_t m)
{
    return polc_days_from_civil(y, m + 1, 1) - polc_days_from_civil(y, m, 1);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return (a >= 0 ? a : a - (b - 1)) / b;
}

/* Writes " (Feb 29 rolls to Mar 1)" into out when `from` moved by `months`
 * lands on a day its target month lacks; returns whether it did. */
static int leap_note(char out[64], polc_date from, int64_t months, enum polc_leap leap)
{
    int32_t y, m, d;
    out[0] = '\0';
    polc_civil_from_days(from, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int32_t ty = (int32_t)floor_div(total, 12);
    int32_t tm = (int32_t)(total - (int64_t)ty * 12) + 1;
    int32_t dim = days_in_month(ty, tm);
    if (d <= dim)
        return 0;
    if (leap == POLC_LEAP_MAR1)
        snprintf(out, 64, " (%s %d rolls to %s 1)", month_abbr[tm - 1], (int)d,
                 month_abbr[tm % 12]);
    else
        snprintf(out, 64, " (%s %d clamps to %s %d)", month_abbr[tm - 1], (int)d,
                 month_abbr[tm - 1], (int)dim);
    return 1;
}

static const char *step_word(enum polc_step s, int32_t n)
{
    int one = n == 1 || n == -1;
    switch (s) {
    case POLC_DAYS: return one ? "day" : "days";
    case POLC_MONTHS: return one ? "month" : "months";
    case POLC_YEARS: return one ? "year" : "years";
    }
    return "";
}

static const char *base_word(enum polc_base b)
{
    switch (b) {
    case POLC_AT_CYCLE_START: return "cycle_start";
    case POLC_AT_EXPIRY: return "expiry";
    case POLC_AT_APPLICATION: return "application";
    }
    return "";
}

static const char *anchor_word(enum polc_anchor a)
{
    switch (a) {
    case POLC_ANCHOR_ANNIVERSARY: return "day_before_anniversary";
    case POLC_ANCHOR_END_OF_MONTH: return "end_of_month";
    case POLC_ANCHOR_DEC31: return "december_31";
    }
    return "";
}

static const char *leap_word(enum polc_leap l)
{
    return l == POLC_LEAP_MAR1 ? "mar1" : "feb28";
}

static const char *card_word(enum polc_card_state s)
{
    return polc_card_name(s);
}

/* ------------------------------------------------------------------ */
/* The facts, recomputed from the tables                               */
/* ------------------------------------------------------------------ */

struct facts {
    const struct polc_policy *p;
    const struct polc_record *r;
    const struct polc_decision *d;
    const struct polc_unit *u;     /* the reporting unit */
    int places;                    /* its precision */
    /* cycle */
    int64_t months;                /* the cycle's length in months */
    polc_date anniversary, expires, next_start, next_expires;
    int leap;                      /* the leap-day rule moved the anniversary */
    char leap_text[64];
    /* courses */
    polc_date first_count, last_count;
    polc_dec counted_h;
    polc_dec category_h[POLC_MAX_CATEGORIES];
    int32_t petitions;
    int verdicts_differ;
    /* units */
    polc_dec required, step_h, credit_h, need_h, earned_h, missing_h, earned, missing;
    uint64_t categories_short;
    int courses_short, units_met;
    /* card and exam */
    int card_required;
    polc_date card_on;
    enum polc_card_state card;
    int exam_required, exam_inside, exam_past, exam_ok;
    polc_date exam_from, exam_to;
    /* window, path, status */
    int32_t window, path;
    enum polc_status status;
    /* fees */
    uint64_t offered, charged;
    polc_dec fee_total;
    int32_t highest;               /* fees highest: the credential charged */
    /* audit */
    int audit;
    uint64_t hash;
    int32_t mod;
    int selected;
    polc_date due;
};

static polc_dec to_hours(polc_dec units, int32_t hours)
{
    polc_dec h;
    return polc_dec_mul_int(units, hours, &h) == 0 && h < HOURS_CEILING ? h : HOURS_CEILING;
}

static void add_hours(polc_dec *sum, polc_dec h)
{
    if (polc_dec_add(*sum, h, sum) != 0 || *sum > HOURS_CEILING)
        *sum = HOURS_CEILING;
}

static int unit_hours(const struct polc_policy *p, struct polc_str unit, int32_t *hours)
{
    if (str_is(unit, "hours")) {
        *hours = 1;
        return 1;
    }
    for (int32_t i = 0; i < p->n_units; i++)
        if (str_is(unit, p->units[i].name)) {
            *hours = p->units[i].hours;
            return 1;
        }
    return 0;
}

static int provider_listed(const struct polc_courses *c, struct polc_str provider)
{
    for (int32_t i = 0; i < c->n_providers; i++)
        if (str_is(provider, c->providers[i]))
            return 1;
    return 0;
}

static enum polc_course_verdict provider_verdict(const struct polc_courses *c,
                                                 const struct polc_course *k)
{
    if (str_is(k->provider, "petition")) {
        if (c->petitions == POLC_PETITIONS_APPROVED)
            return k->petition == POLC_PETITION_APPROVED ? POLC_C_COUNTED
                   : k->petition == POLC_PETITION_DENIED ? POLC_C_PETITION_DENIED
                                                         : POLC_C_PETITION_PENDING;
        if (c->petitions == POLC_PETITIONS_ANY || c->accept_any || provider_listed(c, k->provider))
            return POLC_C_COUNTED;
        return POLC_C_PROVIDER_NOT_ACCEPTED;
    }
    if (c->accept_any || provider_listed(c, k->provider) ||
        (c->accept_approved && str_is(k->provider, "approved")))
        return POLC_C_COUNTED;
    return POLC_C_PROVIDER_NOT_ACCEPTED;
}

static int find_category(const struct polc_policy *p, struct polc_str name)
{
    if (!name.ptr)
        return -1;
    for (int32_t i = 0; i < p->n_categories; i++)
        if (str_is(name, p->categories[i].name))
            return i;
    return -1;
}

/* ---- one course at a time, in record order -------------------------- */

struct walk {
    polc_dec total;
    polc_dec category_h[POLC_MAX_CATEGORIES];
};

struct course_fact {
    int known;                     /* a declared unit, or hours */
    int32_t unit_hours;
    polc_dec hours;                /* converted, when known */
    polc_dec counted;              /* hours that counted */
    int cat;                       /* category index, or -1 */
    int capped;                    /* counted below its hours */
    enum polc_course_verdict verdict;       /* the decision's */
    enum polc_course_verdict recomputed;
};

/* Takes course i: its hours, the verdict recomputed, and (with the
 * decision's verdict) what it adds to the totals. */
static void walk_course(const struct facts *f, struct walk *w, int32_t i, struct course_fact *cf)
{
    const struct polc_policy *p = f->p;
    const struct polc_course *k = &f->r->courses[i];
    memset(cf, 0, sizeof *cf);
    cf->verdict = (enum polc_course_verdict)f->d->courses[i];
    cf->cat = find_category(p, k->category);
    cf->known = unit_hours(p, k->unit, &cf->unit_hours);
    if (cf->known)
        cf->hours = to_hours(k->amount, cf->unit_hours);

    polc_dec room = HOURS_CEILING;
    if (cf->cat >= 0 && p->categories[cf->cat].has_max) {
        room = to_hours(p->categories[cf->cat].max, f->u->hours) - w->category_h[cf->cat];
        if (room < 0)
            room = 0;
    }
    if (k->completed_on > f->d->as_of)
        cf->recomputed = POLC_C_IN_FUTURE;
    else if (k->completed_on < f->first_count)
        cf->recomputed = POLC_C_BEFORE_CYCLE;
    else if (k->completed_on > f->last_count)
        cf->recomputed = POLC_C_AFTER_WINDOW;
    else if (!cf->known)
        cf->recomputed = POLC_C_UNKNOWN_UNIT;
    else if ((cf->recomputed = provider_verdict(&p->courses, k)) == POLC_C_COUNTED && room <= 0)
        cf->recomputed = POLC_C_CATEGORY_LIMIT;

    if (cf->verdict != POLC_C_COUNTED || !cf->known)
        return;
    polc_dec h = cf->hours;
    if (h > room) {
        h = room;
        cf->capped = 1;
    }
    if (cf->cat >= 0)
        add_hours(&w->category_h[cf->cat], h);
    add_hours(&w->total, h);
    cf->counted = h;
}

static int any_path_requires(const struct polc_policy *p, uint32_t what)
{
    for (int32_t i = 0; i < p->n_paths; i++)
        if (p->paths[i].requires & what)
            return 1;
    return 0;
}

static int path_met(const struct facts *f, int32_t i)
{
    uint32_t req = f->p->paths[i].requires;
    return (!(req & POLC_REQ_UNITS) || f->units_met) &&
           (!(req & POLC_REQ_CPR_AED) || f->card == POLC_CARD_VALID) &&
           (!(req & POLC_REQ_EXAM) || f->exam_ok);
}

static int units_possible(const struct facts *f)
{
    return f->d->as_of <= f->last_count;
}

static int exam_possible(const struct facts *f)
{
    return f->d->as_of <= f->exam_to;
}

/* What path i lacks can still be had in time. */
static int path_possible(const struct facts *f, int32_t i)
{
    uint32_t req = f->p->paths[i].requires;
    if ((req & POLC_REQ_UNITS) && !f->units_met && !units_possible(f))
        return 0;
    if ((req & POLC_REQ_EXAM) && !f->exam_ok && !exam_possible(f))
        return 0;
    return 1;
}

static polc_date window_from(const struct facts *f, int32_t i)
{
    const struct polc_policy *p = f->p;
    return polc_date_expr_eval(&p->windows[i].from, p->cycle.leap, f->d->start, f->expires,
                               f->d->as_of);
}

static polc_date window_end(const struct facts *f, int32_t i)
{
    const struct polc_policy *p = f->p;
    return polc_date_expr_eval(&p->windows[i].end, p->cycle.leap, f->d->start, f->expires,
                               f->d->as_of);
}

static polc_date window_last_day(const struct facts *f, int32_t i)
{
    return f->p->windows[i].end_inclusive ? window_end(f, i) : window_end(f, i) - 1;
}

static int32_t find_window(const struct facts *f)
{
    polc_date as_of = f->d->as_of;
    if (as_of <= f->expires)
        return POLC_WINDOW_ON_TIME;
    for (int32_t i = 0; i < f->p->n_windows; i++)
        if (as_of >= window_from(f, i) && as_of <= window_last_day(f, i))
            return i;
    return POLC_WINDOW_NONE;
}

static uint64_t window_fees(const struct polc_policy *p, int32_t w)
{
    if (w < 0 || w >= p->n_windows)
        return 0;
    uint64_t mask = p->windows[w].fees;
    while (w > 0 && p->windows[w].cumulative)
        mask |= p->windows[--w].fees;
    return mask;
}

/* The per-credential fee: each credential's own (fees each) or the highest. */
static polc_dec credential_fees(const struct facts *f, int32_t *highest)
{
    const struct polc_policy *p = f->p;
    polc_dec total = 0, best = -1;
    *highest = -1;
    for (int32_t i = 0; i < f->r->n_credentials; i++) {
        const struct polc_credential *k = &p->credentials[f->r->credentials[i]];
        if (p->fees_together == POLC_HIGHEST) {
            if (k->fee > best) {
                best = k->fee;
                *highest = f->r->credentials[i];
            }
        } else if (polc_dec_add(total, k->fee, &total) != 0) {
            total = HOURS_CEILING;
        }
    }
    return p->fees_together == POLC_HIGHEST ? (best < 0 ? 0 : best) : total;
}

/* The amount fee i adds, or -1 when it is left out. */
static polc_dec fee_amount(const struct facts *f, int32_t i)
{
    const struct polc_fee *fee = &f->p->fees[i];
    polc_dec amount = fee->amount;
    int32_t highest;
    switch (fee->kind) {
    case POLC_FEE_FLAT: break;
    case POLC_FEE_PER_PETITION:
        if (f->petitions == 0 || polc_dec_mul_int(fee->amount, f->petitions, &amount) != 0)
            return -1;
        break;
    case POLC_FEE_PER_CREDENTIAL: amount = credential_fees(f, &highest); break;
    }
    return amount;
}

static void facts_cycle(struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_cycle *c = &p->cycle;
    f->months = c->step == POLC_MONTHS ? c->length : (int64_t)c->length * 12;
    f->anniversary = c->step == POLC_MONTHS ? polc_add_months(f->d->start, c->length, c->leap)
                                            : polc_add_years(f->d->start, c->length, c->leap);
    f->leap = leap_note(f->leap_text, f->d->start, f->months, c->leap);
    f->expires = polc_cycle_expiry(c, f->d->start);
    f->next_start = f->expires + 1;
    f->next_expires = polc_cycle_expiry(c, f->next_start);
    f->first_count = polc_date_expr_eval(&p->courses.from, c->leap, f->d->start, f->expires,
                                         f->d->as_of);
    f->last_count = polc_date_expr_eval(&p->courses.through, c->leap, f->d->start, f->expires,
                                        f->d->as_of);
    f->window = find_window(f);
}

static void facts_courses(struct facts *f)
{
    struct walk w;
    memset(&w, 0, sizeof w);
    for (int32_t i = 0; i < f->r->n_courses; i++) {
        struct course_fact cf;
        walk_course(f, &w, i, &cf);
        if (cf.recomputed != cf.verdict)
            f->verdicts_differ = 1;
        if (str_is(f->r->courses[i].provider, "petition"))
            f->petitions++;
    }
    f->counted_h = w.total;
    memcpy(f->category_h, w.category_h, sizeof f->category_h);
}

static void facts_card_exam(struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_record *r = f->r;
    polc_date as_of = f->d->as_of;
    f->card_required = any_path_requires(p, POLC_REQ_CPR_AED);
    f->card_on = p->cpr_aed.valid_on == POLC_CARD_ON_EXPIRY ? f->expires : as_of;
    if (!f->card_required)
        f->card = POLC_CARD_NOT_REQUIRED;
    else if (!r->has_card || (r->has_card_completed && r->card_completed_on > as_of))
        f->card = POLC_CARD_MISSING;
    else
        f->card = r->card_valid_until >= f->card_on ? POLC_CARD_VALID : POLC_CARD_EXPIRED;

    f->exam_required = any_path_requires(p, POLC_REQ_EXAM);
    f->exam_from = polc_date_expr_eval(&p->exam_from, p->cycle.leap, f->d->start, f->expires, as_of);
    f->exam_to = polc_date_expr_eval(&p->exam_through, p->cycle.leap, f->d->start, f->expires,
                                     as_of);
    if (f->exam_required && r->has_exam) {
        f->exam_inside = r->exam_passed_on >= f->exam_from && r->exam_passed_on <= f->exam_to;
        f->exam_past = r->exam_passed_on <= as_of;
        f->exam_ok = f->exam_inside && f->exam_past;
    }
}

static void facts_units(struct facts *f)
{
    const struct polc_policy *p = f->p;
    for (int32_t i = 0; i < f->r->n_credentials; i++) {
        polc_dec q = p->credentials[f->r->credentials[i]].required;
        if (p->units_together == POLC_SUM) {
            if (polc_dec_add(f->required, q, &f->required) != 0)
                f->required = HOURS_CEILING;
        } else if (q > f->required) {
            f->required = q;
        }
    }
    f->step_h = to_hours(polc_dec_ceil(1, f->places), f->u->hours);
    f->credit_h = to_hours(p->cpr_aed.credit, f->u->hours);
    f->need_h = to_hours(f->required, f->u->hours) - f->credit_h;
    if (f->need_h < 0)
        f->need_h = 0;
    int card = f->card == POLC_CARD_VALID;
    f->earned_h = f->counted_h;
    if (card)
        add_hours(&f->earned_h, f->credit_h);
    f->missing_h = f->counted_h < f->need_h ? f->need_h - f->counted_h : 0;
    if (!card)
        f->missing_h += f->credit_h;
    f->earned = f->earned_h / f->step_h * (f->step_h / f->u->hours);
    f->missing = (f->missing_h / f->step_h + (f->missing_h % f->step_h != 0)) *
                 (f->step_h / f->u->hours);
    for (int32_t i = 0; i < p->n_categories; i++) {
        const struct polc_category *k = &p->categories[i];
        if (k->has_min && f->category_h[i] < to_hours(k->min, f->u->hours))
            f->categories_short |= 1ull << i;
    }
    f->courses_short = f->counted_h < f->need_h;
    f->units_met = !f->courses_short && f->categories_short == 0;
}

static void facts_status(struct facts *f)
{
    const struct polc_policy *p = f->p;
    f->path = 0;
    for (int32_t i = 0; i < p->n_paths; i++)
        if (path_met(f, i)) {
            f->path = i;
            break;
        }
    if (f->window == POLC_WINDOW_NONE) {
        f->status = POLC_EXPIRED;
    } else if (f->d->as_of < f->d->start) {
        f->status = POLC_INCOMPLETE;
    } else if (p->n_paths && path_met(f, f->path)) {
        f->status = POLC_RENEWABLE;
    } else {
        f->status = POLC_EXPIRED;
        for (int32_t i = 0; i < p->n_paths; i++)
            if (path_possible(f, i))
                f->status = POLC_INCOMPLETE;
    }
}

static void facts_fees_audit(struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    f->highest = -1;
    /* What the decision's path and window offer, for the text; the fee lines
     * themselves follow the decision's own path and window. */
    if (p->n_paths && d->path >= 0 && d->path < p->n_paths && d->status != POLC_EXPIRED) {
        f->offered = p->paths[d->path].fees | window_fees(p, d->window);
        for (int32_t i = 0; i < p->n_fees; i++) {
            if (!(f->offered & (1ull << i)))
                continue;
            polc_dec a = fee_amount(f, i);
            if (a < 0)
                continue;
            f->charged |= 1ull << i;
            polc_dec_add(f->fee_total, a, &f->fee_total);
            if (p->fees[i].kind == POLC_FEE_PER_CREDENTIAL)
                credential_fees(f, &f->highest);
        }
    }
    if (d->status == POLC_RENEWABLE && p->audit.declared) {
        f->audit = 1;
        f->hash = polc_audit_hash(p->name, f->r->id, d->expires);
        f->mod = (int32_t)(f->hash % 10000);
        f->selected = f->mod < p->audit.rate_bp;
        f->due = d->as_of + p->audit.due_days;
    }
}

static int facts_init(struct facts *f, const struct polc_policy *p, const struct polc_record *r,
                      const struct polc_decision *d)
{
    memset(f, 0, sizeof *f);
    if (!p || !r || !d || p->n_units < 1 || p->unit < 0 || p->unit >= p->n_units ||
        (r->n_courses > 0 && !d->courses))
        return -1;
    f->p = p;
    f->r = r;
    f->d = d;
    f->u = &p->units[p->unit];
    f->places = f->u->places;
    facts_cycle(f);
    facts_courses(f);
    facts_card_exam(f);
    facts_units(f);
    facts_status(f);
    facts_fees_audit(f);
    return 0;
}

/* The path the decision reports, or NULL in a policy without paths. */
static const struct polc_path *reported(const struct facts *f)
{
    const struct polc_decision *d = f->d;
    return f->p->n_paths && d->path >= 0 && d->path < f->p->n_paths ? &f->p->paths[d->path]
                                                                     : NULL;
}

static int window_ok(const struct facts *f, int32_t w)
{
    return w >= 0 && w < f->p->n_windows;
}

/* ------------------------------------------------------------------ */
/* Sentences shared by the text and the JSON                           */
/* ------------------------------------------------------------------ */

static void put_length(struct polc_buf *b, const struct polc_cycle *c)
{
    bprintf(b, "%d %s", (int)c->length, step_word(c->step, c->length));
}

/* "2024-02-29 + 2 years = 2026-03-01 (Feb 29 rolls to Mar 1); expires the
 * day before: 2026-02-28" */
static void put_cycle_how(struct polc_buf *b, const struct facts *f)
{
    const struct polc_cycle *c = &f->p->cycle;
    bprintf(b, "%s + ", ds(f->d->start).s);
    put_length(b, c);
    bprintf(b, " = %s%s", ds(f->anniversary).s, f->leap_text);
    switch (c->anchor) {
    case POLC_ANCHOR_ANNIVERSARY:
        bprintf(b, "; expires the day before: %s", ds(f->expires).s);
        break;
    case POLC_ANCHOR_END_OF_MONTH:
        bprintf(b, "; the day before is %s, extended to the end of its month: %s",
                ds(f->anniversary - 1).s, ds(f->expires).s);
        break;
    case POLC_ANCHOR_DEC31:
        bprintf(b, "; the day before is %s, extended to December 31 of its year: %s",
                ds(f->anniversary - 1).s, ds(f->expires).s);
        break;
    }
}

/* "2026-05-29 (expiry + 90 days)", with the leap-day rule when it applied. */
static void put_dexpr(struct polc_buf *b, const struct facts *f, const struct polc_date_expr *e)
{
    polc_date base = e->base == POLC_AT_CYCLE_START ? f->d->start
                     : e->base == POLC_AT_EXPIRY     ? f->expires
                                                     : f->d->as_of;
    polc_date v = polc_date_expr_eval(e, f->p->cycle.leap, f->d->start, f->expires, f->d->as_of);
    char note[64] = "";
    if (e->step != POLC_DAYS)
        leap_note(note, base, e->step == POLC_YEARS ? (int64_t)e->n * 12 : e->n, f->p->cycle.leap);
    bprintf(b, "%s (%s", ds(v).s, base_word(e->base));
    if (e->n != 0)
        bprintf(b, " %c %d %s", e->n < 0 ? '-' : '+', e->n < 0 ? -(int)e->n : (int)e->n,
                step_word(e->step, e->n));
    if (note[0]) /* " (Feb 29 rolls to Mar 1)" -> "; Feb 29 rolls to Mar 1" */
        bprintf(b, "; %.*s", (int)strlen(note) - 3, note + 2);
    buf_putc(b, ')');
}

static void put_requirements(struct polc_buf *b, uint32_t req)
{
    const char *sep = "";
    if (req & POLC_REQ_UNITS) {
        bprintf(b, "%sunits", sep);
        sep = ", ";
    }
    if (req & POLC_REQ_CPR_AED) {
        bprintf(b, "%sa valid CPR/AED card", sep);
        sep = ", ";
    }
    if (req & POLC_REQ_EXAM)
        bprintf(b, "%sthe exam", sep);
    if (!req)
        buf_puts(b, "nothing");
}

/* What path i lacks, and until when each can still be had. */
static void put_still_possible(struct polc_buf *b, const struct facts *f, int32_t i)
{
    uint32_t req = f->p->paths[i].requires;
    const char *sep = "";
    if ((req & POLC_REQ_UNITS) && !f->units_met) {
        bprintf(b, "%scourses can still count through %s, the last counting day", sep,
                ds(f->last_count).s);
        sep = "; ";
    }
    if ((req & POLC_REQ_CPR_AED) && f->card != POLC_CARD_VALID) {
        if (f->p->n_windows)
            bprintf(b, "%sa CPR/AED card can be obtained while a window is open", sep);
        else
            bprintf(b, "%sa CPR/AED card can be obtained until expiry %s", sep,
                    ds(f->expires).s);
        sep = "; ";
    }
    if ((req & POLC_REQ_EXAM) && !f->exam_ok)
        bprintf(b, "%sthe exam can still be passed through %s", sep, ds(f->exam_to).s);
}

static void put_too_late(struct polc_buf *b, const struct facts *f, int32_t i)
{
    uint32_t req = f->p->paths[i].requires;
    const char *sep = "";
    if ((req & POLC_REQ_UNITS) && !f->units_met && !units_possible(f)) {
        bprintf(b, "%sunits, but courses counted only through %s", sep, ds(f->last_count).s);
        sep = "; ";
    }
    if ((req & POLC_REQ_EXAM) && !f->exam_ok && !exam_possible(f))
        bprintf(b, "%sthe exam, which had to be passed by %s", sep, ds(f->exam_to).s);
}

/* Why the decision has its status. */
static void put_status_why(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    const struct polc_path *path = reported(f);
    if (d->window == POLC_WINDOW_NONE) {
        if (p->n_windows == 0)
            bprintf(b, "the application date %s is after expiry %s, and the policy has no "
                       "grace window: the credential can no longer be renewed in this cycle",
                    ds(d->as_of).s, ds(f->expires).s);
        else
            bprintf(b, "the application date %s is past every window (the last, %s, ended "
                       "%s): the credential can no longer be renewed in this cycle",
                    ds(d->as_of).s, p->windows[p->n_windows - 1].name,
                    ds(window_last_day(f, p->n_windows - 1)).s);
        return;
    }
    if (d->as_of < d->start) {
        bprintf(b, "the application date %s is before the cycle starts on %s: nothing in the "
                   "cycle can have counted yet",
                ds(d->as_of).s, ds(d->start).s);
        return;
    }
    if (d->status == POLC_RENEWABLE && path) {
        bprintf(b, "the requirements of path %s are met, and the application date is ",
                path->name);
        if (window_ok(f, d->window))
            bprintf(b, "in window %s, which accepts it", p->windows[d->window].name);
        else
            bprintf(b, "on time (on or before expiry %s)", ds(f->expires).s);
        return;
    }
    if (d->status == POLC_INCOMPLETE) {
        const char *sep = ": ";
        bprintf(b, "no path's requirements are met, but some path can still be completed");
        for (int32_t i = 0; i < p->n_paths; i++) {
            if (!path_possible(f, i))
                continue;
            bprintf(b, "%spath %s (", sep, p->paths[i].name);
            sep = "; ";
            put_still_possible(b, f, i);
            buf_putc(b, ')');
        }
        return;
    }
    bprintf(b, "no path's requirements are met, and none can be completed in time");
    for (int32_t i = 0; i < p->n_paths; i++) {
        bprintf(b, "%s path %s lacks ", i ? ";" : ":", p->paths[i].name);
        put_too_late(b, f, i);
    }
}

/* ------------------------------------------------------------------ */
/* The text trace                                                      */
/* ------------------------------------------------------------------ */

static void text_record(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_record *r = f->r;
    const struct polc_decision *d = f->d;
    line(b, 0, "Record %.*s, policy %s (%s)", STR(r->id), p->name, p->title);
    if (r->has_applied_on && r->applied_on == d->as_of)
        line(b, 1, "application date: %s (the record's applied_on)", ds(d->as_of).s);
    else
        line(b, 1, "application date: %s (the date given for records without applied_on)",
             ds(d->as_of).s);
    for (int32_t i = 0; i < r->n_credentials; i++) {
        const struct polc_credential *k = &p->credentials[r->credentials[i]];
        if (k->has_fee)
            line(b, 1, "credential %s (%s): requires %s %s, fee %s %s", k->code, k->title,
                 num(k->required, f->places).s, f->u->name, money(k->fee).s, p->currency);
        else
            line(b, 1, "credential %s (%s): requires %s %s", k->code, k->title,
                 num(k->required, f->places).s, f->u->name);
    }
}

static void text_cycle(struct polc_buf *b, const struct facts *f)
{
    const struct polc_cycle *c = &f->p->cycle;
    struct polc_buf t = { 0 };
    line(b, 0, "Cycle");
    line(b, 1, "start: %s (the record's cycle_start)", ds(f->d->start).s);
    put_length(&t, c);
    switch (c->anchor) {
    case POLC_ANCHOR_ANNIVERSARY:
        line(b, 1, "length: %.*s; expires the day before the anniversary", BUF(t));
        break;
    case POLC_ANCHOR_END_OF_MONTH:
        line(b, 1, "length: %.*s; expires at the end of the month of the day before the "
                   "anniversary", BUF(t));
        break;
    case POLC_ANCHOR_DEC31:
        line(b, 1, "length: %.*s; expires on December 31 of the year of the day before the "
                   "anniversary", BUF(t));
        break;
    }
    if (f->leap)
        line(b, 1, "leap-day rule %s: a day the target month lacks %s", leap_word(c->leap),
             c->leap == POLC_LEAP_MAR1 ? "rolls to the first of the next month"
                                       : "clamps to the month's last day");
    t.len = 0;
    put_cycle_how(&t, f);
    line(b, 1, "%.*s", BUF(t));
    line(b, 1, "expires: %s, the last day of the cycle", ds(f->d->expires).s);
    polc_buf_free(&t);
}

static void text_providers(struct polc_buf *b, const struct facts *f)
{
    const struct polc_courses *c = &f->p->courses;
    if (c->accept_any) {
        line(b, 1, "providers: every provider counts");
        return;
    }
    struct polc_buf t = { 0 };
    const char *sep = "";
    if (c->accept_approved) {
        buf_puts(&t, "approved");
        sep = ", ";
    }
    for (int32_t i = 0; i < c->n_providers; i++) {
        bprintf(&t, "%s'%s'", sep, c->providers[i]);
        sep = ", ";
    }
    if (c->petitions == POLC_PETITIONS_APPROVED)
        bprintf(&t, "%spetitioned courses once their petition is approved", sep);
    else if (c->petitions == POLC_PETITIONS_ANY)
        bprintf(&t, "%spetitioned courses, whatever the petition's state", sep);
    line(b, 1, "providers that count: %.*s", BUF(t));
    polc_buf_free(&t);
}

/* "1.0 CEU" for an amount in the unit it was reported in. */
static int amount_places(const struct polc_policy *p, struct polc_str unit)
{
    for (int32_t i = 0; i < p->n_units; i++)
        if (str_is(unit, p->units[i].name))
            return p->units[i].places;
    return 0;
}

static const char *hours_word(polc_dec h)
{
    return h == POLC_DEC_SCALE ? "hour" : "hours";
}

/* Hours as the reporting unit, exactly when it divides ("1.95 CEU"). */
static void put_in_units(struct polc_buf *b, const struct facts *f, polc_dec h)
{
    polc_dec v = h / f->u->hours;
    bprintf(b, "%s%s %s", num(v, f->places).s, h % f->u->hours ? "..." : "", f->u->name);
}

static void text_course_verdict(struct polc_buf *b, const struct facts *f, int32_t i,
                                const struct course_fact *cf)
{
    const struct polc_policy *p = f->p;
    const struct polc_course *k = &f->r->courses[i];
    const char *code = polc_course_code(cf->verdict);
    switch (cf->verdict) {
    case POLC_C_COUNTED:
        if (cf->capped) {
            const struct polc_category *cat = &p->categories[cf->cat];
            line(b, 2, "counted %s of its %s hours: category %s reaches its maximum of %s %s "
                       "(%s hours)",
                 num(cf->counted, 0).s, num(cf->hours, 0).s, cat->name,
                 num(cat->max, f->places).s, f->u->name,
                 num(to_hours(cat->max, f->u->hours), 0).s);
        } else if (str_is(k->provider, "petition") &&
                   p->courses.petitions == POLC_PETITIONS_APPROVED) {
            line(b, 2, "counted: its petition is approved");
        } else if (str_is(k->provider, "petition") &&
                   p->courses.petitions == POLC_PETITIONS_ANY) {
            line(b, 2, "counted: petitioned courses count, whatever the petition's state");
        } else if (p->courses.accept_any) {
            line(b, 2, "counted: every provider counts");
        } else {
            line(b, 2, "counted: provider '%.*s' is accepted", STR(k->provider));
        }
        break;
    case POLC_C_IN_FUTURE:
        line(b, 2, "not counted (%s): completed %s, after the application date %s: it counts "
                   "nothing yet",
             code, ds(k->completed_on).s, ds(f->d->as_of).s);
        break;
    case POLC_C_BEFORE_CYCLE:
        line(b, 2, "not counted (%s): completed %s, before the first counting day %s", code,
             ds(k->completed_on).s, ds(f->first_count).s);
        break;
    case POLC_C_AFTER_WINDOW:
        line(b, 2, "not counted (%s): completed %s, after the last counting day %s", code,
             ds(k->completed_on).s, ds(f->last_count).s);
        break;
    case POLC_C_UNKNOWN_UNIT:
        line(b, 2, "not counted (%s): unit '%.*s' is neither a unit the policy declares nor "
                   "hours",
             code, STR(k->unit));
        break;
    case POLC_C_PROVIDER_NOT_ACCEPTED:
        line(b, 2, "not counted (%s): provider '%.*s' is not one the policy accepts", code,
             STR(k->provider));
        break;
    case POLC_C_PETITION_PENDING:
        line(b, 2, "not counted (%s): its petition is pending; it counts once approved", code);
        break;
    case POLC_C_PETITION_DENIED:
        line(b, 2, "not counted (%s): its petition was denied", code);
        break;
    case POLC_C_CATEGORY_LIMIT: {
        const struct polc_category *cat = cf->cat >= 0 ? &p->categories[cf->cat] : NULL;
        if (cat && cat->has_max)
            line(b, 2, "not counted (%s): category %s had already reached its maximum of %s %s",
                 code, cat->name, num(cat->max, f->places).s, f->u->name);
        else
            line(b, 2, "not counted (%s): its category had already reached its maximum", code);
        break;
    }
    }
}

static void text_course(struct polc_buf *b, const struct facts *f, int32_t i,
                        const struct course_fact *cf, polc_dec total)
{
    const struct polc_course *k = &f->r->courses[i];
    static const char *const petition[] = { "", " (petition pending)", " (petition approved)",
                                            " (petition denied)" };
    struct polc_buf t = { 0 };
    if (k->id.ptr)
        bprintf(&t, "course %.*s (index %d)", STR(k->id), (int)i);
    else
        bprintf(&t, "course %d (no id)", (int)i);
    bprintf(&t, ": %s %.*s completed %s, provider %.*s%s",
            num(k->amount, amount_places(f->p, k->unit)).s, STR(k->unit),
            ds(k->completed_on).s, STR(k->provider),
            str_is(k->provider, "petition") && k->petition <= POLC_PETITION_DENIED
                ? petition[k->petition]
                : "");
    if (k->category.ptr)
        bprintf(&t, ", category %.*s", STR(k->category));
    line(b, 1, "%.*s", BUF(t));
    polc_buf_free(&t);

    if (!cf->known)
        line(b, 2, "unit '%.*s' has no hours in this policy", STR(k->unit));
    else if (str_is(k->unit, "hours"))
        line(b, 2, "%s %s, no conversion", num(cf->hours, 0).s, hours_word(cf->hours));
    else
        line(b, 2, "%s %.*s x %d %s = %s %s", num(k->amount, amount_places(f->p, k->unit)).s,
             STR(k->unit), (int)cf->unit_hours, cf->unit_hours == 1 ? "hour" : "hours",
             num(cf->hours, 0).s, hours_word(cf->hours));
    text_course_verdict(b, f, i, cf);
    struct polc_buf u = { 0 };
    put_in_units(&u, f, total);
    line(b, 2, "running total: %s %s (%.*s)", num(total, 0).s, hours_word(total), BUF(u));
    polc_buf_free(&u);
}

static void text_courses(struct polc_buf *b, const struct facts *f)
{
    const struct polc_courses *c = &f->p->courses;
    struct polc_buf t = { 0 };
    line(b, 0, "Courses");
    put_dexpr(&t, f, &c->from);
    bprintf(&t, " through ");
    put_dexpr(&t, f, &c->through);
    line(b, 1, "counting window: from %.*s", BUF(t));
    polc_buf_free(&t);
    line(b, 1, "a course completed after the application date %s counts nothing yet",
         ds(f->d->as_of).s);
    text_providers(b, f);
    if (f->r->n_courses == 0)
        line(b, 1, "the record lists no course");
    struct walk w;
    memset(&w, 0, sizeof w);
    for (int32_t i = 0; i < f->r->n_courses; i++) {
        struct course_fact cf;
        walk_course(f, &w, i, &cf);
        text_course(b, f, i, &cf, w.total);
    }
    struct polc_buf u = { 0 };
    put_in_units(&u, f, f->counted_h);
    line(b, 1, "courses counted: %s %s = %.*s", num(f->counted_h, 0).s,
         hours_word(f->counted_h), BUF(u));
    polc_buf_free(&u);
}

static void paths_requiring(struct polc_buf *b, const struct polc_policy *p, uint32_t what)
{
    const char *sep = "";
    for (int32_t i = 0; i < p->n_paths; i++)
        if (p->paths[i].requires & what) {
            bprintf(b, "%s%s", sep, p->paths[i].name);
            sep = ", ";
        }
}

static void text_card(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_record *r = f->r;
    const struct polc_decision *d = f->d;
    line(b, 0, "CPR/AED card");
    if (!f->card_required) {
        line(b, 1, "verdict: %s: no path of the policy asks for a card", card_word(d->cpr_aed));
        return;
    }
    struct polc_buf t = { 0 };
    paths_requiring(&t, p, POLC_REQ_CPR_AED);
    line(b, 1, "required by path %.*s", BUF(t));
    polc_buf_free(&t);
    if (!r->has_card)
        line(b, 1, "card: none in the record");
    else if (r->has_card_completed)
        line(b, 1, "card: completed %s, valid until %s", ds(r->card_completed_on).s,
             ds(r->card_valid_until).s);
    else
        line(b, 1, "card: valid until %s", ds(r->card_valid_until).s);
    if (p->cpr_aed.valid_on == POLC_CARD_ON_EXPIRY)
        line(b, 1, "checked on: %s, the expiry date (the policy: valid on expiry)",
             ds(f->card_on).s);
    else
        line(b, 1, "checked on: %s, the application date (the policy: valid on application)",
             ds(f->card_on).s);
    switch (d->cpr_aed) {
    case POLC_CARD_VALID:
        line(b, 1, "verdict: valid: %s is on or after %s", ds(r->card_valid_until).s,
             ds(f->card_on).s);
        break;
    case POLC_CARD_EXPIRED:
        line(b, 1, "verdict: expired: %s is before %s", ds(r->card_valid_until).s,
             ds(f->card_on).s);
        break;
    case POLC_CARD_MISSING:
        if (r->has_card)
            line(b, 1, "verdict: missing: the card was completed %s, after the application "
                       "date %s",
                 ds(r->card_completed_on).s, ds(d->as_of).s);
        else
            line(b, 1, "verdict: missing: the record has no card");
        break;
    case POLC_CARD_NOT_REQUIRED: line(b, 1, "verdict: not_required"); break;
    }
}

static void text_exam(struct polc_buf *b, const struct facts *f)
{
    const struct polc_record *r = f->r;
    if (!f->exam_required)
        return;
    struct polc_buf t = { 0 };
    line(b, 0, "Exam");
    paths_requiring(&t, f->p, POLC_REQ_EXAM);
    line(b, 1, "required by path %.*s", BUF(t));
    t.len = 0;
    put_dexpr(&t, f, &f->p->exam_from);
    bprintf(&t, " through ");
    put_dexpr(&t, f, &f->p->exam_through);
    line(b, 1, "exam dates: from %.*s", BUF(t));
    polc_buf_free(&t);
    if (!r->has_exam) {
        line(b, 1, "passed on: not in the record");
        line(b, 1, "verdict: not met");
        return;
    }
    line(b, 1, "passed on: %s", ds(r->exam_passed_on).s);
    if (f->exam_ok)
        line(b, 1, "verdict: met: within the exam dates and not after the application date %s",
             ds(f->d->as_of).s);
    else if (!f->exam_inside && !f->exam_past)
        line(b, 1, "verdict: not met: outside the exam dates, and after the application date "
                   "%s", ds(f->d->as_of).s);
    else if (!f->exam_inside)
        line(b, 1, "verdict: not met: outside the exam dates");
    else
        line(b, 1, "verdict: not met: after the application date %s", ds(f->d->as_of).s);
}

static void text_required(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_record *r = f->r;
    const struct polc_decision *d = f->d;
    const char *unit = f->u->name;
    if (r->n_credentials == 1) {
        line(b, 1, "required: %s %s (credential %s)", num(d->required, f->places).s, unit,
             p->credentials[r->credentials[0]].code);
        return;
    }
    line(b, 1, "required: %s %s, the %s of the credentials' requirements",
         num(d->required, f->places).s, unit,
         p->units_together == POLC_SUM ? "sum" : "highest");
    for (int32_t i = 0; i < r->n_credentials; i++) {
        const struct polc_credential *k = &p->credentials[r->credentials[i]];
        line(b, 2, "%s requires %s %s", k->code, num(k->required, f->places).s, unit);
    }
}

static void text_units(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    const char *unit = f->u->name;
    struct polc_buf t = { 0 };
    struct ns step = num(polc_dec_ceil(1, f->places), f->places);
    line(b, 0, "Units (%s, precision %s; 1 %s = %d %s)", unit, step.s, unit, (int)f->u->hours,
         f->u->hours == 1 ? "hour" : "hours");
    text_required(b, f);
    if (f->credit_h > 0) {
        line(b, 1, "CPR/AED credit: %s %s = %s %s, for a valid card only, which courses cannot "
                   "replace",
             num(p->cpr_aed.credit, f->places).s, unit, num(f->credit_h, 0).s,
             hours_word(f->credit_h));
        put_in_units(&t, f, f->need_h);
        line(b, 1, "courses must bring: %s - %s = %.*s = %s %s", num(d->required, f->places).s,
             num(p->cpr_aed.credit, f->places).s, BUF(t),
             num(f->need_h, 0).s, hours_word(f->need_h));
    } else {
        put_in_units(&t, f, f->need_h);
        line(b, 1, "courses must bring: %.*s = %s %s", BUF(t),
             num(f->need_h, 0).s, hours_word(f->need_h));
    }
    if (f->courses_short)
        line(b, 1, "courses brought: %s %s, short by %s %s", num(f->counted_h, 0).s,
             hours_word(f->counted_h), num(f->need_h - f->counted_h, 0).s,
             hours_word(f->need_h - f->counted_h));
    else
        line(b, 1, "courses brought: %s %s, enough", num(f->counted_h, 0).s,
             hours_word(f->counted_h));
    for (int32_t i = 0; i < p->n_categories; i++) {
        const struct polc_category *k = &p->categories[i];
        t.len = 0;
        bprintf(&t, "category %s:", k->name);
        if (k->has_min)
            bprintf(&t, " at least %s %s (%s hours)", num(k->min, f->places).s, unit,
                    num(to_hours(k->min, f->u->hours), 0).s);
        if (k->has_max)
            bprintf(&t, "%s at most %s %s (%s hours)", k->has_min ? "," : "",
                    num(k->max, f->places).s, unit, num(to_hours(k->max, f->u->hours), 0).s);
        bprintf(&t, "; counted %s %s%s", num(f->category_h[i], 0).s, hours_word(f->category_h[i]),
                (d->categories_short >> i) & 1 ? ": below its minimum" : "");
        line(b, 1, "%.*s", BUF(t));
    }
    int card = d->cpr_aed == POLC_CARD_VALID;
    t.len = 0;
    bprintf(&t, "%s %s of courses", num(f->counted_h, 0).s, hours_word(f->counted_h));
    if (f->credit_h > 0 && card)
        bprintf(&t, " + %s %s of card credit", num(f->credit_h, 0).s, hours_word(f->credit_h));
    if (f->credit_h > 0 && card)
        bprintf(&t, " = %s %s", num(f->earned_h, 0).s, hours_word(f->earned_h));
    bprintf(&t, " = ");
    put_in_units(&t, f, f->earned_h);
    line(b, 1, "earned: %.*s; printed rounded down to %s: %s %s", BUF(t), step.s, num(d->earned, f->places).s, unit);
    t.len = 0;
    polc_dec lack = f->courses_short ? f->need_h - f->counted_h : 0;
    bprintf(&t, "courses lack %s of %s hours", num(lack, 0).s, num(f->need_h, 0).s);
    if (f->credit_h > 0 && !card)
        bprintf(&t, " + %s %s of card credit (no valid card) = %s %s", num(f->credit_h, 0).s,
                hours_word(f->credit_h), num(f->missing_h, 0).s, hours_word(f->missing_h));
    bprintf(&t, " = ");
    put_in_units(&t, f, f->missing_h);
    line(b, 1, "missing: %.*s; printed rounded up to %s: %s %s", BUF(t), step.s, num(d->missing, f->places).s, unit);
    polc_buf_free(&t);
    if (f->units_met)
        line(b, 1, "units requirement: met (courses bring what they must, and every category "
                   "minimum is met)");
    else if (f->courses_short)
        line(b, 1, "units requirement: not met (courses short)");
    else
        line(b, 1, "units requirement: not met (a category below its minimum)");
}

static void text_paths(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    line(b, 0, "Paths (in the order written; the first whose requirements are met is "
               "reported)");
    if (p->n_paths == 0) {
        line(b, 1, "the policy has no path");
        return;
    }
    int any = 0;
    struct polc_buf t = { 0 };
    for (int32_t i = 0; i < p->n_paths; i++) {
        const struct polc_path *x = &p->paths[i];
        t.len = 0;
        put_requirements(&t, x->requires);
        line(b, 1, "path %s (%s): requires %.*s", x->name, x->title, BUF(t));
        if (x->requires & POLC_REQ_UNITS)
            line(b, 2, "units: %s", f->units_met ? "met" : "not met");
        if (x->requires & POLC_REQ_CPR_AED)
            line(b, 2, "CPR/AED card: %s", d->cpr_aed == POLC_CARD_VALID ? "met" : "not met");
        if (x->requires & POLC_REQ_EXAM)
            line(b, 2, "exam: %s", f->exam_ok ? "met" : "not met");
        line(b, 2, "requirements met: %s", path_met(f, i) ? "yes" : "no");
        any |= path_met(f, i);
    }
    polc_buf_free(&t);
    const struct polc_path *rp = reported(f);
    if (!rp)
        return;
    if (path_met(f, d->path))
        line(b, 1, "reported: %s, the first path whose requirements are met", rp->name);
    else if (!any)
        line(b, 1, "reported: %s, the first path (no path's requirements are met)", rp->name);
    else
        line(b, 1, "reported: %s", rp->name);
}

static void text_window(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    struct polc_buf t = { 0 };
    line(b, 0, "Window");
    line(b, 1, "on_time: on or before %s (expiry)", ds(f->expires).s);
    for (int32_t i = 0; i < p->n_windows; i++) {
        const struct polc_window *w = &p->windows[i];
        t.len = 0;
        put_dexpr(&t, f, &w->from);
        bprintf(&t, " %s ", w->end_inclusive ? "through" : "before");
        put_dexpr(&t, f, &w->end);
        if (!w->end_inclusive)
            bprintf(&t, ", so through %s", ds(window_last_day(f, i)).s);
        line(b, 1, "window %s: from %.*s", w->name, BUF(t));
    }
    polc_buf_free(&t);
    if (p->n_windows == 0)
        line(b, 1, "the policy has no grace window: after expiry the credential has expired");
    else
        line(b, 1, "after the last window, the credential has expired");
    if (d->window == POLC_WINDOW_ON_TIME && d->as_of < d->start)
        line(b, 1, "the application date %s falls in: on_time (before the cycle start %s)",
             ds(d->as_of).s, ds(d->start).s);
    else if (d->window == POLC_WINDOW_ON_TIME)
        line(b, 1, "the application date %s falls in: on_time", ds(d->as_of).s);
    else if (window_ok(f, d->window))
        line(b, 1, "the application date %s falls in: window %s", ds(d->as_of).s,
             p->windows[d->window].name);
    else
        line(b, 1, "the application date %s falls in no window: it is past every window",
             ds(d->as_of).s);
}

static void fee_names(struct polc_buf *b, const struct polc_policy *p, uint64_t mask)
{
    const char *sep = "";
    for (int32_t i = 0; i < p->n_fees; i++)
        if (mask & (1ull << i)) {
            bprintf(b, "%s%s", sep, p->fees[i].name);
            sep = ", ";
        }
    if (!mask)
        buf_puts(b, "no fee");
}

static void text_fee_line(struct polc_buf *b, const struct facts *f, int32_t i)
{
    const struct polc_policy *p = f->p;
    const struct polc_record *r = f->r;
    const struct polc_fee *fee = &p->fees[i];
    switch (fee->kind) {
    case POLC_FEE_FLAT: line(b, 1, "%s: %s", fee->name, money(fee->amount).s); break;
    case POLC_FEE_PER_PETITION: {
        polc_dec a = fee_amount(f, i);
        line(b, 1, "%s: %s x %d petitioned %s = %s", fee->name, money(fee->amount).s,
             (int)f->d->petitions, f->d->petitions == 1 ? "course" : "courses",
             money(a < 0 ? 0 : a).s);
        break;
    }
    case POLC_FEE_PER_CREDENTIAL:
        for (int32_t k = 0; k < r->n_credentials; k++) {
            const struct polc_credential *c = &p->credentials[r->credentials[k]];
            if (p->fees_together == POLC_HIGHEST) {
                if (r->credentials[k] == f->d->highest_credential)
                    line(b, 1, "%s %s: %s, the highest of the credentials' fees", fee->name,
                         c->code, money(c->fee).s);
            } else {
                line(b, 1, "%s %s: %s, the credential's own fee", fee->name, c->code,
                     money(c->fee).s);
            }
        }
        break;
    }
}

static void text_fees(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    const struct polc_path *rp = reported(f);
    struct polc_buf t = { 0 };
    line(b, 0, "Fees (%s)", p->currency);
    if (d->status == POLC_EXPIRED || !rp) {
        line(b, 1, "none: an expired decision has no fees");
        line(b, 1, "total: %s %s", money(d->fee_total).s, p->currency);
        return;
    }
    if (d->status == POLC_INCOMPLETE)
        line(b, 1, "what would be due were it complete:");
    fee_names(&t, p, rp->fees);
    line(b, 1, "path %s charges: %.*s", rp->name, BUF(t));
    for (int32_t w = d->window; window_ok(f, w); w--) {
        t.len = 0;
        fee_names(&t, p, p->windows[w].fees);
        line(b, 1, "window %s adds: %.*s", p->windows[w].name, BUF(t));
        if (!p->windows[w].cumulative || w == 0)
            break;
        line(b, 1, "window %s is cumulative: it keeps the fees of window %s",
             p->windows[w].name, p->windows[w - 1].name);
    }
    polc_buf_free(&t);
    for (int32_t i = 0; i < p->n_fees; i++) {
        if (d->fees & (1ull << i))
            text_fee_line(b, f, i);
        else if (f->offered & (1ull << i))
            line(b, 1, "%s: left out, the record has no petitioned course", p->fees[i].name);
    }
    line(b, 1, "total: %s %s", money(d->fee_total).s, p->currency);
}

static void text_audit(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    line(b, 0, "Audit");
    if (!p->audit.declared) {
        line(b, 1, "the policy has no audit");
        return;
    }
    struct ns pct = num((polc_dec)p->audit.rate_bp * (POLC_DEC_SCALE / 100), 0);
    if (p->audit.param >= 0 && p->audit.param < p->n_params)
        line(b, 1, "rate: %s%% = %d basis points (parameter %s)", pct.s, (int)p->audit.rate_bp,
             p->params[p->audit.param].name);
    else
        line(b, 1, "rate: %s%% = %d basis points", pct.s, (int)p->audit.rate_bp);
    if (!d->audit) {
        line(b, 1, "not audited: only a renewable application is");
        return;
    }
    line(b, 1, "hash: FNV-1a 64 of \"%s|%.*s|%s\" = 0x%016" PRIx64, p->name, STR(f->r->id),
         ds(d->expires).s, f->hash);
    line(b, 1, "hash mod 10000 = %d", (int)f->mod);
    if (d->audit_selected) {
        line(b, 1, "%d is below %d: selected", (int)f->mod, (int)p->audit.rate_bp);
        line(b, 1, "documents due: %s + %d days = %s", ds(d->as_of).s, (int)p->audit.due_days,
             ds(d->documents_due).s);
    } else {
        line(b, 1, "%d is not below %d: not selected", (int)f->mod, (int)p->audit.rate_bp);
    }
}

static void text_status(struct polc_buf *b, const struct facts *f)
{
    const struct polc_decision *d = f->d;
    struct polc_buf t = { 0 };
    line(b, 0, "Status: %s", polc_status_name(d->status));
    put_status_why(&t, f);
    line(b, 1, "why: %.*s", BUF(t));
    polc_buf_free(&t);
    if (d->status == POLC_RENEWABLE)
        line(b, 1, "next expiry: %s (the next cycle runs %s through %s)",
             ds(d->next_expires).s, ds(d->expires + 1).s, ds(d->next_expires).s);
    else
        line(b, 1, "next expiry: none while not renewable (the next cycle would run %s "
                   "through %s)",
             ds(d->expires + 1).s, ds(d->next_expires).s);
}

static void text_reasons(struct polc_buf *b, const struct facts *f)
{
    const struct polc_record *r = f->r;
    const struct polc_decision *d = f->d;
    int any = 0;
    line(b, 0, "Reasons");
    for (int i = 0; i < POLC_R_COUNT; i++)
        if (d->reasons & (1u << i)) {
            line(b, 1, "%s", polc_reason_code((enum polc_reason)i));
            any = 1;
        }
    for (int32_t i = 0; i < r->n_courses; i++) {
        if (d->courses[i] == POLC_C_COUNTED)
            continue;
        const char *code = polc_course_code((enum polc_course_verdict)d->courses[i]);
        if (r->courses[i].id.ptr)
            line(b, 1, "%s: course %.*s", code, STR(r->courses[i].id));
        else
            line(b, 1, "%s: course %d", code, (int)i);
        any = 1;
    }
    if (!any)
        line(b, 1, "none");
}

/* Recomputed facts against the decision; silent when they agree. */
static void text_checks(struct polc_buf *b, const struct facts *f)
{
    const struct polc_decision *d = f->d;
    struct { int differs; const char *what; } c[] = {
        { f->expires != d->expires, "expiry" },
        { f->next_expires != d->next_expires, "next expiry" },
        { f->window != d->window, "window" },
        { f->verdicts_differ, "course verdicts" },
        { f->card != d->cpr_aed, "CPR/AED verdict" },
        { f->required != d->required, "units required" },
        { f->earned != d->earned, "units earned" },
        { f->missing != d->missing, "units missing" },
        { f->categories_short != d->categories_short, "categories short" },
        { f->petitions != d->petitions, "petitioned courses" },
        { f->path != d->path, "path" },
        { f->status != d->status, "status" },
        { f->charged != d->fees, "fee lines" },
        { f->fee_total != d->fee_total, "fee total" },
        { f->highest != d->highest_credential, "credential with the highest fee" },
        { f->audit != d->audit, "audit" },
        { f->audit && f->selected != d->audit_selected, "audit selection" },
        { f->audit && f->selected && f->due != d->documents_due, "documents due" },
    };
    int header = 0;
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        if (!c[i].differs)
            continue;
        if (!header)
            line(b, 0, "Checks");
        header = 1;
        line(b, 1, "the recomputed %s differs from the decision's", c[i].what);
    }
}

void explain_text(struct polc_buf *out, const struct polc_policy *p,
                  const struct polc_record *r, const struct polc_decision *d)
{
    struct facts f;
    if (facts_init(&f, p, r, d) != 0) {
        buf_puts(out, "no explanation: the policy, record or decision is incomplete\n");
        return;
    }
    text_record(out, &f);
    text_cycle(out, &f);
    text_courses(out, &f);
    text_card(out, &f);
    text_exam(out, &f);
    text_units(out, &f);
    text_paths(out, &f);
    text_window(out, &f);
    text_fees(out, &f);
    text_audit(out, &f);
    text_status(out, &f);
    text_reasons(out, &f);
    text_checks(out, &f);
}

/* ------------------------------------------------------------------ */
/* The JSON trace                                                      */
/* ------------------------------------------------------------------ */

static void j_key(struct polc_buf *b, const char *key, int *first)
{
    if (!*first)
        buf_putc(b, ',');
    *first = 0;
    buf_putc(b, '"');
    buf_puts(b, key);
    buf_puts(b, "\":");
}

static void j_date(struct polc_buf *b, polc_date d)
{
    bprintf(b, "\"%s\"", ds(d).s);
}

static void j_date_or_null(struct polc_buf *b, int has, polc_date d)
{
    if (has)
        j_date(b, d);
    else
        buf_puts(b, "null");
}

static void j_num(struct polc_buf *b, polc_dec v, int places)
{
    bprintf(b, "\"%s\"", num(v, places).s);
}

static void j_money(struct polc_buf *b, polc_dec v)
{
    bprintf(b, "\"%s\"", money(v).s);
}

static void j_bool(struct polc_buf *b, int v)
{
    buf_puts(b, v ? "true" : "false");
}

static void j_str(struct polc_buf *b, struct polc_str s)
{
    if (s.ptr)
        buf_json_string(b, s.ptr, s.len);
    else
        buf_puts(b, "null");
}

/* Text built by `put` into a JSON string. */
static void j_text(struct polc_buf *b, void (*put)(struct polc_buf *, const struct facts *),
                   const struct facts *f)
{
    struct polc_buf t = { 0 };
    put(&t, f);
    if (t.failed)
        b->failed = 1;
    buf_json_string(b, t.ptr ? t.ptr : "", t.len);
    polc_buf_free(&t);
}

static void json_cycle(struct polc_buf *b, const struct facts *f)
{
    const struct polc_cycle *c = &f->p->cycle;
    int first = 1;
    struct polc_buf t = { 0 };
    put_length(&t, c);
    buf_putc(b, '{');
    j_key(b, "start", &first);
    j_date(b, f->d->start);
    j_key(b, "length", &first);
    buf_json_string(b, t.ptr ? t.ptr : "", t.len);
    polc_buf_free(&t);
    j_key(b, "anchor", &first);
    bprintf(b, "\"%s\"", anchor_word(c->anchor));
    j_key(b, "leap_day", &first);
    if (f->leap)
        bprintf(b, "\"%s\"", leap_word(c->leap));
    else
        buf_puts(b, "null");
    j_key(b, "anniversary", &first);
    j_date(b, f->anniversary);
    j_key(b, "expires", &first);
    j_date(b, f->d->expires);
    j_key(b, "how", &first);
    j_text(b, put_cycle_how, f);
    buf_putc(b, '}');
}

static void json_courses(struct polc_buf *b, const struct facts *f)
{
    struct walk w;
    memset(&w, 0, sizeof w);
    buf_putc(b, '[');
    for (int32_t i = 0; i < f->r->n_courses; i++) {
        const struct polc_course *k = &f->r->courses[i];
        struct course_fact cf;
        int first = 1;
        walk_course(f, &w, i, &cf);
        if (i)
            buf_putc(b, ',');
        buf_putc(b, '{');
        j_key(b, "index", &first);
        buf_long(b, i);
        j_key(b, "id", &first);
        j_str(b, k->id);
        j_key(b, "completed_on", &first);
        j_date(b, k->completed_on);
        j_key(b, "verdict", &first);
        bprintf(b, "\"%s\"", polc_course_code(cf.verdict));
        j_key(b, "amount", &first);
        j_num(b, k->amount, amount_places(f->p, k->unit));
        j_key(b, "unit", &first);
        j_str(b, k->unit);
        j_key(b, "hours", &first);
        if (cf.known)
            j_num(b, cf.hours, 0);
        else
            buf_puts(b, "null");
        j_key(b, "counted", &first);
        j_num(b, cf.counted, 0);
        j_key(b, "total", &first);
        j_num(b, w.total, 0);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

static void json_card(struct polc_buf *b, const struct facts *f)
{
    const struct polc_record *r = f->r;
    int first = 1;
    buf_putc(b, '{');
    j_key(b, "state", &first);
    bprintf(b, "\"%s\"", card_word(f->d->cpr_aed));
    j_key(b, "checked_on", &first);
    j_date_or_null(b, f->card_required, f->card_on);
    j_key(b, "valid_until", &first);
    j_date_or_null(b, r->has_card, r->card_valid_until);
    j_key(b, "completed_on", &first);
    j_date_or_null(b, r->has_card && r->has_card_completed, r->card_completed_on);
    buf_putc(b, '}');
}

static void json_exam(struct polc_buf *b, const struct facts *f)
{
    int first = 1;
    buf_putc(b, '{');
    j_key(b, "required", &first);
    j_bool(b, f->exam_required);
    j_key(b, "from", &first);
    j_date_or_null(b, f->exam_required, f->exam_from);
    j_key(b, "through", &first);
    j_date_or_null(b, f->exam_required, f->exam_to);
    j_key(b, "passed_on", &first);
    j_date_or_null(b, f->r->has_exam, f->r->exam_passed_on);
    j_key(b, "met", &first);
    j_bool(b, f->exam_ok);
    buf_putc(b, '}');
}

static void json_units(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    int first = 1;
    buf_putc(b, '{');
    j_key(b, "unit", &first);
    buf_json_cstr(b, f->u->name);
    j_key(b, "required", &first);
    j_num(b, d->required, f->places);
    j_key(b, "credit", &first);
    if (p->cpr_aed.credit > 0)
        j_num(b, p->cpr_aed.credit, f->places);
    else
        buf_puts(b, "null");
    j_key(b, "courses_need_hours", &first);
    j_num(b, f->need_h, 0);
    j_key(b, "counted_hours", &first);
    j_num(b, f->counted_h, 0);
    j_key(b, "earned", &first);
    j_num(b, d->earned, f->places);
    j_key(b, "missing", &first);
    j_num(b, d->missing, f->places);
    j_key(b, "met", &first);
    j_bool(b, f->units_met);
    j_key(b, "categories", &first);
    buf_putc(b, '[');
    for (int32_t i = 0; i < p->n_categories; i++) {
        const struct polc_category *k = &p->categories[i];
        int kf = 1;
        if (i)
            buf_putc(b, ',');
        buf_putc(b, '{');
        j_key(b, "name", &kf);
        buf_json_cstr(b, k->name);
        j_key(b, "min", &kf);
        if (k->has_min)
            j_num(b, k->min, f->places);
        else
            buf_puts(b, "null");
        j_key(b, "max", &kf);
        if (k->has_max)
            j_num(b, k->max, f->places);
        else
            buf_puts(b, "null");
        j_key(b, "counted_hours", &kf);
        j_num(b, f->category_h[i], 0);
        j_key(b, "short", &kf);
        j_bool(b, (int)((d->categories_short >> i) & 1));
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

static void j_requirement(struct polc_buf *b, const char *key, int *first, int required, int met)
{
    j_key(b, key, first);
    if (required)
        j_bool(b, met);
    else
        buf_puts(b, "null");
}

static void json_paths(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    buf_putc(b, '[');
    for (int32_t i = 0; i < p->n_paths; i++) {
        const struct polc_path *x = &p->paths[i];
        int first = 1, rf = 1;
        if (i)
            buf_putc(b, ',');
        buf_putc(b, '{');
        j_key(b, "name", &first);
        buf_json_cstr(b, x->name);
        j_key(b, "met", &first);
        j_bool(b, path_met(f, i));
        j_key(b, "reported", &first);
        j_bool(b, i == f->d->path);
        j_key(b, "requirements", &first);
        buf_putc(b, '{');
        j_requirement(b, "units", &rf, (x->requires & POLC_REQ_UNITS) != 0, f->units_met);
        j_requirement(b, "cpr_aed", &rf, (x->requires & POLC_REQ_CPR_AED) != 0,
                      f->d->cpr_aed == POLC_CARD_VALID);
        j_requirement(b, "exam", &rf, (x->requires & POLC_REQ_EXAM) != 0, f->exam_ok);
        buf_puts(b, "}}");
    }
    buf_putc(b, ']');
}

static void json_window(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    int first = 1;
    buf_putc(b, '{');
    j_key(b, "name", &first);
    if (d->window == POLC_WINDOW_ON_TIME) {
        buf_puts(b, "\"on_time\"");
        j_key(b, "from", &first);
        buf_puts(b, "null");
        j_key(b, "end", &first);
        j_date(b, f->expires);
        j_key(b, "end_inclusive", &first);
        j_bool(b, 1);
    } else if (window_ok(f, d->window)) {
        buf_json_cstr(b, p->windows[d->window].name);
        j_key(b, "from", &first);
        j_date(b, window_from(f, d->window));
        j_key(b, "end", &first);
        j_date(b, window_end(f, d->window));
        j_key(b, "end_inclusive", &first);
        j_bool(b, p->windows[d->window].end_inclusive);
    } else {
        buf_puts(b, "null");
        j_key(b, "from", &first);
        j_date(b, p->n_windows ? window_last_day(f, p->n_windows - 1) + 1 : f->expires + 1);
        j_key(b, "end", &first);
        buf_puts(b, "null");
        j_key(b, "end_inclusive", &first);
        buf_puts(b, "null");
    }
    buf_putc(b, '}');
}

static void j_fee_line(struct polc_buf *b, const char *name, polc_dec amount, int *first)
{
    int kf = 1;
    if (!*first)
        buf_putc(b, ',');
    *first = 0;
    buf_putc(b, '{');
    j_key(b, "name", &kf);
    buf_json_cstr(b, name);
    j_key(b, "amount", &kf);
    j_money(b, amount);
}

static void json_fees(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_record *r = f->r;
    const struct polc_decision *d = f->d;
    int first = 1;
    buf_putc(b, '[');
    for (int32_t i = 0; i < p->n_fees; i++) {
        if (!(d->fees & (1ull << i)))
            continue;
        const struct polc_fee *fee = &p->fees[i];
        if (fee->kind == POLC_FEE_PER_CREDENTIAL) {
            for (int32_t k = 0; k < r->n_credentials; k++) {
                const struct polc_credential *c = &p->credentials[r->credentials[k]];
                if (p->fees_together == POLC_HIGHEST && r->credentials[k] != d->highest_credential)
                    continue;
                j_fee_line(b, fee->name, c->fee, &first);
                buf_puts(b, ",\"credential\":");
                buf_json_cstr(b, c->code);
                buf_puts(b, ",\"total\":");
                j_money(b, c->fee);
                buf_putc(b, '}');
            }
            continue;
        }
        j_fee_line(b, fee->name, fee->amount, &first);
        polc_dec total = fee->amount;
        if (fee->kind == POLC_FEE_PER_PETITION) {
            buf_puts(b, ",\"count\":");
            buf_long(b, d->petitions);
            total = fee_amount(f, i);
        }
        buf_puts(b, ",\"total\":");
        j_money(b, total < 0 ? 0 : total);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

static void json_audit(struct polc_buf *b, const struct facts *f)
{
    const struct polc_policy *p = f->p;
    const struct polc_decision *d = f->d;
    int first = 1;
    buf_putc(b, '{');
    j_key(b, "applies", &first);
    j_bool(b, d->audit);
    j_key(b, "rate_bp", &first);
    if (p->audit.declared)
        buf_long(b, p->audit.rate_bp);
    else
        buf_puts(b, "null");
    j_key(b, "hash", &first);
    if (d->audit)
        bprintf(b, "\"0x%016" PRIx64 "\"", f->hash);
    else
        buf_puts(b, "null");
    j_key(b, "mod", &first);
    if (d->audit)
        buf_long(b, f->mod);
    else
        buf_puts(b, "null");
    j_key(b, "selected", &first);
    if (d->audit)
        j_bool(b, d->audit_selected);
    else
        buf_puts(b, "null");
    j_key(b, "documents_due", &first);
    j_date_or_null(b, d->audit && d->audit_selected, d->documents_due);
    buf_putc(b, '}');
}

static void json_status(struct polc_buf *b, const struct facts *f)
{
    const struct polc_decision *d = f->d;
    int first = 1;
    buf_putc(b, '{');
    j_key(b, "value", &first);
    bprintf(b, "\"%s\"", polc_status_name(d->status));
    j_key(b, "why", &first);
    j_text(b, put_status_why, f);
    j_key(b, "next_expires", &first);
    j_date_or_null(b, d->status == POLC_RENEWABLE, d->next_expires);
    buf_putc(b, '}');
}

void explain_json(struct polc_buf *out, const struct polc_policy *p,
                  const struct polc_record *r, const struct polc_decision *d)
{
    struct facts f;
    int first = 1;
    if (facts_init(&f, p, r, d) != 0) {
        buf_puts(out, "null");
        return;
    }
    buf_putc(out, '{');
    j_key(out, "cycle", &first);
    json_cycle(out, &f);
    j_key(out, "counting", &first);
    buf_puts(out, "{\"from\":");
    j_date(out, f.first_count);
    buf_puts(out, ",\"through\":");
    j_date(out, f.last_count);
    buf_putc(out, '}');
    j_key(out, "courses", &first);
    json_courses(out, &f);
    j_key(out, "cpr_aed", &first);
    json_card(out, &f);
    j_key(out, "exam", &first);
    json_exam(out, &f);
    j_key(out, "units", &first);
    json_units(out, &f);
    j_key(out, "paths", &first);
    json_paths(out, &f);
    j_key(out, "window", &first);
    json_window(out, &f);
    j_key(out, "fees", &first);
    json_fees(out, &f);
    j_key(out, "fee_total", &first);
    j_money(out, d->fee_total);
    j_key(out, "audit", &first);
    json_audit(out, &f);
    j_key(out, "status", &first);
    json_status(out, &f);
    buf_putc(out, '}');
}
