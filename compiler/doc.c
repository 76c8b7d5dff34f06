/* doc.c - `polc doc`: the policy described for its trainers.
 *
 * One writer serves both formats: the sections below call small helpers
 * (text, code, paragraphs, lists, tables) that write HTML or GitHub
 * Markdown, so both carry the same content.  The HTML page adds an SVG
 * timeline of one example cycle.  Every string that comes from the policy
 * goes through esc(); nothing here reads the clock, the environment or a
 * pointer value, so the output depends on the policy alone.
 */
#include "doc.h"

#include "buf.h"
#include "internal.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct example {
    polc_date start, anniversary, expiry, next_start, next_expiry;
    polc_date count_from, count_through;
    polc_date exam_from, exam_through;
    polc_date expired_from;      /* first day past the last window */
    polc_date docs_due;          /* audit documents, application on expiry */
};

struct doc {
    struct polc_buf *b;
    const struct polc_policy *p;
    int md;
    int has_exam, needs_card, any_assumed;
    struct example ex;
};

/* ---- output ------------------------------------------------------- */

static void raw(struct doc *d, const char *s) { buf_puts(d->b, s); }
static void rawc(struct doc *d, char c) { buf_putc(d->b, c); }
static void num(struct doc *d, long v) { buf_long(d->b, v); }

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Length of the UTF-8 sequence a lead byte starts, 0 for a bad lead. */
static size_t utf8_len(unsigned char c)
{
    return c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
}

/* Text for either format: markup characters escaped, control characters
 * and bad UTF-8 replaced, line breaks and tabs made spaces. */
static void escn(struct doc *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t k = utf8_len(c);
            if (k && k <= n - i && utf8_check(s + i, k) == k) {
                buf_put(d->b, s + i, k);
                i += k;
            } else {
                raw(d, replacement);
                i++;
            }
            continue;
        }
        i++;
        switch (c) {
        case '&': raw(d, "&amp;"); continue;
        case '<': raw(d, "&lt;"); continue;
        case '>': raw(d, "&gt;"); continue;
        case '"': raw(d, d->md ? "\"" : "&quot;"); continue;
        case '\'': raw(d, d->md ? "'" : "&#39;"); continue;
        case '\t': case '\n': case '\r': rawc(d, ' '); continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f)
            raw(d, replacement);
        else if (d->md && strchr("\\`*_[]|$~", c))
            rawc(d, '\\'), rawc(d, (char)c);
        else
            rawc(d, (char)c);
    }
}

static void esc(struct doc *d, const char *s)
{
    if (s)
        escn(d, s, strlen(s));
}

/* Literal text of this file: the same path as user text. */
#define T(d, s) esc((d), (s))

/* A name in code type.  In Markdown a name that a code span would not
 * carry safely (a backtick, a pipe, a control character) is plain text. */
static void code(struct doc *d, const char *s)
{
    if (!s)
        s = "";
    if (d->md) {
        int plain = *s == '\0';
        for (const char *t = s; *t; t++)
            if (*t == '`' || *t == '|' || (unsigned char)*t < 0x20 || (unsigned char)*t >= 0x7f)
                plain = 1;
        if (plain) {
            esc(d, s);
            return;
        }
        rawc(d, '`');
        raw(d, s); /* printable ASCII: a code span shows it literally */
        rawc(d, '`');
        return;
    }
    raw(d, "<code>");
    esc(d, s);
    raw(d, "</code>");
}

static void strong_open(struct doc *d) { raw(d, d->md ? "**" : "<strong>"); }
static void strong_close(struct doc *d) { raw(d, d->md ? "**" : "</strong>"); }

static void date(struct doc *d, polc_date x)
{
    char s[11];
    polc_date_format(x, s);
    raw(d, s);
}

/* v with `places` decimals. */
static void decimal(struct doc *d, polc_dec v, int places)
{
    char s[32];
    if (places < 0)
        places = 0;
    if (places > POLC_DEC_PLACES)
        places = POLC_DEC_PLACES;
    polc_dec_format(v, places, s);
    raw(d, s);
}

/* v with as many decimals as it needs, at least `min`. */
static void decimal_trim(struct doc *d, polc_dec v, int min)
{
    char s[32];
    size_t n = polc_dec_format(v, POLC_DEC_PLACES, s);
    char *dot = strchr(s, '.');
    if (dot) {
        size_t keep = (size_t)(dot - s) + (min > 0 ? (size_t)min + 1 : 0);
        while (n > keep && s[n - 1] == '0')
            s[--n] = '\0';
        if (s[n - 1] == '.')
            s[--n] = '\0';
    }
    raw(d, s);
}

static void money(struct doc *d, polc_dec v)
{
    decimal(d, v, 2);
    rawc(d, ' ');
    esc(d, d->p->currency);
}

static const struct polc_unit *report_unit(const struct polc_policy *p)
{
    if (p->units && p->unit >= 0 && p->unit < p->n_units)
        return &p->units[p->unit];
    return NULL;
}

static void units(struct doc *d, polc_dec v)
{
    const struct polc_unit *u = report_unit(d->p);
    decimal(d, v, u ? u->places : 0);
    rawc(d, ' ');
    esc(d, u ? u->name : "units");
}

/* The "assumed" marker: after a value (`inline`), or alone in a cell. */
static void assumed_mark(struct doc *d, int inline_)
{
    if (d->md)
        raw(d, inline_ ? " *(assumed)*" : "*assumed*");
    else
        raw(d, inline_ ? " <span class=\"assumed\">assumed</span>" : "<span class=\"assumed\">assumed</span>");
}

/* ---- blocks ------------------------------------------------------- */

static void h2(struct doc *d, const char *id, const char *title)
{
    if (d->md) {
        raw(d, "## ");
        T(d, title);
        raw(d, "\n\n");
        return;
    }
    raw(d, "<h2 id=\"");
    raw(d, id);
    raw(d, "\">");
    T(d, title);
    raw(d, "</h2>\n");
}

static void p_open(struct doc *d) { raw(d, d->md ? "" : "<p>"); }
static void p_close(struct doc *d) { raw(d, d->md ? "\n\n" : "</p>\n"); }
static void ul_open(struct doc *d) { raw(d, d->md ? "" : "<ul>\n"); }
static void ul_close(struct doc *d) { raw(d, d->md ? "\n" : "</ul>\n"); }
static void li_open(struct doc *d) { raw(d, d->md ? "- " : "<li>"); }
static void li_close(struct doc *d) { raw(d, d->md ? "\n" : "</li>\n"); }

static void table_open_class(struct doc *d, const char *cls, const char *const *heads, int n)
{
    if (d->md) {
        raw(d, "|");
        for (int i = 0; i < n; i++) {
            rawc(d, ' ');
            T(d, heads[i]);
            raw(d, " |");
        }
        raw(d, "\n|");
        for (int i = 0; i < n; i++)
            raw(d, "---|");
        rawc(d, '\n');
        return;
    }
    raw(d, "<table");
    if (cls) {
        raw(d, " class=\"");
        raw(d, cls);
        rawc(d, '"');
    }
    raw(d, ">\n<thead><tr>");
    for (int i = 0; i < n; i++) {
        raw(d, "<th>");
        T(d, heads[i]);
        raw(d, "</th>");
    }
    raw(d, "</tr></thead>\n<tbody>\n");
}

static void table_open(struct doc *d, const char *const *heads, int n)
{
    table_open_class(d, NULL, heads, n);
}

static void tr_open(struct doc *d) { raw(d, d->md ? "|" : "<tr>"); }
static void tr_close(struct doc *d) { raw(d, d->md ? "\n" : "</tr>\n"); }
static void td_open(struct doc *d) { raw(d, d->md ? " " : "<td>"); }
static void td_close(struct doc *d) { raw(d, d->md ? " |" : "</td>"); }
static void table_close(struct doc *d) { raw(d, d->md ? "\n" : "</tbody>\n</table>\n"); }

static void td_text(struct doc *d, const char *s)
{
    td_open(d);
    T(d, s);
    td_close(d);
}

/* ---- the policy in words ------------------------------------------ */

