/* check_json.c - one output line, read back with yajl and checked against
 * records.md: keys in order, dates, amounts, fee_total, error codes. */
#include "check_json.h"

#include "polc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

void fuzz_fail(const char *what, const char *detail, size_t detail_len)
{
    fprintf(stderr, "fuzz invariant: %s\n", what);
    if (detail) {
        fputs("  line: ", stderr);
        fwrite(detail, 1, detail_len > 4000 ? 4000 : detail_len, stderr);
        fputc('\n', stderr);
    }
    abort();
}

static const char *const error_codes[] = {
    "line_too_long", "bad_json", "too_deep", "not_an_object", "duplicate_key",
    "missing_field", "wrong_type", "bad_value", "bad_date", "bad_amount",
    "amount_out_of_range", "unknown_credential", "no_application_date",
    "out_of_memory", NULL
};

static const char *const reason_codes[] = {
    "applied_before_cycle", "late_application", "past_last_window",
    "too_late_to_complete", "units_short", "category_short", "cpr_aed_missing",
    "cpr_aed_expired", "exam_outside_cycle", "exam_in_future",
    "course_in_future", "course_before_cycle", "course_after_window",
    "unknown_unit", "provider_not_accepted", "petition_pending",
    "petition_denied", "category_limit", NULL
};

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

/* The object's keys are exactly `keys` (NULL-terminated), in order. */
static int keys_are(yajl_val v, const char *const *keys)
{
    size_t i = 0;
    if (!YAJL_IS_OBJECT(v))
        return 0;
    for (; keys[i]; i++)
        if (i >= v->u.object.len || strcmp(v->u.object.keys[i], keys[i]) != 0)
            return 0;
    return i == v->u.object.len;
}

static yajl_val at(yajl_val obj, size_t i)
{
    return obj->u.object.values[i];
}

/* The string's text, "" when v is not a string. */
static const char *text_of(yajl_val v)
{
    const char *s = YAJL_GET_STRING(v);
    return s ? s : "";
}

static int is_date(yajl_val v)
{
    polc_date d;
    const char *s = YAJL_GET_STRING(v);
    return s && polc_date_parse(s, strlen(s), &d) == 0;
}

static int is_date_or_null(yajl_val v)
{
    return YAJL_IS_NULL(v) || is_date(v);
}

/* Non-negative decimal with exactly `places` decimals, no leading zero;
 * its value to *out. */
static int is_amount(yajl_val v, int places, polc_dec *out)
{
    const char *s = YAJL_GET_STRING(v);
    size_t n, i = 0, whole;
    if (!s)
        return 0;
    n = strlen(s);
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    whole = i;
    if (whole == 0 || (whole > 1 && s[0] == '0'))
        return 0;
    if (places > 0) {
        if (i >= n || s[i] != '.')
            return 0;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
        if (i - whole - 1 != (size_t)places)
            return 0;
    }
    if (i != n)
        return 0;
    return polc_dec_parse_plain(s, n, out) == POLC_DEC_OK;
}

static const char *check_error(yajl_val v)
{
    static const char *const top[] = { "line", "id", "error", NULL };
    static const char *const err[] = { "code", "field", "message", NULL };
    if (!keys_are(v, top))
        return "error line: keys are not line, id, error";
    if (!YAJL_IS_INTEGER(at(v, 0)) || YAJL_GET_INTEGER(at(v, 0)) < 1)
        return "error line: line is not a positive integer";
    if (!YAJL_IS_NULL(at(v, 1)) && !YAJL_IS_STRING(at(v, 1)))
        return "error line: id is neither null nor a string";
    yajl_val e = at(v, 2);
    if (!keys_are(e, err))
        return "error line: error keys are not code, field, message";
    if (!YAJL_IS_STRING(at(e, 0)) || !one_of(text_of(at(e, 0)), error_codes))
        return "error line: unknown error code";
    if (!YAJL_IS_NULL(at(e, 1)) && !YAJL_IS_STRING(at(e, 1)))
        return "error line: field is neither null nor a string";
    if (!YAJL_IS_STRING(at(e, 2)) || !*YAJL_GET_STRING(at(e, 2)))
        return "error line: message is not a non-empty string";
    return NULL;
}

