/* Scanner, parser and checker: one behaviour per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "parse.h"

int lex_keyword(const char *s, size_t n);

static const char *const every_keyword[] = {
    "accept", "after", "any", "application", "approved", "assumed", "at", "audit",
    "before", "body", "category", "charges", "cite", "count", "courses", "cpr_aed",
    "credential", "credit", "cumulative", "currency", "cycle", "cycle_start", "day",
    "day_before_anniversary", "days", "december_31", "documents", "due", "each",
    "end_of_month", "exam", "expired", "expires", "expiry", "feb28", "fee", "fees",
    "from", "highest", "hours", "last", "leap_day", "least", "length", "mar1", "month",
    "months", "most", "on", "param", "path", "per", "petition", "petitions", "policy",
    "precision", "provider", "rate", "replacing", "requires", "sum", "through", "title",
    "together", "unit", "units", "valid", "window", "year", "years",
};

/* A small, valid policy the tests below break one way at a time. */
static const char *const base_policy =
    "policy \"t\" {\n    currency USD\n}\n"
    "unit CEU {\n    precision 0.1\n    hours 10\n}\n"
    "param late_fee = 75.00 USD assumed\n"
    "credential CPT {\n    requires 2.0 CEU\n}\n"
    "cycle {\n    length 2 years\n    expires day_before_anniversary\n    leap_day mar1\n}\n"
    "courses {\n    accept approved\n    count from cycle_start through expiry + 90 days\n}\n"
    "cpr_aed {\n    valid on application\n    credit 0.1 CEU\n}\n"
    "fee renewal = 99.00\nfee late = late_fee\n"
    "path ceu {\n    requires units\n    requires cpr_aed\n    charges renewal\n}\n"
    "window late {\n    from expiry + 1 day\n    through expiry + 90 days\n    charges late\n}\n"
    "after last window expired\n";

static struct compiled c;

static int teardown(void **state)
{
    (void)state;
    compiled_free(&c);
    return 0;
}

static int compile_str(const char *text)
{
    return compile_text(&c, "t.pol", text, strlen(text), NULL, 0, 0);
}

/* The base policy with `from` replaced by `to` (which must occur). */
static int compile_edit(const char *from, const char *to)
{
    char buf[4096];
    const char *at = strstr(base_policy, from);
    assert_non_null(at);
    size_t head = (size_t)(at - base_policy);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)head, base_policy, to, at + strlen(from));
    return compile_str(buf);
}

static const struct diag *find_rule(const char *rule)
{
    for (const struct diag *g = c.diags.head; g; g = g->next)
        if (strcmp(g->rule, rule) == 0)
            return g;
    return NULL;
}

static void assert_rule(const char *rule, enum diag_level level)
{
    const struct diag *g = find_rule(rule);
    if (!g) {
        for (const struct diag *x = c.diags.head; x; x = x->next)
            print_message("  got %s: %s\n", x->rule, x->message);
        fail_msg("no diagnostic %s", rule);
    }
    assert_int_equal(g->level, level);
}

static void at_line_col(const struct diag *g, uint32_t line, uint32_t col)
{
    uint32_t l, k;
    source_locate(&c.src, g->span.lo, &l, &k);
    assert_int_equal(l, line);
    assert_int_equal(k, col);
}

static void keywords_are_all_found(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof every_keyword / sizeof every_keyword[0]; i++)
        assert_int_not_equal(lex_keyword(every_keyword[i], strlen(every_keyword[i])), 0);
    assert_int_equal(lex_keyword("late", 4), 0);
    assert_int_equal(lex_keyword("fe", 2), 0);
    assert_int_equal(lex_keyword("feesx", 5), 0);
}

static void base_policy_is_clean(void **state)
{
    (void)state;
    assert_true(compile_str(base_policy));
    assert_int_equal(c.diags.errors, 0);
    assert_int_equal(c.diags.warnings, 0);
}

