/* polc diff: the structural diff of two policies and the impact on records,
 * for the seed policies and changed copies compiled in memory.  Expected
 * figures are worked out by hand in each case's comment (NASM: a cycle
 * starting 2023-05-14 expires 2025-05-13; renewal 99.00, late 75.00,
 * additional 50.00 USD), not copied from output. */
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
#include "diff.h"
#include "polc.h"

static char *nasm_text, *acsm_text;
static size_t nasm_len, acsm_len;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *t = realloc(s, cap);
            if (!t) {
                free(s);
                fclose(f);
                return NULL;
            }
            s = t;
        }
        got = fread(s + n, 1, 4096, f);
        n += got;
    } while (got > 0);
    fclose(f);
    s[n] = '\0';
    *len = n;
    return s;
}

static int setup(void **state)
{
    (void)state;
    nasm_text = slurp("policies/nasm-cpt.pol", &nasm_len);
    acsm_text = slurp("policies/acsm.pol", &acsm_len);
    return nasm_text && acsm_text ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(nasm_text);
    free(acsm_text);
    return 0;
}

/* ---- helpers ---------------------------------------------------------- */

/* A copy of `base` with each (from, to) pair replaced once (each `from`
 * must occur exactly once), compiled into *c. */
static void variant(struct compiled *c, const char *name, const char *base, const char *const *edits)
{
    size_t n = strlen(base);
    char *s = malloc(n + 1);
    assert_non_null(s);
    memcpy(s, base, n + 1);
    for (int i = 0; edits && edits[i]; i += 2) {
        const char *from = edits[i], *to = edits[i + 1];
        char *at = strstr(s, from);
        if (!at || strstr(at + 1, from))
            fail_msg("edit \"%s\" does not match exactly once", from);
        size_t fl = strlen(from), tl = strlen(to), len = strlen(s);
        char *t = malloc(len - fl + tl + 1);
        assert_non_null(t);
        size_t pre = (size_t)(at - s);
        memcpy(t, s, pre);
        memcpy(t + pre, to, tl);
        memcpy(t + pre + tl, at + fl, len - pre - fl + 1);
        free(s);
        s = t;
    }
    if (!compile_text(c, name, s, strlen(s), NULL, 0, 0))
        fail_msg("variant %s does not compile", name);
    free(s);
}

struct run {
    int rc;
    char *out;
    size_t len;
    yajl_val tree;             /* json runs */
};

/* Runs diff_run on records given as text (NULL: the file `path`). */
static void run_diff(struct run *r, const struct compiled *a, const struct compiled *b,
                     const char *records, const char *path, int json, int examples,
                     const char *as_of)
{
    struct diff_options o = { json, examples, as_of != NULL, 0 };
    if (as_of)
        assert_int_equal(polc_date_parse(as_of, strlen(as_of), &o.as_of), 0);
    FILE *in;
    if (records) {
        in = tmpfile();
        assert_non_null(in);
        assert_int_equal(fwrite(records, 1, strlen(records), in), strlen(records));
        rewind(in);
    } else {
        in = fopen(path, "rb");
        assert_non_null(in);
    }
    memset(r, 0, sizeof *r);
    FILE *out = open_memstream(&r->out, &r->len);
    assert_non_null(out);
    r->rc = diff_run(out, &a->model.p, &b->model.p, in, &o);
    fclose(out);
    fclose(in);
    if (json && r->rc != 2) {
        char err[256];
        r->tree = yajl_tree_parse(r->out, err, sizeof err);
        if (!r->tree)
            fail_msg("--format=json output is not JSON: %s\n%s", err, r->out);
    }
}

static void run_free(struct run *r)
{
    yajl_tree_free(r->tree);
    free(r->out);
}

/* The output has this exact line. */
static void has_line(const struct run *r, const char *want)
{
    size_t n = strlen(want);
    for (const char *s = r->out; *s;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && memcmp(s, want, n) == 0)
            return;
        s += len + (e != NULL);
    }
    fail_msg("no line \"%s\" in:\n%s", want, r->out);
}