static const char *check_fees(yajl_val fees, yajl_val total)
{
    static const char *const plain[] = { "name", "amount", NULL };
    static const char *const counted[] = { "name", "amount", "count", NULL };
    static const char *const cred[] = { "name", "amount", "credential", NULL };
    polc_dec sum = 0, t, a;
    if (!YAJL_IS_ARRAY(fees))
        return "fees is not an array";
    for (size_t i = 0; i < fees->u.array.len; i++) {
        yajl_val f = fees->u.array.values[i];
        int64_t k = 1;
        if (!keys_are(f, plain) && !keys_are(f, counted) && !keys_are(f, cred))
            return "a fee line's keys are not name, amount[, count|credential]";
        if (!YAJL_IS_STRING(at(f, 0)))
            return "a fee's name is not a string";
        if (!is_amount(at(f, 1), 2, &a))
            return "a fee's amount is not a decimal with two places";
        if (f->u.object.len == 3 && strcmp(f->u.object.keys[2], "count") == 0) {
            if (!YAJL_IS_INTEGER(at(f, 2)) || YAJL_GET_INTEGER(at(f, 2)) < 1)
                return "a fee's count is not an integer >= 1";
            k = YAJL_GET_INTEGER(at(f, 2));
        }
        if (f->u.object.len == 3 && strcmp(f->u.object.keys[2], "credential") == 0 &&
            !YAJL_IS_STRING(at(f, 2)))
            return "a fee's credential is not a string";
        if (polc_dec_mul_int(a, k, &a) != 0 || polc_dec_add(sum, a, &sum) != 0)
            return "the fee lines overflow";
    }
    if (!is_amount(total, 2, &t))
        return "fee_total is not a decimal with two places";
    if (t != sum)
        return "fee_total is not the sum of the fee lines";
    return NULL;
}

static const char *check_reasons(yajl_val r)
{
    static const char *const rec[] = { "code", "message", NULL };
    static const char *const course[] = { "code", "course", "message", NULL };
    if (!YAJL_IS_ARRAY(r))
        return "reasons is not an array";
    for (size_t i = 0; i < r->u.array.len; i++) {
        yajl_val x = r->u.array.values[i];
        size_t m;
        if (keys_are(x, rec))
            m = 1;
        else if (keys_are(x, course))
            m = 2;
        else
            return "a reason's keys are not code[, course], message";
        if (!YAJL_IS_STRING(at(x, 0)) || !one_of(text_of(at(x, 0)), reason_codes))
            return "unknown reason code";
        if (m == 2 && !YAJL_IS_STRING(at(x, 1)) &&
            !(YAJL_IS_INTEGER(at(x, 1)) && YAJL_GET_INTEGER(at(x, 1)) >= 0))
            return "a reason's course is neither a string nor an index";
        if (!YAJL_IS_STRING(at(x, m)))
            return "a reason's message is not a string";
    }
    return NULL;
}

