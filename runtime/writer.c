/* writer.c - decisions and bad lines as compact JSON, keys in the order of
 * records.md.  Messages are for people; codes are the contract. */
#include "buf.h"
#include "internal.h"
#include "polc.h"

#include <stdio.h>
#include <string.h>

static void put_date(struct polc_buf *b, polc_date d)
{
    char s[11];
    polc_date_format(d, s);
    buf_putc(b, '"');
    buf_put(b, s, 10);
    buf_putc(b, '"');
}

static void put_dec(struct polc_buf *b, polc_dec v, int places)
{
    char s[32];
    size_t n = polc_dec_format(v, places, s);
    buf_putc(b, '"');
    buf_put(b, s, n);
    buf_putc(b, '"');
}

/* Message text written here: plain ASCII without quotes or backslashes,
 * so it needs no escape (its length folds to a constant). */
static inline void lit(struct polc_buf *b, const char *s)
{
    buf_puts(b, s);
}

/* Message text from the policy or the record: escaped as it goes. */
static void msg(struct polc_buf *b, const char *s)
{
    buf_json_chars(b, s, strlen(s));
}

static void msg_str(struct polc_buf *b, struct polc_str s)
{
    buf_json_chars(b, s.ptr, s.len);
}

static void msg_date(struct polc_buf *b, polc_date d)
{
    char s[11];
    polc_date_format(d, s);
    buf_put(b, s, 10);
}

static void msg_dec(struct polc_buf *b, polc_dec v, int places)
{
    char s[32];
    buf_put(b, s, polc_dec_format(v, places, s));
}

static void msg_units(struct polc_buf *b, const struct polc_policy *p, polc_dec v)
{
    msg_dec(b, v, p->units[p->unit].places);
    lit(b, " ");
    msg(b, p->units[p->unit].name);
}

/* ---- the decision's fields --------------------------------------- */

static void put_window(struct polc_buf *b, const struct polc_policy *p, int32_t w)
{
    if (w == POLC_WINDOW_ON_TIME)
        buf_puts(b, "\"on_time\"");
    else if (w == POLC_WINDOW_NONE)
        buf_puts(b, "null");
    else
        buf_json_cstr(b, p->windows[w].name);
}

static void put_units(struct polc_buf *b, const struct polc_policy *p,
                      const struct polc_decision *d)
{
    int places = p->units[p->unit].places;
    buf_puts(b, "{\"unit\":");
    buf_json_cstr(b, p->units[p->unit].name);
    buf_puts(b, ",\"required\":");
    put_dec(b, d->required, places);
    buf_puts(b, ",\"earned\":");
    put_dec(b, d->earned, places);
    buf_puts(b, ",\"missing\":");
    put_dec(b, d->missing, places);
    buf_putc(b, '}');
}

static void fee_line(struct polc_buf *b, const char *name, polc_dec amount, int *first)
{
    if (!*first)
        buf_putc(b, ',');
    *first = 0;
    buf_puts(b, "{\"name\":");
    buf_json_cstr(b, name);
    buf_puts(b, ",\"amount\":");
    put_dec(b, amount, 2);
}

static void credential_lines(struct polc_buf *b, const struct polc_policy *p,
                             const struct polc_record *r, const struct polc_decision *d,
                             const char *name, int *first)
{
    for (int32_t i = 0; i < r->n_credentials; i++) {
        int32_t k = r->credentials[i];
        if (p->fees_together == POLC_HIGHEST && k != d->highest_credential)
            continue;
        fee_line(b, name, p->credentials[k].fee, first);
        buf_puts(b, ",\"credential\":");
        buf_json_cstr(b, p->credentials[k].code);
        buf_putc(b, '}');
    }
}