static void lacks(const struct run *r, const char *what)
{
    if (strstr(r->out, what))
        fail_msg("unexpected \"%s\" in:\n%s", what, r->out);
}

#define PATH(...) ((const char *[]){ __VA_ARGS__, NULL })

static long jint(const struct run *r, const char **path)
{
    yajl_val v = yajl_tree_get(r->tree, path, yajl_t_number);
    if (!v || !YAJL_IS_INTEGER(v))
        fail_msg("no integer at %s...", path[0]);
    return (long)YAJL_GET_INTEGER(v);
}

static const char *jstr(const struct run *r, const char **path)
{
    yajl_val v = yajl_tree_get(r->tree, path, yajl_t_string);
    if (!v)
        fail_msg("no string at %s...", path[0]);
    return YAJL_GET_STRING(v);
}

static yajl_val jarr(yajl_val root, const char **path)
{
    yajl_val v = yajl_tree_get(root, path, yajl_t_array);
    if (!v)
        fail_msg("no array at %s...", path[0]);
    return v;
}

/* A NASM record starting 2023-05-14 (expires 2025-05-13) that is complete:
 * 1.9 CEU of approved courses and a card valid well past its windows. */
static void nasm_record(char *out, size_t n, const char *id, const char *applied)
{
    snprintf(out, n,
             "{\"id\":\"%s\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
             "\"applied_on\":\"%s\",\"cpr_aed\":{\"valid_until\":\"2027-01-31\"},"
             "\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":\"1.9\","
             "\"unit\":\"CEU\",\"provider\":\"approved\"}]}\n",
             id, applied);
}

static const char *const late60[] = {
    "    through expiry + 90 days\n    charges late\n",
    "    through expiry + 60 days\n    charges late\n",
    "    from expiry + 91 days\n", "    from expiry + 61 days\n",
    NULL
};

/* ---- identical policies ------------------------------------------------ */

static void identical_policies_exit_0(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "policies/nasm-cpt.pol", nasm_text, NULL);
    variant(&b, "copy.pol", nasm_text, NULL);
    struct run r;
    run_diff(&r, &a, &b, NULL, "examples/nasm-cpt.jsonl", 0, 3, "2025-06-30");
    assert_int_equal(r.rc, 0);
    has_line(&r, "Policy changes: none");
    has_line(&r, "Records: 1000 lines, 0 changed, 1000 unchanged");
    has_line(&r, "Transitions: none");
    run_free(&r);
    run_diff(&r, &a, &b, NULL, "examples/nasm-cpt.jsonl", 1, 3, NULL);
    assert_int_equal(r.rc, 0);
    assert_false(YAJL_IS_TRUE(yajl_tree_get(r.tree, PATH("changed"), yajl_t_any)));
    assert_int_equal(YAJL_GET_ARRAY(jarr(r.tree, PATH("structure")))->len, 0);
    assert_int_equal(YAJL_GET_ARRAY(jarr(r.tree, PATH("transitions")))->len, 0);
    assert_int_equal(jint(&r, PATH("records", "lines")), 1000);
    assert_int_equal(jint(&r, PATH("records", "unchanged")), 1000);
    /* Both sides decided the same: the same totals. */
    assert_string_equal(jstr(&r, PATH("before", "fees_renewable")),
                        jstr(&r, PATH("after", "fees_renewable")));
    run_free(&r);
    /* No records at all: still 0. */
    run_diff(&r, &a, &b, "", NULL, 0, 3, NULL);
    assert_int_equal(r.rc, 0);
    has_line(&r, "Records: 0 lines, 0 changed, 0 unchanged");
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* ---- the late window shortened to 60 days ------------------------------ */

