/* date.c - civil dates as day numbers (days since 1970-01-01).
 *
 * Proleptic Gregorian calendar, after Howard Hinnant's days_from_civil /
 * civil_from_days.  All arithmetic is done in int64_t, so any int32_t year,
 * month or day (and any int32_t day number) is free of overflow; a result
 * that does not fit a polc_date saturates to INT32_MIN / INT32_MAX.
 * No globals, no allocation, no floating point.
 */
#include "polc.h"

/* Floor division and the matching non-negative remainder, for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
    return (a >= 0 ? a : a - (b - 1)) / b;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static polc_date saturate(int64_t z)
{
    if (z < INT32_MIN)
        return INT32_MIN;
    if (z > INT32_MAX)
        return INT32_MAX;
    return (polc_date)z;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Day number of y-m-d for m in 1..12; d may be any value (d - 1 days are
 * added to the first of the month).  |y| stays below 2^40 for callers here. */
static int64_t days64(int64_t y, int m, int64_t d)
{
    if (y >= 1 && y <= 1000000 && d > -1000000 && d < 1000000) {
        /* The years of real dates: the same, in unsigned 32-bit steps,
         * which the compiler turns into multiplications. */
        uint32_t uy = (uint32_t)y - (m <= 2);
        uint32_t uera = uy / 400, uyoe = uy - uera * 400;
        uint32_t udoy = (153 * (uint32_t)(m > 2 ? m - 3 : m + 9) + 2) / 5;
        uint32_t udoe = uyoe * 365 + uyoe / 4 - uyoe / 100 + udoy;
        return (int64_t)uera * 146097 + udoe + (d - 1) - 719468;
    }
    int64_t yy = m <= 2 ? y - 1 : y;
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;                       /* [0, 399] */
    int64_t mp = m > 2 ? m - 3 : m + 9;                 /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5;                   /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe + (d - 1) - 719468;
}

struct civil { int64_t y; int m, d; };

static struct civil civil64(int64_t z)
{
    struct civil c;
    int64_t era, doe, yoe, doy, mp;
    if (z >= -719468 && z <= INT32_MAX - 719468) {
        /* From 0000-03-01 on: unsigned 32-bit steps, as in days64. */
        uint32_t uz = (uint32_t)(z + 719468);
        uint32_t uera = uz / 146097, udoe = uz - uera * 146097;
        uint32_t uyoe = (udoe - udoe / 1460 + udoe / 36524 - udoe / 146096) / 365;
        uint32_t udoy = udoe - (365 * uyoe + uyoe / 4 - uyoe / 100);
        uint32_t ump = (5 * udoy + 2) / 153;
        c.d = (int)(udoy - (153 * ump + 2) / 5 + 1);
        c.m = (int)(ump < 10 ? ump + 3 : ump - 9);
        c.y = (int64_t)uyoe + (int64_t)uera * 400 + (c.m <= 2);
        return c;
    }
    z += 719468;
    era = floor_div(z, 146097);
    doe = z - era * 146097;                             /* [0, 146096] */
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);      /* [0, 365] */
    mp = (5 * doy + 2) / 153;                           /* [0, 11] */
    c.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    c.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    c.y = yoe + era * 400 + (c.m <= 2);
    return c;
}

/* Months outside 1..12 carry into the year; days outside the month carry
 * into the neighbouring months (day 0 is the last day of the month before). */
polc_date polc_days_from_civil(int32_t y, int32_t m, int32_t d)
{
    int64_t months = (int64_t)m - 1;
    int64_t yy = (int64_t)y + floor_div(months, 12);
    return saturate(days64(yy, (int)floor_mod(months, 12) + 1, d));
}

void polc_civil_from_days(polc_date z, int32_t *y, int32_t *m, int32_t *d)
{
    struct civil c = civil64(z);
    *y = (int32_t)c.y; /* |y| < 6 million for any int32 day number */
    *m = c.m;
    *d = c.d;
}

/* The value of the ASCII digit c, or a value above 9. */
static unsigned digit_of(char c)
{
    return (unsigned)(unsigned char)c - '0';
}

int polc_date_parse(const char *s, size_t n, polc_date *out)
{
    unsigned y0, y1, y2, y3, m0, m1, d0, d1, y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    y0 = digit_of(s[0]), y1 = digit_of(s[1]), y2 = digit_of(s[2]), y3 = digit_of(s[3]);
    m0 = digit_of(s[5]), m1 = digit_of(s[6]), d0 = digit_of(s[8]), d1 = digit_of(s[9]);
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) |
        (d1 > 9))
        return -1;
    y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    m = m0 * 10 + m1;
    d = d0 * 10 + d1;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > (unsigned)days_in_month((int)y, (int)m))
        return -1;
    *out = (polc_date)days64((int64_t)y, (int)m, (int)d);
    return 0;
}

/* Two decimal digits of v (0..99). */
static void put2(char *out, unsigned v)
{
    out[0] = (char)('0' + v / 10);
    out[1] = (char)('0' + v % 10);
}

/* Dates outside 0001-01-01 .. 9999-12-31 are clamped to that range. */
void polc_date_format(polc_date d, char out[11])
{
    struct civil c;
    if (d < POLC_DATE_MIN)
        d = POLC_DATE_MIN;
    if (d > POLC_DATE_MAX)
        d = POLC_DATE_MAX;
    c = civil64(d);
    put2(out, (unsigned)c.y / 100);
    put2(out + 2, (unsigned)c.y % 100);
    out[4] = '-';
    put2(out + 5, (unsigned)c.m);
    out[7] = '-';
    put2(out + 8, (unsigned)c.d);
    out[10] = '\0';
}

int polc_weekday(polc_date d)
{
    return (int)floor_mod((int64_t)d + 4, 7); /* 1970-01-01 was a Thursday */
}

/* Moves d by `months` months; a day missing in the target month is
 * resolved by `leap`. */
static polc_date add_months64(polc_date d, int64_t months,
                              enum polc_leap leap)
{
    struct civil c = civil64(d);
    int64_t total = c.y * 12 + (c.m - 1) + months;
    int64_t y = floor_div(total, 12);
    int m = (int)floor_mod(total, 12) + 1;
    int dim = days_in_month(y, m);
    if (c.d <= dim)
        return saturate(days64(y, m, c.d));
    if (leap == POLC_LEAP_FEB28)
        return saturate(days64(y, m, dim));
    return saturate(days64(y, m, dim) + 1);
}

polc_date polc_add_years(polc_date d, int32_t n, enum polc_leap leap)
{
    return add_months64(d, (int64_t)n * 12, leap);
}

polc_date polc_add_months(polc_date d, int32_t n, enum polc_leap leap)
{
    return add_months64(d, n, leap);
}

polc_date polc_end_of_month(polc_date d)
{
    struct civil c = civil64(d);
    return saturate(days64(c.y, c.m, days_in_month(c.y, c.m)));
}

polc_date polc_end_of_year(polc_date d)
{
    return saturate(days64(civil64(d).y, 12, 31));
}
