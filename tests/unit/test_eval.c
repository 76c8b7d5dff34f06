/* The evaluator and the writer: each status, window and reason, through
 * the seed policies compiled in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "polc.h"

static struct compiled nasm, acsm, cats;

static const char *const category_policy =
    "policy \"cat\" {\n    currency USD\n}\n"
    "unit CEU {\n    precision 0.1\n    hours 10\n}\n"
    "credential CPT {\n    requires 2.0 CEU\n}\n"
    "cycle {\n    length 2 years\n    expires day_before_anniversary\n    leap_day feb28\n}\n"
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

static polc_date day(const char *s)
{
    polc_date d;
    assert_int_equal(polc_date_parse(s, strlen(s), &d), 0);
    return d;
}

static struct polc_str str(const char *s)
{
    return (struct polc_str){ s, strlen(s) };
}

static struct polc_course course(const char *id, const char *done, polc_dec amount,
                                 const char *unit, const char *provider)
{
    struct polc_course k;
    memset(&k, 0, sizeof k);
    k.id = str(id);
    k.completed_on = day(done);
    k.amount = amount;
    k.unit = str(unit);
    k.provider = str(provider);
    return k;
}

static const int32_t cpt[] = { 0 };

/* A NASM record: start 2023-05-14 (expires 2025-05-13), a valid card. */
static struct polc_record nasm_record(const struct polc_course *k, int32_t n)
{
    struct polc_record r;
    memset(&r, 0, sizeof r);
    r.id = str("T-1");
    r.credentials = cpt;
    r.n_credentials = 1;
    r.cycle_start = day("2023-05-14");
    r.has_card = 1;
    r.card_valid_until = day("2026-12-31");
    r.courses = k;
    r.n_courses = n;
    return r;
}

static uint8_t verdicts[64];

static struct polc_decision decide(const struct compiled *c, const struct polc_record *r,
                                   const char *as_of)
{
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    d.courses = verdicts;
    assert_int_equal(polc_eval(&c->model.p, r, day(as_of), &d), 0);
    return d;
}

static int has_reason(const struct polc_decision *d, enum polc_reason r)
{
    return (d->reasons & (1u << r)) != 0;
}

static const polc_dec ONE = POLC_DEC_SCALE;

static void renewable_on_time(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 19 * ONE / 10, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 1);
    struct polc_decision d = decide(&nasm, &r, "2025-05-13");
    assert_int_equal(d.status, POLC_RENEWABLE);
    assert_int_equal(d.window, POLC_WINDOW_ON_TIME);
    assert_int_equal(d.expires, day("2025-05-13"));
    assert_int_equal(d.next_expires, day("2027-05-13"));
    assert_int_equal(d.earned, 2 * ONE);
    assert_int_equal(d.missing, 0);
    assert_int_equal(d.fee_total, 99 * ONE);
    assert_int_equal(d.audit, 1);
    assert_int_equal(d.reasons, 0);
}

static void rounding_against_the_trainer(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 185 * ONE / 100, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 1);
    struct polc_decision d = decide(&nasm, &r, "2025-05-01");
    assert_int_equal(d.status, POLC_INCOMPLETE);
    assert_int_equal(d.earned, 19 * ONE / 10);
    assert_int_equal(d.missing, ONE / 10);
    assert_true(has_reason(&d, POLC_R_UNITS_SHORT));
}

static void hours_convert_to_units(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 15 * ONE, "CEU", "approved"),
                               course("C2", "2024-02-01", 4 * ONE, "hours", "approved") };
    k[0].amount = 15 * ONE / 10;
    struct polc_record r = nasm_record(k, 2);
    struct polc_decision d = decide(&nasm, &r, "2025-05-01");
    assert_int_equal(d.status, POLC_RENEWABLE);
    assert_int_equal(d.earned, 2 * ONE);
}

static void late_window_adds_late_fee(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 2 * ONE, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 1);
    struct polc_decision d = decide(&nasm, &r, "2025-08-11");
    assert_int_equal(d.status, POLC_RENEWABLE);
    assert_int_equal(d.window, 0);
    assert_int_equal(d.fee_total, (99 + 75) * ONE);
    assert_true(has_reason(&d, POLC_R_LATE_APPLICATION));
}