static void late_window_structure(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, late60);
    struct run r;
    run_diff(&r, &a, &b, "", NULL, 0, 3, NULL);
    assert_int_equal(r.rc, 1);
    has_line(&r, "Policy changes: 2");
    has_line(&r, "  window late: through expiry + 90 days -> through expiry + 60 days");
    has_line(&r, "  window reinstatement: from expiry + 91 days -> from expiry + 61 days");
    lacks(&r, "cite");
    run_free(&r);
    run_diff(&r, &a, &b, "", NULL, 1, 3, NULL);
    yajl_val st = jarr(r.tree, PATH("structure"));
    assert_int_equal(YAJL_GET_ARRAY(st)->len, 2);
    yajl_val e = YAJL_GET_ARRAY(st)->values[0];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("subject"), yajl_t_string)),
                        "window late");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("change"), yajl_t_string)),
                        "changed");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("old"), yajl_t_string)),
                        "through expiry + 90 days");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("new"), yajl_t_string)),
                        "through expiry + 60 days");
    assert_true(YAJL_IS_NULL(yajl_tree_get(e, PATH("unit"), yajl_t_any)));
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* Applications on expiry + 30, 60, 61, 75, 90, 91 days.  Old: late through
 * +90 (174.00 = 99 + 75), reinstatement from +91 (224.00 = 99 + 75 + 50).
 * New: late through +60, reinstatement from +61.  So +61, +75, +90 move
 * from late to reinstatement (+50.00 each), the other three do not move.
 * Fees of renewable decisions: old 5 x 174 + 224 = 1094.00; new 2 x 174 +
 * 4 x 224 = 1244.00. */
static void late_window_impact(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, late60);
    static const char *const days[][2] = {
        { "D30", "2025-06-12" }, { "D60", "2025-07-12" }, { "D61", "2025-07-13" },
        { "D75", "2025-07-27" }, { "D90", "2025-08-11" }, { "D91", "2025-08-12" },
    };
    char recs[4096] = "", line[512];
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        nasm_record(line, sizeof line, days[i][0], days[i][1]);
        strcat(recs, line);
    }
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 1, 3, NULL);
    assert_int_equal(r.rc, 1);
    assert_true(YAJL_IS_TRUE(yajl_tree_get(r.tree, PATH("changed"), yajl_t_any)));
    assert_int_equal(jint(&r, PATH("records", "lines")), 6);
    assert_int_equal(jint(&r, PATH("records", "changed")), 3);
    assert_int_equal(jint(&r, PATH("records", "unchanged")), 3);
    assert_int_equal(jint(&r, PATH("records", "status")), 0);
    assert_int_equal(jint(&r, PATH("records", "window")), 3);
    assert_int_equal(jint(&r, PATH("records", "path")), 0);
    assert_int_equal(jint(&r, PATH("records", "fee_total")), 3);
    assert_int_equal(jint(&r, PATH("records", "other")), 0);
    assert_int_equal(jint(&r, PATH("before", "renewable")), 6);
    assert_int_equal(jint(&r, PATH("after", "renewable")), 6);
    assert_string_equal(jstr(&r, PATH("before", "fees_renewable")), "1094.00");
    assert_string_equal(jstr(&r, PATH("after", "fees_renewable")), "1244.00");
    assert_string_equal(jstr(&r, PATH("before", "fees_not_expired")), "1094.00");
    assert_string_equal(jstr(&r, PATH("after", "fees_not_expired")), "1244.00");
    yajl_val tr = jarr(r.tree, PATH("transitions"));
    assert_int_equal(YAJL_GET_ARRAY(tr)->len, 1);
    yajl_val t = YAJL_GET_ARRAY(tr)->values[0];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(t, PATH("from"), yajl_t_string)),
                        "renewable");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(t, PATH("to"), yajl_t_string)),
                        "renewable");
    assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(t, PATH("count"), yajl_t_number)), 3);
    yajl_val ex = jarr(t, PATH("examples"));
    assert_int_equal(YAJL_GET_ARRAY(ex)->len, 3);
    static const char *const ids[] = { "D61", "D75", "D90" };
    for (int i = 0; i < 3; i++) {
        yajl_val e = YAJL_GET_ARRAY(ex)->values[i];
        assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(e, PATH("line"), yajl_t_number)), i + 3);
        assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("id"), yajl_t_string)), ids[i]);
        assert_string_equal(
            YAJL_GET_STRING(yajl_tree_get(e, PATH("old", "window"), yajl_t_string)), "late");
        assert_string_equal(
            YAJL_GET_STRING(yajl_tree_get(e, PATH("new", "window"), yajl_t_string)),
            "reinstatement");
        assert_string_equal(
            YAJL_GET_STRING(yajl_tree_get(e, PATH("old", "fee_total"), yajl_t_string)), "174.00");
        assert_string_equal(
            YAJL_GET_STRING(yajl_tree_get(e, PATH("new", "fee_total"), yajl_t_string)), "224.00");
    }
    run_free(&r);

    /* Text: the counts, the fee table and the field-by-field example. */
    run_diff(&r, &a, &b, recs, NULL, 0, 1, NULL);
    assert_int_equal(r.rc, 1);
    has_line(&r, "Records: 6 lines, 3 changed, 3 unchanged");
    has_line(&r, "  window changed:     3");
    has_line(&r, "  fee_total changed:  3");
    has_line(&r, "  renewable -> renewable: 3");
    has_line(&r, "renewable -> renewable: first 1 of 3 (\"-\" old, \"+\" new)");
    has_line(&r, "  line 3, id \"D61\":");
    has_line(&r, "      status        \"renewable\"");
    has_line(&r, "    - window        \"late\"");
    has_line(&r, "    + window        \"reinstatement\"");
    has_line(&r, "    - fee_total     \"174.00\"");
    has_line(&r, "    + fee_total     \"224.00\"");
    has_line(&r, "  fees, renewable    1094.00 USD  1244.00 USD  +150.00 USD");
    lacks(&r, "id \"D75\"");
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* ---- the late fee raised through its parameter ------------------------- */