static const char *ordinal_suffix(long n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

static void count_of(struct doc *d, long n, const char *one, const char *many)
{
    num(d, n);
    rawc(d, ' ');
    T(d, n == 1 ? one : many);
}

static void step_count(struct doc *d, long n, enum polc_step s)
{
    switch (s) {
    case POLC_DAYS: count_of(d, n, "day", "days"); break;
    case POLC_MONTHS: count_of(d, n, "month", "months"); break;
    case POLC_YEARS: count_of(d, n, "year", "years"); break;
    }
}

static void expr_words(struct doc *d, const struct polc_date_expr *e)
{
    T(d, e->base == POLC_AT_CYCLE_START ? "cycle start"
         : e->base == POLC_AT_EXPIRY    ? "expiry"
                                        : "application");
    if (e->n == 0)
        return;
    T(d, " + ");
    step_count(d, e->n, e->step);
}

/* The same in a sentence: "the cycle start", "expiry + 90 days". */
static void expr_sentence(struct doc *d, const struct polc_date_expr *e)
{
    if (e->n == 0 && e->base != POLC_AT_EXPIRY)
        T(d, "the ");
    expr_words(d, e);
}

static polc_date at(const struct doc *d, const struct polc_date_expr *e)
{
    return polc_date_expr_eval(e, d->p->cycle.leap, d->ex.start, d->ex.expiry, d->ex.expiry);
}

static polc_date win_from(const struct doc *d, int32_t i)
{
    return at(d, &d->p->windows[i].from);
}

/* The window's last day (a `before` end is not in the window). */
static polc_date win_last(const struct doc *d, int32_t i)
{
    const struct polc_window *w = &d->p->windows[i];
    return at(d, &w->end) - (w->end_inclusive ? 0 : 1);
}

static void window_words(struct doc *d, int32_t i)
{
    const struct polc_window *w = &d->p->windows[i];
    expr_words(d, &w->from);
    T(d, w->end_inclusive ? " through " : " to the day before ");
    expr_words(d, &w->end);
}

/* The first day past the last window, as a date expression in words. */
static void expired_words(struct doc *d)
{
    const struct polc_policy *p = d->p;
    if (p->n_windows == 0) {
        T(d, "expiry + 1 day");
        return;
    }
    const struct polc_window *w = &p->windows[p->n_windows - 1];
    if (!w->end_inclusive) {
        expr_words(d, &w->end);
    } else if (w->end.step == POLC_DAYS) {
        struct polc_date_expr e = w->end;
        e.n++;
        expr_words(d, &e);
    } else {
        T(d, "the day after ");
        expr_words(d, &w->end);
    }
}

static void range(struct doc *d, polc_date a, polc_date b)
{
    date(d, a);
    T(d, " through ");
    date(d, b);
}

static int fee_assumed(const struct polc_policy *p, const struct polc_fee *f)
{
    return f->param >= 0 && f->param < p->n_params && p->params[f->param].assumed;
}

static void credential_fee_range(struct doc *d)
{
    const struct polc_policy *p = d->p;
    polc_dec lo = -1, hi = -1;
    for (int32_t i = 0; i < p->n_credentials; i++) {
        if (!p->credentials[i].has_fee)
            continue;
        polc_dec f = p->credentials[i].fee;
        if (lo < 0 || f < lo)
            lo = f;
        if (f > hi)
            hi = f;
    }
    if (hi < 0)
        return;
    T(d, " (");
    if (lo != hi) {
        decimal(d, lo, 2);
        T(d, " to ");
    }
    money(d, hi);
    T(d, ")");
}

static void fee_amount(struct doc *d, const struct polc_fee *f)
{
    switch (f->kind) {
    case POLC_FEE_FLAT:
        money(d, f->amount);
        break;
    case POLC_FEE_PER_PETITION:
        money(d, f->amount);
        T(d, " per petitioned course");
        break;
    case POLC_FEE_PER_CREDENTIAL:
        T(d, d->p->fees_together == POLC_HIGHEST ? "the highest fee of the credentials renewed"
                                                 : "each credential's own fee");
        credential_fee_range(d);
        break;
    }
    if (fee_assumed(d->p, f))
        assumed_mark(d, 1);
}

/* The fees of a mask: "name: amount, name: amount", or `none`. */
static void fee_list(struct doc *d, uint64_t mask, const char *none)
{
    const struct polc_policy *p = d->p;
    int any = 0;
    for (int32_t i = 0; i < p->n_fees && i < 64; i++) {
        if (!(mask & (1ull << i)))
            continue;
        if (any)
            T(d, "; ");
        code(d, p->fees[i].name);
        T(d, ": ");
        fee_amount(d, &p->fees[i]);
        any = 1;
    }
    if (!any)
        T(d, none);
}

/* Names only: "late, additional". */
static void fee_names(struct doc *d, uint64_t mask)
{
    const struct polc_policy *p = d->p;
    int any = 0;
    for (int32_t i = 0; i < p->n_fees && i < 64; i++) {
        if (!(mask & (1ull << i)))
            continue;
        if (any)
            T(d, ", ");
        code(d, p->fees[i].name);
        any = 1;
    }
}

/* Fees of the windows before window i that still apply in it. */
static uint64_t inherited_fees(const struct polc_policy *p, int32_t i)
{
    uint64_t mask = 0;
    while (i > 0 && p->windows[i].cumulative)
        mask |= p->windows[--i].fees;
    return mask;
}

/* Every cite whose rule is `rule` or starts with `rule` and a space. */
static int rule_matches(const char *rule, const char *prefix)
{
    size_t n = strlen(prefix);
    return rule && strncmp(rule, prefix, n) == 0 && (rule[n] == '\0' || rule[n] == ' ');
}

static void quotes(struct doc *d, const char *prefix)
{
    const struct polc_policy *p = d->p;
    for (int32_t i = 0; i < p->n_cites; i++) {
        const struct polc_cite *c = &p->cites[i];
        if (!rule_matches(c->rule, prefix))
            continue;
        raw(d, d->md ? "> \xe2\x80\x9c" : "<blockquote class=\"src\">\xe2\x80\x9c");
        esc(d, c->text);
        raw(d, d->md ? "\xe2\x80\x9d \xe2\x80\x94 " : "\xe2\x80\x9d <span class=\"by\">\xe2\x80\x94 ");
        code(d, c->rule);
        T(d, ", line ");
        num(d, c->line);
        raw(d, d->md ? "\n\n" : "</span></blockquote>\n");
    }
}

/* ---- the example cycle -------------------------------------------- */

static void example(struct doc *d)
{
    const struct polc_policy *p = d->p;
    struct example *x = &d->ex;
    x->start = polc_days_from_civil(DOC_EXAMPLE_YEAR, DOC_EXAMPLE_MONTH, DOC_EXAMPLE_DAY);
    x->anniversary = p->cycle.step == POLC_MONTHS
                         ? polc_add_months(x->start, p->cycle.length, p->cycle.leap)
                         : polc_add_years(x->start, p->cycle.length, p->cycle.leap);
    x->expiry = polc_cycle_expiry(&p->cycle, x->start);
    x->next_start = x->expiry + 1;
    x->next_expiry = polc_cycle_expiry(&p->cycle, x->next_start);
    x->count_from = at(d, &p->courses.from);
    x->count_through = at(d, &p->courses.through);
    x->exam_from = at(d, &p->exam_from);
    x->exam_through = at(d, &p->exam_through);
    x->expired_from = p->n_windows > 0 ? win_last(d, p->n_windows - 1) + 1 : x->expiry + 1;
    x->docs_due = x->expiry + p->audit.due_days;
}

static void setup(struct doc *d, struct polc_buf *out, const struct polc_policy *p, int md)
{
    memset(d, 0, sizeof *d);
    d->b = out;
    d->p = p;
    d->md = md;
    for (int32_t i = 0; i < p->n_paths; i++) {
        if (p->paths[i].requires & POLC_REQ_EXAM)
            d->has_exam = 1;
        if (p->paths[i].requires & POLC_REQ_CPR_AED)
            d->needs_card = 1;
    }
    for (int32_t i = 0; i < p->n_params; i++)
        if (p->params[i].assumed)
            d->any_assumed = 1;
    example(d);
}

/* ---- key dates of the example cycle -------------------------------- */

enum ev_kind {
    EV_START, EV_COUNT_FROM, EV_EXAM_FROM, EV_EXPIRY, EV_NEXT, EV_WINDOW, EV_GAP,
    EV_DOCS, EV_COUNT_THROUGH, EV_EXAM_THROUGH, EV_EXPIRED
};

struct event {
    polc_date from, to;          /* to > from: a range */
    enum ev_kind kind;
    int32_t window;              /* EV_WINDOW: its index; EV_GAP: the window after */
};

struct events {
    struct event *v;
    int n;
};

static void ev_add(struct events *e, polc_date from, polc_date to, enum ev_kind k, int32_t w)
{
    e->v[e->n++] = (struct event){ from, to, k, w };
}

/* The dates, in order (a stable sort: same-day events keep kind order). */
static int events_make(const struct doc *d, struct events *e)
{
    const struct polc_policy *p = d->p;
    const struct example *x = &d->ex;
    int32_t nw = p->n_windows > 0 ? p->n_windows : 0;
    e->n = 0;
    e->v = malloc(((size_t)nw * 2 + 12) * sizeof *e->v);
    if (!e->v)
        return -1;
    ev_add(e, x->start, x->start, EV_START, -1);
    if (x->count_from != x->start)
        ev_add(e, x->count_from, x->count_from, EV_COUNT_FROM, -1);
    if (d->has_exam && x->exam_from != x->start)
        ev_add(e, x->exam_from, x->exam_from, EV_EXAM_FROM, -1);
    ev_add(e, x->expiry, x->expiry, EV_EXPIRY, -1);
    polc_date prev = x->expiry;
    for (int32_t i = 0; i < nw; i++) {
        polc_date a = win_from(d, i), b = win_last(d, i);
        if (a > prev + 1)
            ev_add(e, prev + 1, a - 1, EV_GAP, i);
        ev_add(e, a, b, EV_WINDOW, i);
        prev = b;
    }
    ev_add(e, x->next_start, x->next_start, EV_NEXT, -1);
    if (p->audit.declared)
        ev_add(e, x->docs_due, x->docs_due, EV_DOCS, -1);
    ev_add(e, x->count_through, x->count_through, EV_COUNT_THROUGH, -1);
    if (d->has_exam)
        ev_add(e, x->exam_through, x->exam_through, EV_EXAM_THROUGH, -1);
    ev_add(e, x->expired_from, x->expired_from, EV_EXPIRED, -1);
    for (int i = 1; i < e->n; i++) {
        struct event t = e->v[i];
        int j = i;
        while (j > 0 && (e->v[j - 1].from > t.from ||
                         (e->v[j - 1].from == t.from && e->v[j - 1].kind > t.kind))) {
            e->v[j] = e->v[j - 1];
            j--;
        }
        e->v[j] = t;
    }
    return 0;
}

static void event_relative(struct doc *d, const struct event *v)
{
    const struct polc_policy *p = d->p;
    switch (v->kind) {
    case EV_START: T(d, "cycle start"); break;
    case EV_COUNT_FROM: expr_words(d, &p->courses.from); break;
    case EV_EXAM_FROM: expr_words(d, &p->exam_from); break;
    case EV_EXPIRY: T(d, "expiry"); break;
    case EV_NEXT: T(d, "expiry + 1 day"); break;
    case EV_WINDOW: window_words(d, v->window); break;
    case EV_GAP: T(d, "between two windows"); break;
    case EV_DOCS:
        T(d, "application + ");
        count_of(d, p->audit.due_days, "day", "days");
        break;
    case EV_COUNT_THROUGH: expr_words(d, &p->courses.through); break;
    case EV_EXAM_THROUGH: expr_words(d, &p->exam_through); break;
    case EV_EXPIRED: expired_words(d); break;
    }
}

static void event_what(struct doc *d, const struct event *v)
{
    const struct polc_policy *p = d->p;
    switch (v->kind) {
    case EV_START:
        T(d, "The cycle starts (the trainer's cycle start date).");
        if (d->ex.count_from == d->ex.start)
            T(d, " Courses count from this day.");
        break;
    case EV_COUNT_FROM: T(d, "Courses count from this day."); break;
    case EV_EXAM_FROM: T(d, "An exam counts from this day."); break;
    case EV_EXPIRY: T(d, "The cycle expires: the last day to apply on time."); break;
    case EV_NEXT:
        T(d, "The next cycle starts, whenever the renewal is made; it expires ");
        date(d, d->ex.next_expiry);
        T(d, ".");
        break;
    case EV_WINDOW: {
        const struct polc_window *w = &p->windows[v->window];
        T(d, "Grace window ");
        code(d, w->name);
        T(d, ": ");
        uint64_t all = w->fees | inherited_fees(p, v->window);
        if (all) {
            fee_names(d, all);
            T(d, all & (all - 1) ? " fees" : " fee");
            T(d, " on top of the path's.");
        } else {
            T(d, "no fee besides the path's.");
        }
        break;
    }
    case EV_GAP:
        T(d, "No window: an application on these days has expired.");
        break;
    case EV_DOCS:
        T(d, "Audit: documents due for an application made on expiry.");
        break;
    case EV_COUNT_THROUGH: T(d, "The last day a completed course counts."); break;
    case EV_EXAM_THROUGH: T(d, "The last day an exam counts."); break;
    case EV_EXPIRED: T(d, "Past the last window: the credential has expired and can no longer be renewed."); break;
    }
}

static int point_event(const struct event *v)
{
    return v->to == v->from && v->kind != EV_EXPIRED && v->kind != EV_WINDOW && v->kind != EV_GAP;
}

/* One row per date or range; point events of the same day share a row. */
static void key_dates_table(struct doc *d, const struct events *e)
{
    static const char *const heads[] = { "Date", "Relative to", "What happens" };
    table_open_class(d, "dates", heads, 3);
    for (int i = 0; i < e->n;) {
        const struct event *v = &e->v[i];
        int n = 1;
        while (point_event(v) && i + n < e->n && point_event(&e->v[i + n]) &&
               e->v[i + n].from == v->from)
            n++;
        tr_open(d);
        td_open(d);
        if (v->kind == EV_EXPIRED)
            T(d, "from ");
        if (v->to > v->from)
            range(d, v->from, v->to);
        else
            date(d, v->from);
        td_close(d);
        td_open(d);
        /* Each distinct way of naming the day, in event order. */
        struct polc_buf *out = d->b, seen[8];
        int ns = 0;
        for (int k = 0; k < n && ns < 8; k++) {
            memset(&seen[ns], 0, sizeof seen[ns]);
            d->b = &seen[ns];
            event_relative(d, &e->v[i + k]);
            d->b = out;
            int dup = 0;
            for (int q = 0; q < ns && !dup; q++)
                dup = seen[q].len == seen[ns].len &&
                      (seen[q].len == 0 || memcmp(seen[q].ptr, seen[ns].ptr, seen[q].len) == 0);
            if (dup || seen[ns].failed) {
                if (seen[ns].failed)
                    out->failed = 1;
                polc_buf_free(&seen[ns]);
                continue;
            }
            if (ns)
                T(d, "; ");
            buf_put(out, seen[ns].ptr, seen[ns].len);
            ns++;
        }
        for (int q = 0; q < ns; q++)
            polc_buf_free(&seen[q]);
        td_close(d);
        td_open(d);
        for (int k = 0; k < n; k++) {
            if (k)
                T(d, " ");
            event_what(d, &e->v[i + k]);
        }
        td_close(d);
        tr_close(d);
        i += n;
    }
    table_close(d);
}

/* ---- the SVG timeline --------------------------------------------- */

/* Advance widths in 1/1000 em of ' ' .. '~': the larger of DejaVu Sans and
 * Liberation Sans (read from their hmtx tables). */
static const unsigned short ascii_width[95] = {
    318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337,
    637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 557,
    1016, 685, 687, 723, 771, 667, 611, 778, 752, 295, 500, 667, 558, 863, 749, 788,
    667, 788, 723, 667, 611, 732, 685, 989, 686, 667, 686, 391, 337, 391, 838, 557,
    500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612,
    635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
};

int doc_text_width(const char *s)
{
    long em = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u;) {
        if (*u >= 0x20 && *u < 0x7f) {
            em += ascii_width[*u - 0x20];
            u++;
            continue;
        }
        if (u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x93) /* en dash */
            em += 557, u += 3;
        else {
            em += 1000; /* any other character: a full em */
            u++;
            while ((*u & 0xc0) == 0x80)
                u++;
        }
    }
    return (int)((em * 12 + 999) / 1000);
}

