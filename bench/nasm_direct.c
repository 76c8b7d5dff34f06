/* nasm_direct.c - policies/nasm-cpt.pol by hand (seed-reading.md N1-N10,
 * docs/evaluation.md), with everything the table interpreter looks up at
 * run time written in as constants: 2.0 CEU of which the card brings 0.1,
 * ten hours a CEU, approved providers and approved petitions, courses from
 * the cycle start through expiry + 90 days, the late window (days 1-90, late
 * fee) and the reinstatement window (day 91 up to the first anniversary of
 * expiry, late + additional fee), a 10% audit.  Its own date arithmetic
 * (int32, years 1..9999, which the reader guarantees) and its own audit hash
 * with the "nasm-cpt|" prefix hashed once.
 *
 * Indices are those of the compiled table: fees renewal 0, late 1,
 * additional 2, petition 3; windows late 0, reinstatement 1; path ceu 0. */
#include "nasm_direct.h"

#include <string.h>

enum { FEE_RENEWAL, FEE_LATE, FEE_ADDITIONAL, FEE_PETITION };
enum { WIN_LATE, WIN_REINSTATEMENT };

#define MILLION 1000000
#define NEED_H (19 * (polc_dec)MILLION)     /* 2.0 CEU - 0.1 CEU card, in hours */
#define CREDIT_H ((polc_dec)MILLION)        /* 0.1 CEU = 1 hour */
#define REQUIRED (2 * (polc_dec)MILLION)     /* 2.0 CEU */
#define TENTH_CEU ((polc_dec)100000)

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Howard Hinnant's algorithms for day numbers >= 0000-03-01. */
static polc_date from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void to_civil(polc_date z, int *y, int *m, int *d)
{
    z += 719468;
    int era = z / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* The anniversary n years on; Feb 29 in a common year is Mar 1 (N1). */
static polc_date add_years(polc_date t, int n)
{
    int y, m, d;
    to_civil(t, &y, &m, &d);
    y += n;
    if (m == 2 && d == 29 && !leap(y))
        return from_civil(y, 3, 1);
    return from_civil(y, m, d);
}

static int is(struct polc_str s, const char *lit, size_t n)
{
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

/* FNV-1a 64 of "nasm-cpt|" + id + "|" + YYYY-MM-DD (records.md). */
static uint64_t audit_hash(struct polc_str id, polc_date expires)
{
    static const uint64_t prime = 0x100000001b3ull;
    uint64_t h = 0x94eb811d40fd9010ull; /* FNV-1a 64 of "nasm-cpt|" */
    for (size_t i = 0; i < id.len; i++)
        h = (h ^ (unsigned char)id.ptr[i]) * prime;
    int y, m, d;
    to_civil(expires, &y, &m, &d);
    char t[11] = {'|', (char)('0' + y / 1000), (char)('0' + y / 100 % 10),
                  (char)('0' + y / 10 % 10), (char)('0' + y % 10), '-',
                  (char)('0' + m / 10), (char)('0' + m % 10), '-',
                  (char)('0' + d / 10), (char)('0' + d % 10)};
    for (int i = 0; i < 11; i++)
        h = (h ^ (unsigned char)t[i]) * prime;
    return h;
}

int nasm_direct(const struct polc_record *r, polc_date as_of, struct polc_decision *d)
{
    uint8_t *verdicts = d->courses;
    memset(d, 0, sizeof *d);
    d->courses = verdicts;
    d->as_of = as_of;
    d->path = 0;
    d->required = REQUIRED;
    d->highest_credential = -1;

    /* N1: the cycle and the next one. */
    polc_date start = r->cycle_start;
    polc_date expires = add_years(start, 2) - 1;
    d->start = start;
    d->expires = expires;
    d->next_expires = add_years(expires + 1, 2) - 1;

    /* N7, N8: the window. */
    if (as_of <= expires)
        d->window = POLC_WINDOW_ON_TIME;
    else if (as_of <= expires + 90)
        d->window = WIN_LATE;
    else if (as_of < add_years(expires, 1))
        d->window = WIN_REINSTATEMENT;
    else
        d->window = POLC_WINDOW_NONE;

    /* N3: the card, valid on the application date. */
    int card;
    if (!r->has_card || (r->has_card_completed && r->card_completed_on > as_of))
        d->cpr_aed = POLC_CARD_MISSING;
    else
        d->cpr_aed = r->card_valid_until >= as_of ? POLC_CARD_VALID : POLC_CARD_EXPIRED;
    card = d->cpr_aed == POLC_CARD_VALID;

    /* N2, N4, N5, N6: courses from the cycle start through expiry + 90 days. */
    polc_date last_count = expires + 90;
    polc_dec counted = 0;
    int petitions = 0;
    for (int32_t i = 0; i < r->n_courses; i++) {
        const struct polc_course *k = &r->courses[i];
        int petitioned = is(k->provider, "petition", 8);
        enum polc_course_verdict v;
        polc_dec hours = 0;
        petitions += petitioned;
        if (k->completed_on > as_of)
            v = POLC_C_IN_FUTURE;
        else if (k->completed_on < start)
            v = POLC_C_BEFORE_CYCLE;
        else if (k->completed_on > last_count)
            v = POLC_C_AFTER_WINDOW;
        else if (is(k->unit, "CEU", 3))
            hours = 10, v = POLC_C_COUNTED;
        else if (is(k->unit, "hours", 5))
            hours = 1, v = POLC_C_COUNTED;
        else
            v = POLC_C_UNKNOWN_UNIT;
        if (v == POLC_C_COUNTED) {
            if (petitioned)
                v = k->petition == POLC_PETITION_APPROVED ? POLC_C_COUNTED
                    : k->petition == POLC_PETITION_DENIED ? POLC_C_PETITION_DENIED
                                                          : POLC_C_PETITION_PENDING;
            else if (!is(k->provider, "approved", 8))
                v = POLC_C_PROVIDER_NOT_ACCEPTED;
        }
        if (v == POLC_C_COUNTED)
            counted += k->amount * hours;
        verdicts[i] = (uint8_t)v;
    }
    d->petitions = petitions;

    /* Units: exact hours; earned rounded down, missing up, to 0.1 CEU. */
    polc_dec earned_h = counted + (card ? CREDIT_H : 0);
    polc_dec missing_h = (counted < NEED_H ? NEED_H - counted : 0) + (card ? 0 : CREDIT_H);
    d->earned = earned_h / MILLION * TENTH_CEU;
    d->missing = (missing_h / MILLION + (missing_h % MILLION != 0)) * TENTH_CEU;
    int units_met = counted >= NEED_H;
    int met = units_met && card;

    /* Status. */
    if (d->window == POLC_WINDOW_NONE) {
        d->reasons |= 1u << POLC_R_PAST_LAST_WINDOW;
        d->status = POLC_EXPIRED;
    } else if (as_of < start) {
        d->reasons |= 1u << POLC_R_APPLIED_BEFORE_CYCLE;
        d->status = POLC_INCOMPLETE;
    } else if (met) {
        d->status = POLC_RENEWABLE;
    } else if (!units_met && as_of > last_count) {
        d->reasons |= 1u << POLC_R_TOO_LATE_TO_COMPLETE;
        d->status = POLC_EXPIRED;
    } else {
        d->status = POLC_INCOMPLETE;
    }
    if (!units_met)
        d->reasons |= 1u << POLC_R_UNITS_SHORT;
    if (d->cpr_aed == POLC_CARD_MISSING)
        d->reasons |= 1u << POLC_R_CPR_AED_MISSING;
    else if (d->cpr_aed == POLC_CARD_EXPIRED)
        d->reasons |= 1u << POLC_R_CPR_AED_EXPIRED;
    if (d->window >= 0)
        d->reasons |= 1u << POLC_R_LATE_APPLICATION;

    /* Fees (N5, N7, N8, N10): renewal, late, additional, per petition. */
    if (d->status != POLC_EXPIRED) {
        uint64_t fees = 1u << FEE_RENEWAL;
        polc_dec total = 99 * (polc_dec)MILLION;
        if (d->window >= WIN_LATE) {
            fees |= 1u << FEE_LATE;
            total += 75 * (polc_dec)MILLION;
        }
        if (d->window == WIN_REINSTATEMENT) {
            fees |= 1u << FEE_ADDITIONAL;
            total += 50 * (polc_dec)MILLION;
        }
        if (petitions) {
            fees |= 1u << FEE_PETITION;
            total += 25 * (polc_dec)MILLION * petitions;
        }
        d->fees = fees;
        d->fee_total = total;
    }

    /* N9: the audit, 10%, documents within 30 days. */
    if (d->status == POLC_RENEWABLE) {
        d->audit = 1;
        d->audit_selected = audit_hash(r->id, expires) % 10000 < 1000;
        d->documents_due = as_of + 30;
    }
    return 0;
}
