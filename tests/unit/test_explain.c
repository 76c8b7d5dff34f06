/* The decision explainer: key lines of the text trace and the shape of the
 * JSON trace, for the seed policies compiled in memory.  Expected lines are
 * worked out from the reading (seed-reading.md, evaluation.md), not copied
 * from output: each case's comment shows the arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "compile.h"
#include "explain.h"
#include "polc.h"

static struct compiled nasm, acsm, cats;

/* Categories, leap_day feb28 and an end-of-month expiry, which the seed
 * policies do not have. */
static const char *const category_policy =
    "policy \"cat\" {\n    currency USD\n}\n"
    "unit CEU {\n    precision 0.1\n    hours 10\n}\n"
    "credential CPT {\n    requires 2.0 CEU\n}\n"
    "cycle {\n    length 2 years\n    expires end_of_month\n    leap_day feb28\n}\n"
    "courses {\n    accept any\n    count from cycle_start through expiry\n}\n"
    "category business {\n    at most 0.5 CEU\n}\n"
    "category ethics {\n    at least 0.2 CEU\n}\n"
    "path ceu {\n    requires units\n}\n"
    "after last window expired\n";

static int setup(void **state)
{
    (void)state;
    if (!compile_file(&nasm, "policies/nasm-cpt.pol", NULL, 0, 0) ||
        !compile_file(&acsm, "policies/acsm.pol", NULL, 0, 0) ||
        !compile_text(&cats, "cat.pol", category_policy, strlen(category_policy), NULL, 0, 0))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    compiled_free(&nasm);
    compiled_free(&acsm);
    compiled_free(&cats);
    return 0;
}

/* ---- helpers ---------------------------------------------------------- */

struct explained {
    struct polc_decision d;
    uint8_t verdicts[256];
    char *text;                /* NUL-terminated */
    char *json;
    yajl_val tree;             /* the JSON, parsed */
};

static char *take(struct polc_buf *b)
{
    assert_false(b->failed);
    char *s = malloc(b->len + 1);
    assert_non_null(s);
    if (b->len)
        memcpy(s, b->ptr, b->len);
    s[b->len] = '\0';
    polc_buf_free(b);
    return s;
}

/* Reads one record line (as_of: the fallback date), decides, explains. */
static void explain(struct explained *x, const struct compiled *c, const char *line,
                    const char *as_of)
{
    const struct polc_policy *p = &c->model.p;
    struct polc_reader *rd = polc_reader_new(p);
    struct polc_record r;
    struct polc_line_error e;
    polc_date applied, fallback = 0;
    assert_non_null(rd);
    if (as_of)
        assert_int_equal(polc_date_parse(as_of, strlen(as_of), &fallback), 0);
    memset(x, 0, sizeof *x);
    int rc = polc_read_record(rd, line, strlen(line), as_of != NULL, fallback, &r, &applied, &e);
    if (rc != 0)
        fail_msg("record does not read: %s: %s", e.code, e.message);
    assert_true(r.n_courses <= (int32_t)sizeof x->verdicts);
    x->d.courses = x->verdicts;
    assert_int_equal(polc_eval(p, &r, applied, &x->d), 0);
    struct polc_buf b = { 0 };
    explain_text(&b, p, &r, &x->d);
    x->text = take(&b);
    explain_json(&b, p, &r, &x->d);
    x->json = take(&b);
    polc_reader_free(rd);
    char err[256];
    x->tree = yajl_tree_parse(x->json, err, sizeof err);
    if (!x->tree)
        fail_msg("explain_json is not JSON: %s\n%s", err, x->json);
}

static void done(struct explained *x)
{
    yajl_tree_free(x->tree);
    free(x->text);
    free(x->json);
}

/* The trace has this exact line (indentation included). */
static void has_line(const struct explained *x, const char *want)
{
    size_t n = strlen(want);
    for (const char *s = x->text; *s;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && memcmp(s, want, n) == 0)
            return;
        s += len + (e != NULL);
    }
    fail_msg("no line \"%s\" in:\n%s", want, x->text);
}

static void lacks_text(const struct explained *x, const char *what)
{
    if (strstr(x->text, what))
        fail_msg("unexpected \"%s\" in:\n%s", what, x->text);
}

static yajl_val get(const struct explained *x, const char **path, yajl_type type)
{
    yajl_val v = yajl_tree_get(x->tree, path, type);
    if (!v) {
        char p[256] = "";
        for (int i = 0; path[i]; i++) {
            strncat(p, "/", sizeof p - strlen(p) - 1);
            strncat(p, path[i], sizeof p - strlen(p) - 1);
        }
        fail_msg("no %s of the expected type in %s", p, x->json);
    }
    return v;
}

#define PATH(...) ((const char *[]){ __VA_ARGS__, NULL })

static void json_str(const struct explained *x, const char **path, const char *want)
{
    yajl_val v = get(x, path, yajl_t_string);
    assert_string_equal(YAJL_GET_STRING(v), want);
}

static void json_null(const struct explained *x, const char **path)
{
    yajl_val v = get(x, path, yajl_t_any);
    assert_true(YAJL_IS_NULL(v));
}

static void json_bool(const struct explained *x, const char **path, int want)
{
    yajl_val v = get(x, path, yajl_t_any);
    assert_true(want ? YAJL_IS_TRUE(v) : YAJL_IS_FALSE(v));
}

static void json_int(const struct explained *x, const char **path, long long want)
{
    yajl_val v = get(x, path, yajl_t_number);
    assert_true(YAJL_IS_INTEGER(v));
    assert_int_equal(YAJL_GET_INTEGER(v), want);
}