static int spans_clash(int a0, int a1, int b0, int b1, int gap)
{
    return a0 < b1 + gap && b0 < a1 + gap;
}

static int rows_meet(int r0, int n0, int r1, int n1)
{
    return n0 > 0 && n1 > 0 && r0 < r1 + n1 && r1 < r0 + n0;
}

static int label_lines(const struct doc_label *l) { return l->lines > 0 ? l->lines : 1; }
static int label_lo(const struct doc_label *l) { return l->left < l->anchor ? l->left : l->anchor; }
static int label_hi(const struct doc_label *l)
{
    return l->left + l->width > l->anchor ? l->left + l->width : l->anchor;
}

/* Whether label i may take rows r .. r + lines - 1, given the labels placed
 * so far (row >= 0); with `leaders` 0 only texts are kept apart. */
static int row_free(const struct doc_label *l, int n, int i, int r, int gap, int leaders)
{
    int li = label_lines(&l[i]);
    for (int j = 0; j < n; j++) {
        if (j == i || l[j].row < 0)
            continue;
        int lj = label_lines(&l[j]);
        if (rows_meet(r, li, l[j].row, lj) &&
            spans_clash(label_lo(&l[i]), label_hi(&l[i]), label_lo(&l[j]), label_hi(&l[j]), gap))
            return 0;
        if (!leaders)
            continue;
        /* i's leader runs through rows 0 .. r - 1, j's through 0 .. row - 1 */
        if (rows_meet(0, r, l[j].row, lj) &&
            spans_clash(l[i].anchor, l[i].anchor, l[j].left, l[j].left + l[j].width, 2))
            return 0;
        if (rows_meet(0, l[j].row, r, li) &&
            spans_clash(l[j].anchor, l[j].anchor, l[i].left, l[i].left + l[i].width, 2))
            return 0;
    }
    return 1;
}

int doc_layout_rows(struct doc_label *l, int n, int gap)
{
    int rows = 0, total = 0;
    for (int i = 0; i < n; i++) {
        l[i].row = -1;
        total += label_lines(&l[i]);
    }
    /* From the rightmost anchor leftwards: a text runs right of its anchor,
     * so a leader placed later stays left of the texts placed before it. */
    for (int k = 0; k < n; k++) {
        int i = -1;
        for (int j = 0; j < n; j++)
            if (l[j].row < 0 && (i < 0 || l[j].anchor > l[i].anchor))
                i = j;
        int r = 0;
        while (r <= total && !row_free(l, n, i, r, gap, 1))
            r++;
        if (r > total) /* no row keeps every leader clear: keep the texts apart */
            for (r = 0; !row_free(l, n, i, r, gap, 0); r++)
                ;
        l[i].row = r;
        if (r + label_lines(&l[i]) > rows)
            rows = r + label_lines(&l[i]);
    }
    return rows;
}

enum {
    SVG_W = 1000, SVG_X0 = 20, SVG_X1 = 980,
    ROW_H = 15, UNIT = 5, BAR_H = 20, LANE_GAP = 12, LABEL_GAP = 12,
    MAX_LINES = 9, LINE_CAP = 96
};

/* A bar of the timeline: its text inside when it fits, else `line` above
 * it on a leader. */
struct bar {
    polc_date from, last;
    const char *fill, *ink;      /* bar colour, colour of the text inside */
    char inside[2 * LINE_CAP];
    char line[3][LINE_CAP];
    int nlines;
};

struct scale {
    polc_date a, b;              /* the axis: first day, day after the last */
};

static int xpos(const struct scale *s, polc_date t)
{
    if (t < s->a)
        t = s->a;
    if (t > s->b)
        t = s->b;
    return SVG_X0 + (int)(((int64_t)(t - s->a) * (SVG_X1 - SVG_X0)) / (s->b - s->a));
}