static void reinstatement_is_cumulative(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 2 * ONE, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 1);
    struct polc_decision d = decide(&nasm, &r, "2025-08-12");
    assert_int_equal(d.window, 1);
    assert_int_equal(d.fee_total, (99 + 75 + 50) * ONE);
    d = decide(&nasm, &r, "2026-05-12");
    assert_int_equal(d.window, 1);
    d = decide(&nasm, &r, "2026-05-13");
    assert_int_equal(d.window, POLC_WINDOW_NONE);
    assert_int_equal(d.status, POLC_EXPIRED);
    assert_int_equal(d.fee_total, 0);
    assert_true(has_reason(&d, POLC_R_PAST_LAST_WINDOW));
}

static void too_late_to_complete(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", ONE, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 1);
    struct polc_decision d = decide(&nasm, &r, "2025-08-11");
    assert_int_equal(d.status, POLC_INCOMPLETE);
    d = decide(&nasm, &r, "2025-08-12");
    assert_int_equal(d.status, POLC_EXPIRED);
    assert_int_equal(d.window, 1);
    assert_true(has_reason(&d, POLC_R_TOO_LATE_TO_COMPLETE));
    assert_true(has_reason(&d, POLC_R_UNITS_SHORT));
}

static void card_can_come_late(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 2 * ONE, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 1);
    r.card_valid_until = day("2025-08-11");
    struct polc_decision d = decide(&nasm, &r, "2025-09-01");
    assert_int_equal(d.status, POLC_INCOMPLETE);
    assert_int_equal(d.cpr_aed, POLC_CARD_EXPIRED);
    assert_int_equal(d.missing, ONE / 10);
    assert_true(has_reason(&d, POLC_R_CPR_AED_EXPIRED));
    assert_false(has_reason(&d, POLC_R_UNITS_SHORT));
}

static void card_states(void **state)
{
    (void)state;
    struct polc_record r = nasm_record(NULL, 0);
    r.card_valid_until = day("2025-05-01");
    assert_int_equal(decide(&nasm, &r, "2025-05-01").cpr_aed, POLC_CARD_VALID);
    assert_int_equal(decide(&nasm, &r, "2025-05-02").cpr_aed, POLC_CARD_EXPIRED);
    r.has_card_completed = 1;
    r.card_completed_on = day("2025-05-02");
    assert_int_equal(decide(&nasm, &r, "2025-05-01").cpr_aed, POLC_CARD_MISSING);
    r.has_card = 0;
    struct polc_decision d = decide(&nasm, &r, "2025-05-01");
    assert_int_equal(d.cpr_aed, POLC_CARD_MISSING);
    assert_true(has_reason(&d, POLC_R_CPR_AED_MISSING));
}

static void petitions_count_and_charge(void **state)
{
    (void)state;
    struct polc_course k[] = { course("P1", "2024-01-10", ONE, "CEU", "petition"),
                               course("P2", "2024-01-11", ONE, "CEU", "petition"),
                               course("P3", "2024-01-12", ONE, "CEU", "petition"),
                               course("P4", "2022-01-12", ONE, "CEU", "petition") };
    k[0].petition = POLC_PETITION_APPROVED;
    k[1].petition = POLC_PETITION_PENDING;
    k[2].petition = POLC_PETITION_DENIED;
    k[3].petition = POLC_PETITION_APPROVED;
    struct polc_record r = nasm_record(k, 4);
    struct polc_decision d = decide(&nasm, &r, "2025-05-01");
    assert_int_equal(verdicts[0], POLC_C_COUNTED);
    assert_int_equal(verdicts[1], POLC_C_PETITION_PENDING);
    assert_int_equal(verdicts[2], POLC_C_PETITION_DENIED);
    assert_int_equal(verdicts[3], POLC_C_BEFORE_CYCLE);
    assert_int_equal(d.petitions, 4);
    assert_int_equal(d.fee_total, (99 + 4 * 25) * ONE);
}