/* +30 days: late, 174.00 -> 184.00; +100: reinstatement, 224.00 -> 234.00;
 * on time (2025-05-01): 99.00, unchanged. */
static void late_fee_param(void **state)
{
    (void)state;
    static const char *const fee85[] = { "param late_fee = 75.00 USD",
                                         "param late_fee = 85.00 USD", NULL };
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, fee85);
    char recs[2048] = "", line[512];
    nasm_record(line, sizeof line, "ON", "2025-05-01");
    strcat(recs, line);
    nasm_record(line, sizeof line, "D30", "2025-06-12");
    strcat(recs, line);
    nasm_record(line, sizeof line, "D100", "2025-08-21");
    strcat(recs, line);
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 0, 3, NULL);
    assert_int_equal(r.rc, 1);
    has_line(&r, "Policy changes: 2");
    has_line(&r, "  param late_fee: 75.00 -> 85.00 USD");
    has_line(&r, "  fee late: 75.00 -> 85.00 USD");
    has_line(&r, "Records: 3 lines, 2 changed, 1 unchanged");
    has_line(&r, "  fees, renewable    497.00 USD  517.00 USD  +20.00 USD");
    lacks(&r, "id \"ON\"");
    run_free(&r);
    run_diff(&r, &a, &b, recs, NULL, 1, 3, NULL);
    yajl_val e = YAJL_GET_ARRAY(jarr(r.tree, PATH("structure")))->values[1];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("text"), yajl_t_string)),
                        "fee late: 75.00 -> 85.00 USD");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("old"), yajl_t_string)), "75.00");
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("unit"), yajl_t_string)), "USD");
    assert_int_equal(jint(&r, PATH("records", "fee_total")), 2);
    assert_int_equal(jint(&r, PATH("records", "window")), 0);
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* ---- ACSM: CIFT 15 -> 20 CEC; a window added; a credential removed ------ */

/* An ACSM record (cycle 2023-01-01 .. 2025-12-31) with `cec` CECs, applied
 * 2025-06-01 with a valid card. */
static void acsm_record(char *out, size_t n, const char *id, const char *creds, int cec,
                        const char *applied)
{
    snprintf(out, n,
             "{\"id\":\"%s\",\"credentials\":[%s],\"cycle_start\":\"2023-01-01\","
             "\"applied_on\":\"%s\",\"cpr_aed\":{\"valid_until\":\"2027-01-01\"},"
             "\"courses\":[{\"completed_on\":\"2024-03-01\",\"amount\":%d,"
             "\"unit\":\"CEC\",\"provider\":\"ACSM\"}]}\n",
             id, creds, applied, cec);
}