static void attr_int(struct doc *d, const char *name, long v)
{
    rawc(d, ' ');
    raw(d, name);
    raw(d, "=\"");
    num(d, v);
    rawc(d, '"');
}

static void svg_line(struct doc *d, int x1, int y1, int x2, int y2, const char *stroke,
                     const char *extra)
{
    raw(d, "<line");
    attr_int(d, "x1", x1);
    attr_int(d, "y1", y1);
    attr_int(d, "x2", x2);
    attr_int(d, "y2", y2);
    raw(d, " stroke=\"");
    raw(d, stroke);
    rawc(d, '"');
    if (extra)
        raw(d, extra);
    raw(d, "/>\n");
}

/* A label; `halo` draws a white outline under it, so that the guide lines
 * it stands on do not cut through its letters. */
static void svg_text_(struct doc *d, int x, int y, const char *fill, const char *s, int halo)
{
    raw(d, "<text");
    attr_int(d, "x", x);
    attr_int(d, "y", y);
    raw(d, " fill=\"");
    raw(d, fill);
    raw(d, halo ? "\" stroke=\"#ffffff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
                : "\">");
    esc(d, s);
    raw(d, "</text>\n");
}

static void svg_text(struct doc *d, int x, int y, const char *fill, const char *s)
{
    svg_text_(d, x, y, fill, s, 0);
}

static void svg_label(struct doc *d, int x, int y, const char *fill, const char *s)
{
    svg_text_(d, x, y, fill, s, 1);
}

/* Bounded string building for labels (always terminated). */
static void cat(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(dst);
    while (s && *s && n + 1 < cap)
        dst[n++] = *s++;
    dst[n] = '\0';
}

static void cat_date(char *dst, size_t cap, polc_date x)
{
    char s[11];
    polc_date_format(x, s);
    cat(dst, cap, s);
}

static void cat_range(char *dst, size_t cap, polc_date a, polc_date b)
{
    cat_date(dst, cap, a);
    cat(dst, cap, " \xe2\x80\x93 ");
    cat_date(dst, cap, b);
}

static void cat_fee_names(char *dst, size_t cap, const struct polc_policy *p, uint64_t mask)
{
    int any = 0;
    for (int32_t i = 0; i < p->n_fees && i < 64; i++) {
        if (!(mask & (1ull << i)))
            continue;
        cat(dst, cap, any ? " + " : "+ ");
        cat(dst, cap, p->fees[i].name);
        any = 1;
    }
    cat(dst, cap, !any ? "no extra fee" : mask & (mask - 1) ? " fees" : " fee");
}

static int max_width(const char (*line)[LINE_CAP], int n)
{
    int w = 0;
    for (int i = 0; i < n; i++) {
        int x = doc_text_width(line[i]);
        if (x > w)
            w = x;
    }
    return w;
}

/* One lane of bars, its outside labels in rows above it.  Returns the y
 * below the lane. */
static int svg_lane(struct doc *d, const struct scale *s, struct bar *bars, int n, int y)
{
    struct doc_label *lab = malloc((size_t)(n > 0 ? n : 1) * sizeof *lab);
    int *map = malloc((size_t)(n > 0 ? n : 1) * sizeof *map);
    int *x0 = malloc((size_t)(n > 0 ? n : 1) * 3 * sizeof *x0);
    if (!lab || !map || !x0) {
        free(lab);
        free(map);
        free(x0);
        d->b->failed = 1;
        return y;
    }
    int *x1 = x0 + n, *inside = x0 + 2 * n, nl = 0;
    for (int i = 0; i < n; i++) {
        const struct bar *b = &bars[i];
        x0[i] = xpos(s, b->from);
        x1[i] = xpos(s, b->last + 1);
        if (x1[i] < x0[i] + 2)
            x1[i] = x0[i] + 2;
        inside[i] = doc_text_width(b->inside) + 10 <= x1[i] - x0[i];
        if (inside[i])
            continue;
        int w = max_width((const char (*)[LINE_CAP])b->line, b->nlines);
        int anchor = x0[i] + 1;
        int left = anchor + 3;
        if (left + w > SVG_X1) {
            left = SVG_X1 - w;
            /* Move the leader right, within the bar, to meet the text. */
            anchor = left - 3 < x1[i] - 1 ? left - 3 : x1[i] - 1;
            if (anchor < x0[i] + 1)
                anchor = x0[i] + 1;
        }
        if (left < SVG_X0)
            left = SVG_X0;
        /* In layout rows of UNIT pixels: three a line, one to spare. */
        lab[nl] = (struct doc_label){ anchor, left, w, b->nlines * (ROW_H / UNIT) + 1, 0 };
        map[nl++] = i;
    }
    int rows = doc_layout_rows(lab, nl, LABEL_GAP);
    int bar_y = y + rows * UNIT + (rows ? 6 : 0);
    for (int i = 0; i < n; i++) {
        const struct bar *b = &bars[i];
        raw(d, "<rect");
        attr_int(d, "x", x0[i]);
        attr_int(d, "y", bar_y);
        attr_int(d, "width", x1[i] - x0[i]);
        attr_int(d, "height", BAR_H);
        raw(d, " fill=\"");
        raw(d, b->fill);
        raw(d, "\"/>\n");
        if (inside[i])
            svg_text(d, x0[i] + 5, bar_y + 14, b->ink, b->inside);
    }
    for (int k = 0; k < nl; k++) {
        const struct bar *b = &bars[map[k]];
        int lines = b->nlines;
        /* The text's top; its last line is on the label's lowest row. */
        int top = bar_y - 6 - lab[k].row * UNIT - lines * ROW_H;
        /* The leader runs up the text's left side, or, for a text pushed
         * left of it, stops under the text. */
        int pole = lab[k].anchor <= lab[k].left - 2 ? top + 2 : top + lines * ROW_H;
        svg_line(d, lab[k].anchor, pole, lab[k].anchor, bar_y, "#6b7280", NULL);
        for (int q = 0; q < lines; q++)
            svg_label(d, lab[k].left, top + (q + 1) * ROW_H - 3, q ? "#374151" : "#111827",
                      b->line[q]);
    }
    free(lab);
    free(map);
    free(x0);
    return bar_y + BAR_H + LANE_GAP;
}

struct tick {
    polc_date at;
    char line[MAX_LINES][LINE_CAP];
    int n;
};

static void tick_add(struct tick *t, int *n, polc_date at, const char *what)
{
    for (int i = 0; i < *n; i++)
        if (t[i].at == at) {
            if (t[i].n < MAX_LINES) {
                t[i].line[t[i].n][0] = '\0';
                cat(t[i].line[t[i].n++], LINE_CAP, what);
            }
            return;
        }
    t[*n].at = at;
    t[*n].line[0][0] = '\0';
    cat_date(t[*n].line[0], LINE_CAP, at);
    t[*n].line[1][0] = '\0';
    cat(t[*n].line[1], LINE_CAP, what);
    t[*n].n = 2;
    (*n)++;
}

static struct bar *bar_new(struct bar *lane, int *n, polc_date from, polc_date last,
                           const char *fill, const char *ink)
{
    struct bar *b = &lane[(*n)++];
    memset(b, 0, sizeof *b);
    b->from = from;
    b->last = last;
    b->fill = fill;
    b->ink = ink;
    return b;
}

/* A bar's text: `inside` is the lines joined by `sep`. */
static void bar_text(struct bar *b, const char *sep, const char *l0, const char *l1,
                     const char *l2)
{
    const char *l[3] = { l0, l1, l2 };
    for (int i = 0; i < 3 && l[i]; i++) {
        cat(b->line[i], LINE_CAP, l[i]);
        if (i)
            cat(b->inside, sizeof b->inside, sep);
        cat(b->inside, sizeof b->inside, l[i]);
        b->nlines = i + 1;
    }
}