static yajl_val json_array(const struct explained *x, const char **path, size_t n)
{
    yajl_val v = get(x, path, yajl_t_array);
    assert_int_equal(YAJL_GET_ARRAY(v)->len, n);
    return v;
}

/* Every documented key, in the documented order. */
static void has_shape(const struct explained *x)
{
    static const char *const top[] = { "cycle", "counting", "courses", "cpr_aed", "exam",
                                       "units", "paths", "window", "fees", "fee_total",
                                       "audit", "status" };
    static const char *const cycle[] = { "start", "length", "anchor", "leap_day",
                                         "anniversary", "expires", "how" };
    static const char *const counting[] = { "from", "through" };
    static const char *const exam[] = { "required", "from", "through", "passed_on", "met" };
    static const char *const card[] = { "state", "checked_on", "valid_until", "completed_on" };
    static const char *const units[] = { "unit", "required", "credit", "courses_need_hours",
                                         "counted_hours", "earned", "missing", "met",
                                         "categories" };
    static const char *const window[] = { "name", "from", "end", "end_inclusive" };
    static const char *const audit[] = { "applies", "rate_bp", "hash", "mod", "selected",
                                         "documents_due" };
    static const char *const status[] = { "value", "why", "next_expires" };
    static const char *const course[] = { "index", "id", "completed_on", "verdict", "amount",
                                          "unit", "hours", "counted", "total" };
    static const char *const path[] = { "name", "met", "reported", "requirements" };
    static const char *const req[] = { "units", "cpr_aed", "exam" };
    assert_true(YAJL_IS_OBJECT(x->tree));
    assert_int_equal(x->tree->u.object.len, sizeof top / sizeof top[0]);
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        assert_string_equal(x->tree->u.object.keys[i], top[i]);
    struct { const char *key; const char *const *keys; size_t n; } objects[] = {
        { "cycle", cycle, sizeof cycle / sizeof cycle[0] },
        { "counting", counting, sizeof counting / sizeof counting[0] },
        { "cpr_aed", card, sizeof card / sizeof card[0] },
        { "exam", exam, sizeof exam / sizeof exam[0] },
        { "units", units, sizeof units / sizeof units[0] },
        { "window", window, sizeof window / sizeof window[0] },
        { "audit", audit, sizeof audit / sizeof audit[0] },
        { "status", status, sizeof status / sizeof status[0] },
    };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        yajl_val o = get(x, PATH(objects[i].key), yajl_t_object);
        assert_int_equal(o->u.object.len, objects[i].n);
        for (size_t k = 0; k < objects[i].n; k++)
            assert_string_equal(o->u.object.keys[k], objects[i].keys[k]);
    }
    yajl_val cs = get(x, PATH("courses"), yajl_t_array);
    for (size_t i = 0; i < cs->u.array.len; i++) {
        yajl_val o = cs->u.array.values[i];
        assert_true(YAJL_IS_OBJECT(o));
        assert_int_equal(o->u.object.len, sizeof course / sizeof course[0]);
        for (size_t k = 0; k < o->u.object.len; k++)
            assert_string_equal(o->u.object.keys[k], course[k]);
    }
    yajl_val ps = get(x, PATH("paths"), yajl_t_array);
    for (size_t i = 0; i < ps->u.array.len; i++) {
        yajl_val o = ps->u.array.values[i];
        assert_int_equal(o->u.object.len, sizeof path / sizeof path[0]);
        for (size_t k = 0; k < o->u.object.len; k++)
            assert_string_equal(o->u.object.keys[k], path[k]);
        yajl_val r = o->u.object.values[3];
        assert_true(YAJL_IS_OBJECT(r));
        assert_int_equal(r->u.object.len, 3);
        for (size_t k = 0; k < 3; k++)
            assert_string_equal(r->u.object.keys[k], req[k]);
    }
    yajl_val fs = get(x, PATH("fees"), yajl_t_array);
    for (size_t i = 0; i < fs->u.array.len; i++) {
        yajl_val o = fs->u.array.values[i];
        size_t n = o->u.object.len;
        assert_true(n == 3 || n == 4);
        assert_string_equal(o->u.object.keys[0], "name");
        assert_string_equal(o->u.object.keys[1], "amount");
        if (n == 4)
            assert_true(strcmp(o->u.object.keys[2], "count") == 0 ||
                        strcmp(o->u.object.keys[2], "credential") == 0);
        assert_string_equal(o->u.object.keys[n - 1], "total");
    }
    assert_null(strchr(x->json, '\n'));
}

/* The text trace agrees with the decision: no "Checks" section. */
static void consistent(const struct explained *x)
{
    lacks_text(x, "\nChecks\n");
    lacks_text(x, "differs");
}

/* ---- the cases ----------------------------------------------------------- */

/* N1: start 2024-02-29; its second anniversary 2026-02-29 does not exist,
 * so it is 2026-03-01 (mar1) and the cycle expires the day before,
 * 2026-02-28.  The next cycle starts 2026-03-01; 2028-03-01 - 1 day =
 * 2028-02-29.  Courses count through expiry + 90 days: 2026-02-28 + 31
 * (03-31) + 30 (04-30) + 29 = 2026-05-29.  Courses 1.0 + 0.9 CEU = 19 hours
 * = 1.9 CEU, + 0.1 for the card = 2.0.  Window late: 2026-03-01 through
 * 2026-05-29; reinstatement 2026-05-30 before 2027-02-28 (the first
 * anniversary of 2026-02-28), so through 2027-02-27. */
