/* test_decimal.c - unit tests for runtime/decimal.c (exact decimals). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "polc.h"

#define SENTINEL ((polc_dec)-424242)

/* ---- helpers ---------------------------------------------------------- */

typedef enum polc_dec_status (*parse_fn)(const char *, size_t, polc_dec *);

/* Parses from an exactly-sized heap copy (no NUL after it), so ASan reports
 * any read past n. */
static enum polc_dec_status run(parse_fn f, const char *text, size_t n,
                                polc_dec *out)
{
    char *copy = malloc(n ? n : 1);
    enum polc_dec_status st;
    assert_non_null(copy);
    memcpy(copy, text, n);
    st = f(copy, n, out);
    free(copy);
    return st;
}

static void check(parse_fn f, const char *text, enum polc_dec_status want,
                  polc_dec value)
{
    polc_dec got = SENTINEL;
    enum polc_dec_status st = run(f, text, strlen(text), &got);
    if (st != want)
        fail_msg("\"%.60s\": status %d, want %d", text, (int)st, (int)want);
    if (want == POLC_DEC_OK && got != value)
        fail_msg("\"%.60s\": %lld, want %lld", text, (long long)got,
                 (long long)value);
    if (want != POLC_DEC_OK && got != SENTINEL)
        fail_msg("\"%.60s\": *out changed on error", text);
}

#define NUM_OK(text, v) check(polc_dec_parse_number, text, POLC_DEC_OK, v)
#define NUM_BAD(text) check(polc_dec_parse_number, text, POLC_DEC_BAD, 0)
#define NUM_RANGE(text) check(polc_dec_parse_number, text, POLC_DEC_RANGE, 0)
#define PLAIN_OK(text, v) check(polc_dec_parse_plain, text, POLC_DEC_OK, v)
#define PLAIN_BAD(text) check(polc_dec_parse_plain, text, POLC_DEC_BAD, 0)
#define PLAIN_RANGE(text) check(polc_dec_parse_plain, text, POLC_DEC_RANGE, 0)

/* A heap string: prefix, then `count` copies of c, then suffix. */
static char *repeat(const char *prefix, char c, size_t count,
                    const char *suffix)
{
    size_t p = strlen(prefix), s = strlen(suffix);
    char *buf = malloc(p + count + s + 1);
    assert_non_null(buf);
    memcpy(buf, prefix, p);
    memset(buf + p, c, count);
    memcpy(buf + p + count, suffix, s + 1);
    return buf;
}

static void check_long(parse_fn f, const char *prefix, char c, size_t count,
                       const char *suffix, enum polc_dec_status want,
                       polc_dec value)
{
    char *text = repeat(prefix, c, count, suffix);
    check(f, text, want, value);
    free(text);
}

static void assert_format(polc_dec v, int places, const char *want)
{
    char buf[32];
    size_t len;
    memset(buf, 'x', sizeof buf);
    len = polc_dec_format(v, places, buf);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
}

/* ---- parse_number: accepted values ------------------------------------- */

static void test_number_integers(void **state)
{
    (void)state;
    NUM_OK("0", 0);
    NUM_OK("1", 1000000);
    NUM_OK("12", 12000000);
    NUM_OK("45", 45000000);
    NUM_OK("9223372036854", INT64_C(9223372036854000000));
}

static void test_number_fractions(void **state)
{
    (void)state;
    NUM_OK("0.5", 500000);
    NUM_OK("0.50", 500000);
    NUM_OK("1.5", 1500000);
    NUM_OK("0.000001", 1);
    NUM_OK("0.000100", 100);
    NUM_OK("0.0", 0);
    NUM_OK("0.000000000", 0);
    NUM_OK("999999.999999", INT64_C(999999999999));
    NUM_OK("1.500000000", 1500000);
    NUM_OK("10.250", 10250000);
}

static void test_number_exponents(void **state)
{
    (void)state;
    NUM_OK("5e-1", 500000);
    NUM_OK("1E2", 100000000);
    NUM_OK("1e+2", 100000000);
    NUM_OK("1e2", 100000000);
    NUM_OK("1e0", 1000000);
    NUM_OK("1e-0", 1000000);
    NUM_OK("1e007", INT64_C(10000000000000));
    NUM_OK("1e-6", 1);
    NUM_OK("10e-7", 1);
    NUM_OK("100e-8", 1);
    NUM_OK("1.5E+0", 1500000);
    NUM_OK("0.015e2", 1500000);
    NUM_OK("150e-2", 1500000);
    NUM_OK("1e12", INT64_C(1000000000000000000));
    NUM_OK("9.223372036854775807e12", INT64_MAX);
}

