/* test_date.c - unit tests for runtime/date.c (civil dates). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "polc.h"

/* ---- helpers ---------------------------------------------------------- */

static polc_date D(int32_t y, int32_t m, int32_t d)
{
    return polc_days_from_civil(y, m, d);
}

/* The test's own calendar, independent of date.c. */
static int leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int32_t month_days(int32_t y, int32_t m)
{
    static const int32_t dim[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : dim[m - 1];
}

static void assert_civil(polc_date z, int32_t y, int32_t m, int32_t d)
{
    int32_t yy, mm, dd;
    polc_civil_from_days(z, &yy, &mm, &dd);
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

/* Parses text from an exactly-sized heap copy (no NUL after it), so ASan
 * reports any read past n. */
static int parse(const char *text, size_t n, polc_date *out)
{
    char *copy = malloc(n ? n : 1);
    int rc;
    assert_non_null(copy);
    memcpy(copy, text, n);
    rc = polc_date_parse(copy, n, out);
    free(copy);
    return rc;
}

static void assert_parses(const char *text, polc_date want)
{
    polc_date got = -12345;
    assert_int_equal(parse(text, strlen(text), &got), 0);
    assert_int_equal(got, want);
}

static void assert_rejects(const char *text)
{
    polc_date got = -12345;
    assert_int_equal(parse(text, strlen(text), &got), -1);
    assert_int_equal(got, -12345);
}

static void assert_format(polc_date d, const char *want)
{
    char buf[11];
    memset(buf, 'x', sizeof buf);
    polc_date_format(d, buf);
    assert_string_equal(buf, want);
}

/* ---- days <-> civil ---------------------------------------------------- */

static void test_known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(D(1970, 1, 1), 0);
    assert_int_equal(D(1969, 12, 31), -1);
    assert_int_equal(D(1970, 1, 2), 1);
    assert_int_equal(D(2000, 1, 1), 10957);
    assert_int_equal(D(2000, 3, 1), 11017);
    assert_int_equal(D(2024, 2, 29), 19782);
    assert_int_equal(D(1900, 1, 1), -25567);
    assert_int_equal(D(2200, 12, 31), 84370);
    assert_int_equal(D(1, 1, 1), POLC_DATE_MIN);
    assert_int_equal(D(9999, 12, 31), POLC_DATE_MAX);
}

static void test_known_civil_dates(void **state)
{
    (void)state;
    assert_civil(0, 1970, 1, 1);
    assert_civil(-1, 1969, 12, 31);
    assert_civil(11017, 2000, 3, 1);
    assert_civil(19782, 2024, 2, 29);
    assert_civil(POLC_DATE_MIN, 1, 1, 1);
    assert_civil(POLC_DATE_MAX, 9999, 12, 31);
    assert_civil(POLC_DATE_MIN - 1, 0, 12, 31);
    assert_civil(POLC_DATE_MAX + 1, 10000, 1, 1);
}

/* Every day 1900-01-01 .. 2200-12-31 against the test's own calendar:
 * round trips, consecutive numbers, weekday advancing by one. */
static void test_every_day_1900_to_2200(void **state)
{
    polc_date prev = D(1900, 1, 1) - 1;
    int prev_wd = polc_weekday(prev);
    int32_t y, m, d;
    (void)state;
    for (y = 1900; y <= 2200; y++)
        for (m = 1; m <= 12; m++)
            for (d = 1; d <= month_days(y, m); d++) {
                polc_date z = D(y, m, d);
                int wd = polc_weekday(z);
                assert_int_equal(z, prev + 1);
                assert_civil(z, y, m, d);
                assert_int_equal(wd, (prev_wd + 1) % 7);
                prev = z;
                prev_wd = wd;
            }
    assert_int_equal(prev, 84370);
}

/* Every day in 0001-01-01 .. 9999-12-31 round trips days->civil->days and
 * formats/parses back to itself. */
static void test_every_day_full_range_round_trips(void **state)
{
    polc_date z;
    (void)state;
    for (z = POLC_DATE_MIN; z <= POLC_DATE_MAX; z++) {
        int32_t y, m, d;
        polc_date back = 0;
        char buf[11];
        polc_civil_from_days(z, &y, &m, &d);
        if (D(y, m, d) != z)
            fail_msg("day %ld did not round trip", (long)z);
        polc_date_format(z, buf);
        if (polc_date_parse(buf, 10, &back) != 0 || back != z)
            fail_msg("day %ld: format/parse gave %s", (long)z, buf);
    }
}

static void test_month_and_year_rollovers(void **state)
{
    (void)state;
    assert_civil(D(2023, 12, 31) + 1, 2024, 1, 1);
    assert_civil(D(2023, 1, 31) + 1, 2023, 2, 1);
    assert_civil(D(2023, 2, 28) + 1, 2023, 3, 1);
    assert_civil(D(2024, 2, 28) + 1, 2024, 2, 29);
    assert_civil(D(2024, 2, 29) + 1, 2024, 3, 1);
    assert_civil(D(1900, 2, 28) + 1, 1900, 3, 1);
    assert_civil(D(2000, 2, 28) + 1, 2000, 2, 29);
    assert_civil(D(2100, 2, 28) + 1, 2100, 3, 1);
    assert_civil(D(2025, 4, 30) + 1, 2025, 5, 1);
    assert_civil(D(1999, 12, 31) + 1, 2000, 1, 1);
}

/* Out-of-range months and days carry into neighbouring months/years. */
static void test_days_from_civil_normalizes(void **state)
{
    (void)state;
    assert_int_equal(D(2024, 13, 1), D(2025, 1, 1));
    assert_int_equal(D(2024, 0, 1), D(2023, 12, 1));
    assert_int_equal(D(2024, -11, 1), D(2023, 1, 1));
    assert_int_equal(D(2024, 25, 1), D(2026, 1, 1));
    assert_int_equal(D(2024, 3, 0), D(2024, 2, 29));
    assert_int_equal(D(2023, 1, 32), D(2023, 2, 1));
    assert_int_equal(D(2023, 1, 365), D(2023, 12, 31));
}

/* Any int32 input is free of UB; results beyond int32 saturate. */
static void test_extreme_inputs(void **state)
{
    int32_t y, m, d;
    polc_date lo = D(-5000000, 1, 1), hi = D(5000000, 12, 31);
    (void)state;
    assert_int_equal(D(INT32_MAX, 12, 31), INT32_MAX);
    assert_int_equal(D(INT32_MIN, 1, 1), INT32_MIN);
    assert_int_equal(D(2000, INT32_MAX, INT32_MAX), INT32_MAX);
    assert_int_equal(D(2000, INT32_MIN, INT32_MIN), INT32_MIN);
    assert_civil(lo, -5000000, 1, 1);
    assert_civil(hi, 5000000, 12, 31);
    polc_civil_from_days(INT32_MAX, &y, &m, &d);
    assert_int_equal(D(y, m, d), INT32_MAX);
    polc_civil_from_days(INT32_MIN, &y, &m, &d);
    assert_int_equal(D(y, m, d), INT32_MIN);
}

/* ---- weekday ----------------------------------------------------------- */

static void test_weekday_known(void **state)
{
    (void)state;
    assert_int_equal(polc_weekday(0), 4);              /* Thu 1970-01-01 */
    assert_int_equal(polc_weekday(-1), 3);             /* Wed 1969-12-31 */
    assert_int_equal(polc_weekday(-4), 0);             /* Sun 1969-12-28 */
    assert_int_equal(polc_weekday(-7), 4);
    assert_int_equal(polc_weekday(D(2024, 2, 29)), 4); /* Thursday */
    assert_int_equal(polc_weekday(D(2000, 1, 1)), 6);  /* Saturday */
    assert_int_equal(polc_weekday(D(2000, 3, 1)), 3);  /* Wednesday */
    assert_int_equal(polc_weekday(D(1900, 1, 1)), 1);  /* Monday */
    assert_int_equal(polc_weekday(POLC_DATE_MIN), 1);  /* Monday */
    assert_int_equal(polc_weekday(POLC_DATE_MAX), 5);  /* Friday */
}

static void test_weekday_negative_and_extremes(void **state)
{
    polc_date z;
    (void)state;
    for (z = -800000; z < 800000; z++) {
        int want = (int)((((int64_t)z + 4) % 7 + 7) % 7);
        if (polc_weekday(z) != want)
            fail_msg("weekday(%ld) = %d, want %d", (long)z, polc_weekday(z),
                     want);
    }
    assert_int_equal(polc_weekday(INT32_MIN),
                     (int)((((int64_t)INT32_MIN + 4) % 7 + 7) % 7));
    assert_int_equal(polc_weekday(INT32_MAX),
                     (int)(((int64_t)INT32_MAX + 4) % 7));
}

/* ---- parse ------------------------------------------------------------- */

static void test_parse_valid(void **state)
{
    (void)state;
    assert_parses("1970-01-01", 0);
    assert_parses("2000-03-01", 11017);
    assert_parses("2000-02-29", D(2000, 2, 29));
    assert_parses("2024-02-29", 19782);
    assert_parses("0001-01-01", POLC_DATE_MIN);
    assert_parses("9999-12-31", POLC_DATE_MAX);
    assert_parses("2025-04-30", D(2025, 4, 30));
    assert_parses("2025-12-31", D(2025, 12, 31));
}

static void test_parse_rejects_impossible_dates(void **state)
{
    (void)state;
    assert_rejects("2025-02-29");
    assert_rejects("1900-02-29");
    assert_rejects("2100-02-29");
    assert_rejects("2024-02-30");
    assert_rejects("2025-04-31");
    assert_rejects("2025-06-31");
    assert_rejects("2025-01-32");
    assert_rejects("2025-01-00");
    assert_rejects("2025-13-01");
    assert_rejects("2025-00-10");
    assert_rejects("2025-99-10");
}

static void test_parse_rejects_out_of_range_years(void **state)
{
    (void)state;
    assert_rejects("0000-01-01");
    assert_rejects("0000-12-31");
    assert_rejects("10000-01-01");
}

static void test_parse_rejects_bad_shape(void **state)
{
    (void)state;
    assert_rejects("");
    assert_rejects("2025-1-01");
    assert_rejects("2025-01-1");
    assert_rejects("2025-01-01x");
    assert_rejects("2025-01-01 ");
    assert_rejects(" 2025-01-01");
    assert_rejects("2025/01/01");
    assert_rejects("2025-01/01");
    assert_rejects("20250101");
    assert_rejects("2025-01-0a");
    assert_rejects("+025-01-01");
    assert_rejects("-025-01-01");
    assert_rejects("2025--1-01");
    assert_rejects("2025-+1-01");
    assert_rejects("2025-01- 1");
    assert_rejects("202a-01-01");
    assert_rejects("YYYY-MM-DD");
}

/* n bounds the read: only the first n bytes count. */
static void test_parse_respects_n(void **state)
{
    polc_date got = -12345;
    (void)state;
    assert_int_equal(parse("2025-01-01x", 11, &got), -1);
    assert_int_equal(got, -12345);
    assert_int_equal(parse("2025-01-01x", 10, &got), 0);
    assert_int_equal(got, D(2025, 1, 1));
    assert_int_equal(parse("2025-01-01", 9, &got), -1);
    assert_int_equal(parse("2025-01-01", 0, &got), -1);
    assert_int_equal(parse("2025-01-01\0", 11, &got), -1);
    assert_int_equal(parse("2025-01\0-01", 11, &got), -1);
}

/* ---- format ------------------------------------------------------------ */

static void test_format(void **state)
{
    (void)state;
    assert_format(0, "1970-01-01");
    assert_format(-1, "1969-12-31");
    assert_format(11017, "2000-03-01");
    assert_format(19782, "2024-02-29");
    assert_format(POLC_DATE_MIN, "0001-01-01");
    assert_format(POLC_DATE_MAX, "9999-12-31");
    assert_format(D(123, 4, 5), "0123-04-05");
}

static void test_format_clamps_out_of_range(void **state)
{
    (void)state;
    assert_format(POLC_DATE_MIN - 1, "0001-01-01");
    assert_format(POLC_DATE_MAX + 1, "9999-12-31");
    assert_format(INT32_MIN, "0001-01-01");
    assert_format(INT32_MAX, "9999-12-31");
}

/* ---- add years / months ------------------------------------------------ */

static void test_add_years_existing_day(void **state)
{
    (void)state;
    assert_int_equal(polc_add_years(D(2023, 5, 14), 2, POLC_LEAP_MAR1),
                     D(2025, 5, 14));
    assert_int_equal(polc_add_years(D(2023, 5, 14), 2, POLC_LEAP_FEB28),
                     D(2025, 5, 14));
    assert_int_equal(polc_add_years(D(2023, 5, 14), -3, POLC_LEAP_MAR1),
                     D(2020, 5, 14));
    assert_int_equal(polc_add_years(D(2024, 2, 29), 4, POLC_LEAP_MAR1),
                     D(2028, 2, 29));
    assert_int_equal(polc_add_years(D(2024, 2, 29), 0, POLC_LEAP_FEB28),
                     D(2024, 2, 29));
    assert_int_equal(polc_add_years(D(2024, 2, 29), 100, POLC_LEAP_FEB28),
                     D(2124, 2, 29));
}

static void test_add_years_leap_day_mar1(void **state)
{
    (void)state;
    assert_int_equal(polc_add_years(D(2024, 2, 29), 1, POLC_LEAP_MAR1),
                     D(2025, 3, 1));
    assert_int_equal(polc_add_years(D(2024, 2, 29), -1, POLC_LEAP_MAR1),
                     D(2023, 3, 1));
    assert_int_equal(polc_add_years(D(2000, 2, 29), 100, POLC_LEAP_MAR1),
                     D(2100, 3, 1));
    assert_int_equal(polc_add_years(D(2000, 2, 29), -100, POLC_LEAP_MAR1),
                     D(1900, 3, 1));
}

static void test_add_years_leap_day_feb28(void **state)
{
    (void)state;
    assert_int_equal(polc_add_years(D(2024, 2, 29), 1, POLC_LEAP_FEB28),
                     D(2025, 2, 28));
    assert_int_equal(polc_add_years(D(2024, 2, 29), -1, POLC_LEAP_FEB28),
                     D(2023, 2, 28));
    assert_int_equal(polc_add_years(D(2000, 2, 29), 100, POLC_LEAP_FEB28),
                     D(2100, 2, 28));
}

static void test_add_months_existing_day(void **state)
{
    (void)state;
    assert_int_equal(polc_add_months(D(2024, 11, 15), 3, POLC_LEAP_MAR1),
                     D(2025, 2, 15));
    assert_int_equal(polc_add_months(D(2024, 1, 15), -13, POLC_LEAP_MAR1),
                     D(2022, 12, 15));
    assert_int_equal(polc_add_months(D(2024, 1, 15), -1, POLC_LEAP_FEB28),
                     D(2023, 12, 15));
    assert_int_equal(polc_add_months(D(2024, 1, 31), 2, POLC_LEAP_MAR1),
                     D(2024, 3, 31));
    assert_int_equal(polc_add_months(D(2024, 1, 31), 0, POLC_LEAP_MAR1),
                     D(2024, 1, 31));
    assert_int_equal(polc_add_months(D(2024, 1, 31), 1, POLC_LEAP_FEB28),
                     D(2024, 2, 29));
    assert_int_equal(polc_add_months(D(2024, 6, 10), 1200, POLC_LEAP_MAR1),
                     D(2124, 6, 10));
}

static void test_add_months_missing_day_mar1(void **state)
{
    (void)state;
    assert_int_equal(polc_add_months(D(2025, 1, 31), 1, POLC_LEAP_MAR1),
                     D(2025, 3, 1));
    assert_int_equal(polc_add_months(D(2024, 1, 31), 1, POLC_LEAP_MAR1),
                     D(2024, 3, 1));
    assert_int_equal(polc_add_months(D(2024, 1, 30), 1, POLC_LEAP_MAR1),
                     D(2024, 3, 1));
    assert_int_equal(polc_add_months(D(2025, 3, 31), 1, POLC_LEAP_MAR1),
                     D(2025, 5, 1));
    assert_int_equal(polc_add_months(D(2025, 3, 31), -1, POLC_LEAP_MAR1),
                     D(2025, 3, 1));
    assert_int_equal(polc_add_months(D(2025, 12, 31), -3, POLC_LEAP_MAR1),
                     D(2025, 10, 1));
    assert_int_equal(polc_add_months(D(2025, 10, 31), 1, POLC_LEAP_MAR1),
                     D(2025, 12, 1));
}

static void test_add_months_missing_day_feb28(void **state)
{
    (void)state;
    assert_int_equal(polc_add_months(D(2025, 1, 31), 1, POLC_LEAP_FEB28),
                     D(2025, 2, 28));
    assert_int_equal(polc_add_months(D(2024, 1, 30), 1, POLC_LEAP_FEB28),
                     D(2024, 2, 29));
    assert_int_equal(polc_add_months(D(2025, 3, 31), 1, POLC_LEAP_FEB28),
                     D(2025, 4, 30));
    assert_int_equal(polc_add_months(D(2025, 3, 31), -1, POLC_LEAP_FEB28),
                     D(2025, 2, 28));
    assert_int_equal(polc_add_months(D(2025, 12, 31), -3, POLC_LEAP_FEB28),
                     D(2025, 9, 30));
    assert_int_equal(polc_add_months(D(2024, 3, 31), -13, POLC_LEAP_FEB28),
                     D(2023, 2, 28));
}

/* add_years(n) is add_months(12 n) for every start day over 8 years. */
static void test_add_years_is_twelve_months(void **state)
{
    polc_date z;
    int32_t n;
    (void)state;
    for (z = D(2020, 1, 1); z <= D(2027, 12, 31); z++)
        for (n = -5; n <= 5; n++) {
            assert_int_equal(polc_add_years(z, n, POLC_LEAP_MAR1),
                             polc_add_months(z, 12 * n, POLC_LEAP_MAR1));
            assert_int_equal(polc_add_years(z, n, POLC_LEAP_FEB28),
                             polc_add_months(z, 12 * n, POLC_LEAP_FEB28));
        }
}

/* The two rules agree except on days missing from the target month, where
 * MAR1 is exactly one day after FEB28's clamped last day. */
static void test_leap_rules_differ_only_on_missing_days(void **state)
{
    polc_date z;
    int32_t n;
    (void)state;
    for (z = D(2023, 1, 1); z <= D(2024, 12, 31); z++)
        for (n = -14; n <= 14; n++) {
            int32_t y, m, d, ty, tm, td;
            polc_date mar1 = polc_add_months(z, n, POLC_LEAP_MAR1);
            polc_date feb28 = polc_add_months(z, n, POLC_LEAP_FEB28);
            polc_civil_from_days(z, &y, &m, &d);
            polc_civil_from_days(feb28, &ty, &tm, &td);
            assert_int_equal((ty * 12 + tm) - (y * 12 + m), n);
            if (d <= month_days(ty, tm)) {
                assert_int_equal(td, d);
                assert_int_equal(mar1, feb28);
            } else {
                assert_int_equal(td, month_days(ty, tm));
                assert_int_equal(mar1, feb28 + 1);
            }
        }
}

static void test_renewal_cycles(void **state)
{
    polc_date a;
    (void)state;
    a = polc_add_years(D(2023, 5, 14), 2, POLC_LEAP_MAR1) - 1;
    assert_int_equal(a, D(2025, 5, 13));
    a = polc_add_years(D(2024, 2, 29), 2, POLC_LEAP_MAR1) - 1;
    assert_int_equal(a, D(2026, 2, 28));
    a = polc_add_years(D(2026, 3, 1), 2, POLC_LEAP_MAR1) - 1;
    assert_int_equal(a, D(2028, 2, 29));
    a = polc_add_years(D(2028, 2, 29), 1, POLC_LEAP_MAR1);
    assert_int_equal(a, D(2029, 3, 1));
    a = polc_add_years(D(2024, 2, 29), 2, POLC_LEAP_FEB28) - 1;
    assert_int_equal(a, D(2026, 2, 27));
}

static void test_add_saturates_without_ub(void **state)
{
    (void)state;
    assert_int_equal(polc_add_years(0, INT32_MAX, POLC_LEAP_MAR1), INT32_MAX);
    assert_int_equal(polc_add_years(0, INT32_MIN, POLC_LEAP_MAR1), INT32_MIN);
    assert_int_equal(polc_add_years(INT32_MAX, INT32_MAX, POLC_LEAP_FEB28),
                     INT32_MAX);
    assert_int_equal(polc_add_years(INT32_MIN, INT32_MIN, POLC_LEAP_FEB28),
                     INT32_MIN);
    assert_int_equal(polc_add_months(INT32_MAX, INT32_MAX, POLC_LEAP_MAR1),
                     INT32_MAX);
    assert_int_equal(polc_add_months(INT32_MIN, INT32_MIN, POLC_LEAP_MAR1),
                     INT32_MIN);
}

/* ---- end of month / year ----------------------------------------------- */

static void test_end_of_month(void **state)
{
    (void)state;
    assert_int_equal(polc_end_of_month(D(2024, 2, 10)), D(2024, 2, 29));
    assert_int_equal(polc_end_of_month(D(2023, 2, 1)), D(2023, 2, 28));
    assert_int_equal(polc_end_of_month(D(1900, 2, 1)), D(1900, 2, 28));
    assert_int_equal(polc_end_of_month(D(2000, 2, 1)), D(2000, 2, 29));
    assert_int_equal(polc_end_of_month(D(2024, 4, 30)), D(2024, 4, 30));
    assert_int_equal(polc_end_of_month(D(2024, 12, 5)), D(2024, 12, 31));
    assert_int_equal(polc_end_of_month(D(1969, 12, 31)), -1);
    assert_int_equal(polc_end_of_month(POLC_DATE_MAX), POLC_DATE_MAX);
    assert_int_equal(polc_end_of_month(INT32_MAX), INT32_MAX);
}

static void test_end_of_year(void **state)
{
    (void)state;
    assert_int_equal(polc_end_of_year(D(2024, 1, 1)), D(2024, 12, 31));
    assert_int_equal(polc_end_of_year(D(2024, 12, 31)), D(2024, 12, 31));
    assert_int_equal(polc_end_of_year(D(2025, 6, 15)), D(2025, 12, 31));
    assert_int_equal(polc_end_of_year(-365), -1);
    assert_int_equal(polc_end_of_year(POLC_DATE_MIN), D(1, 12, 31));
    assert_int_equal(polc_end_of_year(POLC_DATE_MAX), POLC_DATE_MAX);
    assert_int_equal(polc_end_of_year(INT32_MAX), INT32_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_known_civil_dates),
        cmocka_unit_test(test_every_day_1900_to_2200),
        cmocka_unit_test(test_every_day_full_range_round_trips),
        cmocka_unit_test(test_month_and_year_rollovers),
        cmocka_unit_test(test_days_from_civil_normalizes),
        cmocka_unit_test(test_extreme_inputs),
        cmocka_unit_test(test_weekday_known),
        cmocka_unit_test(test_weekday_negative_and_extremes),
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_rejects_impossible_dates),
        cmocka_unit_test(test_parse_rejects_out_of_range_years),
        cmocka_unit_test(test_parse_rejects_bad_shape),
        cmocka_unit_test(test_parse_respects_n),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_clamps_out_of_range),
        cmocka_unit_test(test_add_years_existing_day),
        cmocka_unit_test(test_add_years_leap_day_mar1),
        cmocka_unit_test(test_add_years_leap_day_feb28),
        cmocka_unit_test(test_add_months_existing_day),
        cmocka_unit_test(test_add_months_missing_day_mar1),
        cmocka_unit_test(test_add_months_missing_day_feb28),
        cmocka_unit_test(test_add_years_is_twelve_months),
        cmocka_unit_test(test_leap_rules_differ_only_on_missing_days),
        cmocka_unit_test(test_renewal_cycles),
        cmocka_unit_test(test_add_saturates_without_ub),
        cmocka_unit_test(test_end_of_month),
        cmocka_unit_test(test_end_of_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