static void course_verdicts_in_order(void **state)
{
    (void)state;
    struct polc_course k[] = { course("F", "2025-06-01", ONE, "CEU", "approved"),
                               course("B", "2023-05-13", ONE, "CEU", "approved"),
                               course("A", "2025-08-12", ONE, "CEU", "approved"),
                               course("U", "2024-01-01", ONE, "credits", "approved"),
                               course("P", "2024-01-01", ONE, "CEU", "Some Gym"),
                               course("first", "2023-05-14", ONE, "CEU", "approved"),
                               course("last", "2025-08-11", ONE / 2, "CEU", "approved") };
    struct polc_record r = nasm_record(k, 7);
    decide(&nasm, &r, "2025-09-01");
    assert_int_equal(verdicts[0], POLC_C_COUNTED);
    assert_int_equal(verdicts[1], POLC_C_BEFORE_CYCLE);
    assert_int_equal(verdicts[2], POLC_C_AFTER_WINDOW);
    assert_int_equal(verdicts[3], POLC_C_UNKNOWN_UNIT);
    assert_int_equal(verdicts[4], POLC_C_PROVIDER_NOT_ACCEPTED);
    assert_int_equal(verdicts[5], POLC_C_COUNTED);
    assert_int_equal(verdicts[6], POLC_C_COUNTED);
    decide(&nasm, &r, "2025-05-01");
    assert_int_equal(verdicts[0], POLC_C_IN_FUTURE);
}

static void applied_before_cycle(void **state)
{
    (void)state;
    struct polc_record r = nasm_record(NULL, 0);
    struct polc_decision d = decide(&nasm, &r, "2023-05-13");
    assert_int_equal(d.status, POLC_INCOMPLETE);
    assert_int_equal(d.window, POLC_WINDOW_ON_TIME);
    assert_true(has_reason(&d, POLC_R_APPLIED_BEFORE_CYCLE));
}

static void feb29_start(void **state)
{
    (void)state;
    struct polc_record r = nasm_record(NULL, 0);
    r.cycle_start = day("2024-02-29");
    struct polc_decision d = decide(&nasm, &r, "2025-01-01");
    assert_int_equal(d.expires, day("2026-02-28"));
    assert_int_equal(d.next_expires, day("2028-02-29"));
    r.cycle_start = day("2026-03-01");
    d = decide(&nasm, &r, "2029-02-28");
    assert_int_equal(d.window, 1);
    d = decide(&nasm, &r, "2029-03-01");
    assert_int_equal(d.window, POLC_WINDOW_NONE);
}

static const int32_t three[] = { 1, 2, 5 }; /* CPT 45, EP 60, CIFT 15 */

static struct polc_record acsm_record(const struct polc_course *k, int32_t n)
{
    struct polc_record r = nasm_record(k, n);
    r.credentials = three;
    r.n_credentials = 3;
    r.cycle_start = day("2023-01-02");
    return r;
}

static void acsm_highest_requirement_summed_fees(void **state)
{
    (void)state;
    struct polc_course k[] = { course("C1", "2024-01-10", 60 * ONE, "CEC", "NSCA") };
    struct polc_record r = acsm_record(k, 1);
    struct polc_decision d = decide(&acsm, &r, "2026-12-31");
    assert_int_equal(d.expires, day("2026-12-31"));
    assert_int_equal(d.required, 60 * ONE);
    assert_int_equal(d.status, POLC_RENEWABLE);
    assert_int_equal(d.path, 0);
    assert_int_equal(d.fee_total, (45 + 55 + 35) * ONE);
    assert_int_equal(d.next_expires, day("2029-12-31"));
    assert_int_equal(d.audit, 0);
}

static void acsm_exam_path(void **state)
{
    (void)state;
    struct polc_record r = acsm_record(NULL, 0);
    r.has_exam = 1;
    r.exam_passed_on = day("2026-06-01");
    struct polc_decision d = decide(&acsm, &r, "2026-07-01");
    assert_int_equal(d.status, POLC_RENEWABLE);
    assert_int_equal(d.path, 1);
    assert_int_equal(d.fee_total, 0);
    assert_int_equal(d.reasons, 0);
    r.exam_passed_on = day("2027-01-01");
    d = decide(&acsm, &r, "2026-07-01");
    assert_int_equal(d.status, POLC_INCOMPLETE);
    assert_true(has_reason(&d, POLC_R_EXAM_OUTSIDE_CYCLE));
    assert_true(has_reason(&d, POLC_R_EXAM_IN_FUTURE));
    d = decide(&acsm, &r, "2027-01-01");
    assert_int_equal(d.status, POLC_EXPIRED);
    assert_int_equal(d.window, POLC_WINDOW_NONE);
}

static void acsm_starts_jan1_and_dec31(void **state)
{
    (void)state;
    struct polc_record r = acsm_record(NULL, 0);
    r.cycle_start = day("2023-01-01");
    assert_int_equal(decide(&acsm, &r, "2024-01-01").expires, day("2025-12-31"));
    r.cycle_start = day("2023-12-31");
    assert_int_equal(decide(&acsm, &r, "2024-01-01").expires, day("2026-12-31"));
}