static void test_number_zero_with_any_exponent(void **state)
{
    (void)state;
    NUM_OK("0e-400", 0);
    NUM_OK("0e400", 0);
    NUM_OK("0e99999999999", 0);
    NUM_OK("0.000e-99999999999999999999", 0);
    NUM_OK("0E+99999999999999999999", 0);
}

static void test_number_int64_limit(void **state)
{
    (void)state;
    NUM_OK("9223372036854.775807", INT64_MAX);
    NUM_OK("9223372036854775807e-6", INT64_MAX);
    NUM_OK("9223372036854.7758070000", INT64_MAX);
    NUM_RANGE("9223372036854.775808");
    NUM_RANGE("9223372036854775808e-6");
    NUM_RANGE("9223372036855");
    NUM_RANGE("10000000000000");
    NUM_RANGE("1e13");
    NUM_RANGE("99999999999999999999999"); /* 23 digits */
    NUM_RANGE("18446744073709551616");
}

/* ---- parse_number: RANGE ----------------------------------------------- */

static void test_number_too_many_places(void **state)
{
    (void)state;
    NUM_RANGE("1e-7");
    NUM_RANGE("1.0000001");
    NUM_RANGE("0.0000001");
    NUM_RANGE("0.0000005");
    NUM_RANGE("1.2345678");
    NUM_RANGE("15e-7");
    NUM_RANGE("0.1e-6");
}

static void test_number_huge_exponents(void **state)
{
    (void)state;
    NUM_RANGE("1e99999999999999999999");
    NUM_RANGE("1e-99999999999999999999");
    NUM_RANGE("1E+99999999999999999999");
    NUM_RANGE("1e2147483648");
    NUM_RANGE("1e-2147483649");
    NUM_RANGE("1e9223372036854775808");
    NUM_RANGE("1e-9223372036854775809");
    NUM_RANGE("0.5e-99999999999999999999");
}

/* ---- parse_number: BAD ------------------------------------------------- */

static void test_number_negative_is_bad(void **state)
{
    (void)state;
    NUM_BAD("-0");
    NUM_BAD("-0.0");
    NUM_BAD("-1");
    NUM_BAD("-1.5");
    NUM_BAD("-0e0");
    NUM_BAD("-");
    NUM_BAD("--1");
}

static void test_number_grammar(void **state)
{
    (void)state;
    NUM_BAD("");
    NUM_BAD("01");
    NUM_BAD("00");
    NUM_BAD("00.5");
    NUM_BAD(".5");
    NUM_BAD("1.");
    NUM_BAD("1.e5");
    NUM_BAD("+1");
    NUM_BAD("1e");
    NUM_BAD("1e+");
    NUM_BAD("1E-");
    NUM_BAD("e5");
    NUM_BAD(" 1");
    NUM_BAD("1 ");
    NUM_BAD("1.5.5");
    NUM_BAD("1..2");
    NUM_BAD("1e5.5");
    NUM_BAD("1e5e5");
    NUM_BAD("1e++5");
    NUM_BAD("0x10");
    NUM_BAD("1,5");
    NUM_BAD("1-2");
    NUM_BAD("Infinity");
    NUM_BAD("NaN");
    NUM_BAD("1f");
}

static void test_number_respects_n(void **state)
{
    polc_dec got = SENTINEL;
    (void)state;
    assert_int_equal(run(polc_dec_parse_number, "1.5", 1, &got), POLC_DEC_OK);
    assert_int_equal(got, 1000000);
    assert_int_equal(run(polc_dec_parse_number, "1.5", 2, &got),
                     POLC_DEC_BAD);
    assert_int_equal(run(polc_dec_parse_number, "1e5", 2, &got),
                     POLC_DEC_BAD);
    assert_int_equal(run(polc_dec_parse_number, "1\0", 2, &got),
                     POLC_DEC_BAD);
    assert_int_equal(run(polc_dec_parse_number, "", 0, &got), POLC_DEC_BAD);
    assert_int_equal(got, 1000000);
}

/* ---- long inputs ------------------------------------------------------- */

