/* decimal.c - exact decimals held as int64 millionths.
 *
 * Text is read digit by digit, never through a double: the value is the
 * digit string times a power of ten, and it is accepted only when it is a
 * whole number of millionths that fits in int64_t.  Parsers leave *out
 * untouched unless they return POLC_DEC_OK.
 */
#include "polc.h"

#include <string.h>

/* Larger exponents saturate here: far beyond any place that can matter,
 * far below anything that could overflow the int64_t place arithmetic. */
#define EXP_CAP 1000000000

/* The text of a decimal: integer digits, fraction digits, exponent. */
struct dec_text {
    const char *ip, *fp;
    size_t in, fn;
    int64_t exp;
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* End of the run of digits starting at i. */
static size_t digits_end(const char *s, size_t n, size_t i)
{
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

static int64_t read_exponent(const char *s, size_t n, int negative)
{
    int64_t e = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (e < EXP_CAP)
            e = e * 10 + (s[i] - '0');
    }
    if (e > EXP_CAP)
        e = EXP_CAP;
    return negative ? -e : e;
}

static int digit_at(const struct dec_text *t, size_t k)
{
    return (k < t->in ? t->ip[k] : t->fp[k - t->in]) - '0';
}

/* The power of ten of digit k of the digit string. */
static int64_t place_of(const struct dec_text *t, size_t k)
{
    return (int64_t)t->in - 1 - (int64_t)k + t->exp;
}

static int mul_add(int64_t *acc, int mul, int add)
{
    if (*acc > (INT64_MAX - add) / mul)
        return -1;
    *acc = *acc * mul + add;
    return 0;
}

/* Exact value in millionths: digits first..last (nonzero), then scaled. */
static enum polc_dec_status dec_value(const struct dec_text *t, polc_dec *out)
{
    size_t len = t->in + t->fn, first = 0, last = len, k;
    int64_t acc = 0, scale;
    while (first < len && digit_at(t, first) == 0)
        first++;
    if (first == len) {
        *out = 0;
        return POLC_DEC_OK;
    }
    while (digit_at(t, last - 1) == 0)
        last--;
    if (place_of(t, last - 1) < -POLC_DEC_PLACES || place_of(t, first) > 12)
        return POLC_DEC_RANGE;
    for (k = first; k < last; k++)
        if (mul_add(&acc, 10, digit_at(t, k)) != 0)
            return POLC_DEC_RANGE;
    for (scale = place_of(t, last - 1) + POLC_DEC_PLACES; scale > 0; scale--)
        if (mul_add(&acc, 10, 0) != 0)
            return POLC_DEC_RANGE;
    *out = acc;
    return POLC_DEC_OK;
}

/* Optional ".digits" at *i; 0 ok (or absent), -1 for a '.' without digits. */
static int scan_fraction(const char *s, size_t n, size_t *i,
                         struct dec_text *t)
{
    size_t j;
    if (*i >= n || s[*i] != '.')
        return 0;
    j = digits_end(s, n, *i + 1);
    if (j == *i + 1)
        return -1;
    t->fp = s + *i + 1;
    t->fn = j - *i - 1;
    *i = j;
    return 0;
}

/* Optional "[eE][+-]?digits" at *i; 0 ok (or absent), -1 malformed. */
static int scan_exponent(const char *s, size_t n, size_t *i,
                         struct dec_text *t)
{
    size_t j = *i;
    int negative = 0;
    if (j >= n || (s[j] != 'e' && s[j] != 'E'))
        return 0;
    j++;
    if (j < n && (s[j] == '+' || s[j] == '-'))
        negative = s[j++] == '-';
    *i = digits_end(s, n, j);
    if (*i == j)
        return -1;
    t->exp = read_exponent(s + j, *i - j, negative);
    return 0;
}

/* Integer digits at the start; 0 ok, -1 when there are none. */
static int scan_integer(const char *s, size_t n, size_t *i,
                        struct dec_text *t)
{
    struct dec_text empty = {0};
    *t = empty;
    *i = digits_end(s, n, 0);
    t->ip = s;
    t->in = *i;
    return *i == 0 ? -1 : 0;
}

/* The common amount, digits with at most 6 decimals and at most 12
 * integer digits ("0.5", "12"), read at once: 1 when *out is its value, 0
 * when the general reader must decide.  `number`: a leading zero may not be
 * followed by a digit (JSON). */
static int quick_amount(const char *s, size_t n, int number, polc_dec *out)
{
    size_t i = 0, f = 0;
    int64_t v = 0;
    while (i < n && i < 12 && is_digit(s[i]))
        v = v * 10 + (s[i++] - '0');
    if (i == 0 || (number && s[0] == '0' && i > 1))
        return 0;
    if (i < n) {
        if (s[i++] != '.')
            return 0;
        for (; i < n && f < 6 && is_digit(s[i]); i++, f++)
            v = v * 10 + (s[i] - '0');
        if (i != n || f == 0)
            return 0;
    }
    for (; f < 6; f++)
        v *= 10;
    *out = v;
    return 1;
}

enum polc_dec_status polc_dec_parse_number(const char *s, size_t n,
                                           polc_dec *out)
{
    struct dec_text t;
    size_t i;
    if (quick_amount(s, n, 1, out))
        return POLC_DEC_OK;
    if (n == 0 || s[0] == '-')
        return POLC_DEC_BAD; /* negative, even "-0", is BAD */
    if (scan_integer(s, n, &i, &t) != 0 || (s[0] == '0' && i > 1))
        return POLC_DEC_BAD;
    if (scan_fraction(s, n, &i, &t) != 0 || scan_exponent(s, n, &i, &t) != 0)
        return POLC_DEC_BAD;
    if (i != n)
        return POLC_DEC_BAD;
    return dec_value(&t, out);
}

enum polc_dec_status polc_dec_parse_plain(const char *s, size_t n,
                                          polc_dec *out)
{
    struct dec_text t;
    size_t i;
    if (quick_amount(s, n, 0, out))
        return POLC_DEC_OK;
    if (n == 0 || scan_integer(s, n, &i, &t) != 0)
        return POLC_DEC_BAD;
    if (scan_fraction(s, n, &i, &t) != 0 || i != n)
        return POLC_DEC_BAD;
    return dec_value(&t, out);
}

/* 10^(6 - places), places clamped to 0..6. */
static int64_t step_of(int places)
{
    static const int64_t steps[POLC_DEC_PLACES + 1] = {
        1000000, 100000, 10000, 1000, 100, 10, 1
    };
    return steps[places < 0 ? 0 : places > POLC_DEC_PLACES ? POLC_DEC_PLACES : places];
}

/* The digits of v, at least min_digits of them (zeros in front), written
 * backwards so that they end just before `end`: where they start. */
static char *put_uint_before(char *end, uint64_t v, int min_digits)
{
    int n = 0;
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
        n++;
    } while (v != 0 || n < min_digits);
    return end;
}