static void category_maximum_caps(void **state)
{
    (void)state;
    struct polc_course k[] = { course("B1", "2023-06-01", 4 * ONE / 10, "CEU", "x"),
                               course("B2", "2023-06-02", 4 * ONE / 10, "CEU", "x"),
                               course("B3", "2023-06-03", 4 * ONE / 10, "CEU", "x"),
                               course("E1", "2023-06-04", 14 * ONE / 10, "CEU", "x") };
    for (int i = 0; i < 3; i++)
        k[i].category = str("business");
    k[3].category = str("ethics");
    struct polc_record r = nasm_record(k, 4);
    struct polc_decision d = decide(&cats, &r, "2024-01-01");
    assert_int_equal(verdicts[0], POLC_C_COUNTED);
    assert_int_equal(verdicts[1], POLC_C_COUNTED);
    assert_int_equal(verdicts[2], POLC_C_CATEGORY_LIMIT);
    assert_int_equal(d.earned, 19 * ONE / 10);
    assert_int_equal(d.status, POLC_INCOMPLETE);
    assert_true(has_reason(&d, POLC_R_UNITS_SHORT));
    assert_false(has_reason(&d, POLC_R_CATEGORY_SHORT));
}

static void category_minimum_required(void **state)
{
    (void)state;
    struct polc_course k[] = { course("G", "2023-06-01", 3 * ONE, "CEU", "x") };
    struct polc_record r = nasm_record(k, 1);
    struct polc_decision d = decide(&cats, &r, "2024-01-01");
    assert_int_equal(d.status, POLC_INCOMPLETE);
    assert_true(has_reason(&d, POLC_R_CATEGORY_SHORT));
    assert_false(has_reason(&d, POLC_R_UNITS_SHORT));
    assert_int_equal(d.categories_short, 2);
}

static void audit_hash_vectors(void **state)
{
    (void)state;
    assert_true(polc_audit_hash("nasm-cpt", str("T-000012"), day("2025-05-14")) ==
                0x305abba387d97c2dull);
    assert_true(polc_audit_hash("nasm-cpt", str("T-000123"), day("2025-05-13")) ==
                0x287f8b7865c938c9ull);
}

static void table_version_is_checked(void **state)
{
    (void)state;
    struct polc_policy p = nasm.model.p;
    char err[256];
    assert_int_equal(polc_check_table(&p, err, sizeof err), 0);
    p.version = POLC_TABLE_VERSION + 1;
    assert_int_equal(polc_check_table(&p, err, sizeof err), -1);
    assert_non_null(strstr(err, "table format 2"));
    struct polc_record r = nasm_record(NULL, 0);
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    assert_int_equal(polc_eval(&p, &r, day("2025-01-01"), &d), -1);
    p.version = POLC_TABLE_VERSION;
    p.magic = 0;
    assert_int_equal(polc_check_table(&p, err, sizeof err), -1);
}

/* records.md's example, byte for byte, through reader, evaluator, writer. */
static void records_md_example(void **state)
{
    (void)state;
    const char *line =
        "{\"id\": \"T-000123\", \"credentials\": [\"CPT\"], \"cycle_start\": \"2023-05-14\","
        " \"applied_on\": \"2025-05-01\", \"cpr_aed\": {\"valid_until\": \"2026-01-31\"},"
        " \"courses\": [{\"id\": \"C1\", \"completed_on\": \"2024-01-10\", \"amount\": \"0.5\","
        " \"unit\": \"CEU\", \"provider\": \"approved\"}, {\"id\": \"C2\", \"completed_on\":"
        " \"2024-02-01\", \"amount\": 4, \"unit\": \"hours\", \"provider\": \"petition\","
        " \"petition\": \"pending\"}]}";
    const char *want =
        "{\"id\":\"T-000123\",\"policy\":\"nasm-cpt\",\"as_of\":\"2025-05-01\",\"cycle\":{\"start\":"
        "\"2023-05-14\",\"expires\":\"2025-05-13\"},\"window\":\"on_time\",\"status\":\"incomplete\","
        "\"path\":\"ceu\",\"units\":{\"unit\":\"CEU\",\"required\":\"2.0\",\"earned\":\"0.6\","
        "\"missing\":\"1.4\"},\"cpr_aed\":\"valid\",\"fees\":[{\"name\":\"renewal\",\"amount\":"
        "\"99.00\"},{\"name\":\"petition\",\"amount\":\"25.00\",\"count\":1}],\"fee_total\":"
        "\"124.00\",\"currency\":\"USD\",\"audit\":null,\"next_expires\":null,\"reasons\":[{\"code\":"
        "\"units_short\",\"message\":\"1.4 CEU missing of 2.0\"},{\"code\":\"petition_pending\","
        "\"course\":\"C2\",\"message\":\"petition for course C2 is pending: it counts once "
        "approved\"}]}\n";
    struct polc_reader *rd = polc_reader_new(&nasm.model.p);
    assert_non_null(rd);
    struct polc_record r;
    struct polc_line_error e;
    polc_date applied;
    assert_int_equal(polc_read_record(rd, line, strlen(line), 0, 0, &r, &applied, &e), 0);
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    d.courses = verdicts;
    assert_int_equal(polc_eval(&nasm.model.p, &r, applied, &d), 0);
    struct polc_buf b = { 0 };
    polc_write_decision(&b, &nasm.model.p, &r, &d);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.ptr, want, b.len);
    polc_buf_free(&b);
    polc_reader_free(rd);
}