/* CIFT alone with 17 CEC: renewable at 15, incomplete at 20 (3 missing).
 * CIFT with 25: renewable under both, only "required" changes (other).
 * CIFT + CPT (45 required, highest): no change at all. */
static void cift_requirement(void **state)
{
    (void)state;
    static const char *const cift20[] = { "    requires 15 CEC\n    fee 35.00 USD\n    cite \"ACSM/NCHPAD",
                                          "    requires 20 CEC\n    fee 35.00 USD\n    cite \"ACSM/NCHPAD",
                                          NULL };
    struct compiled a, b;
    variant(&a, "old.pol", acsm_text, NULL);
    variant(&b, "new.pol", acsm_text, cift20);
    char recs[4096] = "", line[512];
    acsm_record(line, sizeof line, "A17", "\"CIFT\"", 17, "2025-06-01");
    strcat(recs, line);
    acsm_record(line, sizeof line, "A25", "\"CIFT\"", 25, "2025-06-01");
    strcat(recs, line);
    acsm_record(line, sizeof line, "A45", "\"CIFT\",\"CPT\"", 45, "2025-06-01");
    strcat(recs, line);
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 0, 3, NULL);
    assert_int_equal(r.rc, 1);
    has_line(&r, "Policy changes: 1");
    has_line(&r, "  credential CIFT requires: 15 -> 20 CEC");
    has_line(&r, "Records: 3 lines, 2 changed, 1 unchanged");
    has_line(&r, "  status changed:     1");
    has_line(&r, "  other changes only: 1");
    has_line(&r, "  renewable -> renewable: 1");
    has_line(&r, "  renewable -> incomplete: 1");
    has_line(&r, "    - units         {\"unit\":\"CEC\",\"required\":\"15\",\"earned\":\"17\",\"missing\":\"0\"}");
    has_line(&r, "    + units         {\"unit\":\"CEC\",\"required\":\"20\",\"earned\":\"17\",\"missing\":\"3\"}");
    /* Incomplete still owes its fees: not-expired totals are unchanged
     * (35 + 35 + 35 + 45 = 150.00), renewable ones lose A17's 35.00. */
    has_line(&r, "  fees, renewable    150.00 USD  115.00 USD  -35.00 USD");
    has_line(&r, "  fees, not expired  150.00 USD  150.00 USD    0.00 USD");
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* A grace window added to ACSM: an application on 2026-01-10 (expiry + 10)
 * was expired (past_last_window) and becomes renewable in it. */
static void window_added(void **state)
{
    (void)state;
    static const char *const grace[] = {
        "# A6: no grace window",
        "window grace {\n    from expiry + 1 day\n    through expiry + 30 days\n"
        "    charges recertification\n}\n\n# A6: no grace window",
        NULL
    };
    struct compiled a, b;
    variant(&a, "old.pol", acsm_text, NULL);
    variant(&b, "new.pol", acsm_text, grace);
    char recs[2048] = "", line[512];
    acsm_record(line, sizeof line, "LATE", "\"CPT\"", 50, "2026-01-10");
    strcat(recs, line);
    acsm_record(line, sizeof line, "ONTIME", "\"CPT\"", 50, "2025-06-01");
    strcat(recs, line);
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 0, 3, NULL);
    assert_int_equal(r.rc, 1);
    has_line(&r, "  window grace: added (from expiry + 1 day through expiry + 30 days, "
                 "charges recertification)");
    has_line(&r, "  expired -> renewable: 1");
    has_line(&r, "    - window        null");
    has_line(&r, "    + window        \"grace\"");
    has_line(&r, "  fees, renewable    45.00 USD  90.00 USD  +45.00 USD");
    run_free(&r);
    /* And back: the window removed. */
    run_diff(&r, &b, &a, recs, NULL, 1, 3, NULL);
    assert_int_equal(r.rc, 1);
    yajl_val e = YAJL_GET_ARRAY(jarr(r.tree, PATH("structure")))->values[0];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("change"), yajl_t_string)),
                        "removed");
    assert_true(YAJL_IS_NULL(yajl_tree_get(e, PATH("new"), yajl_t_any)));
    assert_int_equal(jint(&r, PATH("records", "status")), 1);
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* ---- bad lines ------------------------------------------------------- */