static void model_holds_the_rules(void **state)
{
    (void)state;
    assert_true(compile_str(base_policy));
    const struct polc_policy *p = &c.model.p;
    assert_string_equal(p->name, "t");
    assert_int_equal(p->units[0].hours, 10);
    assert_int_equal(p->units[0].places, 1);
    assert_int_equal(p->credentials[0].required, 2000000);
    assert_int_equal(p->cpr_aed.credit, 100000);
    assert_int_equal(p->cycle.length, 2);
    assert_int_equal(p->courses.through.n, 90);
    assert_int_equal(p->fees[1].amount, 75000000);
    assert_int_equal(p->fees[1].param, 0);
    assert_int_equal(p->windows[0].end_inclusive, 1);
    assert_int_equal(p->paths[0].requires, POLC_REQ_UNITS | POLC_REQ_CPR_AED);
}

static void override_sets_a_parameter(void **state)
{
    (void)state;
    struct override ov = { "late_fee", "80.00", 0 };
    assert_true(compile_text(&c, "t.pol", base_policy, strlen(base_policy), &ov, 1, 0));
    assert_true(ov.used);
    assert_int_equal(c.model.p.fees[1].amount, 80000000);
    assert_true(c.model.p.params[0].overridden);
}

static void bad_override_is_an_error(void **state)
{
    (void)state;
    struct override ov = { "late_fee", "80.001", 0 };
    assert_false(compile_text(&c, "t.pol", base_policy, strlen(base_policy), &ov, 1, 0));
    assert_rule("bad-override", DIAG_ERROR);
}

static void syntax_errors_recover_per_line(void **state)
{
    (void)state;
    assert_false(compile_edit("    precision 0.1\n", "    precision = 0.1\n    hours hours hours\n"));
    int syntax = 0;
    for (const struct diag *g = c.diags.head; g; g = g->next)
        syntax += strcmp(g->rule, "syntax") == 0;
    assert_int_equal(syntax, 2);
}

static void unclosed_block_names_its_opener(void **state)
{
    (void)state;
    assert_false(compile_str("policy \"t\" {\n    currency USD\n}\nwindow late {\n    from expiry + 1 day\n"));
    const struct diag *g = find_rule("unclosed-block");
    assert_non_null(g);
    assert_non_null(strstr(g->message, "'window' at line 4"));
}

static void junk_after_number(void **state)
{
    (void)state;
    assert_false(compile_edit("requires 2.0 CEU", "requires 2.0CEU"));
    assert_rule("junk-after-number", DIAG_ERROR);
    at_line_col(find_rule("junk-after-number"), 10, 14);
}

static void unterminated_string(void **state)
{
    (void)state;
    assert_false(compile_str("policy \"t {\n"));
    assert_rule("unterminated-string", DIAG_ERROR);
}

static void undefined_fee_suggests(void **state)
{
    (void)state;
    assert_false(compile_edit("charges late\n", "charges lat\n"));
    const struct diag *g = find_rule("undefined-name");
    assert_non_null(g);
    assert_non_null(g->hint);
    assert_string_equal(g->hint, "did you mean 'late'?");
}

static void duplicate_fee(void **state)
{
    (void)state;
    assert_false(compile_edit("fee renewal = 99.00\n", "fee renewal = 99.00\nfee renewal = 98.00\n"));
    assert_rule("duplicate-name", DIAG_ERROR);
}

static void duplicate_cycle(void **state)
{
    (void)state;
    assert_false(compile_edit("after last window expired\n",
                              "after last window expired\ncycle {\n    length 1 year\n}\n"));
    assert_rule("duplicate-block", DIAG_ERROR);
}

static void undeclared_unit(void **state)
{
    (void)state;
    assert_false(compile_edit("requires 2.0 CEU", "requires 2.0 CEC"));
    assert_rule("undefined-name", DIAG_ERROR);
}

static void finer_than_precision(void **state)
{
    (void)state;
    assert_false(compile_edit("requires 2.0 CEU", "requires 2.05 CEU"));
    assert_rule("finer-than-precision", DIAG_ERROR);
}

static void credit_larger_than_requirement(void **state)
{
    (void)state;
    assert_false(compile_edit("credit 0.1 CEU", "credit 2.5 CEU"));
    assert_rule("credit-exceeds-requirement", DIAG_ERROR);
}