static void feb29_start(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-feb29\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2024-02-29\","
            "\"applied_on\":\"2026-02-20\",\"cpr_aed\":{\"valid_until\":\"2026-12-31\"},"
            "\"courses\":[{\"id\":\"C1\",\"completed_on\":\"2024-02-29\",\"amount\":\"1.0\","
            "\"unit\":\"CEU\",\"provider\":\"approved\"},{\"id\":\"C2\",\"completed_on\":"
            "\"2025-06-01\",\"amount\":\"0.9\",\"unit\":\"CEU\",\"provider\":\"approved\"}]}",
            NULL);
    has_line(&x, "  application date: 2026-02-20 (the record's applied_on)");
    has_line(&x, "  start: 2024-02-29 (the record's cycle_start)");
    has_line(&x, "  2024-02-29 + 2 years = 2026-03-01 (Feb 29 rolls to Mar 1); expires the day "
                 "before: 2026-02-28");
    has_line(&x, "  expires: 2026-02-28, the last day of the cycle");
    has_line(&x, "  counting window: from 2024-02-29 (cycle_start) through 2026-05-29 (expiry + "
                 "90 days)");
    has_line(&x, "    1.0 CEU x 10 hours = 10 hours");
    has_line(&x, "    running total: 19 hours (1.9 CEU)");
    has_line(&x, "  window late: from 2026-03-01 (expiry + 1 day) through 2026-05-29 (expiry + 90 "
                 "days)");
    has_line(&x, "  window reinstatement: from 2026-05-30 (expiry + 91 days) before 2027-02-28 "
                 "(expiry + 1 year), so through 2027-02-27");
    has_line(&x, "  the application date 2026-02-20 falls in: on_time");
    has_line(&x, "  earned: 19 hours of courses + 1 hour of card credit = 20 hours = 2.0 CEU; "
                 "printed rounded down to 0.1: 2.0 CEU");
    has_line(&x, "Status: renewable");
    has_line(&x, "  next expiry: 2028-02-29 (the next cycle runs 2026-03-01 through 2028-02-29)");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("cycle", "start"), "2024-02-29");
    json_str(&x, PATH("cycle", "length"), "2 years");
    json_str(&x, PATH("cycle", "anchor"), "day_before_anniversary");
    json_str(&x, PATH("cycle", "leap_day"), "mar1");
    json_str(&x, PATH("cycle", "anniversary"), "2026-03-01");
    json_str(&x, PATH("cycle", "expires"), "2026-02-28");
    json_str(&x, PATH("cycle", "how"), "2024-02-29 + 2 years = 2026-03-01 (Feb 29 rolls to Mar 1); "
                                       "expires the day before: 2026-02-28");
    json_str(&x, PATH("counting", "through"), "2026-05-29");
    json_str(&x, PATH("status", "value"), "renewable");
    json_str(&x, PATH("status", "next_expires"), "2028-02-29");
    done(&x);
}

/* N1 without a leap day: 2023-05-14 + 2 years = 2025-05-14, no rule applies. */
static void no_leap_day_rule(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-plain\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\"}",
            "2025-05-01");
    has_line(&x, "  application date: 2025-05-01 (the date given for records without "
                 "applied_on)");
    has_line(&x, "  2023-05-14 + 2 years = 2025-05-14; expires the day before: 2025-05-13");
    lacks_text(&x, "leap-day rule");
    has_line(&x, "  the record lists no course");
    has_line(&x, "  card: none in the record");
    has_line(&x, "  verdict: missing: the record has no card");
    consistent(&x);
    has_shape(&x);
    json_null(&x, PATH("cycle", "leap_day"));
    json_str(&x, PATH("cpr_aed", "state"), "missing");
    json_str(&x, PATH("cpr_aed", "checked_on"), "2025-05-01");
    json_null(&x, PATH("cpr_aed", "valid_until"));
    json_array(&x, PATH("courses"), 0);
    done(&x);
}

/* N7: start 2023-05-14, expiry 2025-05-13; 2025-06-30 is in late
 * (2025-05-14 .. 2025-05-13 + 90 = 2025-08-11).  Courses 1.5 + 0.4 (4 hours)
 * = 19 hours, card valid: renewable; fees renewal 99.00 + late 75.00 =
 * 174.00.  Audit hash of "nasm-cpt|E-late|2025-05-13" mod 10000, against
 * 1000 basis points. */
