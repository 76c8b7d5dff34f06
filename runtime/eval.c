/* eval.c - tables + record + application date -> decision.  No I/O, no
 * allocation, no global state: safe to call from many threads at once. */
#include "internal.h"
#include "polc.h"

#include <stdio.h>
#include <string.h>

/* Units whose name lengths are taken once a decision, not once a course. */
#define UNIT_LENGTHS 8

/* Sums of hours saturate here, far above any real requirement. */
#define HOURS_CEILING (INT64_MAX / 4)

/* Checked int64 arithmetic, inline: polc_dec_add / polc_dec_mul_int are
 * called a few times for every course.  Both return 0, or -1 on overflow
 * (*out is then not to be used). */
static inline int add_checked(polc_dec a, polc_dec b, polc_dec *out)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_add_overflow(a, b, out) ? -1 : 0;
#else
    return polc_dec_add(a, b, out);
#endif
}

static inline int mul_checked(polc_dec a, int64_t k, polc_dec *out)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_mul_overflow(a, k, out) ? -1 : 0;
#else
    return polc_dec_mul_int(a, k, out);
#endif
}

polc_date polc_cycle_expiry(const struct polc_cycle *c, polc_date start)
{
    polc_date anniversary = c->step == POLC_MONTHS
                                ? polc_add_months(start, c->length, c->leap)
                                : polc_add_years(start, c->length, c->leap);
    polc_date last = anniversary - 1;
    switch (c->anchor) {
    case POLC_ANCHOR_ANNIVERSARY: return last;
    case POLC_ANCHOR_END_OF_MONTH: return polc_end_of_month(last);
    case POLC_ANCHOR_DEC31: return polc_end_of_year(last);
    }
    return last;
}

polc_date polc_date_expr_eval(const struct polc_date_expr *e, enum polc_leap leap,
                              polc_date start, polc_date expiry,
                              polc_date application)
{
    polc_date base = e->base == POLC_AT_CYCLE_START ? start
                     : e->base == POLC_AT_EXPIRY     ? expiry
                                                     : application;
    switch (e->step) {
    case POLC_DAYS: return base + e->n;
    case POLC_MONTHS: return polc_add_months(base, e->n, leap);
    case POLC_YEARS: return polc_add_years(base, e->n, leap);
    }
    return base;
}

int polc_check_table(const struct polc_policy *p, char *err, size_t errlen)
{
    const char *why = NULL;
    if (!p)
        why = "no policy table";
    else if (p->magic != POLC_MAGIC)
        why = "not a polc policy table (bad magic number)";
    else if (p->version != POLC_TABLE_VERSION)
        why = "policy table of another format version";
    if (!why)
        return 0;
    if (err && errlen) {
        if (p && p->magic == POLC_MAGIC && p->version != POLC_TABLE_VERSION)
            snprintf(err, errlen, "%s: table format %u, runtime reads format %d; regenerate "
                     "it with this polc", why, (unsigned)p->version, POLC_TABLE_VERSION);
        else
            snprintf(err, errlen, "%s", why);
    }
    return -1;
}

/* ---- the parts of a decision ------------------------------------- */

struct ctx {
    const struct polc_policy *p;
    const struct polc_record *r;
    struct polc_decision *d;
    polc_date first_count, last_count;   /* courses count on these days */
    polc_dec counted_h;                  /* counted hours, millionths */
    polc_dec category_h[POLC_MAX_CATEGORIES]; /* the first n_categories are set */
    int units_met, courses_short, card_ok, exam_ok;
    size_t unit_len[UNIT_LENGTHS];       /* strlen of the first units' names */
};