static void windows_out_of_order(void **state)
{
    (void)state;
    assert_false(compile_edit("after last window expired\n",
                              "window early {\n    from expiry + 10 days\n    through expiry + 20 days\n"
                              "    fees cumulative\n}\nafter last window expired\n"));
    assert_rule("window-order", DIAG_ERROR);
}

static void window_end_left_implicit(void **state)
{
    (void)state;
    assert_false(compile_edit("    through expiry + 90 days\n    charges late\n", "    charges late\n"));
    assert_rule("implicit-window-end", DIAG_ERROR);
}

static void fee_combination_left_implicit(void **state)
{
    (void)state;
    assert_false(compile_edit("after last window expired\n",
                              "window reinstatement {\n    from expiry + 91 days\n"
                              "    before expiry + 1 year\n}\nafter last window expired\n"));
    assert_rule("implicit-fee-combination", DIAG_ERROR);
}

static void two_currencies(void **state)
{
    (void)state;
    assert_false(compile_edit("fee renewal = 99.00\n", "fee renewal = 99.00 EUR\n"));
    assert_rule("two-currencies", DIAG_ERROR);
}

static void path_that_can_never_succeed(void **state)
{
    (void)state;
    assert_false(compile_edit("    accept approved\n", ""));
    assert_rule("path-never-succeeds", DIAG_ERROR);
}

static void missing_cycle(void **state)
{
    (void)state;
    assert_false(compile_edit("cycle {\n    length 2 years\n    expires day_before_anniversary\n"
                              "    leap_day mar1\n}\n", ""));
    assert_rule("missing-cycle", DIAG_ERROR);
}

static void unused_parameter_warns(void **state)
{
    (void)state;
    assert_true(compile_edit("param late_fee", "param spare = 1.00 USD\nparam late_fee"));
    assert_rule("unused", DIAG_WARNING);
    assert_int_equal(c.diags.errors, 0);
}

static void werror_fails_on_warnings(void **state)
{
    (void)state;
    char buf[4096];
    snprintf(buf, sizeof buf, "param spare = 1.00 USD\n%s", base_policy);
    assert_false(compile_text(&c, "t.pol", buf, strlen(buf), NULL, 0, 1));
}

static void several_errors_in_one_run(void **state)
{
    (void)state;
    assert_false(compile_edit("requires 2.0 CEU", "requires 2.05 CEC"));
    compiled_free(&c);
    assert_false(compile_edit("charges renewal\n", "charges renewl\n    precision 0.1\n"));
    assert_true(c.diags.errors >= 2);
}

static void huge_name_is_refused(void **state)
{
    (void)state;
    static char buf[200000];
    memset(buf, 'a', 100000);
    snprintf(buf + 100000, sizeof buf - 100000, " {\n}\n%s", base_policy);
    memcpy(buf, "unit ", 5);
    assert_false(compile_str(buf));
    assert_rule("name-too-long", DIAG_ERROR);
}

static void thousand_digit_number(void **state)
{
    (void)state;
    static char num[1100];
    memset(num, '9', 1000);
    num[1000] = '\0';
    char buf[8192];
    snprintf(buf, sizeof buf, "fee big = %s\n", num);
    char all[12000];
    snprintf(all, sizeof all, "%s%s", base_policy, buf);
    assert_false(compile_str(all));
    assert_rule("number-range", DIAG_ERROR);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(keywords_are_all_found), T(base_policy_is_clean), T(model_holds_the_rules),
        T(override_sets_a_parameter), T(bad_override_is_an_error),
        T(syntax_errors_recover_per_line), T(unclosed_block_names_its_opener),
        T(junk_after_number), T(unterminated_string), T(undefined_fee_suggests),
        T(duplicate_fee), T(duplicate_cycle), T(undeclared_unit), T(finer_than_precision),
        T(credit_larger_than_requirement), T(windows_out_of_order),
        T(window_end_left_implicit), T(fee_combination_left_implicit), T(two_currencies),
        T(path_that_can_never_succeed), T(missing_cycle), T(unused_parameter_warns),
        T(werror_fails_on_warnings), T(several_errors_in_one_run), T(huge_name_is_refused),
        T(thousand_digit_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