static void put_fees(struct polc_buf *b, const struct polc_policy *p,
                     const struct polc_record *r, const struct polc_decision *d)
{
    int first = 1;
    buf_putc(b, '[');
    for (int32_t i = 0; i < p->n_fees; i++) {
        if (!(d->fees & (1ull << i)))
            continue;
        const struct polc_fee *f = &p->fees[i];
        if (f->kind == POLC_FEE_PER_CREDENTIAL) {
            credential_lines(b, p, r, d, f->name, &first);
            continue;
        }
        fee_line(b, f->name, f->amount, &first);
        if (f->kind == POLC_FEE_PER_PETITION) {
            buf_puts(b, ",\"count\":");
            buf_long(b, d->petitions);
        }
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

static void put_audit(struct polc_buf *b, const struct polc_decision *d)
{
    if (!d->audit) {
        buf_puts(b, "null");
        return;
    }
    buf_puts(b, d->audit_selected ? "{\"selected\":true,\"documents_due\":"
                                  : "{\"selected\":false,\"documents_due\":");
    if (d->audit_selected)
        put_date(b, d->documents_due);
    else
        buf_puts(b, "null");
    buf_putc(b, '}');
}

/* ---- reasons ----------------------------------------------------- */

static void window_message(struct polc_buf *b, const struct polc_policy *p,
                           const struct polc_decision *d)
{
    const struct polc_window *w = &p->windows[d->window];
    lit(b, "application in the ");
    msg(b, w->name);
    lit(b, " window");
    const char *sep = ": fees ";
    for (int32_t i = 0; i < p->n_fees; i++) {
        if (!(d->fees & (1ull << i)) || (p->paths[d->path].fees & (1ull << i)))
            continue;
        lit(b, sep);
        msg(b, p->fees[i].name);
        lit(b, " ");
        msg_dec(b, p->fees[i].amount, 2);
        lit(b, " ");
        msg(b, p->currency);
        sep = ", ";
    }
}

static void categories_message(struct polc_buf *b, const struct polc_policy *p,
                               const struct polc_decision *d)
{
    const char *sep = "";
    for (int32_t i = 0; i < p->n_categories; i++) {
        if (!(d->categories_short & (1ull << i)))
            continue;
        lit(b, sep);
        lit(b, "category ");
        msg(b, p->categories[i].name);
        lit(b, " needs at least ");
        msg_units(b, p, p->categories[i].min);
        sep = "; ";
    }
}

static void record_message(struct polc_buf *b, const struct polc_policy *p,
                           const struct polc_record *r, const struct polc_decision *d,
                           enum polc_reason why)
{
    switch (why) {
    case POLC_R_APPLIED_BEFORE_CYCLE:
        lit(b, "applied before the cycle starts on ");
        msg_date(b, d->start);
        break;
    case POLC_R_LATE_APPLICATION: window_message(b, p, d); break;
    case POLC_R_PAST_LAST_WINDOW:
        lit(b, "applied after the last window closed: the credential has expired");
        break;
    case POLC_R_TOO_LATE_TO_COMPLETE:
        lit(b, "what is missing can no longer be earned in time for this cycle");
        break;
    case POLC_R_UNITS_SHORT:
        msg_units(b, p, d->missing);
        lit(b, " missing of ");
        msg_dec(b, d->required, p->units[p->unit].places);
        break;
    case POLC_R_CATEGORY_SHORT: categories_message(b, p, d); break;
    case POLC_R_CPR_AED_MISSING: lit(b, "no valid CPR/AED card on the application date"); break;
    case POLC_R_CPR_AED_EXPIRED:
        lit(b, "the CPR/AED card expired on ");
        msg_date(b, r->card_valid_until);
        break;
    case POLC_R_EXAM_OUTSIDE_CYCLE:
        lit(b, "exam passed on ");
        msg_date(b, r->exam_passed_on);
        lit(b, ", outside the exam dates of this cycle");
        break;
    case POLC_R_EXAM_IN_FUTURE:
        lit(b, "exam passed on ");
        msg_date(b, r->exam_passed_on);
        lit(b, ", after the application date");
        break;
    case POLC_R_COUNT: break;
    }
}

static void course_name(struct polc_buf *b, const struct polc_course *k, int32_t i)
{
    lit(b, "course ");
    if (k->id.ptr) {
        msg_str(b, k->id);
        return;
    }
    char s[16];
    snprintf(s, sizeof s, "%d", (int)i);
    lit(b, s);
}

static void course_message(struct polc_buf *b, const struct polc_policy *p,
                           const struct polc_record *r, const struct polc_decision *d,
                           int32_t i)
{
    const struct polc_course *k = &r->courses[i];
    enum polc_course_verdict v = (enum polc_course_verdict)d->courses[i];
    if (v == POLC_C_PETITION_PENDING || v == POLC_C_PETITION_DENIED)
        lit(b, "petition for ");
    course_name(b, k, i);
    switch (v) {
    case POLC_C_COUNTED: break;
    case POLC_C_IN_FUTURE: lit(b, " is dated after the application: it counts nothing yet"); break;
    case POLC_C_BEFORE_CYCLE: lit(b, " was completed before the cycle's first counting day"); break;
    case POLC_C_AFTER_WINDOW:
        lit(b, " was completed after the last day courses count for this cycle, ");
        msg_date(b, polc_date_expr_eval(&p->courses.through, p->cycle.leap, d->start,
                                        d->expires, d->as_of));
        break;
    case POLC_C_UNKNOWN_UNIT:
        lit(b, " is in unit '");
        msg_str(b, k->unit);
        lit(b, "', which the policy does not declare");
        break;
    case POLC_C_PROVIDER_NOT_ACCEPTED:
        lit(b, ": provider '");
        msg_str(b, k->provider);
        lit(b, "' is not accepted");
        break;
    case POLC_C_PETITION_PENDING: lit(b, " is pending: it counts once approved"); break;
    case POLC_C_PETITION_DENIED: lit(b, " was denied: it counts nothing"); break;
    case POLC_C_CATEGORY_LIMIT:
        lit(b, ": category '");
        msg_str(b, k->category);
        lit(b, "' had already reached its maximum");
        break;
    }
}

static void reason_open(struct polc_buf *b, const char *code, int *first)
{
    if (!*first)
        buf_putc(b, ',');
    *first = 0;
    buf_puts(b, "{\"code\":\"");
    buf_puts(b, code);
    buf_putc(b, '"');
}

static void put_reasons(struct polc_buf *b, const struct polc_policy *p,
                        const struct polc_record *r, const struct polc_decision *d)
{
    int first = 1;
    buf_putc(b, '[');
    for (int i = 0; i < POLC_R_COUNT; i++) {
        if (!(d->reasons & (1u << i)))
            continue;
        reason_open(b, polc_reason_code((enum polc_reason)i), &first);
        buf_puts(b, ",\"message\":\"");
        record_message(b, p, r, d, (enum polc_reason)i);
        buf_puts(b, "\"}");
    }
    for (int32_t i = 0; i < r->n_courses; i++) {
        if (d->courses[i] == POLC_C_COUNTED)
            continue;
        reason_open(b, polc_course_code((enum polc_course_verdict)d->courses[i]), &first);
        buf_puts(b, ",\"course\":");
        if (r->courses[i].id.ptr)
            buf_json_string(b, r->courses[i].id.ptr, r->courses[i].id.len);
        else
            buf_long(b, i);
        buf_puts(b, ",\"message\":\"");
        course_message(b, p, r, d, i);
        buf_puts(b, "\"}");
    }
    buf_putc(b, ']');
}

void polc_write_decision(struct polc_buf *b, const struct polc_policy *p,
                         const struct polc_record *r, const struct polc_decision *d)
{
    buf_puts(b, "{\"id\":");
    buf_json_string(b, r->id.ptr, r->id.len);
    buf_puts(b, ",\"policy\":");
    buf_json_cstr(b, p->name);
    buf_puts(b, ",\"as_of\":");
    put_date(b, d->as_of);
    buf_puts(b, ",\"cycle\":{\"start\":");
    put_date(b, d->start);
    buf_puts(b, ",\"expires\":");
    put_date(b, d->expires);
    buf_puts(b, "},\"window\":");
    put_window(b, p, d->window);
    buf_puts(b, ",\"status\":\"");
    buf_puts(b, polc_status_name(d->status));
    buf_puts(b, "\",\"path\":");
    buf_json_cstr(b, p->n_paths ? p->paths[d->path].name : "");
    buf_puts(b, ",\"units\":");
    put_units(b, p, d);
    buf_puts(b, ",\"cpr_aed\":\"");
    buf_puts(b, polc_card_name(d->cpr_aed));
    buf_puts(b, "\",\"fees\":");
    put_fees(b, p, r, d);
    buf_puts(b, ",\"fee_total\":");
    put_dec(b, d->fee_total, 2);
    buf_puts(b, ",\"currency\":");
    buf_json_cstr(b, p->currency);
    buf_puts(b, ",\"audit\":");
    put_audit(b, d);
    buf_puts(b, ",\"next_expires\":");
    if (d->status == POLC_RENEWABLE)
        put_date(b, d->next_expires);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"reasons\":");
    put_reasons(b, p, r, d);
    buf_puts(b, "}\n");
}

void polc_write_error(struct polc_buf *b, long line, const struct polc_line_error *e)
{
    buf_puts(b, "{\"line\":");
    buf_long(b, line);
    buf_puts(b, ",\"id\":");
    if (e->id.ptr)
        buf_json_string(b, e->id.ptr, e->id.len);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"error\":{\"code\":");
    buf_json_cstr(b, e->code);
    buf_puts(b, ",\"field\":");
    if (e->field[0])
        buf_json_cstr(b, e->field);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"message\":");
    buf_json_cstr(b, e->message);
    buf_puts(b, "}}\n");
}
