/* fuzz_numbers.c - the date and decimal parsers, against oracles.
 *
 * The whole input is tried as a date (polc_date_parse), a JSON number
 * (polc_dec_parse_number) and a plain decimal (polc_dec_parse_plain):
 *   - a date that parses formats back to the same ten bytes, inside
 *     0001-01-01 .. 9999-12-31, and agrees with polc_days_from_civil and
 *     polc_civil_from_days;
 *   - each decimal parser agrees with an independent reading of the text
 *     (digits, exponent, 128-bit arithmetic): the same status, the same
 *     value; an accepted value formats (polc_dec_format, 6 places) to text
 *     that parses back to it;
 * and the first 8 bytes, as an int64 and an int32, drive polc_dec_format,
 * floor, ceil, add, mul_int and the date functions, checked against
 * 128-bit arithmetic and round trips. */
#include "polc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, what)                                                        \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "fuzz invariant: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            abort();                                                             \
        }                                                                        \
    } while (0)

typedef __int128 i128;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- the oracle for decimals ------------------------------------------ */

/* value = digits * 10^exp10, from text already known to be well formed. */
static enum polc_dec_status oracle_value(const char *digits, size_t nd, i128 exp10,
                                         polc_dec *out)
{
    size_t first = 0, last = nd;
    while (first < nd && digits[first] == '0')
        first++;
    if (first == nd) {
        *out = 0;
        return POLC_DEC_OK;
    }
    while (digits[last - 1] == '0') {
        last--;
        exp10++;
    }
    /* millionths: digits[first..last) * 10^(exp10 + 6) */
    i128 e = exp10 + POLC_DEC_PLACES;
    if (e < 0)
        return POLC_DEC_RANGE;          /* finer than a millionth */
    if ((i128)(last - first) + e > 19)
        return POLC_DEC_RANGE;          /* at least 10^19 millionths */
    i128 v = 0;
    for (size_t i = first; i < last; i++)
        v = v * 10 + (digits[i] - '0');
    for (i128 k = 0; k < e; k++)
        v *= 10;
    if (v > INT64_MAX)
        return POLC_DEC_RANGE;
    *out = (polc_dec)v;
    return POLC_DEC_OK;
}

/* digits [. digits], or (json) a JSON number; BAD for anything else. */
static enum polc_dec_status oracle(const char *s, size_t n, int json, polc_dec *out)
{
    char *digits = malloc(n + 1);
    size_t nd = 0, i = 0, ni, nf = 0;
    i128 exp10 = 0;
    enum polc_dec_status st = POLC_DEC_BAD;
    if (!digits)
        abort();
    if (n == 0 || !is_digit(s[0]))
        goto done;                      /* also every negative number */
    while (i < n && is_digit(s[i]))
        digits[nd++] = s[i++];
    ni = nd;
    if (json && ni > 1 && s[0] == '0')
        goto done;                      /* a leading zero */
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            digits[nd++] = s[i++];
            nf++;
        }
        if (nf == 0)
            goto done;
    }
    if (json && i < n && (s[i] == 'e' || s[i] == 'E')) {
        int neg = 0;
        size_t start;
        i128 e = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            neg = s[i++] == '-';
        start = i;
        while (i < n && is_digit(s[i])) {
            if (e < (i128)1 << 80)
                e = e * 10 + (s[i] - '0');
            i++;
        }
        if (i == start)
            goto done;
        exp10 = neg ? -e : e;
    }
    if (i != n)
        goto done;
    st = oracle_value(digits, nd, exp10 - (i128)nf, out);
done:
    free(digits);
    return st;
}

static void decimals(const char *s, size_t n)
{
    for (int json = 0; json <= 1; json++) {
        polc_dec got = -12345, want = -54321;
        enum polc_dec_status a = json ? polc_dec_parse_number(s, n, &got)
                                      : polc_dec_parse_plain(s, n, &got);
        enum polc_dec_status b = oracle(s, n, json, &want);
        if (a != b || (a == POLC_DEC_OK && got != want)) {
            fprintf(stderr, "%s of '%.*s': status %d value %lld, oracle %d value %lld\n",
                    json ? "polc_dec_parse_number" : "polc_dec_parse_plain", (int)(n > 200 ? 200 : n),
                    s, a, (long long)got, b, (long long)want);
            abort();
        }
        if (a != POLC_DEC_OK) {
            CHECK(got == -12345, "a failed parse wrote its output");
            continue;
        }
        CHECK(got >= 0, "a parsed decimal is negative");
        char text[32];
        size_t len = polc_dec_format(got, 6, text);
        polc_dec back;
        CHECK(len == strlen(text), "polc_dec_format's length");
        CHECK(polc_dec_parse_plain(text, len, &back) == POLC_DEC_OK && back == got,
              "a parsed decimal does not format back to itself");
    }
}

/* ---- dates ---------------------------------------------------------- */