static const char *check_decision(yajl_val v, int places)
{
    static const char *const top[] = {
        "id", "policy", "as_of", "cycle", "window", "status", "path", "units",
        "cpr_aed", "fees", "fee_total", "currency", "audit", "next_expires",
        "reasons", NULL
    };
    static const char *const cycle[] = { "start", "expires", NULL };
    static const char *const units[] = { "unit", "required", "earned", "missing", NULL };
    static const char *const audit[] = { "selected", "documents_due", NULL };
    static const char *const statuses[] = { "renewable", "incomplete", "expired", NULL };
    static const char *const cards[] = { "valid", "expired", "missing", "not_required", NULL };
    polc_dec x;
    const char *why;
    if (!keys_are(v, top))
        return "decision: keys are not those of records.md, in order";
    if (!YAJL_IS_STRING(at(v, 0)) || !YAJL_IS_STRING(at(v, 1)))
        return "decision: id or policy is not a string";
    if (!is_date(at(v, 2)))
        return "decision: as_of is not a date";
    yajl_val c = at(v, 3);
    if (!keys_are(c, cycle) || !is_date(at(c, 0)) || !is_date(at(c, 1)))
        return "decision: cycle is not {start, expires} dates";
    if (strcmp(text_of(at(c, 0)), text_of(at(c, 1))) > 0)
        return "decision: the cycle expires before it starts";
    if (!YAJL_IS_NULL(at(v, 4)) && !YAJL_IS_STRING(at(v, 4)))
        return "decision: window is neither null nor a string";
    if (!YAJL_IS_STRING(at(v, 5)) || !one_of(text_of(at(v, 5)), statuses))
        return "decision: bad status";
    int renewable = strcmp(text_of(at(v, 5)), "renewable") == 0;
    int expired = strcmp(text_of(at(v, 5)), "expired") == 0;
    if (!YAJL_IS_STRING(at(v, 6)))
        return "decision: path is not a string";
    yajl_val u = at(v, 7);
    if (!keys_are(u, units) || !YAJL_IS_STRING(at(u, 0)))
        return "decision: units is not {unit, required, earned, missing}";
    for (size_t i = 1; i < 4; i++)
        if (!is_amount(at(u, i), places, &x))
            return "decision: a units figure is not a decimal with the unit's places";
    if (!YAJL_IS_STRING(at(v, 8)) || !one_of(text_of(at(v, 8)), cards))
        return "decision: bad cpr_aed";
    if ((why = check_fees(at(v, 9), at(v, 10))) != NULL)
        return why;
    if (expired && at(v, 9)->u.array.len != 0)
        return "decision: an expired decision has fees";
    if (!YAJL_IS_STRING(at(v, 11)))
        return "decision: currency is not a string";
    yajl_val a = at(v, 12);
    if (!YAJL_IS_NULL(a)) {
        if (!renewable)
            return "decision: audit is not null but the status is not renewable";
        if (!keys_are(a, audit) || !(YAJL_IS_TRUE(at(a, 0)) || YAJL_IS_FALSE(at(a, 0))) ||
            !is_date_or_null(at(a, 1)))
            return "decision: audit is not {selected, documents_due}";
        if (YAJL_IS_TRUE(at(a, 0)) != YAJL_IS_STRING(at(a, 1)))
            return "decision: documents_due is a date exactly when selected";
    }
    if (renewable ? !is_date(at(v, 13)) : !YAJL_IS_NULL(at(v, 13)))
        return "decision: next_expires is a date exactly when renewable";
    return check_reasons(at(v, 14));
}

const char *check_output_line(const char *s, size_t n, int places)
{
    char errbuf[256], *text;
    const char *why;
    yajl_val v;
    if (n == 0 || s[n - 1] != '\n')
        return "the output does not end in a newline";
    if (memchr(s, '\n', n - 1) != NULL)
        return "the output is more than one line";
    if (memchr(s, '\0', n) != NULL)
        return "the output holds a NUL byte";
    text = malloc(n + 1);
    if (!text)
        return NULL;
    memcpy(text, s, n);
    text[n] = '\0';
    v = yajl_tree_parse(text, errbuf, sizeof errbuf);
    free(text);
    if (!v)
        return "the output is not valid JSON";
    if (!YAJL_IS_OBJECT(v))
        why = "the output is not a JSON object";
    else if (v->u.object.len > 0 && strcmp(v->u.object.keys[0], "line") == 0)
        why = check_error(v);
    else
        why = check_decision(v, places);
    yajl_tree_free(v);
    return why;
}

void require_output_line(const char *s, size_t n, int places)
{
    const char *why = check_output_line(s, n, places);
    if (why)
        fuzz_fail(why, s, n);
}