/* Credential CET removed: a CET record is bad under the new policy only
 * (unknown_credential), a change of status renewable -> error.  A line
 * bad under both (bad JSON) is unchanged; blank lines are skipped but
 * counted in line numbers; a CRLF line reads as its LF twin. */
static void bad_lines(void **state)
{
    (void)state;
    static const char *const no_cet[] = {
        "credential CET {\n    title \"ACSM/ACS Certified Cancer Exercise Trainer\"\n"
        "    requires 15 CEC\n    fee 35.00 USD\n"
        "    cite \"ACSM/ACS Certified Cancer Exercise Trainer* 15 $35\"\n}\n",
        "", NULL
    };
    struct compiled a, b;
    variant(&a, "old.pol", acsm_text, NULL);
    variant(&b, "new.pol", acsm_text, no_cet);
    char recs[4096] = "", line[512];
    strcat(recs, "{\"id\":\"J\", oops}\n\n  \t\n");
    acsm_record(line, sizeof line, "CET", "\"CET\"", 20, "2025-06-01");
    strcat(recs, line);
    acsm_record(line, sizeof line, "CPT", "\"CPT\"", 50, "2025-06-01");
    line[strlen(line) - 1] = '\0';
    strcat(recs, line);
    strcat(recs, "\r\n");
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 1, 3, NULL);
    assert_int_equal(r.rc, 1);
    assert_int_equal(jint(&r, PATH("records", "lines")), 3);
    assert_int_equal(jint(&r, PATH("records", "changed")), 1);
    assert_int_equal(jint(&r, PATH("records", "status")), 1);
    assert_int_equal(jint(&r, PATH("before", "errors")), 1);
    assert_int_equal(jint(&r, PATH("after", "errors")), 2);
    assert_int_equal(jint(&r, PATH("before", "renewable")), 2);
    assert_int_equal(jint(&r, PATH("after", "renewable")), 1);
    yajl_val t = YAJL_GET_ARRAY(jarr(r.tree, PATH("transitions")))->values[0];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(t, PATH("to"), yajl_t_string)), "error");
    yajl_val e = YAJL_GET_ARRAY(jarr(t, PATH("examples")))->values[0];
    assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(e, PATH("line"), yajl_t_number)), 4);
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("id"), yajl_t_string)), "CET");
    assert_string_equal(
        YAJL_GET_STRING(yajl_tree_get(e, PATH("new", "error", "code"), yajl_t_string)),
        "unknown_credential");
    assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(e, PATH("new", "line"), yajl_t_number)), 4);
    run_free(&r);
    run_diff(&r, &a, &b, recs, NULL, 0, 3, NULL);
    has_line(&r, "  renewable -> error: 1");
    has_line(&r, "    - status        \"renewable\"");
    has_line(&r, "    + line          4");
    /* columns: labels 17 wide + 2, old 9 ("80.00 USD"), new 9 + 2, change
     * 10 ("-35.00 USD") + 2, numbers right-aligned */
    has_line(&r, "  bad lines                  1          2          +1");
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* A line over 1 MiB is bad under both, the same way: unchanged.  One of
 * exactly POLC_MAX_LINE bytes plus CR is not over (it is bad JSON here). */