static void dates(const char *s, size_t n)
{
    polc_date d = 77777;
    if (polc_date_parse(s, n, &d) != 0) {
        CHECK(d == 77777, "a failed date parse wrote its output");
        return;
    }
    CHECK(d >= POLC_DATE_MIN && d <= POLC_DATE_MAX, "a parsed date is out of range");
    char out[11];
    polc_date_format(d, out);
    CHECK(n == 10 && memcmp(out, s, 10) == 0, "a parsed date does not format back to its text");
    int32_t y, m, dd;
    polc_civil_from_days(d, &y, &m, &dd);
    CHECK(polc_days_from_civil(y, m, dd) == d, "civil_from_days and days_from_civil disagree");
    CHECK(y == (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
          "the year");
}

static void day_numbers(int32_t z, int32_t k)
{
    int32_t y, m, d;
    polc_civil_from_days(z, &y, &m, &d);
    CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31, "civil_from_days gives a bad month or day");
    CHECK(polc_days_from_civil(y, m, d) == z, "day numbers do not round-trip");
    CHECK(polc_weekday(z) >= 0 && polc_weekday(z) <= 6, "weekday");
    if (z < POLC_DATE_MIN || z > POLC_DATE_MAX)
        return;
    char out[11];
    polc_date_format(z, out);
    polc_date back;
    CHECK(polc_date_parse(out, 10, &back) == 0 && back == z, "a date does not format and parse back");
    CHECK(polc_end_of_month(z) >= z && polc_end_of_month(z) - z < 31, "end of month");
    CHECK(polc_end_of_year(z) >= z && polc_end_of_year(z) - z < 366, "end of year");
    int32_t n = k % 2400;
    for (int leap = 0; leap < 2; leap++) {
        polc_date a = polc_add_months(z, n, (enum polc_leap)leap);
        int32_t ay, am, ad;
        polc_civil_from_days(a, &ay, &am, &ad);
        int64_t months = (int64_t)ay * 12 + am - ((int64_t)y * 12 + m);
        if (ad == d || leap == POLC_LEAP_FEB28)
            CHECK(months == n, "add_months lands in the wrong month");
        else
            CHECK(months == n + 1 && ad == 1, "add_months mar1 lands wrong");
        CHECK(ad <= d || ad == 1, "add_months moved the day forward");
        polc_date b = polc_add_years(z, n / 12, (enum polc_leap)leap);
        CHECK(b == polc_add_months(z, (n / 12) * 12, (enum polc_leap)leap),
              "add_years differs from add_months by 12");
    }
}

/* ---- arithmetic and formatting -------------------------------------- */

static void arithmetic(int64_t v, int64_t w, int places)
{
    char text[32];
    size_t len = polc_dec_format(v, places, text);
    CHECK(len < 32 && len == strlen(text), "format length");
    int p = places < 0 ? 0 : places > 6 ? 6 : places;
    /* -?digits(.digits{p}) */
    size_t i = text[0] == '-';
    size_t d0 = i;
    while (i < len && is_digit(text[i]))
        i++;
    CHECK(i > d0, "format without digits");
    if (p > 0) {
        CHECK(text[i] == '.', "format without its point");
        size_t f0 = ++i;
        while (i < len && is_digit(text[i]))
            i++;
        CHECK(i - f0 == (size_t)p, "format with the wrong number of places");
    }
    CHECK(i == len, "format with junk");
    /* The text is v truncated toward zero to p places. */
    i128 q = 1;
    for (int k = p; k < 6; k++)
        q *= 10;
    i128 trunc = (i128)v / q * q;
    polc_dec back;
    const char *mag = text + (text[0] == '-');
    enum polc_dec_status st = polc_dec_parse_plain(mag, len - (text[0] == '-'), &back);
    if (trunc == (i128)INT64_MIN) {
        CHECK(st == POLC_DEC_RANGE, "INT64_MIN magnitude");
    } else {
        CHECK(st == POLC_DEC_OK, "format does not parse back");
        i128 signed_back = text[0] == '-' ? -(i128)back : (i128)back;
        CHECK(signed_back == trunc, "format is not v truncated toward zero");
        CHECK(!(text[0] == '-' && back == 0), "format prints -0");
    }
    /* floor and ceil */
    i128 fl = polc_dec_floor(v, places), ce = polc_dec_ceil(v, places);
    i128 r = (i128)v % q;
    i128 want_fl = r >= 0 ? v - r : v - r - q, want_ce = r <= 0 ? v - r : v - r + q;
    if (want_fl >= INT64_MIN)
        CHECK(fl == want_fl, "floor");
    else
        CHECK(fl == v - r, "floor saturation");
    if (want_ce <= INT64_MAX)
        CHECK(ce == want_ce, "ceil");
    else
        CHECK(ce == v - r, "ceil saturation");
    /* add and mul_int */
    polc_dec out = 99;
    i128 sum = (i128)v + w;
    if (sum > INT64_MAX || sum < INT64_MIN)
        CHECK(polc_dec_add(v, w, &out) == -1 && out == 99, "add overflow not reported");
    else
        CHECK(polc_dec_add(v, w, &out) == 0 && out == sum, "add");
    out = 99;
    i128 prod = (i128)v * w;
    if (prod > INT64_MAX || prod < INT64_MIN)
        CHECK(polc_dec_mul_int(v, w, &out) == -1 && out == 99, "mul overflow not reported");
    else
        CHECK(polc_dec_mul_int(v, w, &out) == 0 && out == prod, "mul_int");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    dates(s, size);
    decimals(s, size);
    if (size >= 16) {
        int64_t v, w;
        memcpy(&v, data, 8);
        memcpy(&w, data + 8, 8);
        int places = size > 16 ? (int8_t)data[16] : 6;
        arithmetic(v, w, places);
        arithmetic(v % 1000000000000000, w % 100000, places % 8);
        day_numbers((int32_t)v, (int32_t)w);
        day_numbers((int32_t)(v % (POLC_DATE_MAX + 1)), (int32_t)(w % 100000));
    }
    return 0;
}