static void test_number_thousand_digits(void **state)
{
    (void)state;
    /* 1 followed by 1000 zeros, scaled back down. */
    check_long(polc_dec_parse_number, "1", '0', 1000, "e-1000", POLC_DEC_OK,
               1000000);
    check_long(polc_dec_parse_number, "1", '0', 1000, "", POLC_DEC_RANGE, 0);
    check_long(polc_dec_parse_number, "0.", '0', 1000, "", POLC_DEC_OK, 0);
    check_long(polc_dec_parse_number, "0.", '0', 995, "1", POLC_DEC_RANGE, 0);
    check_long(polc_dec_parse_number, "0.", '0', 995, "1e1000", POLC_DEC_OK,
               INT64_C(10000000000));
    check_long(polc_dec_parse_number, "2.5", '0', 1000, "", POLC_DEC_OK,
               2500000);
    check_long(polc_dec_parse_number, "7", '9', 1000, "", POLC_DEC_RANGE, 0);
    check_long(polc_dec_parse_number, "1.", '9', 1000, "", POLC_DEC_RANGE, 0);
    check_long(polc_dec_parse_number, "1", '0', 1000, "e", POLC_DEC_BAD, 0);
    check_long(polc_dec_parse_number, "1e", '9', 1000, "", POLC_DEC_RANGE, 0);
    check_long(polc_dec_parse_number, "1e-", '9', 1000, "", POLC_DEC_RANGE,
               0);
    check_long(polc_dec_parse_number, "0e", '9', 1000, "", POLC_DEC_OK, 0);
}

/* Millions of digits: passes quickly only when the parser is linear. */
static void test_number_linear_time(void **state)
{
    (void)state;
    check_long(polc_dec_parse_number, "3.", '0', 2000000, "", POLC_DEC_OK,
               3000000);
    check_long(polc_dec_parse_number, "3", '0', 2000000, "e-2000000",
               POLC_DEC_OK, 3000000);
    check_long(polc_dec_parse_plain, "", '0', 2000000, "4.5", POLC_DEC_OK,
               4500000);
    check_long(polc_dec_parse_number, "1e", '0', 2000000, "7", POLC_DEC_OK,
               INT64_C(10000000000000));
}

/* ---- parse_plain ------------------------------------------------------- */

static void test_plain_accepts(void **state)
{
    (void)state;
    PLAIN_OK("0", 0);
    PLAIN_OK("0.5", 500000);
    PLAIN_OK("12", 12000000);
    PLAIN_OK("007.50", 7500000);
    PLAIN_OK("00", 0);
    PLAIN_OK("0.000001", 1);
    PLAIN_OK("1.500000000", 1500000);
    PLAIN_OK("999999.999999", INT64_C(999999999999));
    PLAIN_OK("9223372036854.775807", INT64_MAX);
    check_long(polc_dec_parse_plain, "", '0', 1000, "1", POLC_DEC_OK, 1000000);
}

static void test_plain_rejects(void **state)
{
    (void)state;
    PLAIN_BAD("");
    PLAIN_BAD(".5");
    PLAIN_BAD("5.");
    PLAIN_BAD("+1");
    PLAIN_BAD("-1");
    PLAIN_BAD("-0");
    PLAIN_BAD("1e5");
    PLAIN_BAD("1E5");
    PLAIN_BAD(" 1");
    PLAIN_BAD("1 ");
    PLAIN_BAD("1 000");
    PLAIN_BAD("1.2.3");
    PLAIN_BAD("1..2");
    PLAIN_BAD("1,5");
    PLAIN_BAD("$1");
}

static void test_plain_range(void **state)
{
    (void)state;
    PLAIN_RANGE("1.0000001");
    PLAIN_RANGE("0.0000001");
    PLAIN_RANGE("99999999999999999999999");
    PLAIN_RANGE("9223372036854.775808");
    PLAIN_RANGE("10000000000000");
}

/* ---- format ------------------------------------------------------------ */

static void test_format_basic(void **state)
{
    (void)state;
    assert_format(0, 0, "0");
    assert_format(0, 2, "0.00");
    assert_format(0, 6, "0.000000");
    assert_format(1500000, 1, "1.5");
    assert_format(2000000, 1, "2.0");
    assert_format(45000000, 0, "45");
    assert_format(99000000, 2, "99.00");
    assert_format(1234567, 6, "1.234567");
    assert_format(1, 6, "0.000001");
    assert_format(50000, 2, "0.05");
}

static void test_format_truncates_toward_zero(void **state)
{
    (void)state;
    assert_format(1999999, 2, "1.99");
    assert_format(1999999, 0, "1");
    assert_format(-1999999, 2, "-1.99");
    assert_format(-1999999, 0, "-1");
    assert_format(999999, 5, "0.99999");
}

static void test_format_negative(void **state)
{
    (void)state;
    assert_format(-1500000, 1, "-1.5");
    assert_format(-1, 6, "-0.000001");
    assert_format(-50000, 2, "-0.05");
    /* Truncated to zero: no "-0". */
    assert_format(-1, 2, "0.00");
    assert_format(-500000, 0, "0");
}