static void long_lines(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, late60);
    size_t n = (size_t)POLC_MAX_LINE + 10;
    char *recs = malloc(2 * n + 64);
    assert_non_null(recs);
    memset(recs, 'x', (size_t)POLC_MAX_LINE + 5);
    recs[POLC_MAX_LINE + 5] = '\n';
    size_t at = (size_t)POLC_MAX_LINE + 6;
    memset(recs + at, ' ', (size_t)POLC_MAX_LINE + 5); /* blanks only: skipped */
    at += (size_t)POLC_MAX_LINE + 5;
    recs[at++] = '\n';
    recs[at] = '\0';
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 1, 3, NULL);
    assert_int_equal(r.rc, 1); /* the policies differ */
    assert_int_equal(jint(&r, PATH("records", "lines")), 1);
    assert_int_equal(jint(&r, PATH("records", "changed")), 0);
    assert_int_equal(jint(&r, PATH("before", "errors")), 1);
    assert_int_equal(jint(&r, PATH("after", "errors")), 1);
    run_free(&r);
    free(recs);
    compiled_free(&a);
    compiled_free(&b);
}

/* ---- options, renames, I/O ------------------------------------------- */

static void examples_limit(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, late60);
    char recs[2048] = "", line[512];
    nasm_record(line, sizeof line, "X1", "2025-07-20");
    strcat(recs, line);
    nasm_record(line, sizeof line, "X2", "2025-07-21");
    strcat(recs, line);
    struct run r;
    run_diff(&r, &a, &b, recs, NULL, 1, 0, NULL);
    yajl_val t = YAJL_GET_ARRAY(jarr(r.tree, PATH("transitions")))->values[0];
    assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(t, PATH("count"), yajl_t_number)), 2);
    assert_int_equal(YAJL_GET_ARRAY(jarr(t, PATH("examples")))->len, 0);
    run_free(&r);
    run_diff(&r, &a, &b, recs, NULL, 0, 0, NULL);
    has_line(&r, "  renewable -> renewable: 2");
    lacks(&r, "first ");
    run_free(&r);
    /* o == NULL: text with 3 examples. */
    FILE *in = tmpfile();
    assert_non_null(in);
    fputs(recs, in);
    rewind(in);
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    assert_int_equal(diff_run(o, &a.model.p, &b.model.p, in, NULL), 1);
    fclose(o);
    fclose(in);
    assert_non_null(strstr(out, "renewable -> renewable: first 2 of 2"));
    free(out);
    compiled_free(&a);
    compiled_free(&b);
}

/* --as-of dates records without applied_on; the report says so. */
static void as_of_fallback(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, late60);
    char line[512];
    nasm_record(line, sizeof line, "NOAPP", "2025-07-20");
    /* drop "applied_on":"2025-07-20", (26 characters + comma) */
    char *at = strstr(line, "\"applied_on\"");
    assert_non_null(at);
    memmove(at, at + 26, strlen(at + 26) + 1);
    struct run r;
    run_diff(&r, &a, &b, line, NULL, 0, 3, "2025-07-20"); /* expiry + 68 */
    has_line(&r, "Records without applied_on are taken as applied on 2025-07-20.");
    has_line(&r, "  renewable -> renewable: 1");
    run_free(&r);
    run_diff(&r, &a, &b, line, NULL, 1, 3, NULL);
    assert_int_equal(jint(&r, PATH("before", "errors")), 1);
    assert_int_equal(jint(&r, PATH("records", "changed")), 0);
    assert_true(YAJL_IS_NULL(yajl_tree_get(r.tree, PATH("as_of"), yajl_t_any)));
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

/* A renamed policy is a structural change, but changes no decision by
 * itself (ACSM has no audit, whose hash would see the name). */
static void renamed_policy(void **state)
{
    (void)state;
    static const char *const renamed[] = { "policy \"acsm\" {", "policy \"acsm-2026\" {", NULL };
    struct compiled a, b;
    variant(&a, "old.pol", acsm_text, NULL);
    variant(&b, "new.pol", acsm_text, renamed);
    struct run r;
    run_diff(&r, &a, &b, NULL, "examples/acsm.jsonl", 1, 3, "2025-06-30");
    assert_int_equal(r.rc, 1);
    assert_int_equal(jint(&r, PATH("records", "changed")), 0);
    assert_string_equal(jstr(&r, PATH("new", "policy")), "acsm-2026");
    yajl_val e = YAJL_GET_ARRAY(jarr(r.tree, PATH("structure")))->values[0];
    assert_string_equal(YAJL_GET_STRING(yajl_tree_get(e, PATH("text"), yajl_t_string)),
                        "policy name: \"acsm\" -> \"acsm-2026\"");
    run_free(&r);
    compiled_free(&a);
    compiled_free(&b);
}