static void svg_timeline(struct doc *d, const struct events *e)
{
    const struct polc_policy *p = d->p;
    const struct example *x = &d->ex;
    struct scale s;
    int32_t nw = p->n_windows > 0 ? p->n_windows : 0;
    char r[LINE_CAP], t[LINE_CAP];

    /* The key dates under the axis, one label per day. */
    struct tick ticks[8];
    int nt = 0;
    tick_add(ticks, &nt, x->start, "cycle starts");
    if (x->count_from != x->start)
        tick_add(ticks, &nt, x->count_from, "courses count from");
    tick_add(ticks, &nt, x->expiry, "expiry");
    if (p->audit.declared)
        tick_add(ticks, &nt, x->docs_due, "audit documents due");
    tick_add(ticks, &nt, x->count_through, "last day courses count");
    if (d->has_exam) {
        if (x->exam_from != x->start)
            tick_add(ticks, &nt, x->exam_from, "exam counts from");
        tick_add(ticks, &nt, x->exam_through, "last day for the exam");
    }
    tick_add(ticks, &nt, x->expired_from, "expired");

    /* The axis: the cycle start to past the last date shown, with room for
     * the expired band and for the labels of the last dates. */
    polc_date last = x->expiry;
    for (int i = 0; i < e->n; i++)
        if (e->v[i].to > last)
            last = e->v[i].to;
    s.a = x->start;
    int tail = 120; /* pixels past the last date */
    for (int round = 0; round < 8; round++) {
        int64_t span = last - s.a, plot = SVG_X1 - SVG_X0 - tail;
        polc_date margin = (polc_date)((span * tail + plot - 1) / plot);
        s.b = last + (margin < 45 ? 45 : margin);
        int over = 0;
        for (int i = 0; i < nt; i++) {
            int w = max_width((const char (*)[LINE_CAP])ticks[i].line, ticks[i].n);
            int o = xpos(&s, ticks[i].at) + 3 + w - SVG_X1;
            if (o > over)
                over = o;
        }
        if (over <= 0 || tail >= 400)
            break;
        tail += over + 2;
    }

    /* Lanes, top to bottom: cycle, courses, exam, applications, audit. */
    enum { LANES = 5 };
    int per_lane = 2 * nw + 4;
    struct bar *pool = malloc((size_t)LANES * (size_t)per_lane * sizeof *pool);
    struct bar *bars[LANES];
    int nb[LANES] = { 0 }, lanes = 0;
    struct bar *b;
    if (!pool) {
        d->b->failed = 1;
        return;
    }
    for (int l = 0; l < LANES; l++)
        bars[l] = pool + (size_t)l * (size_t)per_lane;

    r[0] = '\0';
    cat_range(r, sizeof r, x->start, x->expiry);
    b = bar_new(bars[lanes], &nb[lanes], x->start, x->expiry, "#1d4ed8", "#ffffff");
    bar_text(b, " ", "Cycle", r, NULL);
    t[0] = '\0';
    cat(t, sizeof t, "from ");
    cat_date(t, sizeof t, x->next_start);
    b = bar_new(bars[lanes], &nb[lanes], x->next_start, s.b - 1, "#dbeafe", "#1e3a8a");
    bar_text(b, " ", "next cycle", t, NULL);
    lanes++;

    r[0] = '\0';
    cat_range(r, sizeof r, x->count_from, x->count_through);
    b = bar_new(bars[lanes], &nb[lanes], x->count_from, x->count_through, "#15803d", "#ffffff");
    bar_text(b, " ", "Courses count", r, NULL);
    lanes++;

    if (d->has_exam) {
        r[0] = '\0';
        cat_range(r, sizeof r, x->exam_from, x->exam_through);
        b = bar_new(bars[lanes], &nb[lanes], x->exam_from, x->exam_through, "#7e22ce", "#ffffff");
        bar_text(b, " ", "Exam counts", r, NULL);
        lanes++;
    }

    t[0] = '\0';
    cat(t, sizeof t, "through ");
    cat_date(t, sizeof t, x->expiry);
    b = bar_new(bars[lanes], &nb[lanes], x->start, x->expiry, "#dcfce7", "#14532d");
    bar_text(b, " ", "Apply on time", t, NULL);
    polc_date prev = x->expiry;
    for (int32_t i = 0; i < nw; i++) {
        polc_date a = win_from(d, i), z = win_last(d, i);
        if (a > prev + 1) {
            r[0] = '\0';
            cat_range(r, sizeof r, prev + 1, a - 1);
            b = bar_new(bars[lanes], &nb[lanes], prev + 1, a - 1, "#9ca3af", "#111827");
            bar_text(b, " ", "no window", r, NULL);
        }
        r[0] = '\0';
        cat_range(r, sizeof r, a, z);
        t[0] = '\0';
        cat_fee_names(t, sizeof t, p, p->windows[i].fees | inherited_fees(p, i));
        b = bar_new(bars[lanes], &nb[lanes], a, z, i % 2 ? "#fb923c" : "#fbbf24", "#111827");
        bar_text(b, " \xc2\xb7 ", p->windows[i].name, r, t);
        prev = z;
    }
    t[0] = '\0';
    cat(t, sizeof t, "from ");
    cat_date(t, sizeof t, x->expired_from);
    b = bar_new(bars[lanes], &nb[lanes], x->expired_from, s.b - 1, "#9ca3af", "#111827");
    bar_text(b, " ", "expired", t, NULL);
    lanes++;

    if (p->audit.declared) {
        t[0] = '\0';
        cat(t, sizeof t, "Audit documents due ");
        cat_date(t, sizeof t, x->docs_due);
        b = bar_new(bars[lanes], &nb[lanes], x->expiry, x->docs_due, "#fde68a", "#78350f");
        bar_text(b, " ", t, "(application on expiry)", NULL);
        lanes++;
    }

    struct doc_label tl[8];
    for (int i = 0; i < nt; i++) {
        int w = max_width((const char (*)[LINE_CAP])ticks[i].line, ticks[i].n);
        int anchor = xpos(&s, ticks[i].at);
        int left = anchor + 3 + w > SVG_X1 ? SVG_X1 - w : anchor + 3;
        tl[i] = (struct doc_label){ anchor, left < SVG_X0 ? SVG_X0 : left, w,
                                    ticks[i].n * (ROW_H / UNIT) + 1, 0 };
    }
    int trows = doc_layout_rows(tl, nt, LABEL_GAP);

    /* The lanes go to a scratch buffer first: the height is known after. */
    struct polc_buf *out = d->b, body = { 0 };
    d->b = &body;
    int top = 34, y = top;
    for (int l = 0; l < lanes; l++)
        y = svg_lane(d, &s, bars[l], nb[l], y);
    int axis = y + 2;
    svg_line(d, SVG_X0, axis, SVG_X1, axis, "#374151", " stroke-width=\"2\"");
    for (int i = 0; i < nt; i++) {
        int first = axis + 6 + tl[i].row * UNIT;
        svg_line(d, tl[i].anchor, axis, tl[i].anchor,
                 tl[i].anchor <= tl[i].left - 2 ? first + ticks[i].n * ROW_H : first, "#374151", NULL);
        for (int q = 0; q < ticks[i].n; q++)
            svg_label(d, tl[i].left, first + (q + 1) * ROW_H - 3, q ? "#374151" : "#111827",
                      ticks[i].line[q]);
    }
    int height = axis + 6 + trows * UNIT + 10;
    d->b = out;
    free(pool);

    raw(d, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" role=\"img\""
           " aria-labelledby=\"timeline-title\"");
    raw(d, " viewBox=\"0 0 ");
    num(d, SVG_W);
    rawc(d, ' ');
    num(d, height);
    rawc(d, '"');
    attr_int(d, "width", SVG_W);
    attr_int(d, "height", height);
    raw(d, " font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"12\">\n");
    raw(d, "<title id=\"timeline-title\">Timeline of an example cycle starting ");
    date(d, x->start);
    raw(d, "</title>\n<rect x=\"0\" y=\"0\"");
    attr_int(d, "width", SVG_W);
    attr_int(d, "height", height);
    raw(d, " fill=\"#ffffff\"/>\n");

    /* Year lines behind everything, labelled where there is room. */
    int32_t y0, m0, d0, y1, m1, d1;
    polc_civil_from_days(s.a, &y0, &m0, &d0);
    polc_civil_from_days(s.b, &y1, &m1, &d1);
    int last_label = -1000;
    for (int32_t yr = y0 + 1; yr <= y1; yr++) {
        polc_date jan1 = polc_days_from_civil(yr, 1, 1);
        int gx = xpos(&s, jan1);
        if (gx - last_label < 48)
            continue;
        svg_line(d, gx, top - 14, gx, axis, "#e5e7eb", NULL);
        if (gx + 40 <= SVG_X1) {
            char yt[11];
            polc_date_format(jan1, yt);
            yt[4] = '\0';
            svg_label(d, gx + 3, top - 4, "#6b7280", yt);
        }
        last_label = gx;
    }
    /* Guides from the key dates down to the axis. */
    for (int i = 0; i < nt; i++)
        svg_line(d, tl[i].anchor, top - 14, tl[i].anchor, axis, "#94a3b8",
                 " stroke-dasharray=\"2 3\"");
    buf_put(d->b, body.ptr ? body.ptr : "", body.len);
    if (body.failed)
        d->b->failed = 1;
    polc_buf_free(&body);
    raw(d, "</svg>\n");
}

/* ---- sections ----------------------------------------------------- */

static void header(struct doc *d)
{
    const struct polc_policy *p = d->p;
    if (d->md) {
        raw(d, "# ");
        esc(d, p->title ? p->title : p->name);
        raw(d, "\n\n");
        if (p->body && *p->body) {
            T(d, "Certification body: ");
            esc(d, p->body);
            raw(d, "\n\n");
        }
    } else {
        raw(d, "<header>\n<h1>");
        esc(d, p->title ? p->title : p->name);
        raw(d, "</h1>\n");
        if (p->body && *p->body) {
            raw(d, "<p class=\"body\">");
            esc(d, p->body);
            raw(d, "</p>\n");
        }
    }
    p_open(d);
    T(d, "How a credential renews under the policy ");
    code(d, p->name);
    T(d, ", for the trainers who hold it. Amounts of money are in ");
    esc(d, p->currency);
    T(d, ". Each rule quotes the sentence of the source it encodes. This page was written by polc from ");
    code(d, p->source ? p->source : "the policy file");
    T(d, ".");
    p_close(d);
    if (d->any_assumed) {
        p_open(d);
        T(d, "Values marked");
        assumed_mark(d, 1);
        T(d, " are not stated by the source: the policy's authors assumed them, and the body's real amounts may differ.");
        p_close(d);
    }
    quotes(d, "policy");
    if (!d->md) {
        raw(d, "<nav><a href=\"#credentials\">Credentials</a> <a href=\"#timeline\">Timeline</a>"
               " <a href=\"#cycle\">Cycle</a> <a href=\"#courses\">Courses</a>"
               " <a href=\"#cpr-aed\">CPR/AED</a> <a href=\"#categories\">Categories</a>"
               " <a href=\"#paths\">Paths</a> <a href=\"#fees\">Fees</a>"
               " <a href=\"#windows\">Late applications</a> <a href=\"#audit\">Audit</a>"
               " <a href=\"#parameters\">Parameters</a> <a href=\"#sources\">Sources</a></nav>\n"
               "</header>\n");
    }
}