static void late_window(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-late\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
            "\"cpr_aed\":{\"valid_until\":\"2026-01-31\",\"completed_on\":\"2024-01-31\"},"
            "\"courses\":[{\"id\":\"C1\",\"completed_on\":\"2024-03-01\",\"amount\":\"1.5\","
            "\"unit\":\"CEU\",\"provider\":\"approved\"},{\"id\":\"C2\",\"completed_on\":"
            "\"2025-06-01\",\"amount\":4,\"unit\":\"hours\",\"provider\":\"approved\"}]}",
            "2025-06-30");
    has_line(&x, "  window late: from 2025-05-14 (expiry + 1 day) through 2025-08-11 (expiry + 90 "
                 "days)");
    has_line(&x, "  the application date 2025-06-30 falls in: window late");
    has_line(&x, "    4 hours, no conversion");
    has_line(&x, "    running total: 19 hours (1.9 CEU)");
    has_line(&x, "  card: completed 2024-01-31, valid until 2026-01-31");
    has_line(&x, "  checked on: 2025-06-30, the application date (the policy: valid on "
                 "application)");
    has_line(&x, "  verdict: valid: 2026-01-31 is on or after 2025-06-30");
    has_line(&x, "  path ceu charges: renewal, petition");
    has_line(&x, "  window late adds: late");
    has_line(&x, "  renewal: 99.00");
    has_line(&x, "  late: 75.00");
    has_line(&x, "  petition: left out, the record has no petitioned course");
    has_line(&x, "  total: 174.00 USD");
    has_line(&x, "  rate: 10% = 1000 basis points (parameter audit_rate)");
    has_line(&x, "  hash: FNV-1a 64 of \"nasm-cpt|E-late|2025-05-13\" = 0x8dd136f169a52166");
    has_line(&x, "  hash mod 10000 = 3990");
    has_line(&x, "  3990 is not below 1000: not selected");
    has_line(&x, "  why: the requirements of path ceu are met, and the application date is in "
                 "window late, which accepts it");
    has_line(&x, "  late_application");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("window", "name"), "late");
    json_str(&x, PATH("window", "from"), "2025-05-14");
    json_str(&x, PATH("window", "end"), "2025-08-11");
    json_bool(&x, PATH("window", "end_inclusive"), 1);
    yajl_val fees = json_array(&x, PATH("fees"), 2);
    yajl_val late = fees->u.array.values[1];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(late, PATH("name"), yajl_t_string)), "late");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(late, PATH("amount"), yajl_t_string)),
                        "75.00");
    json_str(&x, PATH("fee_total"), "174.00");
    json_bool(&x, PATH("audit", "applies"), 1);
    json_int(&x, PATH("audit", "rate_bp"), 1000);
    json_str(&x, PATH("audit", "hash"), "0x8dd136f169a52166");
    json_int(&x, PATH("audit", "mod"), 3990);
    json_bool(&x, PATH("audit", "selected"), 0);
    json_null(&x, PATH("audit", "documents_due"));
    done(&x);
}

/* N9 and the test vector of records.md: "nasm-cpt|T-000012|2025-05-14"
 * hashes to 0x305abba387d97c2d, 589 mod 10000, below 1000: selected.  Start
 * 2023-05-15 expires 2025-05-14; documents due 2025-05-14 + 30 days =
 * 2025-06-13 (17 days to May 31, 13 more). */
static void audit_selected(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"T-000012\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-15\","
            "\"applied_on\":\"2025-05-14\",\"cpr_aed\":{\"valid_until\":\"2026-12-31\"},"
            "\"courses\":[{\"id\":\"C1\",\"completed_on\":\"2024-01-10\",\"amount\":\"2.0\","
            "\"unit\":\"CEU\",\"provider\":\"approved\"}]}",
            NULL);
    has_line(&x, "  hash: FNV-1a 64 of \"nasm-cpt|T-000012|2025-05-14\" = 0x305abba387d97c2d");
    has_line(&x, "  hash mod 10000 = 589");
    has_line(&x, "  589 is below 1000: selected");
    has_line(&x, "  documents due: 2025-05-14 + 30 days = 2025-06-13");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("audit", "hash"), "0x305abba387d97c2d");
    json_int(&x, PATH("audit", "mod"), 589);
    json_bool(&x, PATH("audit", "selected"), 1);
    json_str(&x, PATH("audit", "documents_due"), "2025-06-13");
    done(&x);
}

/* N8 + "More cases": start 2023-05-14, expiry 2025-05-13; 2025-09-15 is in
 * reinstatement (2025-05-13 + 91 = 2025-08-12 .. before 2026-05-13).
 * Courses 1.5 CEU < 1.9 and 2025-09-15 is after the last counting day
 * 2025-08-11: expired, too_late_to_complete; no fees.  C9 (2025-09-01) is
 * after 2025-08-11 and counts nothing.  Earned: 15 hours of courses + 1 hour
 * of card credit = 16 hours = 1.6 CEU; missing 19 - 15 = 4 hours = 0.4 CEU. */
static void reinstatement_expired(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-reinst\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
            "\"cpr_aed\":{\"valid_until\":\"2026-12-31\"},\"courses\":[{\"id\":\"C1\","
            "\"completed_on\":\"2024-01-10\",\"amount\":\"1.5\",\"unit\":\"CEU\","
            "\"provider\":\"approved\"},{\"id\":\"C9\",\"completed_on\":\"2025-09-01\","
            "\"amount\":\"0.5\",\"unit\":\"CEU\",\"provider\":\"approved\"}]}",
            "2025-09-15");
    has_line(&x, "    not counted (course_after_window): completed 2025-09-01, after the last "
                 "counting day 2025-08-11");
    has_line(&x, "  courses brought: 15 hours, short by 4 hours");
    has_line(&x, "  earned: 15 hours of courses + 1 hour of card credit = 16 hours = 1.6 CEU; "
                 "printed rounded down to 0.1: 1.6 CEU");
    has_line(&x, "  missing: courses lack 4 of 19 hours = 0.4 CEU; printed rounded up to 0.1: "
                 "0.4 CEU");
    has_line(&x, "  units requirement: not met (courses short)");
    has_line(&x, "  reported: ceu, the first path (no path's requirements are met)");
    has_line(&x, "  window reinstatement: from 2025-08-12 (expiry + 91 days) before 2026-05-13 "
                 "(expiry + 1 year), so through 2026-05-12");
    has_line(&x, "  the application date 2025-09-15 falls in: window reinstatement");
    has_line(&x, "  none: an expired decision has no fees");
    has_line(&x, "  total: 0.00 USD");
    has_line(&x, "  not audited: only a renewable application is");
    has_line(&x, "Status: expired");
    has_line(&x, "  why: no path's requirements are met, and none can be completed in time: "
                 "path ceu lacks units, but courses counted only through 2025-08-11");
    has_line(&x, "  next expiry: none while not renewable (the next cycle would run 2025-05-14 "
                 "through 2027-05-13)");
    has_line(&x, "  too_late_to_complete");
    has_line(&x, "  units_short");
    has_line(&x, "  course_after_window: course C9");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("status", "value"), "expired");
    json_null(&x, PATH("status", "next_expires"));
    json_str(&x, PATH("window", "name"), "reinstatement");
    json_str(&x, PATH("window", "end"), "2026-05-13");
    json_bool(&x, PATH("window", "end_inclusive"), 0);
    json_array(&x, PATH("fees"), 0);
    json_bool(&x, PATH("audit", "applies"), 0);
    json_null(&x, PATH("audit", "hash"));
    json_str(&x, PATH("units", "counted_hours"), "15");
    json_str(&x, PATH("units", "missing"), "0.4");
    json_bool(&x, PATH("units", "met"), 0);
    done(&x);
}