/* No "-0": a negative value whose shown digits are all zero prints as 0. */
size_t polc_dec_format(polc_dec v, int places, char *out)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    uint64_t whole, frac;
    size_t len = 0;
    if (places < 0)
        places = 0;
    if (places > POLC_DEC_PLACES)
        places = POLC_DEC_PLACES;
    char tmp[32], *end = tmp + sizeof tmp, *p = end;
    whole = mag / POLC_DEC_SCALE;
    frac = mag % POLC_DEC_SCALE / (uint64_t)step_of(places);
    if (places > 0) {
        p = put_uint_before(p, frac, places);
        *--p = '.';
    }
    p = put_uint_before(p, whole, 1);
    if (v < 0 && (whole != 0 || frac != 0))
        *--p = '-';
    len = (size_t)(end - p);
    memcpy(out, p, len);
    out[len] = '\0';
    return len;
}

/* Values whose floor / ceil is not representable saturate to the lowest /
 * highest representable multiple of the step.  places is clamped to 0..6. */
polc_dec polc_dec_floor(polc_dec v, int places)
{
    int64_t q = step_of(places), r = v % q;
    if (r >= 0)
        return v - r;
    if (v - r < INT64_MIN + q)
        return v - r; /* the lowest multiple of q */
    return v - r - q;
}

polc_dec polc_dec_ceil(polc_dec v, int places)
{
    int64_t q = step_of(places), r = v % q;
    if (r <= 0)
        return v - r;
    if (v - r > INT64_MAX - q)
        return v - r; /* the highest multiple of q */
    return v - r + q;
}

int polc_dec_add(polc_dec a, polc_dec b, polc_dec *out)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return -1;
    *out = a + b;
    return 0;
}

static int mul_overflows(int64_t a, int64_t k)
{
    if (a > 0)
        return k > 0 ? a > INT64_MAX / k : k < INT64_MIN / a;
    if (a < 0)
        return k > 0 ? a < INT64_MIN / k : k != 0 && a < INT64_MAX / k;
    return 0;
}

int polc_dec_mul_int(polc_dec a, int64_t k, polc_dec *out)
{
    if (mul_overflows(a, k))
        return -1;
    *out = a * k;
    return 0;
}