static void credentials(struct doc *d)
{
    const struct polc_policy *p = d->p;
    const struct polc_unit *u = report_unit(p);
    static const char *const heads[] = { "Code", "Credential", "Required per cycle", "Fee" };
    h2(d, "credentials", "Credentials");
    table_open(d, heads, 4);
    for (int32_t i = 0; i < p->n_credentials; i++) {
        const struct polc_credential *c = &p->credentials[i];
        tr_open(d);
        td_open(d);
        code(d, c->code);
        td_close(d);
        td_text(d, c->title ? c->title : c->code);
        td_open(d);
        units(d, c->required);
        td_close(d);
        td_open(d);
        if (c->has_fee)
            money(d, c->fee);
        else
            T(d, "\xe2\x80\x94");
        td_close(d);
        tr_close(d);
    }
    table_close(d);

    p_open(d);
    if (u) {
        T(d, "Units are ");
        code(d, u->name);
        T(d, ": one ");
        esc(d, u->name);
        T(d, " is ");
        count_of(d, u->hours, "contact hour", "contact hours");
        T(d, ", and units are counted ");
        if (u->places <= 0) {
            T(d, "in whole ");
            esc(d, u->name);
        } else {
            T(d, "to ");
            raw(d, "0.");
            for (int k = 1; k < u->places; k++)
                rawc(d, '0');
            rawc(d, '1');
            rawc(d, ' ');
            esc(d, u->name);
        }
        T(d, " (units earned are rounded down, units missing up).");
    }
    if (p->n_units > 1) {
        T(d, " Courses may also be reported in ");
        for (int32_t i = 0, k = 0; i < p->n_units; i++) {
            if (i == p->unit)
                continue;
            if (k++)
                T(d, ", ");
            code(d, p->units[i].name);
            T(d, " (");
            count_of(d, p->units[i].hours, "hour", "hours");
            T(d, ")");
        }
        T(d, " or");
    } else {
        T(d, " Courses may also be reported");
    }
    T(d, " in contact hours; every amount converts through hours.");
    p_close(d);

    p_open(d);
    strong_open(d);
    T(d, "Several credentials at once.");
    strong_close(d);
    rawc(d, ' ');
    if (p->n_credentials <= 1) {
        T(d, "One credential renews under this policy, so requirements and fees never combine.");
    } else {
        T(d, p->units_together == POLC_SUM
                 ? "A trainer renewing several of these credentials together needs the sum of their requirements."
                 : "A trainer renewing several of these credentials together needs the highest of their requirements: one set of courses serves them all.");
        int per_credential = 0;
        for (int32_t i = 0; i < p->n_fees; i++)
            if (p->fees[i].kind == POLC_FEE_PER_CREDENTIAL)
                per_credential = 1;
        if (!per_credential)
            T(d, " No fee is charged per credential.");
        else if (p->fees_together == POLC_HIGHEST)
            T(d, " The per-credential fee is charged once, at the highest fee among them.");
        else
            T(d, " The per-credential fee charges each credential its own fee.");
    }
    p_close(d);
    quotes(d, "unit");
    quotes(d, "credential");
    quotes(d, "together");
}

static void timeline(struct doc *d)
{
    struct events e;
    h2(d, "timeline", "Timeline of an example cycle");
    if (events_make(d, &e) != 0) {
        d->b->failed = 1;
        return;
    }
    p_open(d);
    T(d, "An example cycle starting on ");
    date(d, d->ex.start);
    T(d, ": the start date is only an example; every trainer's dates follow from their own cycle start in the same way.");
    if (!d->md)
        T(d, " The timeline is drawn to scale.");
    p_close(d);
    if (!d->md) {
        raw(d, "<figure>\n");
        svg_timeline(d, &e);
        raw(d, "<figcaption>Bars: the cycle, the days on which courses count");
        if (d->has_exam)
            raw(d, ", the days on which an exam counts");
        raw(d, ", when an application is on time, late (each grace window with the fees it adds) or too late");
        if (d->p->audit.declared)
            raw(d, ", and the audit deadline for an application made on expiry");
        raw(d, ".</figcaption>\n</figure>\n");
    }
    key_dates_table(d, &e);
    free(e.v);
}

static void cycle(struct doc *d)
{
    const struct polc_policy *p = d->p;
    const struct polc_cycle *c = &p->cycle;
    const struct example *x = &d->ex;
    int months = c->step == POLC_MONTHS;
    h2(d, "cycle", "The renewal cycle");
    p_open(d);
    T(d, "A cycle lasts ");
    step_count(d, c->length, c->step);
    T(d, ". It starts on the trainer's cycle start date and expires on ");
    switch (c->anchor) {
    case POLC_ANCHOR_ANNIVERSARY: T(d, "the day before "); break;
    case POLC_ANCHOR_END_OF_MONTH: T(d, "the last day of the month that holds the day before "); break;
    case POLC_ANCHOR_DEC31: T(d, "December 31 of the year that holds the day before "); break;
    }
    if (months) {
        T(d, "the same day ");
        step_count(d, c->length, c->step);
        T(d, " later");
    } else {
        T(d, "its ");
        num(d, c->length);
        T(d, ordinal_suffix(c->length));
        T(d, " anniversary");
    }
    T(d, ". The expiry date is the last day of the cycle; the next cycle starts the day after it.");
    p_close(d);

    p_open(d);
    T(d, "Example: a cycle starting ");
    date(d, x->start);
    T(d, months ? " reaches the same day " : " has its anniversary on ");
    date(d, x->anniversary);
    if (c->anchor == POLC_ANCHOR_ANNIVERSARY) {
        T(d, ", so it expires on ");
        date(d, x->expiry);
        T(d, ", the day before");
    } else {
        T(d, "; the day before, ");
        date(d, x->anniversary - 1);
        T(d, c->anchor == POLC_ANCHOR_DEC31 ? ", is extended to December 31 of its year: the cycle expires on "
                                            : ", is extended to the end of its month: the cycle expires on ");
        date(d, x->expiry);
    }
    T(d, ". The next cycle runs ");
    range(d, x->next_start, x->next_expiry);
    T(d, ".");
    p_close(d);

    /* The leap-day rule, with an example that needs it. */
    polc_date ls = months ? polc_days_from_civil(2024, 8, 31) : polc_days_from_civil(2024, 2, 29);
    polc_date la = months ? polc_add_months(ls, c->length, c->leap) : polc_add_years(ls, c->length, c->leap);
    int32_t ay, am, ad;
    polc_civil_from_days(la, &ay, &am, &ad);
    int moved = months ? ad != 31 : !(am == 2 && ad == 29);
    p_open(d);
    T(d, months ? "When the same day does not exist in the target month (the 31st, or February 29 in a common year), "
                : "When the anniversary would be a February 29 in a common year, ");
    if (c->leap == POLC_LEAP_MAR1)
        T(d, "the date moves to the first day of the next month (");
    else
        T(d, "the date becomes the last day of the month (");
    code(d, c->leap == POLC_LEAP_MAR1 ? "leap_day mar1" : "leap_day feb28");
    T(d, "). The same rule applies to every date the policy counts in months or years. Example: a cycle starting ");
    date(d, ls);
    if (moved) {
        if (months) {
            T(d, ": the month ");
            step_count(d, c->length, c->step);
            T(d, " later has no 31st day");
        } else {
            T(d, ": ");
            num(d, ay);
            T(d, " has no February 29");
        }
        T(d, months ? ", so that date falls on " : ", so the anniversary falls on ");
    } else {
        T(d, " has its anniversary on ");
    }
    date(d, la);
    T(d, " and the cycle expires on ");
    date(d, polc_cycle_expiry(c, ls));
    T(d, ".");
    p_close(d);
    quotes(d, "cycle");
}

static void courses(struct doc *d)
{
    const struct polc_policy *p = d->p;
    const struct polc_courses *c = &p->courses;
    h2(d, "courses", "Courses that count");
    int accepts = c->accept_any || c->accept_approved || c->n_providers > 0 ||
                  c->petitions != POLC_PETITIONS_NOT_ACCEPTED;
    if (!accepts) {
        p_open(d);
        T(d, "No course counts under this policy.");
        p_close(d);
    } else {
        p_open(d);
        T(d, "A course counts when it is completed from ");
        expr_sentence(d, &c->from);
        T(d, " through ");
        expr_sentence(d, &c->through);
        T(d, " (in the example cycle, ");
        range(d, d->ex.count_from, d->ex.count_through);
        T(d, "), not after the date of the application, and comes from a provider this policy accepts:");
        p_close(d);
        ul_open(d);
        if (c->accept_any) {
            li_open(d);
            T(d, "courses from any provider;");
            li_close(d);
        }
        if (c->accept_approved) {
            li_open(d);
            T(d, "courses from a provider the body has approved (provider ");
            code(d, "approved");
            T(d, ");");
            li_close(d);
        }
        for (int32_t i = 0; i < c->n_providers; i++) {
            li_open(d);
            T(d, "courses from the provider \xe2\x80\x9c");
            esc(d, c->providers[i]);
            T(d, "\xe2\x80\x9d;");
            li_close(d);
        }
        li_open(d);
        T(d, "petitioned courses (provider ");
        code(d, "petition");
        T(d, "): ");
        if (c->petitions == POLC_PETITIONS_APPROVED)
            T(d, "count once their petition is approved; a pending or denied petition counts nothing.");
        else if (c->petitions == POLC_PETITIONS_ANY || c->accept_any)
            T(d, "count whatever the state of their petition.");
        else
            T(d, "count nothing.");
        li_close(d);
        ul_close(d);
        p_open(d);
        T(d, "A course reported in a unit the policy does not know counts nothing.");
        if (p->n_windows > 0 && d->ex.count_through < win_last(d, p->n_windows - 1))
            T(d, " The last day courses count also limits late applications: after it, a trainer short of units can no longer make them up.");
        p_close(d);
    }
    quotes(d, "courses");
}