/* N4 N5: a pending petition counts nothing but is charged 25.00; the other
 * two courses bring 1.0 + 0.9 = 19 hours. */
static void petition_pending(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-pet\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
            "\"applied_on\":\"2025-05-01\",\"cpr_aed\":{\"valid_until\":\"2026-12-31\"},"
            "\"courses\":[{\"id\":\"C1\",\"completed_on\":\"2024-01-10\",\"amount\":\"1.0\","
            "\"unit\":\"CEU\",\"provider\":\"approved\"},{\"id\":\"P1\",\"completed_on\":"
            "\"2024-02-01\",\"amount\":4,\"unit\":\"hours\",\"provider\":\"petition\","
            "\"petition\":\"pending\"},{\"completed_on\":\"2024-09-20\",\"amount\":\"0.9\","
            "\"unit\":\"CEU\",\"provider\":\"approved\"}]}",
            NULL);
    has_line(&x, "  providers that count: approved, petitioned courses once their petition is "
                 "approved");
    has_line(&x, "  course P1 (index 1): 4 hours completed 2024-02-01, provider petition "
                 "(petition pending)");
    has_line(&x, "    not counted (petition_pending): its petition is pending; it counts once "
                 "approved");
    has_line(&x, "    running total: 10 hours (1.0 CEU)");
    has_line(&x, "  course 2 (no id): 0.9 CEU completed 2024-09-20, provider approved");
    has_line(&x, "  petition: 25.00 x 1 petitioned course = 25.00");
    has_line(&x, "  total: 124.00 USD");
    has_line(&x, "  petition_pending: course P1");
    consistent(&x);
    has_shape(&x);
    yajl_val cs = json_array(&x, PATH("courses"), 3);
    yajl_val p1 = cs->u.array.values[1];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(p1, PATH("verdict"), yajl_t_string)),
                        "petition_pending");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(p1, PATH("hours"), yajl_t_string)), "4");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(p1, PATH("counted"), yajl_t_string)), "0");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(p1, PATH("total"), yajl_t_string)), "10");
    yajl_val c2 = cs->u.array.values[2];
    assert_true(YAJL_IS_NULL(yajl_tree_get(c2, PATH("id"), yajl_t_any)));
    assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(c2, PATH("index"), yajl_t_number)), 2);
    yajl_val fees = json_array(&x, PATH("fees"), 2);
    yajl_val pet = fees->u.array.values[1];
    assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(pet, PATH("count"), yajl_t_number)), 1);
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(pet, PATH("total"), yajl_t_string)),
                        "25.00");
    json_str(&x, PATH("fee_total"), "124.00");
    done(&x);
}

/* A7 A8: GEI 45, EP 60, CIFT 15 -> 60 CEC required (highest); 20 + 10 hours
 * = 30 CEC: option 1 not met; the exam on 2025-03-10 is within 2024-01-01 ..
 * 2026-12-31 (2024-01-01 + 3 years = 2027-01-01, the day before 2026-12-31,
 * already a December 31) and not after 2025-06-30: path exam, no fee. */