static void io_trouble(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", nasm_text, NULL);
    variant(&b, "new.pol", nasm_text, NULL);
    struct diff_options o = { 0, 3, 0, 0 };
    /* A directory opens but does not read: 2, and nothing is written. */
    FILE *in = fopen("tests", "r");
    if (in) {
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        assert_int_equal(diff_run(f, &a.model.p, &b.model.p, in, &o), 2);
        fclose(f);
        assert_int_equal(len, 0);
        free(out);
        fclose(in);
    }
    /* Output that cannot be written. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        in = tmpfile();
        assert_non_null(in);
        assert_int_equal(diff_run(full, &a.model.p, &b.model.p, in, &o), 2);
        fclose(in);
        fclose(full);
    }
    /* A table of another version is refused. */
    struct polc_policy bad = a.model.p;
    bad.version = POLC_TABLE_VERSION + 1;
    in = tmpfile();
    assert_non_null(in);
    assert_int_equal(diff_run(stdout, &bad, &b.model.p, in, &o), 2);
    fclose(in);
    compiled_free(&a);
    compiled_free(&b);
}

/* The same inputs give the same bytes. */
static void deterministic(void **state)
{
    (void)state;
    struct compiled a, b;
    variant(&a, "old.pol", acsm_text, NULL);
    variant(&b, "new.pol", nasm_text, NULL);
    struct run r1, r2;
    run_diff(&r1, &a, &b, NULL, "examples/acsm.jsonl", 1, 3, "2025-06-30");
    run_diff(&r2, &a, &b, NULL, "examples/acsm.jsonl", 1, 3, "2025-06-30");
    assert_int_equal(r1.rc, 1);
    assert_int_equal(r1.len, r2.len);
    assert_memory_equal(r1.out, r2.out, r1.len);
    /* Policies far apart: units, credentials, paths, windows and the audit
     * all appear in the structure. */
    run_free(&r1);
    run_free(&r2);
    run_diff(&r1, &a, &b, "", NULL, 0, 3, NULL);
    has_line(&r1, "  unit CEC: removed (precision 1, hours 1)");
    has_line(&r1, "  unit CEU: added (precision 0.1, hours 10)");
    has_line(&r1, "  reporting unit: CEC -> CEU");
    has_line(&r1, "  credential CPT requires: 45 CEC -> 2.0 CEU");
    has_line(&r1, "  credential CPT fee: 45.00 USD -> none");
    has_line(&r1, "  cycle length: 3 years -> 2 years");
    has_line(&r1, "  courses: accept any -> accept approved, petitions approved");
    has_line(&r1, "  path exam: removed (requires exam from cycle_start through expiry, "
                  "charges nothing)");
    has_line(&r1, "  window reinstatement: added (from expiry + 91 days before expiry + 1 year, "
                  "charges additional, fees cumulative)");
    has_line(&r1, "  audit: added (rate 10%, documents due application + 30 days)");
    has_line(&r1, "  param audit_rate: added (10%, assumed)");
    run_free(&r1);
    compiled_free(&a);
    compiled_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_policies_exit_0),
        cmocka_unit_test(late_window_structure),
        cmocka_unit_test(late_window_impact),
        cmocka_unit_test(late_fee_param),
        cmocka_unit_test(cift_requirement),
        cmocka_unit_test(window_added),
        cmocka_unit_test(bad_lines),
        cmocka_unit_test(long_lines),
        cmocka_unit_test(examples_limit),
        cmocka_unit_test(as_of_fallback),
        cmocka_unit_test(renamed_policy),
        cmocka_unit_test(io_trouble),
        cmocka_unit_test(deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