static int str_is(struct polc_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static int str_eq(struct polc_str s, const char *c)
{
    return c && s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0;
}

static int32_t find_window(const struct polc_policy *p, polc_date expires, polc_date as_of)
{
    if (as_of <= expires)
        return POLC_WINDOW_ON_TIME;
    for (int32_t i = 0; i < p->n_windows; i++) {
        const struct polc_window *w = &p->windows[i];
        polc_date from = polc_date_expr_eval(&w->from, p->cycle.leap, 0, expires, as_of);
        polc_date end = polc_date_expr_eval(&w->end, p->cycle.leap, 0, expires, as_of);
        if (as_of >= from && (w->end_inclusive ? as_of <= end : as_of < end))
            return i;
    }
    return POLC_WINDOW_NONE;
}

static polc_dec requirement(const struct polc_policy *p, const struct polc_record *r)
{
    polc_dec total = 0;
    for (int32_t i = 0; i < r->n_credentials; i++) {
        polc_dec q = p->credentials[r->credentials[i]].required;
        if (p->units_together == POLC_SUM) {
            if (add_checked(total, q, &total) != 0)
                total = HOURS_CEILING;
        } else if (q > total) {
            total = q;
        }
    }
    return total;
}

static int any_path_requires(const struct polc_policy *p, uint32_t what)
{
    for (int32_t i = 0; i < p->n_paths; i++)
        if (p->paths[i].requires & what)
            return 1;
    return 0;
}

static enum polc_card_state card_state(const struct polc_policy *p,
                                       const struct polc_record *r, polc_date as_of,
                                       polc_date expires)
{
    if (!any_path_requires(p, POLC_REQ_CPR_AED))
        return POLC_CARD_NOT_REQUIRED;
    if (!r->has_card || (r->has_card_completed && r->card_completed_on > as_of))
        return POLC_CARD_MISSING;
    polc_date on = p->cpr_aed.valid_on == POLC_CARD_ON_EXPIRY ? expires : as_of;
    return r->card_valid_until >= on ? POLC_CARD_VALID : POLC_CARD_EXPIRED;
}

/* ---- courses ----------------------------------------------------- */

static int unit_hours(const struct ctx *c, struct polc_str unit, int32_t *hours)
{
    const struct polc_policy *p = c->p;
    if (str_is(unit, "hours")) {
        *hours = 1;
        return 1;
    }
    for (int32_t i = 0; i < p->n_units; i++)
        if (i < UNIT_LENGTHS ? unit.len == c->unit_len[i] &&
                                   memcmp(unit.ptr, p->units[i].name, unit.len) == 0
                             : str_eq(unit, p->units[i].name)) {
            *hours = p->units[i].hours;
            return 1;
        }
    return 0;
}

static int provider_listed(const struct polc_courses *c, struct polc_str provider)
{
    for (int32_t i = 0; i < c->n_providers; i++)
        if (str_eq(provider, c->providers[i]))
            return 1;
    return 0;
}

static enum polc_course_verdict provider_verdict(const struct polc_courses *c,
                                                 const struct polc_course *k, int petitioned)
{
    if (petitioned) {
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
        if (str_eq(name, p->categories[i].name))
            return i;
    return -1;
}

static polc_dec to_hours(polc_dec units, int32_t hours)
{
    polc_dec h;
    return mul_checked(units, hours, &h) == 0 && h < HOURS_CEILING ? h : HOURS_CEILING;
}

static void add_hours(polc_dec *sum, polc_dec h)
{
    if (add_checked(*sum, h, sum) != 0 || *sum > HOURS_CEILING)
        *sum = HOURS_CEILING;
}

/* Counts a course within its category's maximum; 0 when the maximum was
 * already reached. */
static int count_in_category(struct ctx *c, int cat, polc_dec h)
{
    const struct polc_policy *p = c->p;
    if (cat >= 0 && p->categories[cat].has_max) {
        polc_dec cap = to_hours(p->categories[cat].max, p->units[p->unit].hours);
        polc_dec room = cap - c->category_h[cat];
        if (room <= 0)
            return 0;
        if (h > room)
            h = room;
    }
    if (cat >= 0)
        add_hours(&c->category_h[cat], h);
    add_hours(&c->counted_h, h);
    return 1;
}

static enum polc_course_verdict judge_course(struct ctx *c, const struct polc_course *k,
                                             int petitioned)
{
    int32_t hours;
    if (k->completed_on > c->d->as_of)
        return POLC_C_IN_FUTURE;
    if (k->completed_on < c->first_count)
        return POLC_C_BEFORE_CYCLE;
    if (k->completed_on > c->last_count)
        return POLC_C_AFTER_WINDOW;
    if (!unit_hours(c, k->unit, &hours))
        return POLC_C_UNKNOWN_UNIT;
    enum polc_course_verdict v = provider_verdict(&c->p->courses, k, petitioned);
    if (v != POLC_C_COUNTED)
        return v;
    int cat = find_category(c->p, k->category);
    return count_in_category(c, cat, to_hours(k->amount, hours)) ? POLC_C_COUNTED
                                                                 : POLC_C_CATEGORY_LIMIT;
}

static void judge_courses(struct ctx *c)
{
    for (int32_t i = 0; i < c->r->n_courses; i++) {
        const struct polc_course *k = &c->r->courses[i];
        int petitioned = str_is(k->provider, "petition");
        c->d->courses[i] = (uint8_t)judge_course(c, k, petitioned);
        c->d->petitions += petitioned;
    }
}

/* ---- units ------------------------------------------------------- */

static uint64_t short_categories(const struct ctx *c)
{
    const struct polc_policy *p = c->p;
    uint64_t mask = 0;
    for (int32_t i = 0; i < p->n_categories; i++) {
        const struct polc_category *k = &p->categories[i];
        if (k->has_min && c->category_h[i] < to_hours(k->min, p->units[p->unit].hours))
            mask |= 1ull << i;
    }
    return mask;
}

static void units(struct ctx *c)
{
    const struct polc_policy *p = c->p;
    struct polc_decision *d = c->d;
    const struct polc_unit *u = &p->units[p->unit];
    polc_dec step_h = to_hours(polc_dec_ceil(1, u->places), u->hours);
    polc_dec credit_h = to_hours(p->cpr_aed.credit, u->hours);
    polc_dec need_h = to_hours(d->required, u->hours) - credit_h;
    if (need_h < 0)
        need_h = 0;
    int card = d->cpr_aed == POLC_CARD_VALID;
    polc_dec earned_h = c->counted_h, missing_h = 0;
    if (card)
        add_hours(&earned_h, credit_h);
    if (c->counted_h < need_h)
        missing_h = need_h - c->counted_h;
    if (!card)
        missing_h += credit_h;
    d->earned = earned_h / step_h * (step_h / u->hours);
    d->missing = (missing_h / step_h + (missing_h % step_h != 0)) * (step_h / u->hours);
    d->categories_short = short_categories(c);
    c->courses_short = c->counted_h < need_h;
    c->units_met = !c->courses_short && d->categories_short == 0;
}

/* ---- exam, paths, status ----------------------------------------- */

static void exam(struct ctx *c)
{
    const struct polc_policy *p = c->p;
    const struct polc_record *r = c->r;
    struct polc_decision *d = c->d;
    c->exam_ok = 0;
    if (!any_path_requires(p, POLC_REQ_EXAM) || !r->has_exam)
        return;
    polc_date from = polc_date_expr_eval(&p->exam_from, p->cycle.leap, d->start, d->expires, d->as_of);
    polc_date to = polc_date_expr_eval(&p->exam_through, p->cycle.leap, d->start, d->expires, d->as_of);
    int inside = r->exam_passed_on >= from && r->exam_passed_on <= to;
    int past = r->exam_passed_on <= d->as_of;
    if (!inside)
        d->reasons |= 1u << POLC_R_EXAM_OUTSIDE_CYCLE;
    if (!past)
        d->reasons |= 1u << POLC_R_EXAM_IN_FUTURE;
    c->exam_ok = inside && past;
}

static int path_met(const struct ctx *c, const struct polc_path *path)
{
    return (!(path->requires & POLC_REQ_UNITS) || c->units_met) &&
           (!(path->requires & POLC_REQ_CPR_AED) || c->card_ok) &&
           (!(path->requires & POLC_REQ_EXAM) || c->exam_ok);
}

/* Whether what the path lacks can still be earned in time. */
static int path_still_possible(const struct ctx *c, const struct polc_path *path)
{
    const struct polc_policy *p = c->p;
    const struct polc_decision *d = c->d;
    if ((path->requires & POLC_REQ_UNITS) && !c->units_met && d->as_of > c->last_count)
        return 0;
    if ((path->requires & POLC_REQ_EXAM) && !c->exam_ok) {
        polc_date to = polc_date_expr_eval(&p->exam_through, p->cycle.leap, d->start, d->expires, d->as_of);
        if (d->as_of > to)
            return 0;
    }
    return 1;
}

static void choose_path(struct ctx *c)
{
    const struct polc_policy *p = c->p;
    c->d->path = 0;
    for (int32_t i = 0; i < p->n_paths; i++)
        if (path_met(c, &p->paths[i])) {
            c->d->path = i;
            return;
        }
}

static enum polc_status status(struct ctx *c)
{
    const struct polc_policy *p = c->p;
    struct polc_decision *d = c->d;
    if (d->window == POLC_WINDOW_NONE) {
        d->reasons |= 1u << POLC_R_PAST_LAST_WINDOW;
        return POLC_EXPIRED;
    }
    if (d->as_of < d->start) {
        d->reasons |= 1u << POLC_R_APPLIED_BEFORE_CYCLE;
        return POLC_INCOMPLETE;
    }
    if (p->n_paths && path_met(c, &p->paths[d->path]))
        return POLC_RENEWABLE;
    for (int32_t i = 0; i < p->n_paths; i++)
        if (path_still_possible(c, &p->paths[i]))
            return POLC_INCOMPLETE;
    d->reasons |= 1u << POLC_R_TOO_LATE_TO_COMPLETE;
    return POLC_EXPIRED;
}

static void path_reasons(struct ctx *c)
{
    struct polc_decision *d = c->d;
    if (c->p->n_paths == 0)
        return;
    uint32_t req = c->p->paths[d->path].requires;
    if ((req & POLC_REQ_UNITS) && c->courses_short)
        d->reasons |= 1u << POLC_R_UNITS_SHORT;
    if ((req & POLC_REQ_UNITS) && d->categories_short)
        d->reasons |= 1u << POLC_R_CATEGORY_SHORT;
    if ((req & POLC_REQ_CPR_AED) && d->cpr_aed == POLC_CARD_MISSING)
        d->reasons |= 1u << POLC_R_CPR_AED_MISSING;
    if ((req & POLC_REQ_CPR_AED) && d->cpr_aed == POLC_CARD_EXPIRED)
        d->reasons |= 1u << POLC_R_CPR_AED_EXPIRED;
    if (d->window >= 0)
        d->reasons |= 1u << POLC_R_LATE_APPLICATION;
}

/* ---- fees and audit ---------------------------------------------- */

static uint64_t window_fees(const struct polc_policy *p, int32_t w)
{
    if (w < 0)
        return 0;
    uint64_t mask = p->windows[w].fees;
    while (w > 0 && p->windows[w].cumulative)
        mask |= p->windows[--w].fees;
    return mask;
}

static polc_dec credential_fees(const struct ctx *c)
{
    const struct polc_policy *p = c->p;
    polc_dec total = 0, best = -1;
    for (int32_t i = 0; i < c->r->n_credentials; i++) {
        const struct polc_credential *k = &p->credentials[c->r->credentials[i]];
        if (p->fees_together == POLC_HIGHEST) {
            if (k->fee > best) {
                best = k->fee;
                c->d->highest_credential = c->r->credentials[i];
            }
        } else if (add_checked(total, k->fee, &total) != 0) {
            total = HOURS_CEILING;
        }
    }
    return p->fees_together == POLC_HIGHEST ? (best < 0 ? 0 : best) : total;
}

static void fees(struct ctx *c)
{
    const struct polc_policy *p = c->p;
    struct polc_decision *d = c->d;
    if (d->status == POLC_EXPIRED || p->n_paths == 0)
        return;
    uint64_t mask = p->paths[d->path].fees | window_fees(p, d->window);
    for (int32_t i = 0; i < p->n_fees; i++) {
        if (!(mask & (1ull << i)))
            continue;
        const struct polc_fee *f = &p->fees[i];
        polc_dec amount = f->amount;
        if (f->kind == POLC_FEE_PER_PETITION) {
            if (d->petitions == 0 || mul_checked(f->amount, d->petitions, &amount) != 0) {
                mask &= ~(1ull << i);
                continue;
            }
        } else if (f->kind == POLC_FEE_PER_CREDENTIAL) {
            amount = credential_fees(c);
        }
        polc_dec sum;
        if (add_checked(d->fee_total, amount, &sum) == 0)
            d->fee_total = sum;
    }
    d->fees = mask;
}

uint64_t polc_audit_hash(const char *policy, struct polc_str id, polc_date expires)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const uint64_t prime = 0x100000001b3ull;
    char date[11];
    polc_date_format(expires, date);
    for (const char *s = policy; *s; s++)
        h = (h ^ (unsigned char)*s) * prime;
    h = (h ^ (unsigned char)'|') * prime;
    for (size_t i = 0; i < id.len; i++)
        h = (h ^ (unsigned char)id.ptr[i]) * prime;
    h = (h ^ (unsigned char)'|') * prime;
    for (int i = 0; i < 10; i++)
        h = (h ^ (unsigned char)date[i]) * prime;
    return h;
}

static void audit(struct ctx *c)
{
    const struct polc_policy *p = c->p;
    struct polc_decision *d = c->d;
    if (d->status != POLC_RENEWABLE || !p->audit.declared)
        return;
    d->audit = 1;
    uint64_t h = polc_audit_hash(p->name, c->r->id, d->expires);
    d->audit_selected = (int32_t)(h % 10000) < p->audit.rate_bp;
    d->documents_due = d->as_of + p->audit.due_days;
}

/* ---- the decision ------------------------------------------------ */

static void begin(struct ctx *c, polc_date as_of)
{
    const struct polc_policy *p = c->p;
    struct polc_decision *d = c->d;
    uint8_t *courses = d->courses;
    memset(d, 0, sizeof *d);
    d->courses = courses;
    d->as_of = as_of;
    d->start = c->r->cycle_start;
    d->expires = polc_cycle_expiry(&p->cycle, d->start);
    d->next_expires = polc_cycle_expiry(&p->cycle, d->expires + 1);
    d->window = find_window(p, d->expires, as_of);
    d->required = requirement(p, c->r);
    d->cpr_aed = card_state(p, c->r, as_of, d->expires);
    d->highest_credential = -1;
    c->card_ok = d->cpr_aed == POLC_CARD_VALID;
    c->first_count = polc_date_expr_eval(&p->courses.from, p->cycle.leap, d->start, d->expires, as_of);
    c->last_count = polc_date_expr_eval(&p->courses.through, p->cycle.leap, d->start, d->expires, as_of);
}

int polc_eval(const struct polc_policy *p, const struct polc_record *r,
              polc_date as_of, struct polc_decision *d)
{
    if (polc_check_table(p, NULL, 0) != 0 || !r || !d || p->n_units < 1 ||
        (r->n_courses > 0 && !d->courses))
        return -1;
    if (r->cycle_start < POLC_DATE_MIN || r->cycle_start > POLC_DATE_MAX ||
        as_of < POLC_DATE_MIN || as_of > POLC_DATE_MAX)
        return -1;
    /* Not memset whole: category_h is 512 bytes and most policies have no
     * category; only the first n_categories entries are read. */
    struct ctx c;
    c.p = p;
    c.r = r;
    c.d = d;
    c.counted_h = 0;
    c.units_met = c.courses_short = c.card_ok = c.exam_ok = 0;
    for (int32_t i = 0; i < p->n_units && i < UNIT_LENGTHS; i++)
        c.unit_len[i] = p->units[i].name ? strlen(p->units[i].name) : (size_t)-1;
    if (p->n_categories > 0)
        memset(c.category_h, 0, sizeof c.category_h[0] *
               (size_t)(p->n_categories < POLC_MAX_CATEGORIES ? p->n_categories
                                                               : POLC_MAX_CATEGORIES));
    begin(&c, as_of);
    judge_courses(&c);
    units(&c);
    exam(&c);
    choose_path(&c);
    d->status = status(&c);
    path_reasons(&c);
    fees(&c);
    audit(&c);
    return 0;
}

const char *polc_reason_code(enum polc_reason r)
{
    switch (r) {
    case POLC_R_APPLIED_BEFORE_CYCLE: return "applied_before_cycle";
    case POLC_R_LATE_APPLICATION: return "late_application";
    case POLC_R_PAST_LAST_WINDOW: return "past_last_window";
    case POLC_R_TOO_LATE_TO_COMPLETE: return "too_late_to_complete";
    case POLC_R_UNITS_SHORT: return "units_short";
    case POLC_R_CATEGORY_SHORT: return "category_short";
    case POLC_R_CPR_AED_MISSING: return "cpr_aed_missing";
    case POLC_R_CPR_AED_EXPIRED: return "cpr_aed_expired";
    case POLC_R_EXAM_OUTSIDE_CYCLE: return "exam_outside_cycle";
    case POLC_R_EXAM_IN_FUTURE: return "exam_in_future";
    case POLC_R_COUNT: break;
    }
    return "unknown";
}

const char *polc_course_code(enum polc_course_verdict v)
{
    switch (v) {
    case POLC_C_COUNTED: return "counted";
    case POLC_C_IN_FUTURE: return "course_in_future";
    case POLC_C_BEFORE_CYCLE: return "course_before_cycle";
    case POLC_C_AFTER_WINDOW: return "course_after_window";
    case POLC_C_UNKNOWN_UNIT: return "unknown_unit";
    case POLC_C_PROVIDER_NOT_ACCEPTED: return "provider_not_accepted";
    case POLC_C_PETITION_PENDING: return "petition_pending";
    case POLC_C_PETITION_DENIED: return "petition_denied";
    case POLC_C_CATEGORY_LIMIT: return "category_limit";
    }
    return "unknown";
}

const char *polc_status_name(enum polc_status s)
{
    switch (s) {
    case POLC_RENEWABLE: return "renewable";
    case POLC_INCOMPLETE: return "incomplete";
    case POLC_EXPIRED: return "expired";
    }
    return "unknown";
}

const char *polc_card_name(enum polc_card_state s)
{
    switch (s) {
    case POLC_CARD_VALID: return "valid";
    case POLC_CARD_EXPIRED: return "expired";
    case POLC_CARD_MISSING: return "missing";
    case POLC_CARD_NOT_REQUIRED: return "not_required";
    }
    return "unknown";
}