static void card(struct doc *d)
{
    const struct polc_policy *p = d->p;
    const struct polc_card *k = &p->cpr_aed;
    h2(d, "cpr-aed", "CPR/AED card");
    p_open(d);
    if (!k->declared) {
        T(d, "This policy asks for no CPR/AED card.");
        p_close(d);
        return;
    }
    if (!d->needs_card) {
        T(d, "The policy describes a CPR/AED card, but no path requires it.");
    } else {
        T(d, "Required by ");
        int any = 0;
        for (int32_t i = 0; i < p->n_paths; i++) {
            if (!(p->paths[i].requires & POLC_REQ_CPR_AED))
                continue;
            if (any++)
                T(d, ", ");
            T(d, "path ");
            code(d, p->paths[i].name);
        }
        T(d, ". ");
    }
    T(d, k->valid_on == POLC_CARD_ON_EXPIRY
             ? "The card must be valid on the cycle's expiry date"
             : "The card must be valid on the date of the application");
    T(d, ", and must not have been completed after the application.");
    if (k->credit > 0) {
        T(d, " A valid card is credited ");
        units(d, k->credit);
        T(d, ", part of the requirement that courses cannot replace: ");
        if (p->n_credentials == 1) {
            T(d, "of ");
            units(d, p->credentials[0].required);
            T(d, ", courses must bring ");
            units(d, p->credentials[0].required - k->credit);
            T(d, " and the card the rest.");
        } else {
            T(d, "courses must bring the requirement less ");
            units(d, k->credit);
            T(d, ", and the card the rest.");
        }
    } else {
        T(d, " The card earns no units: it is a condition only.");
    }
    p_close(d);
    quotes(d, "cpr_aed");
}

static void categories(struct doc *d)
{
    const struct polc_policy *p = d->p;
    static const char *const heads[] = { "Category", "At least", "At most" };
    h2(d, "categories", "Category limits");
    if (p->n_categories == 0) {
        p_open(d);
        T(d, "No category limits: courses of every kind count alike.");
        p_close(d);
    } else {
        p_open(d);
        T(d, "A course tagged with one of these categories counts within the category's limits. Courses are taken in the order reported: once a category's maximum is reached, further courses of it count nothing; a minimum must be met for the units requirement to be met (its units count toward the total too).");
        p_close(d);
        table_open(d, heads, 3);
        for (int32_t i = 0; i < p->n_categories; i++) {
            const struct polc_category *c = &p->categories[i];
            tr_open(d);
            td_open(d);
            code(d, c->name);
            td_close(d);
            td_open(d);
            if (c->has_min)
                units(d, c->min);
            else
                T(d, "\xe2\x80\x94");
            td_close(d);
            td_open(d);
            if (c->has_max)
                units(d, c->max);
            else
                T(d, "\xe2\x80\x94");
            td_close(d);
            tr_close(d);
        }
        table_close(d);
    }
    quotes(d, "category");
}

static void path_requires(struct doc *d, const struct polc_path *h)
{
    const struct polc_policy *p = d->p;
    int any = 0;
    if (h->requires & POLC_REQ_UNITS) {
        if (p->n_credentials == 1) {
            units(d, p->credentials[0].required);
        } else {
            T(d, p->units_together == POLC_SUM ? "the sum of the requirements of the credentials renewed,"
                                               : "the highest requirement among the credentials renewed,");
        }
        T(d, " from courses that count");
        if (p->cpr_aed.declared && p->cpr_aed.credit > 0) {
            T(d, ", of which a valid CPR/AED card brings ");
            units(d, p->cpr_aed.credit);
        }
        for (int32_t i = 0; i < p->n_categories; i++)
            if (p->categories[i].has_min) {
                T(d, ", with every category minimum met");
                break;
            }
        any = 1;
    }
    if (h->requires & POLC_REQ_CPR_AED) {
        if (any)
            T(d, "; ");
        T(d, p->cpr_aed.valid_on == POLC_CARD_ON_EXPIRY ? "a CPR/AED card valid on the expiry date"
                                                       : "a CPR/AED card valid on the application date");
        any = 1;
    }
    if (h->requires & POLC_REQ_EXAM) {
        if (any)
            T(d, "; ");
        T(d, "the exam, passed from ");
        expr_sentence(d, &p->exam_from);
        T(d, " through ");
        expr_sentence(d, &p->exam_through);
        T(d, " (");
        range(d, d->ex.exam_from, d->ex.exam_through);
        T(d, " in the example) and not after the application");
        any = 1;
    }
    if (!any)
        T(d, "nothing");
}

static void paths(struct doc *d)
{
    const struct polc_policy *p = d->p;
    static const char *const heads[] = { "Path", "Requires", "Fees it charges" };
    h2(d, "paths", "Ways to renew");
    p_open(d);
    T(d, p->n_paths == 1 ? "There is one way to renew."
                         : "A trainer renews by the first of these paths, in this order, whose requirements are all met.");
    if (p->n_windows > 0)
        T(d, " A late application adds the fees of its grace window (see below).");
    p_close(d);
    table_open(d, heads, 3);
    for (int32_t i = 0; i < p->n_paths; i++) {
        const struct polc_path *h = &p->paths[i];
        tr_open(d);
        td_open(d);
        esc(d, h->title ? h->title : h->name);
        T(d, " (");
        code(d, h->name);
        T(d, ")");
        td_close(d);
        td_open(d);
        path_requires(d, h);
        td_close(d);
        td_open(d);
        fee_list(d, h->fees, "none");
        td_close(d);
        tr_close(d);
    }
    table_close(d);
    quotes(d, "path");
}

static void fee_charged_by(struct doc *d, int32_t f)
{
    const struct polc_policy *p = d->p;
    uint64_t bit = 1ull << f;
    int any = 0;
    for (int32_t i = 0; i < p->n_paths; i++)
        if (p->paths[i].fees & bit) {
            if (any++)
                T(d, "; ");
            T(d, "path ");
            code(d, p->paths[i].name);
        }
    for (int32_t i = 0; i < p->n_windows; i++) {
        int own = (p->windows[i].fees & bit) != 0;
        if (!own && !(inherited_fees(p, i) & bit))
            continue;
        if (any++)
            T(d, "; ");
        T(d, "window ");
        code(d, p->windows[i].name);
        if (!own)
            T(d, " (kept from an earlier window)");
    }
    if (!any)
        T(d, "nothing: no path or window charges it");
}

static void fees(struct doc *d)
{
    const struct polc_policy *p = d->p;
    static const char *const heads[] = { "Fee", "Amount", "Charged by", "Amount from" };
    h2(d, "fees", "Fees");
    if (p->n_fees == 0) {
        p_open(d);
        T(d, "This policy charges no fee.");
        p_close(d);
        return;
    }
    p_open(d);
    T(d, p->n_windows > 0 ? "A renewal pays the fees of its path and of the window its application falls in; a fee named by both is charged once. An application that has expired pays nothing."
                          : "A renewal pays the fees of its path. An application that has expired pays nothing.");
    p_close(d);
    table_open(d, heads, 4);
    for (int32_t i = 0; i < p->n_fees && i < 64; i++) {
        const struct polc_fee *f = &p->fees[i];
        tr_open(d);
        td_open(d);
        code(d, f->name);
        td_close(d);
        td_open(d);
        fee_amount(d, f);
        if (f->kind == POLC_FEE_PER_PETITION)
            T(d, ", for every petitioned course whatever its petition's state; no charge without one");
        else if (f->kind == POLC_FEE_PER_CREDENTIAL && p->fees_together != POLC_HIGHEST)
            T(d, ", one line per credential renewed");
        td_close(d);
        td_open(d);
        fee_charged_by(d, i);
        td_close(d);
        td_open(d);
        if (f->param >= 0 && f->param < p->n_params) {
            const struct polc_param *q = &p->params[f->param];
            T(d, "parameter ");
            code(d, q->name);
            if (q->assumed)
                T(d, ", assumed");
            if (q->note && *q->note) {
                T(d, ": ");
                esc(d, q->note);
            }
        } else if (f->kind == POLC_FEE_PER_CREDENTIAL) {
            T(d, "the credentials table");
        } else {
            T(d, "written in the policy");
        }
        td_close(d);
        tr_close(d);
    }
    table_close(d);
    quotes(d, "fee");
}