static void error_line_shape(void **state)
{
    (void)state;
    struct polc_line_error e;
    memset(&e, 0, sizeof e);
    e.code = "bad_date";
    strcpy(e.field, "courses[2].completed_on");
    strcpy(e.message, "not a \"date\"");
    e.id = str("T-9");
    struct polc_buf b = { 0 };
    polc_write_error(&b, 7, &e);
    const char *want = "{\"line\":7,\"id\":\"T-9\",\"error\":{\"code\":\"bad_date\",\"field\":"
                       "\"courses[2].completed_on\",\"message\":\"not a \\\"date\\\"\"}}\n";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.ptr, want, b.len);
    polc_buf_free(&b);
}

/* Many threads, one table: every decision equals the sequential one. */
struct job { const struct polc_policy *p; int start; int ok; };

static struct polc_decision job_decision(const struct polc_policy *p, int i, uint8_t *v)
{
    struct polc_course k[2] = { course("A", "2024-01-10", (i % 25) * ONE / 10, "CEU", "approved"),
                                course("B", "2024-02-10", (i % 7) * ONE, "hours", "petition") };
    k[1].petition = (enum polc_petition)(1 + i % 3);
    struct polc_record r = nasm_record(k, 2);
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    d.courses = v;
    polc_eval(p, &r, day("2025-01-01") + i % 500, &d);
    d.courses = NULL;
    return d;
}

static void *run_job(void *arg)
{
    struct job *j = arg;
    uint8_t v[2];
    j->ok = 1;
    for (int i = 0; i < 20000; i++) {
        struct polc_decision a = job_decision(j->p, (i + j->start) % 20000, v);
        struct polc_decision b = job_decision(j->p, (i + j->start) % 20000, v);
        j->ok &= memcmp(&a, &b, sizeof a) == 0;
    }
    return NULL;
}

static void threads_share_a_table(void **state)
{
    (void)state;
    pthread_t t[4];
    struct job j[4];
    for (int i = 0; i < 4; i++) {
        j[i] = (struct job){ &nasm.model.p, i * 5000, 0 };
        assert_int_equal(pthread_create(&t[i], NULL, run_job, &j[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_true(j[i].ok);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renewable_on_time), cmocka_unit_test(rounding_against_the_trainer),
        cmocka_unit_test(hours_convert_to_units), cmocka_unit_test(late_window_adds_late_fee),
        cmocka_unit_test(reinstatement_is_cumulative), cmocka_unit_test(too_late_to_complete),
        cmocka_unit_test(card_can_come_late), cmocka_unit_test(card_states),
        cmocka_unit_test(petitions_count_and_charge), cmocka_unit_test(course_verdicts_in_order),
        cmocka_unit_test(applied_before_cycle), cmocka_unit_test(feb29_start),
        cmocka_unit_test(acsm_highest_requirement_summed_fees), cmocka_unit_test(acsm_exam_path),
        cmocka_unit_test(acsm_starts_jan1_and_dec31), cmocka_unit_test(category_maximum_caps),
        cmocka_unit_test(category_minimum_required), cmocka_unit_test(audit_hash_vectors),
        cmocka_unit_test(table_version_is_checked), cmocka_unit_test(records_md_example),
        cmocka_unit_test(error_line_shape), cmocka_unit_test(threads_share_a_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