static void acsm_exam_several_credentials(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &acsm,
            "{\"id\":\"E-exam\",\"credentials\":[\"GEI\",\"EP\",\"CIFT\"],\"cycle_start\":"
            "\"2024-01-01\",\"cpr_aed\":{\"valid_until\":\"2027-06-30\"},\"courses\":[{\"id\":"
            "\"C1\",\"completed_on\":\"2024-03-01\",\"amount\":\"20\",\"unit\":\"CEC\","
            "\"provider\":\"ACSM\"},{\"id\":\"C2\",\"completed_on\":\"2025-05-01\",\"amount\":10,"
            "\"unit\":\"hours\",\"provider\":\"NSCA\"}],\"exam_passed_on\":\"2025-03-10\"}",
            "2025-06-30");
    has_line(&x, "  credential EP (ACSM Certified Exercise Physiologist): requires 60 CEC, fee "
                 "55.00 USD");
    has_line(&x, "  2024-01-01 + 3 years = 2027-01-01; the day before is 2026-12-31, extended to "
                 "December 31 of its year: 2026-12-31");
    has_line(&x, "  providers: every provider counts");
    has_line(&x, "    counted: every provider counts");
    has_line(&x, "    20 CEC x 1 hour = 20 hours");
    has_line(&x, "  required: 60 CEC, the highest of the credentials' requirements");
    has_line(&x, "    GEI requires 45 CEC");
    has_line(&x, "    EP requires 60 CEC");
    has_line(&x, "    CIFT requires 15 CEC");
    has_line(&x, "  courses must bring: 60 CEC = 60 hours");
    has_line(&x, "  missing: courses lack 30 of 60 hours = 30 CEC; printed rounded up to 1: 30 "
                 "CEC");
    has_line(&x, "Exam");
    has_line(&x, "  exam dates: from 2024-01-01 (cycle_start) through 2026-12-31 (expiry)");
    has_line(&x, "  verdict: met: within the exam dates and not after the application date "
                 "2025-06-30");
    has_line(&x, "  path cec (Option 1: CEC reporting): requires units, a valid CPR/AED card");
    has_line(&x, "  path exam (Option 2: retake the exam): requires the exam");
    has_line(&x, "  reported: exam, the first path whose requirements are met");
    has_line(&x, "  path exam charges: no fee");
    has_line(&x, "  the policy has no grace window: after expiry the credential has expired");
    has_line(&x, "  the policy has no audit");
    has_line(&x, "  why: the requirements of path exam are met, and the application date is on "
                 "time (on or before expiry 2026-12-31)");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("cycle", "anchor"), "december_31");
    json_str(&x, PATH("units", "required"), "60");
    json_null(&x, PATH("units", "credit"));
    json_bool(&x, PATH("exam", "required"), 1);
    json_str(&x, PATH("exam", "passed_on"), "2025-03-10");
    json_bool(&x, PATH("exam", "met"), 1);
    yajl_val ps = json_array(&x, PATH("paths"), 2);
    yajl_val cec = ps->u.array.values[0], ex = ps->u.array.values[1];
    assert_true(YAJL_IS_FALSE(yajl_tree_get(cec, PATH("met"), yajl_t_any)));
    assert_true(YAJL_IS_FALSE(yajl_tree_get(cec, PATH("requirements", "units"), yajl_t_any)));
    assert_true(YAJL_IS_TRUE(yajl_tree_get(cec, PATH("requirements", "cpr_aed"), yajl_t_any)));
    assert_true(YAJL_IS_NULL(yajl_tree_get(cec, PATH("requirements", "exam"), yajl_t_any)));
    assert_true(YAJL_IS_TRUE(yajl_tree_get(ex, PATH("met"), yajl_t_any)));
    assert_true(YAJL_IS_TRUE(yajl_tree_get(ex, PATH("reported"), yajl_t_any)));
    json_array(&x, PATH("fees"), 0);
    json_str(&x, PATH("fee_total"), "0.00");
    json_null(&x, PATH("audit", "rate_bp"));
    done(&x);
}

/* A8 A9 on option 1: 45 + 15 = 60 hours >= 60; one fee line per credential,
 * in record order: 45.00 + 55.00 + 35.00 = 135.00. */
static void acsm_fee_per_credential(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &acsm,
            "{\"id\":\"E-multi\",\"credentials\":[\"GEI\",\"EP\",\"CIFT\"],\"cycle_start\":"
            "\"2024-01-01\",\"cpr_aed\":{\"valid_until\":\"2027-06-30\"},\"courses\":[{\"id\":"
            "\"C1\",\"completed_on\":\"2024-03-01\",\"amount\":\"45\",\"unit\":\"CEC\","
            "\"provider\":\"ACSM\"},{\"id\":\"C2\",\"completed_on\":\"2025-05-01\",\"amount\":15,"
            "\"unit\":\"hours\",\"provider\":\"NSCA\"}]}",
            "2025-06-30");
    has_line(&x, "  recertification GEI: 45.00, the credential's own fee");
    has_line(&x, "  recertification EP: 55.00, the credential's own fee");
    has_line(&x, "  recertification CIFT: 35.00, the credential's own fee");
    has_line(&x, "  total: 135.00 USD");
    has_line(&x, "  reported: cec, the first path whose requirements are met");
    has_line(&x, "  passed on: not in the record");
    consistent(&x);
    has_shape(&x);
    yajl_val fees = json_array(&x, PATH("fees"), 3);
    yajl_val ep = fees->u.array.values[1];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(ep, PATH("credential"), yajl_t_string)),
                        "EP");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(ep, PATH("amount"), yajl_t_string)),
                        "55.00");
    json_str(&x, PATH("fee_total"), "135.00");
    done(&x);
}

/* A6: ACSM has no grace window: 2027-01-05 is after expiry 2026-12-31. */
static void acsm_past_expiry(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &acsm,
            "{\"id\":\"E-past\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2024-01-01\"}",
            "2027-01-05");
    has_line(&x, "  the application date 2027-01-05 falls in no window: it is past every window");
    has_line(&x, "  why: the application date 2027-01-05 is after expiry 2026-12-31, and the "
                 "policy has no grace window: the credential can no longer be renewed in this "
                 "cycle");
    consistent(&x);
    has_shape(&x);
    json_null(&x, PATH("window", "name"));
    json_str(&x, PATH("window", "from"), "2027-01-01");
    json_null(&x, PATH("window", "end"));
    done(&x);
}

/* evaluation.md 7.4: what can still be had, and until when.  ACSM, nothing
 * yet on 2025-06-30 in a cycle expiring 2026-12-31: both options are still
 * open.  NASM in reinstatement (2025-09-15) with courses complete and no
 * card: the card can still come (seed-reading "More cases"); the fees that
 * would be due are 99.00 + 75.00 + 50.00 = 224.00. */