static void windows(struct doc *d)
{
    const struct polc_policy *p = d->p;
    const struct example *x = &d->ex;
    static const char *const heads[] = { "Window", "Dates, relative to expiry", "In the example",
                                         "Fees it adds", "Fees of earlier windows" };
    h2(d, "windows", "Late applications");
    p_open(d);
    T(d, "An application made on or before the expiry date (");
    date(d, x->expiry);
    T(d, " in the example) is on time.");
    if (p->n_windows == 0)
        T(d, " There is no grace window after it.");
    else
        T(d, p->n_windows == 1 ? " After it, one grace window still accepts applications, at extra cost; the path's fees apply too."
                               : " After it, grace windows still accept applications, at extra cost; the path's fees apply too.");
    p_close(d);
    if (p->n_windows > 0) {
        table_open(d, heads, 5);
        for (int32_t i = 0; i < p->n_windows; i++) {
            const struct polc_window *w = &p->windows[i];
            tr_open(d);
            td_open(d);
            code(d, w->name);
            td_close(d);
            td_open(d);
            window_words(d, i);
            td_close(d);
            td_open(d);
            range(d, win_from(d, i), win_last(d, i));
            td_close(d);
            td_open(d);
            fee_list(d, w->fees, "none");
            td_close(d);
            td_open(d);
            if (i == 0) {
                T(d, "\xe2\x80\x94 (the first window)");
            } else if (w->cumulative) {
                uint64_t in = inherited_fees(p, i);
                T(d, "still apply (cumulative)");
                if (in) {
                    T(d, ": ");
                    fee_names(d, in);
                }
            } else {
                T(d, "no longer apply (replacing)");
            }
            td_close(d);
            tr_close(d);
        }
        table_close(d);
        ul_open(d);
        polc_date prev = x->expiry;
        for (int32_t i = 0; i < p->n_windows; i++) {
            polc_date a = win_from(d, i), z = win_last(d, i);
            if (a > prev + 1) {
                li_open(d);
                T(d, "Between the windows, ");
                range(d, prev + 1, a - 1);
                T(d, " in the example belong to no window: an application on those days has expired.");
                li_close(d);
            }
            if (x->count_through < a) {
                li_open(d);
                T(d, "Courses completed after ");
                expr_words(d, &p->courses.through);
                T(d, " (");
                date(d, x->count_through);
                T(d, ") do not count, so an application in window ");
                code(d, p->windows[i].name);
                T(d, " must rest on courses completed by then.");
                li_close(d);
            } else if (x->count_through < z) {
                li_open(d);
                T(d, "In window ");
                code(d, p->windows[i].name);
                T(d, ", courses still count through ");
                expr_words(d, &p->courses.through);
                T(d, " (");
                date(d, x->count_through);
                T(d, ").");
                li_close(d);
            }
            prev = z;
        }
        ul_close(d);
    }
    p_open(d);
    strong_open(d);
    T(d, p->n_windows ? "After the last window." : "After expiry.");
    strong_close(d);
    T(d, " From ");
    expired_words(d);
    T(d, " (");
    date(d, x->expired_from);
    T(d, " in the example) the credential has expired: it can no longer be renewed under this policy.");
    p_close(d);
    quotes(d, "window");
    quotes(d, "after last window");
}

static void percent(struct doc *d, polc_dec v)
{
    decimal_trim(d, v, 0);
    rawc(d, '%');
}

static void audit(struct doc *d)
{
    const struct polc_policy *p = d->p;
    const struct polc_audit *a = &p->audit;
    h2(d, "audit", "Audit");
    p_open(d);
    if (!a->declared) {
        T(d, "Applications are not audited.");
        p_close(d);
        return;
    }
    T(d, "Renewable applications are audited at random: ");
    percent(d, (polc_dec)a->rate_bp * (POLC_DEC_SCALE / 100));
    T(d, " of them");
    if (a->param >= 0 && a->param < p->n_params) {
        const struct polc_param *q = &p->params[a->param];
        T(d, " (parameter ");
        code(d, q->name);
        if (q->assumed)
            T(d, ", assumed");
        T(d, ")");
    }
    T(d, ". The selection follows from the policy's name, the trainer's record and the expiry date, so the same application is always selected, or never. An application chosen for audit must send its supporting documents within ");
    count_of(d, a->due_days, "day", "days");
    T(d, " of the application: for an application made on the expiry date ");
    date(d, d->ex.expiry);
    T(d, ", by ");
    date(d, d->ex.docs_due);
    T(d, ".");
    p_close(d);
    quotes(d, "audit");
}

static void param_value(struct doc *d, const struct polc_param *q)
{
    switch (q->kind) {
    case POLC_PARAM_MONEY: money(d, q->value); break;
    case POLC_PARAM_PERCENT: percent(d, q->value); break;
    case POLC_PARAM_NUMBER: {
        const struct polc_unit *u = report_unit(d->p);
        decimal_trim(d, q->value, u ? u->places : 0);
        rawc(d, ' ');
        esc(d, u ? u->name : "units");
        break;
    }
    }
}

static void params(struct doc *d)
{
    const struct polc_policy *p = d->p;
    static const char *const heads[] = { "Parameter", "Value", "Stated or assumed", "Note" };
    h2(d, "parameters", "Parameters");
    if (p->n_params == 0) {
        p_open(d);
        T(d, "The policy has no parameters: every value is written in its rules.");
        p_close(d);
        return;
    }
    p_open(d);
    T(d, "Named values the rules above use. A deployment may set them differently (");
    code(d, "-D NAME=VALUE");
    T(d, ").");
    p_close(d);
    table_open(d, heads, 4);
    for (int32_t i = 0; i < p->n_params; i++) {
        const struct polc_param *q = &p->params[i];
        tr_open(d);
        td_open(d);
        code(d, q->name);
        td_close(d);
        td_open(d);
        param_value(d, q);
        if (q->overridden)
            T(d, " (set with -D)");
        td_close(d);
        td_open(d);
        if (q->assumed)
            assumed_mark(d, 0);
        else
            T(d, "stated");
        td_close(d);
        td_text(d, q->note && *q->note ? q->note : "\xe2\x80\x94");
        tr_close(d);
    }
    table_close(d);
}

static void sources(struct doc *d)
{
    const struct polc_policy *p = d->p;
    static const char *const heads[] = { "Rule", "Line", "Source sentence" };
    h2(d, "sources", "Sources");
    if (p->n_cites == 0) {
        p_open(d);
        T(d, "The policy cites no source sentence.");
        p_close(d);
        return;
    }
    p_open(d);
    T(d, "Every sentence the policy cites, with the rule that encodes it and its line in ");
    code(d, p->source ? p->source : "the policy file");
    T(d, ".");
    p_close(d);
    table_open(d, heads, 3);
    for (int32_t i = 0; i < p->n_cites; i++) {
        const struct polc_cite *c = &p->cites[i];
        tr_open(d);
        td_open(d);
        code(d, c->rule);
        td_close(d);
        td_open(d);
        num(d, c->line);
        td_close(d);
        td_open(d);
        esc(d, c->text);
        td_close(d);
        tr_close(d);
    }
    table_close(d);
}

static void sections(struct doc *d)
{
    header(d);
    credentials(d);
    timeline(d);
    cycle(d);
    courses(d);
    card(d);
    categories(d);
    paths(d);
    fees(d);
    windows(d);
    audit(d);
    params(d);
    sources(d);
}

static const char css[] =
    "body{margin:0;background:#f1f5f9;color:#111827;"
    "font:15px/1.5 \"Liberation Sans\",Arial,Helvetica,sans-serif}\n"
    "main{max-width:1040px;margin:0 auto;padding:24px 36px 40px;background:#ffffff}\n"
    "h1{font-size:28px;line-height:1.2;margin:0 0 4px}\n"
    "h2{font-size:20px;margin:30px 0 8px;padding-bottom:4px;border-bottom:2px solid #e5e7eb}\n"
    "p.body{font-size:17px;color:#374151;margin:0 0 8px}\n"
    "nav{font-size:13px;margin:10px 0 0}\n"
    "nav a{color:#1d4ed8;margin-right:12px;text-decoration:none}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:14px}\n"
    "th,td{border:1px solid #d1d5db;padding:5px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f3f4f6}\n"
    "table.dates td:first-child{white-space:nowrap}\n"
    "code{font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",monospace;font-size:13px;"
    "background:#f3f4f6;padding:0 3px;border-radius:3px}\n"
    ".assumed{display:inline-block;font-size:11px;font-weight:bold;line-height:16px;color:#92400e;"
    "background:#fef3c7;border:1px solid #f59e0b;border-radius:8px;padding:0 6px}\n"
    "blockquote.src{margin:6px 0;padding:4px 12px;border-left:4px solid #93c5fd;"
    "background:#eff6ff;font-size:14px}\n"
    "blockquote.src .by{color:#6b7280;font-size:12px}\n"
    "figure{margin:8px 0 12px}\n"
    "figure svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{font-size:13px;color:#4b5563;margin-top:4px}\n"
    "footer{margin-top:32px;font-size:12px;color:#6b7280}\n";

void doc_html(struct polc_buf *out, const struct polc_policy *p)
{
    struct doc d;
    setup(&d, out, p, 0);
    raw(&d, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n"
            "<head>\n<meta charset=\"utf-8\"/>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
            "<meta name=\"generator\" content=\"polc\"/>\n<title>");
    esc(&d, p->title ? p->title : p->name);
    raw(&d, "</title>\n<style>\n");
    raw(&d, css);
    raw(&d, "</style>\n</head>\n<body>\n<main>\n");
    sections(&d);
    raw(&d, "<footer>Written by polc from ");
    esc(&d, p->source ? p->source : "the policy file");
    raw(&d, ". No script, no external resource: this page can be saved and published as it is.</footer>\n");
    raw(&d, "</main>\n</body>\n</html>\n");
}

void doc_markdown(struct polc_buf *out, const struct polc_policy *p)
{
    struct doc d;
    setup(&d, out, p, 1);
    sections(&d);
}