static void test_format_limits(void **state)
{
    (void)state;
    assert_format(INT64_MAX, 6, "9223372036854.775807");
    assert_format(INT64_MIN, 6, "-9223372036854.775808");
    assert_format(INT64_MIN, 0, "-9223372036854");
    assert_format(INT64_MAX, 0, "9223372036854");
}

static void test_format_clamps_places(void **state)
{
    (void)state;
    assert_format(1234567, -1, "1");
    assert_format(1234567, 7, "1.234567");
}

/* ---- floor / ceil ------------------------------------------------------ */

static void test_floor_ceil_positive(void **state)
{
    (void)state;
    assert_int_equal(polc_dec_floor(1950000, 1), 1900000);
    assert_int_equal(polc_dec_ceil(1950000, 1), 2000000);
    assert_int_equal(polc_dec_floor(1500000, 0), 1000000);
    assert_int_equal(polc_dec_ceil(1500000, 0), 2000000);
    assert_int_equal(polc_dec_floor(1000001, 0), 1000000);
    assert_int_equal(polc_dec_ceil(1000001, 0), 2000000);
    assert_int_equal(polc_dec_ceil(1, 2), 10000);
    assert_int_equal(polc_dec_floor(9999, 2), 0);
}

static void test_floor_ceil_exact_unchanged(void **state)
{
    (void)state;
    assert_int_equal(polc_dec_floor(2000000, 1), 2000000);
    assert_int_equal(polc_dec_ceil(2000000, 1), 2000000);
    assert_int_equal(polc_dec_floor(0, 0), 0);
    assert_int_equal(polc_dec_ceil(0, 0), 0);
    assert_int_equal(polc_dec_floor(1234567, 6), 1234567);
    assert_int_equal(polc_dec_ceil(-1234567, 6), -1234567);
    assert_int_equal(polc_dec_floor(-3000000, 0), -3000000);
}

static void test_floor_ceil_negative(void **state)
{
    (void)state;
    assert_int_equal(polc_dec_floor(-50000, 1), -100000);
    assert_int_equal(polc_dec_ceil(-50000, 1), 0);
    assert_int_equal(polc_dec_floor(-1500000, 0), -2000000);
    assert_int_equal(polc_dec_ceil(-1500000, 0), -1000000);
    assert_int_equal(polc_dec_floor(-1, 2), -10000);
    assert_int_equal(polc_dec_ceil(-1, 2), 0);
}

static void test_floor_ceil_limits(void **state)
{
    const polc_dec top = INT64_C(9223372036854000000);
    (void)state;
    assert_int_equal(polc_dec_floor(INT64_MAX, 0), top);
    assert_int_equal(polc_dec_ceil(INT64_MIN, 0), -top);
    /* Not representable: saturate to the last representable multiple. */
    assert_int_equal(polc_dec_ceil(INT64_MAX, 0), top);
    assert_int_equal(polc_dec_floor(INT64_MIN, 0), -top);
    assert_int_equal(polc_dec_ceil(INT64_MAX, 5), INT64_C(9223372036854775800));
    assert_int_equal(polc_dec_floor(INT64_MIN, 5),
                     -INT64_C(9223372036854775800));
    assert_int_equal(polc_dec_floor(INT64_MIN, 6), INT64_MIN);
    assert_int_equal(polc_dec_ceil(INT64_MAX, 6), INT64_MAX);
}

/* ---- checked arithmetic ------------------------------------------------ */

static void test_add(void **state)
{
    polc_dec out = SENTINEL;
    (void)state;
    assert_int_equal(polc_dec_add(1500000, 2500000, &out), 0);
    assert_int_equal(out, 4000000);
    assert_int_equal(polc_dec_add(INT64_MAX, INT64_MIN, &out), 0);
    assert_int_equal(out, -1);
    assert_int_equal(polc_dec_add(INT64_MAX, 0, &out), 0);
    assert_int_equal(out, INT64_MAX);
    assert_int_equal(polc_dec_add(INT64_MIN, 0, &out), 0);
    assert_int_equal(out, INT64_MIN);
    assert_int_equal(polc_dec_add(INT64_MAX - 1, 1, &out), 0);
    assert_int_equal(out, INT64_MAX);
}