static void incomplete_why(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &acsm,
            "{\"id\":\"E-open\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2024-01-01\"}",
            "2025-06-30");
    has_line(&x, "Status: incomplete");
    has_line(&x, "  why: no path's requirements are met, but some path can still be completed: "
                 "path cec (courses can still count through 2026-12-31, the last counting day; "
                 "a CPR/AED card can be obtained until expiry 2026-12-31); path exam (the exam "
                 "can still be passed through 2026-12-31)");
    has_line(&x, "  what would be due were it complete:");
    has_line(&x, "  reported: cec, the first path (no path's requirements are met)");
    has_line(&x, "  recertification CPT: 45.00, the credential's own fee");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("status", "value"), "incomplete");
    done(&x);

    explain(&x, &nasm,
            "{\"id\":\"E-card\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
            "\"courses\":[{\"id\":\"C1\",\"completed_on\":\"2024-01-10\",\"amount\":\"1.9\","
            "\"unit\":\"CEU\",\"provider\":\"approved\"}]}",
            "2025-09-15");
    has_line(&x, "  why: no path's requirements are met, but some path can still be completed: "
                 "path ceu (a CPR/AED card can be obtained while a window is open)");
    has_line(&x, "  missing: courses lack 0 of 19 hours + 1 hour of card credit (no valid card) = "
                 "1 hour = 0.1 CEU; printed rounded up to 0.1: 0.1 CEU");
    has_line(&x, "  window reinstatement adds: additional");
    has_line(&x, "  window reinstatement is cumulative: it keeps the fees of window late");
    has_line(&x, "  window late adds: late");
    has_line(&x, "  additional: 50.00");
    has_line(&x, "  total: 224.00 USD");
    consistent(&x);
    has_shape(&x);
    done(&x);
}

/* Before the cycle start: on_time, incomplete (evaluation.md 7.2). */
static void before_cycle(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-early\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2025-06-01\"}",
            "2025-05-20");
    has_line(&x, "  the application date 2025-05-20 falls in: on_time (before the cycle start "
                 "2025-06-01)");
    has_line(&x, "  why: the application date 2025-05-20 is before the cycle starts on "
                 "2025-06-01: nothing in the cycle can have counted yet");
    has_line(&x, "  what would be due were it complete:");
    consistent(&x);
    has_shape(&x);
    done(&x);
}

/* A category maximum reached part-way (0.2 + 0.5 CEU of business, at most
 * 0.5: 2 hours, then 3 of 5), then a course past it; leap_day feb28 and an
 * end-of-month expiry: 2024-02-29 + 2 years = 2026-02-28 (clamped), the day
 * before 2026-02-27, extended to 2026-02-28. */
static void categories_and_feb28(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &cats,
            "{\"id\":\"E-cat\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2024-02-29\","
            "\"courses\":[{\"id\":\"B1\",\"completed_on\":\"2024-05-01\",\"amount\":\"0.2\","
            "\"unit\":\"CEU\",\"provider\":\"x\",\"category\":\"business\"},{\"id\":\"B2\","
            "\"completed_on\":\"2024-06-01\",\"amount\":\"0.5\",\"unit\":\"CEU\",\"provider\":"
            "\"x\",\"category\":\"business\"},{\"id\":\"B3\",\"completed_on\":\"2024-07-01\","
            "\"amount\":\"0.1\",\"unit\":\"CEU\",\"provider\":\"x\",\"category\":\"business\"},"
            "{\"id\":\"E1\",\"completed_on\":\"2024-08-01\",\"amount\":1,\"unit\":\"hours\","
            "\"provider\":\"x\",\"category\":\"ethics\"}]}",
            "2025-06-30");
    has_line(&x, "  2024-02-29 + 2 years = 2026-02-28 (Feb 29 clamps to Feb 28); the day before "
                 "is 2026-02-27, extended to the end of its month: 2026-02-28");
    has_line(&x, "  leap-day rule feb28: a day the target month lacks clamps to the month's last "
                 "day");
    has_line(&x, "    counted 3 of its 5 hours: category business reaches its maximum of 0.5 CEU "
                 "(5 hours)");
    has_line(&x, "    not counted (category_limit): category business had already reached its "
                 "maximum of 0.5 CEU");
    has_line(&x, "    running total: 6 hours (0.6 CEU)");
    has_line(&x, "  category business: at most 0.5 CEU (5 hours); counted 5 hours");
    has_line(&x, "  category ethics: at least 0.2 CEU (2 hours); counted 1 hour: below its "
                 "minimum");
    has_line(&x, "  verdict: not_required: no path of the policy asks for a card");
    consistent(&x);
    has_shape(&x);
    json_str(&x, PATH("cycle", "leap_day"), "feb28");
    json_str(&x, PATH("cycle", "anchor"), "end_of_month");
    json_str(&x, PATH("cpr_aed", "state"), "not_required");
    json_null(&x, PATH("cpr_aed", "checked_on"));
    yajl_val cats_v = json_array(&x, PATH("units", "categories"), 2);
    yajl_val ethics = cats_v->u.array.values[1];
    assert_true(YAJL_IS_TRUE(yajl_tree_get(ethics, PATH("short"), yajl_t_any)));
    yajl_val cs = json_array(&x, PATH("courses"), 4);
    yajl_val b2 = cs->u.array.values[1];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(b2, PATH("hours"), yajl_t_string)), "5");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(b2, PATH("counted"), yajl_t_string)), "3");
    done(&x);
}

/* A course in an undeclared unit: no hours; the JSON has null. */
static void unknown_unit(void **state)
{
    (void)state;
    struct explained x;
    explain(&x, &nasm,
            "{\"id\":\"E-unit\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
            "\"courses\":[{\"id\":\"U1\",\"completed_on\":\"2024-01-10\",\"amount\":\"3\","
            "\"unit\":\"points\",\"provider\":\"approved\"}]}",
            "2025-05-01");
    has_line(&x, "    unit 'points' has no hours in this policy");
    has_line(&x, "    not counted (unknown_unit): unit 'points' is neither a unit the policy "
                 "declares nor hours");
    consistent(&x);
    has_shape(&x);
    yajl_val cs = json_array(&x, PATH("courses"), 1);
    assert_true(YAJL_IS_NULL(yajl_tree_get(cs->u.array.values[0], PATH("hours"), yajl_t_any)));
    done(&x);
}

/* The checks can fail: a decision that disagrees with the tables is
 * flagged. */
static void checks_flag_a_wrong_decision(void **state)
{
    (void)state;
    const struct polc_policy *p = &nasm.model.p;
    struct polc_reader *rd = polc_reader_new(p);
    const char *line = "{\"id\":\"E-bad\",\"credentials\":[\"CPT\"],\"cycle_start\":"
                       "\"2023-05-14\",\"applied_on\":\"2025-05-01\"}";
    struct polc_record r;
    struct polc_line_error e;
    polc_date applied;
    assert_int_equal(polc_read_record(rd, line, strlen(line), 0, 0, &r, &applied, &e), 0);
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    assert_int_equal(polc_eval(p, &r, applied, &d), 0);
    d.earned += POLC_DEC_SCALE;
    d.fee_total = 0;
    struct polc_buf b = { 0 };
    explain_text(&b, p, &r, &d);
    char *text = take(&b);
    assert_non_null(strstr(text, "\nChecks\n  the recomputed units earned differs from the "
                                 "decision's\n  the recomputed fee total differs from the "
                                 "decision's\n"));
    free(text);
    polc_reader_free(rd);
}

/* Every record of the conformance suites and the examples: the trace agrees
 * with the decision, and the JSON parses with the documented shape, also
 * when spliced into the decision as its last key (polc eval --explain). */
static void all_records_consistent(const struct compiled *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    const struct polc_policy *p = &c->model.p;
    struct polc_reader *rd = polc_reader_new(p);
    static char line[1 << 16];
    static uint8_t verdicts[4096];
    polc_date as_of;
    long n = 0, decided = 0;
    assert_int_equal(polc_date_parse("2025-06-30", 10, &as_of), 0);
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        n++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        struct polc_record r;
        struct polc_line_error e;
        polc_date applied;
        if (len == 0 || polc_read_record(rd, line, len, 1, as_of, &r, &applied, &e) != 0)
            continue;
        assert_true(r.n_courses <= (int32_t)sizeof verdicts);
        struct polc_decision d;
        memset(&d, 0, sizeof d);
        d.courses = verdicts;
        assert_int_equal(polc_eval(p, &r, applied, &d), 0);
        struct explained x;
        memset(&x, 0, sizeof x);
        struct polc_buf b = { 0 };
        explain_text(&b, p, &r, &d);
        x.text = take(&b);
        if (strstr(x.text, "\nChecks\n"))
            fail_msg("%s line %ld:\n%s", path, n, x.text);
        polc_write_decision(&b, p, &r, &d);
        assert_true(b.len > 2 && b.ptr[b.len - 2] == '}' && b.ptr[b.len - 1] == '\n');
        b.len -= 2;
        {
            static const char key[] = ",\"explain\":";
            struct polc_buf j = { 0 };
            explain_json(&j, p, &r, &d);
            x.json = take(&j);
            size_t need = b.len + strlen(key) + strlen(x.json) + 2;
            char *all = malloc(need);
            assert_non_null(all);
            memcpy(all, b.ptr, b.len);
            snprintf(all + b.len, need - b.len, "%s%s}", key, x.json);
            polc_buf_free(&b);
            char err[256];
            yajl_val whole = yajl_tree_parse(all, err, sizeof err);
            if (!whole)
                fail_msg("%s line %ld: --explain line is not JSON: %s", path, n, err);
            yajl_val ex = yajl_tree_get(whole, PATH("explain"), yajl_t_object);
            assert_non_null(ex);
            assert_string_equal(whole->u.object.keys[whole->u.object.len - 1], "explain");
            yajl_tree_free(whole);
            free(all);
        }
        char err[256];
        x.tree = yajl_tree_parse(x.json, err, sizeof err);
        if (!x.tree)
            fail_msg("%s line %ld: %s", path, n, err);
        has_shape(&x);
        done(&x);
        decided++;
    }
    fclose(f);
    polc_reader_free(rd);
    assert_true(decided > 0);
}

static void conformance_and_examples_consistent(void **state)
{
    (void)state;
    all_records_consistent(&nasm, "tests/conformance/nasm-cpt/records.jsonl");
    all_records_consistent(&acsm, "tests/conformance/acsm/records.jsonl");
    all_records_consistent(&nasm, "examples/nasm-cpt.jsonl");
    all_records_consistent(&acsm, "examples/acsm.jsonl");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(feb29_start),
        cmocka_unit_test(no_leap_day_rule),
        cmocka_unit_test(late_window),
        cmocka_unit_test(audit_selected),
        cmocka_unit_test(reinstatement_expired),
        cmocka_unit_test(petition_pending),
        cmocka_unit_test(acsm_exam_several_credentials),
        cmocka_unit_test(acsm_fee_per_credential),
        cmocka_unit_test(acsm_past_expiry),
        cmocka_unit_test(incomplete_why),
        cmocka_unit_test(before_cycle),
        cmocka_unit_test(categories_and_feb28),
        cmocka_unit_test(unknown_unit),
        cmocka_unit_test(checks_flag_a_wrong_decision),
        cmocka_unit_test(conformance_and_examples_consistent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