static void test_add_overflow(void **state)
{
    polc_dec out = SENTINEL;
    (void)state;
    assert_int_equal(polc_dec_add(INT64_MAX, 1, &out), -1);
    assert_int_equal(polc_dec_add(1, INT64_MAX, &out), -1);
    assert_int_equal(polc_dec_add(INT64_MIN, -1, &out), -1);
    assert_int_equal(polc_dec_add(-1, INT64_MIN, &out), -1);
    assert_int_equal(polc_dec_add(INT64_MAX, INT64_MAX, &out), -1);
    assert_int_equal(polc_dec_add(INT64_MIN, INT64_MIN, &out), -1);
    assert_int_equal(out, SENTINEL);
}

static void test_mul_int(void **state)
{
    polc_dec out = SENTINEL;
    (void)state;
    assert_int_equal(polc_dec_mul_int(1500000, 3, &out), 0);
    assert_int_equal(out, 4500000);
    assert_int_equal(polc_dec_mul_int(1500000, -3, &out), 0);
    assert_int_equal(out, -4500000);
    assert_int_equal(polc_dec_mul_int(0, INT64_MIN, &out), 0);
    assert_int_equal(out, 0);
    assert_int_equal(polc_dec_mul_int(INT64_MIN, 0, &out), 0);
    assert_int_equal(out, 0);
    assert_int_equal(polc_dec_mul_int(INT64_MIN, 1, &out), 0);
    assert_int_equal(out, INT64_MIN);
    assert_int_equal(polc_dec_mul_int(INT64_MAX, -1, &out), 0);
    assert_int_equal(out, -INT64_MAX);
    assert_int_equal(polc_dec_mul_int(INT64_MIN / 2, 2, &out), 0);
    assert_int_equal(out, INT64_MIN);
    assert_int_equal(polc_dec_mul_int(-2, INT64_MIN / -2, &out), 0);
    assert_int_equal(out, INT64_MIN);
    assert_int_equal(polc_dec_mul_int(INT64_MAX / 3, 3, &out), 0);
    assert_int_equal(out, INT64_MAX / 3 * 3);
}

static void test_mul_int_overflow(void **state)
{
    polc_dec out = SENTINEL;
    (void)state;
    assert_int_equal(polc_dec_mul_int(INT64_MAX, 2, &out), -1);
    assert_int_equal(polc_dec_mul_int(INT64_MIN, -1, &out), -1);
    assert_int_equal(polc_dec_mul_int(-1, INT64_MIN, &out), -1);
    assert_int_equal(polc_dec_mul_int(INT64_MIN, 2, &out), -1);
    assert_int_equal(polc_dec_mul_int(INT64_MAX / 2 + 1, 2, &out), -1);
    assert_int_equal(polc_dec_mul_int(2, INT64_MAX / 2 + 1, &out), -1);
    assert_int_equal(polc_dec_mul_int(INT64_MIN / 2 - 1, 2, &out), -1);
    assert_int_equal(polc_dec_mul_int(-3, INT64_MAX / 2, &out), -1);
    assert_int_equal(polc_dec_mul_int(INT64_MAX, INT64_MAX, &out), -1);
    assert_int_equal(polc_dec_mul_int(INT64_MIN, INT64_MIN, &out), -1);
    assert_int_equal(out, SENTINEL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_integers),
        cmocka_unit_test(test_number_fractions),
        cmocka_unit_test(test_number_exponents),
        cmocka_unit_test(test_number_zero_with_any_exponent),
        cmocka_unit_test(test_number_int64_limit),
        cmocka_unit_test(test_number_too_many_places),
        cmocka_unit_test(test_number_huge_exponents),
        cmocka_unit_test(test_number_negative_is_bad),
        cmocka_unit_test(test_number_grammar),
        cmocka_unit_test(test_number_respects_n),
        cmocka_unit_test(test_number_thousand_digits),
        cmocka_unit_test(test_number_linear_time),
        cmocka_unit_test(test_plain_accepts),
        cmocka_unit_test(test_plain_rejects),
        cmocka_unit_test(test_plain_range),
        cmocka_unit_test(test_format_basic),
        cmocka_unit_test(test_format_truncates_toward_zero),
        cmocka_unit_test(test_format_negative),
        cmocka_unit_test(test_format_limits),
        cmocka_unit_test(test_format_clamps_places),
        cmocka_unit_test(test_floor_ceil_positive),
        cmocka_unit_test(test_floor_ceil_exact_unchanged),
        cmocka_unit_test(test_floor_ceil_negative),
        cmocka_unit_test(test_floor_ceil_limits),
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_add_overflow),
        cmocka_unit_test(test_mul_int),
        cmocka_unit_test(test_mul_int_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
