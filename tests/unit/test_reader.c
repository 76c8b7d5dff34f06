/* test_reader.c - the record reader against records.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "polc.h"

static const struct polc_credential test_credentials[] = {
    {"CPT", "Certified Personal Trainer", 20000000, 0, 0},
    {"EP", "Exercise Physiologist", 20000000, 0, 0},
};

static const struct polc_policy test_policy = {
    .magic = POLC_MAGIC,
    .version = POLC_TABLE_VERSION,
    .name = "test",
    .credentials = test_credentials,
    .n_credentials = 2,
    .cycle = {2, POLC_YEARS, POLC_ANCHOR_ANNIVERSARY, POLC_LEAP_MAR1},
};

/* ------------------------------------------------------------------ */
/* Fixture and helpers                                                 */
/* ------------------------------------------------------------------ */

struct fixture {
    struct polc_reader *rd;
    struct polc_record rec;
    struct polc_line_error err;
    polc_date applied;
    polc_date as_of;
    int has_as_of;
    char line[8192];
    size_t len;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->rd = polc_reader_new(&test_policy);
    f->as_of = polc_days_from_civil(2025, 6, 1);
    f->has_as_of = 1;
    *state = f;
    return f->rd ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    polc_reader_free(f->rd);
    free(f);
    return 0;
}

static polc_date ymd(int y, int m, int d)
{
    return polc_days_from_civil(y, m, d);
}

static int read_n(struct fixture *f, const char *line, size_t len)
{
    return polc_read_record(f->rd, line, len, f->has_as_of, f->as_of, &f->rec,
                            &f->applied, &f->err);
}

static void expect_good_n(struct fixture *f, const char *line, size_t len)
{
    int r = read_n(f, line, len);
    if (r != 0)
        print_message("line %.200s\n  gave %s at \"%s\": %s\n", line,
                      f->err.code, f->err.field, f->err.message);
    assert_int_equal(r, 0);
}

static void expect_good(struct fixture *f, const char *line)
{
    expect_good_n(f, line, strlen(line));
}

static void expect_bad_n(struct fixture *f, const char *line, size_t len,
                         const char *code, const char *field)
{
    int r = read_n(f, line, len);
    if (r != 1 || strcmp(f->err.code, code) != 0 ||
        strcmp(f->err.field, field) != 0)
        print_message("line %.200s\n  want %s at \"%s\", got %d %s at \"%s\"\n",
                      line, code, field, r, r ? f->err.code : "-",
                      r ? f->err.field : "-");
    assert_int_equal(r, 1);
    assert_string_equal(f->err.code, code);
    assert_string_equal(f->err.field, field);
    assert_true(f->err.message[0] != '\0');
}

static void expect_bad(struct fixture *f, const char *line, const char *code,
                       const char *field)
{
    expect_bad_n(f, line, strlen(line), code, field);
}

static void expect_id(struct fixture *f, const char *id)
{
    if (id == NULL) {
        assert_null(f->err.id.ptr);
        return;
    }
    assert_non_null(f->err.id.ptr);
    assert_int_equal(f->err.id.len, strlen(id));
    assert_memory_equal(f->err.id.ptr, id, strlen(id));
}

static void expect_str(struct polc_str s, const char *want)
{
    assert_non_null(s.ptr);
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.ptr, want, s.len);
}

/* A record built from fields; one field replaced, added or removed. */
struct kv { const char *key, *value; };

static const struct kv record_fields[] = {
    {"id", "\"T-1\""},
    {"credentials", "[\"CPT\"]"},
    {"cycle_start", "\"2023-05-14\""},
    {"applied_on", "\"2025-05-01\""},
    {"cpr_aed", "{\"valid_until\":\"2026-01-31\",\"completed_on\":\"2024-01-31\"}"},
    {"courses", NULL}, /* filled in: GOOD_COURSE, then course_fields */
    {"exam_passed_on", "\"2024-06-01\""},
};

/* A course of provider Acme, then `more` fields; in courses[1]. */
#define ACME(more) "[" GOOD_COURSE ",{\"completed_on\":\"2024-02-01\",\"amount\":4," \
                   "\"unit\":\"hours\",\"provider\":\"Acme\"" more "}]"

#define GOOD_COURSE "{\"completed_on\":\"2024-01-10\",\"amount\":\"0.5\"," \
                    "\"unit\":\"CEU\",\"provider\":\"approved\"}"

static const struct kv course_fields[] = {
    {"id", "\"C2\""},
    {"completed_on", "\"2024-02-01\""},
    {"amount", "4"},
    {"unit", "\"hours\""},
    {"provider", "\"petition\""},
    {"petition", "\"pending\""},
    {"category", "\"ethics\""},
};

struct text { char *buf; size_t len, size; };

static void add(struct text *t, const char *s)
{
    size_t n = strlen(s);
    assert_true(t->len + n < t->size);
    memcpy(t->buf + t->len, s, n + 1);
    t->len += n;
}

/* {"k":v,...}: `name` gets `value` (NULL: left out; not there: added). */
static void object(struct text *t, const struct kv *kv, size_t n,
                   const char *name, const char *value, const char *courses)
{
    size_t i;
    int first = 1, seen = 0;
    add(t, "{");
    for (i = 0; i <= n; i++) {
        const char *key = i < n ? kv[i].key : name, *v = i < n ? kv[i].value : value;
        if (i == n && (seen || name == NULL || value == NULL))
            break;
        if (i < n && strcmp(key, "courses") == 0)
            v = courses;
        if (i < n && name != NULL && strcmp(key, name) == 0) {
            v = value;
            seen = 1;
        }
        if (v == NULL)
            continue;
        add(t, first ? "\"" : ",\"");
        add(t, key);
        add(t, "\":");
        add(t, v);
        first = 0;
    }
    add(t, "}");
}

/* The good record with `name` (or "course.NAME", in courses[1]) set to
 * `value`; NULL removes it. */
static const char *record_with(struct fixture *f, const char *name,
                               const char *value)
{
    char course[1024], courses[1200];
    struct text c = {course, 0, sizeof course}, t = {f->line, 0, sizeof f->line};
    int in_course = strncmp(name, "course.", 7) == 0;
    object(&c, course_fields, 7, in_course ? name + 7 : NULL, value, NULL);
    snprintf(courses, sizeof courses, "[%s,%s]", GOOD_COURSE, course);
    object(&t, record_fields, 7, in_course ? NULL : name, value, courses);
    return f->line;
}

static void expect_field(struct fixture *f, const char *name, const char *value,
                         const char *code, const char *field)
{
    expect_bad(f, record_with(f, name, value), code, field);
    expect_id(f, strcmp(name, "id") == 0 ? NULL : "T-1");
}

/* ------------------------------------------------------------------ */
/* Good records                                                        */
/* ------------------------------------------------------------------ */

static void good_record_all_fields(void **state)
{
    struct fixture *f = *state;
    const struct polc_course *c;
    expect_good(f, "{\"id\":\"T-000123\",\"credentials\":[\"EP\",\"CPT\",\"EP\"],"
                   "\"cycle_start\":\"2023-05-14\",\"applied_on\":\"2025-05-01\","
                   "\"cpr_aed\":{\"valid_until\":\"2026-01-31\",\"completed_on\":\"2024-01-31\"},"
                   "\"courses\":[{\"id\":\"C1\",\"completed_on\":\"2024-01-10\",\"amount\":\"0.5\","
                   "\"unit\":\"CEU\",\"provider\":\"approved\",\"category\":\"ethics\"},"
                   "{\"completed_on\":\"2024-02-01\",\"amount\":4,\"unit\":\"hours\","
                   "\"provider\":\"petition\",\"petition\":\"pending\"},"
                   "{\"completed_on\":\"2024-02-02\",\"amount\":5e-1,\"unit\":\"h\","
                   "\"provider\":\"petition\",\"petition\":\"approved\"},"
                   "{\"completed_on\":\"2024-02-03\",\"amount\":1.500000000,\"unit\":\"h\","
                   "\"provider\":\"Acme\",\"petition\":\"denied\"}],"
                   "\"exam_passed_on\":\"2024-06-01\",\"notes\":[null,{\"x\":true}]}");
    expect_str(f->rec.id, "T-000123");
    assert_int_equal(f->rec.n_credentials, 2);
    assert_int_equal(f->rec.credentials[0], 1);
    assert_int_equal(f->rec.credentials[1], 0);
    assert_int_equal(f->rec.cycle_start, ymd(2023, 5, 14));
    assert_int_equal(f->rec.has_applied_on, 1);
    assert_int_equal(f->rec.applied_on, ymd(2025, 5, 1));
    assert_int_equal(f->applied, ymd(2025, 5, 1));
    assert_int_equal(f->rec.has_card, 1);
    assert_int_equal(f->rec.card_valid_until, ymd(2026, 1, 31));
    assert_int_equal(f->rec.has_card_completed, 1);
    assert_int_equal(f->rec.card_completed_on, ymd(2024, 1, 31));
    assert_int_equal(f->rec.has_exam, 1);
    assert_int_equal(f->rec.exam_passed_on, ymd(2024, 6, 1));
    assert_int_equal(f->rec.n_courses, 4);
    c = f->rec.courses;
    expect_str(c[0].id, "C1");
    assert_int_equal(c[0].completed_on, ymd(2024, 1, 10));
    assert_int_equal(c[0].amount, 500000);
    expect_str(c[0].unit, "CEU");
    expect_str(c[0].provider, "approved");
    assert_int_equal(c[0].petition, POLC_PETITION_NONE);
    expect_str(c[0].category, "ethics");
    assert_null(c[1].id.ptr);
    assert_int_equal(c[1].amount, 4000000);
    expect_str(c[1].unit, "hours");
    expect_str(c[1].provider, "petition");
    assert_int_equal(c[1].petition, POLC_PETITION_PENDING);
    assert_null(c[1].category.ptr);
    assert_int_equal(c[2].amount, 500000);
    assert_int_equal(c[2].petition, POLC_PETITION_APPROVED);
    assert_int_equal(c[3].amount, 1500000);
    assert_int_equal(c[3].petition, POLC_PETITION_DENIED);
}

static void good_record_minimal(void **state)
{
    struct fixture *f = *state;
    expect_good(f, "{\"id\":\"\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
                   "\"cpr_aed\":null,\"exam_passed_on\":null}");
    expect_str(f->rec.id, "");
    assert_int_equal(f->rec.has_applied_on, 0);
    assert_int_equal(f->applied, f->as_of);
    assert_int_equal(f->rec.has_card, 0);
    assert_int_equal(f->rec.has_exam, 0);
    assert_int_equal(f->rec.n_courses, 0);
    expect_good(f, "{\"id\":\"a\",\"credentials\":[\"EP\"],\"cycle_start\":\"2023-05-14\","
                   "\"cpr_aed\":{\"valid_until\":\"2026-01-31\"},\"courses\":[]}");
    assert_int_equal(f->rec.has_card, 1);
    assert_int_equal(f->rec.has_card_completed, 0);
    assert_int_equal(f->rec.n_courses, 0);
}

static void good_record_builder(void **state)
{
    struct fixture *f = *state;
    expect_good(f, record_with(f, "x", "1"));
    assert_int_equal(f->rec.n_courses, 2);
    expect_str(f->rec.courses[1].category, "ethics");
}

static void strings_are_unescaped(void **state)
{
    struct fixture *f = *state;
    static const char line[] = "{\"id\":\"a\\u0000b\\\"\\\\\",\"credentials\":[\"C\\u0050T\"],"
                               "\"cycle_start\":\"2023-05-14\",\"courses\":[{\"completed_on\":"
                               "\"2024-01-10\",\"amount\":1,\"unit\":\"\\u00b5h\",\"provider\":"
                               "\"caf\\u00e9 \\ud83d\\ude00\",\"id\":\"\\/\"}]}";
    expect_good(f, line);
    assert_int_equal(f->rec.id.len, 5);
    assert_memory_equal(f->rec.id.ptr, "a\0b\"\\", 5);
    assert_int_equal(f->rec.credentials[0], 0);
    expect_str(f->rec.courses[0].unit, "\xc2\xb5h");
    expect_str(f->rec.courses[0].provider, "caf\xc3\xa9 \xf0\x9f\x98\x80");
    expect_str(f->rec.courses[0].id, "/");
}

static void unknown_fields_ignored(void **state)
{
    struct fixture *f = *state;
    expect_good(f, "{\"id\":\"a\",\"zz\":null,\"credentials\":[\"CPT\"],\"cycle_start\":"
                   "\"2023-05-14\",\"cpr_aed\":{\"valid_until\":\"2026-01-31\",\"x\":null},"
                   "\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":1,\"unit\":\"h\","
                   "\"provider\":\"p\",\"notes\":null,\"more\":{\"id\":5}}],"
                   "\"extra\":{\"a\":[1,2.5e3,{\"b\":null}],\"id\":7}}");
    expect_str(f->rec.id, "a");
}

static void reader_reuse(void **state)
{
    struct fixture *f = *state;
    int i;
    for (i = 0; i < 50; i++) {
        expect_good(f, record_with(f, "id", i % 2 ? "\"odd\"" : "\"even\\n\""));
        expect_str(f->rec.id, i % 2 ? "odd" : "even\n");
        expect_bad(f, record_with(f, "course.amount", "\"x\""), "bad_amount",
                   "courses[1].amount");
        expect_bad(f, "{\"a\":", "bad_json", "");
    }
}

/* ------------------------------------------------------------------ */
/* Missing, null, wrong type                                           */
/* ------------------------------------------------------------------ */

static void missing_fields(void **state)
{
    struct fixture *f = *state;
    expect_field(f, "id", NULL, "missing_field", "id");
    expect_field(f, "credentials", NULL, "missing_field", "credentials");
    expect_field(f, "cycle_start", NULL, "missing_field", "cycle_start");
    expect_field(f, "cpr_aed", "{\"completed_on\":\"2024-01-31\"}", "missing_field",
                 "cpr_aed.valid_until");
    expect_field(f, "course.completed_on", NULL, "missing_field",
                 "courses[1].completed_on");
    expect_field(f, "course.amount", NULL, "missing_field", "courses[1].amount");
    expect_field(f, "course.unit", NULL, "missing_field", "courses[1].unit");
    expect_field(f, "course.provider", NULL, "missing_field", "courses[1].provider");
    expect_field(f, "course.petition", NULL, "missing_field", "courses[1].petition");
}

static void optional_fields_absent(void **state)
{
    struct fixture *f = *state;
    expect_good(f, record_with(f, "applied_on", NULL));
    expect_good(f, record_with(f, "cpr_aed", NULL));
    assert_int_equal(f->rec.has_card, 0);
    expect_good(f, record_with(f, "courses", NULL));
    expect_good(f, record_with(f, "exam_passed_on", NULL));
    assert_int_equal(f->rec.has_exam, 0);
    expect_good(f, record_with(f, "course.id", NULL));
    assert_null(f->rec.courses[1].id.ptr);
    expect_good(f, record_with(f, "course.category", NULL));
    assert_null(f->rec.courses[1].category.ptr);
    expect_good(f, record_with(f, "cpr_aed", "{\"valid_until\":\"2026-01-31\"}"));
    assert_int_equal(f->rec.has_card_completed, 0);
}

static void null_fields(void **state)
{
    struct fixture *f = *state;
    static const char *const fields[][2] = {
        {"id", "id"}, {"credentials", "credentials"},
        {"cycle_start", "cycle_start"}, {"applied_on", "applied_on"},
        {"courses", "courses"}, {"course.id", "courses[1].id"},
        {"course.completed_on", "courses[1].completed_on"},
        {"course.amount", "courses[1].amount"}, {"course.unit", "courses[1].unit"},
        {"course.provider", "courses[1].provider"},
        {"course.petition", "courses[1].petition"},
        {"course.category", "courses[1].category"},
    };
    size_t i;
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        expect_field(f, fields[i][0], "null", "missing_field", fields[i][1]);
    expect_field(f, "credentials", "[null]", "missing_field", "credentials[0]");
    expect_field(f, "credentials", "[\"CPT\",null]", "missing_field", "credentials[1]");
    expect_field(f, "courses", "[" GOOD_COURSE ",null]", "missing_field", "courses[1]");
    expect_field(f, "cpr_aed", "{\"valid_until\":null}", "missing_field",
                 "cpr_aed.valid_until");
    expect_field(f, "cpr_aed", "{\"valid_until\":\"2026-01-31\",\"completed_on\":null}",
                 "missing_field", "cpr_aed.completed_on");
    expect_field(f, "courses", ACME(",\"petition\":null"), "missing_field",
                 "courses[1].petition");
    expect_good(f, record_with(f, "cpr_aed", "null"));
    assert_int_equal(f->rec.has_card, 0);
    expect_good(f, record_with(f, "exam_passed_on", "null"));
    assert_int_equal(f->rec.has_exam, 0);
}

static void wrong_types(void **state)
{
    struct fixture *f = *state;
    static const char *const cases[][3] = {
        {"id", "5", "id"}, {"id", "[\"T\"]", "id"},
        {"credentials", "\"CPT\"", "credentials"},
        {"credentials", "{\"CPT\":1}", "credentials"},
        {"credentials", "[5]", "credentials[0]"},
        {"credentials", "[\"CPT\",[\"EP\"]]", "credentials[1]"},
        {"cycle_start", "20230514", "cycle_start"},
        {"applied_on", "true", "applied_on"},
        {"cpr_aed", "\"2026-01-31\"", "cpr_aed"}, {"cpr_aed", "[]", "cpr_aed"},
        {"cpr_aed", "{\"valid_until\":5}", "cpr_aed.valid_until"},
        {"cpr_aed", "{\"valid_until\":\"2026-01-31\",\"completed_on\":{}}",
         "cpr_aed.completed_on"},
        {"courses", "{}", "courses"}, {"courses", "\"x\"", "courses"},
        {"courses", "[" GOOD_COURSE ",5]", "courses[1]"},
        {"courses", "[[]]", "courses[0]"},
        {"course.id", "7", "courses[1].id"},
        {"course.completed_on", "[]", "courses[1].completed_on"},
        {"course.amount", "true", "courses[1].amount"},
        {"course.amount", "[1]", "courses[1].amount"},
        {"course.amount", "{}", "courses[1].amount"},
        {"course.unit", "1", "courses[1].unit"},
        {"course.provider", "false", "courses[1].provider"},
        {"course.petition", "1", "courses[1].petition"},
        {"course.category", "[]", "courses[1].category"},
        {"exam_passed_on", "5", "exam_passed_on"},
        {"exam_passed_on", "false", "exam_passed_on"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_field(f, cases[i][0], cases[i][1], "wrong_type", cases[i][2]);
    expect_field(f, "courses", ACME(",\"petition\":true"), "wrong_type",
                 "courses[1].petition");
}

/* ------------------------------------------------------------------ */
/* Values, dates, amounts, credentials                                 */
/* ------------------------------------------------------------------ */

static void bad_dates(void **state)
{
    struct fixture *f = *state;
    static const char *const cases[][3] = {
        {"cycle_start", "\"2025-02-29\"", "cycle_start"},
        {"cycle_start", "\"2023-5-14\"", "cycle_start"},
        {"applied_on", "\"2023-13-01\"", "applied_on"},
        {"applied_on", "\"\"", "applied_on"},
        {"cpr_aed", "{\"valid_until\":\"2026-01-32\"}", "cpr_aed.valid_until"},
        {"cpr_aed", "{\"valid_until\":\"2026-01-31\",\"completed_on\":\"0000-01-01\"}",
         "cpr_aed.completed_on"},
        {"course.completed_on", "\"2024-01-10T00:00\"", "courses[1].completed_on"},
        {"course.completed_on", "\" 2024-01-10\"", "courses[1].completed_on"},
        {"course.completed_on", "\"2024-01-1\\u0000\"", "courses[1].completed_on"},
        {"exam_passed_on", "\"yesterday\"", "exam_passed_on"},
        {"exam_passed_on", "\"2100-02-29\"", "exam_passed_on"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_field(f, cases[i][0], cases[i][1], "bad_date", cases[i][2]);
    expect_field(f, "cycle_start", "\"2023-02-29\"", "bad_date", "cycle_start");
    assert_string_equal(f->err.message, "cycle_start: not a real YYYY-MM-DD date");
    expect_good(f, record_with(f, "exam_passed_on", "\"2024-02-29\""));
    expect_good(f, record_with(f, "applied_on", "\"0001-01-01\""));
    expect_good(f, record_with(f, "applied_on", "\"9999-12-31\""));
}

static void cycle_start_near_9999(void **state)
{
    struct fixture *f = *state;
    /* 2 years: 9996-01-01 ends 9997-12-31, the next cycle 9999-12-31. */
    expect_good(f, record_with(f, "cycle_start", "\"9996-01-01\""));
    expect_field(f, "cycle_start", "\"9996-01-02\"", "bad_date", "cycle_start");
    expect_field(f, "cycle_start", "\"9998-06-01\"", "bad_date", "cycle_start");
    expect_field(f, "cycle_start", "\"9999-12-31\"", "bad_date", "cycle_start");
    expect_good(f, record_with(f, "cycle_start", "\"0001-01-01\""));
}

static void cycle_anchors_near_9999(void **state)
{
    struct fixture *f = *state;
    struct polc_policy p = test_policy;
    struct polc_reader *keep = f->rd;
    p.cycle.anchor = POLC_ANCHOR_DEC31;
    f->rd = polc_reader_new(&p);
    assert_non_null(f->rd);
    /* ends 9997-12-31, then 9999-12-31 */
    expect_good(f, record_with(f, "cycle_start", "\"9996-01-01\""));
    /* ends 9998-12-31, then 10000-12-31 */
    expect_field(f, "cycle_start", "\"9996-01-02\"", "bad_date", "cycle_start");
    polc_reader_free(f->rd);
    p.cycle = (struct polc_cycle){18, POLC_MONTHS, POLC_ANCHOR_END_OF_MONTH,
                                  POLC_LEAP_FEB28};
    f->rd = polc_reader_new(&p);
    assert_non_null(f->rd);
    /* 9997-01-15: ends 9998-07-31, then 10000-01-31 */
    expect_field(f, "cycle_start", "\"9997-01-15\"", "bad_date", "cycle_start");
    /* 9996-12-31: ends 9998-06-30, then 9999-12-31 */
    expect_good(f, record_with(f, "cycle_start", "\"9996-12-31\""));
    polc_reader_free(f->rd);
    f->rd = keep;
}

struct amount_case { const char *text; const char *code; polc_dec value; };

static void amounts(void **state)
{
    struct fixture *f = *state;
    static const struct amount_case cases[] = {
        {"\"0.5\"", NULL, 500000}, {"4", NULL, 4000000}, {"5e-1", NULL, 500000},
        {"1.500000000", NULL, 1500000}, {"\"1.500000000\"", NULL, 1500000},
        {"0", NULL, 0}, {"\"0\"", NULL, 0}, {"\"007\"", NULL, 7000000},
        {"999999.999999", NULL, 999999999999}, {"\"999999.999999\"", NULL, 999999999999},
        {"0.000001", NULL, 1}, {"25E-2", NULL, 250000}, {"1e+2", NULL, 100000000},
        {"\"-0\"", "bad_amount", 0}, {"-0", "bad_amount", 0},
        {"-1", "bad_amount", 0}, {"\"-1\"", "bad_amount", 0},
        {"\"5.\"", "bad_amount", 0}, {"\".5\"", "bad_amount", 0},
        {"\"1e6\"", "bad_amount", 0}, {"\"\"", "bad_amount", 0},
        {"\" 1\"", "bad_amount", 0}, {"\"1,5\"", "bad_amount", 0},
        {"\"+1\"", "bad_amount", 0}, {"\"0x10\"", "bad_amount", 0},
        {"1e6", "amount_out_of_range", 0}, {"1000000", "amount_out_of_range", 0},
        {"\"1000000\"", "amount_out_of_range", 0},
        {"\"999999.9999999\"", "amount_out_of_range", 0},
        {"999999.9999999", "amount_out_of_range", 0},
        {"0.0000001", "amount_out_of_range", 0},
        {"1e400", "amount_out_of_range", 0},
        {"123456789012345678901234", "amount_out_of_range", 0},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].code == NULL) {
            expect_good(f, record_with(f, "course.amount", cases[i].text));
            assert_int_equal(f->rec.courses[1].amount, cases[i].value);
        } else {
            expect_field(f, "course.amount", cases[i].text, cases[i].code,
                         "courses[1].amount");
        }
    }
}

static void credentials(void **state)
{
    struct fixture *f = *state;
    expect_field(f, "credentials", "[\"NOPE\"]", "unknown_credential", "credentials[0]");
    expect_field(f, "credentials", "[\"CPT\",\"cpt\"]", "unknown_credential",
                 "credentials[1]");
    expect_field(f, "credentials", "[\"CPT\\u0000\"]", "unknown_credential",
                 "credentials[0]");
    expect_field(f, "credentials", "[\"CP\"]", "unknown_credential", "credentials[0]");
    expect_field(f, "credentials", "[]", "bad_value", "credentials");
    expect_good(f, record_with(f, "credentials", "[\"EP\",\"CPT\",\"EP\",\"CPT\"]"));
    assert_int_equal(f->rec.n_credentials, 2);
    assert_int_equal(f->rec.credentials[0], 1);
    assert_int_equal(f->rec.credentials[1], 0);
    expect_good(f, record_with(f, "credentials", "[\"CPT\",\"CPT\"]"));
    assert_int_equal(f->rec.n_credentials, 1);
    assert_int_equal(f->rec.credentials[0], 0);
}

static void providers_and_petitions(void **state)
{
    struct fixture *f = *state;
    expect_field(f, "course.provider", "\"\"", "bad_value", "courses[1].provider");
    expect_field(f, "course.petition", "\"maybe\"", "bad_value", "courses[1].petition");
    expect_field(f, "course.petition", "\"Pending\"", "bad_value", "courses[1].petition");
    expect_field(f, "courses", ACME(",\"petition\":\"maybe\""), "bad_value",
                 "courses[1].petition");
    expect_good(f, record_with(f, "courses", ACME("")));
    assert_int_equal(f->rec.courses[1].petition, POLC_PETITION_NONE);
    expect_good(f, record_with(f, "courses", ACME(",\"petition\":\"approved\"")));
    assert_int_equal(f->rec.courses[1].petition, POLC_PETITION_APPROVED);
    /* only the exact provider "petition" needs a petition */
    expect_good(f, "{\"id\":\"a\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
                   "\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":1,"
                   "\"unit\":\"h\",\"provider\":\"Petition\"}]}");
    assert_int_equal(f->rec.courses[0].petition, POLC_PETITION_NONE);
    expect_bad(f, "{\"id\":\"a\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\","
                  "\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":1,"
                  "\"unit\":\"h\",\"provider\":\"petition\"}]}",
               "missing_field", "courses[0].petition");
}

static void application_date(void **state)
{
    struct fixture *f = *state;
    expect_good(f, record_with(f, "applied_on", NULL));
    assert_int_equal(f->rec.has_applied_on, 0);
    assert_int_equal(f->applied, f->as_of);
    f->has_as_of = 0;
    expect_field(f, "applied_on", NULL, "no_application_date", "applied_on");
    expect_good(f, record_with(f, "x", "0"));
    assert_int_equal(f->applied, ymd(2025, 5, 1));
    /* at applied_on's place: after cycle_start, before cpr_aed */
    expect_bad(f, "{\"id\":\"a\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-02-29\"}",
               "bad_date", "cycle_start");
    expect_bad(f, "{\"id\":\"a\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-02-28\","
                  "\"cpr_aed\":5}", "no_application_date", "applied_on");
    expect_id(f, "a");
}

/* ------------------------------------------------------------------ */
/* Order of checks                                                     */
/* ------------------------------------------------------------------ */

static void check_order(void **state)
{
    struct fixture *f = *state;
    expect_bad(f, "{\"id\":\"x\",\"credentials\":[\"NOPE\",5]}", "unknown_credential",
               "credentials[0]");
    expect_bad(f, "{\"id\":\"x\",\"credentials\":[\"CPT\",5,\"NOPE\"]}", "wrong_type",
               "credentials[1]");
    expect_bad(f, "{\"courses\":[5],\"cycle_start\":\"x\",\"id\":\"x\",\"credentials\":[]}",
               "bad_value", "credentials");
    expect_bad(f, "{\"id\":5,\"credentials\":[]}", "wrong_type", "id");
    /* a bad cycle_start and a bad course: cycle_start first */
    expect_bad(f, "{\"courses\":[{\"amount\":\"x\"}],\"id\":\"x\",\"credentials\":[\"CPT\"],"
                  "\"cycle_start\":\"2023-02-30\"}", "bad_date", "cycle_start");
    /* every field of courses[0] before courses[1]; table order inside one */
    expect_bad(f, "{\"id\":\"x\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-02-28\","
                  "\"courses\":[{\"provider\":\"\",\"amount\":\"x\",\"unit\":1,"
                  "\"completed_on\":\"2024-01-01\"},{}]}", "bad_amount", "courses[0].amount");
    expect_bad(f, "{\"id\":\"x\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-02-28\","
                  "\"courses\":[{\"amount\":\"x\",\"id\":5}]}", "wrong_type", "courses[0].id");
    expect_bad(f, "{\"id\":\"x\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-02-28\","
                  "\"courses\":[{\"amount\":\"x\"}]}", "missing_field",
               "courses[0].completed_on");
    /* all courses before exam_passed_on */
    expect_bad(f, "{\"exam_passed_on\":1,\"id\":\"x\",\"credentials\":[\"CPT\"],"
                  "\"cycle_start\":\"2023-02-28\",\"courses\":[" GOOD_COURSE ",{}]}",
               "missing_field", "courses[1].completed_on");
    /* cpr_aed before courses */
    expect_bad(f, "{\"courses\":[{}],\"id\":\"x\",\"credentials\":[\"CPT\"],"
                  "\"cycle_start\":\"2023-02-28\",\"cpr_aed\":{}}",
               "missing_field", "cpr_aed.valid_until");
}

/* ------------------------------------------------------------------ */
/* Faults of the whole line                                            */
/* ------------------------------------------------------------------ */

static void expect_bad_json_n(struct fixture *f, const char *line, size_t len)
{
    expect_bad_n(f, line, len, "bad_json", "");
    expect_id(f, NULL);
}

static void expect_bad_json(struct fixture *f, const char *line)
{
    expect_bad_json_n(f, line, strlen(line));
}

static void bad_json(void **state)
{
    struct fixture *f = *state;
    static const char *const lines[] = {
        "{\"id\":\"x\"", "{\"id\":\"x\",}", "{\"id\":\"x\",\"a\":[1,2,]}",
        "{\"id\":\"x\"} {}", "{\"id\":\"x\"}x", "{\"id\":\"x\"}{\"id\":\"y\"}",
        "{'id':\"x\"}", "{\"id\":\"x\",\"a\":01}", "{\"id\":\"x\",\"a\":.5}",
        "{\"id\":\"x\",\"a\":1.}", "{\"id\":\"x\",\"a\":NaN}", "{\"id\":\"x\"\t/**/}",
        "{\"id\":\"x\",\"a\":\"\\q\"}", "{\"id\":\"x\",\"a\":\"\\u12\"}",
        "{\"id\":\"x\",\"a\":\"tab\there\"}", "{\"id\":\"x\"}\f", "\v{\"id\":\"x\"}",
        "{\"id\":\"x\",\f\"a\":1}", "}", "x", "{\"id\":\"x\",\"a\":tru}",
        /* a string left open after the value: yajl 2.1 takes these */
        "{\"id\":\"x\"}\"", "{\"id\":\"x\"} \"abc", "{\"id\":\"x\"}\"\\\"}",
        "\"x\"\"", "5 \"", "[1]\"", "true\"",
    };
    size_t i;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        expect_bad_json(f, lines[i]);
    expect_bad_json_n(f, "{\"id\":\"x\0\"}", 11);
    expect_bad_json_n(f, "{\"id\":\"x\"}\0", 11);
    /* white space RFC 8259 allows */
    expect_good(f, " \t\r{ \"id\" :\"a\" ,\"credentials\":[ \"CPT\" ],\"cycle_start\":"
                   "\"2023-05-14\"}\r ");
}

static void bad_utf8(void **state)
{
    struct fixture *f = *state;
    static const char *const lines[] = {
        "{\"id\":\"\xff\"}",               /* never a UTF-8 byte */
        "{\"id\":\"\xc0\xaf\"}",           /* overlong '/' */
        "{\"id\":\"\xe0\x80\xaf\"}",       /* overlong, 3 bytes */
        "{\"id\":\"\xf0\x80\x80\xaf\"}",   /* overlong, 4 bytes */
        "{\"id\":\"\xc1\xbf\"}",           /* overlong 7F */
        "{\"id\":\"\xed\xa0\x80\"}",       /* encoded surrogate D800 */
        "{\"id\":\"\xed\xbf\xbf\"}",       /* encoded surrogate DFFF */
        "{\"id\":\"\xf4\x90\x80\x80\"}",   /* U+110000 */
        "{\"id\":\"\xf5\x80\x80\x80\"}",
        "{\"id\":\"\xe2\x82\"}",           /* cut short */
        "{\"id\":\"\xe2\"}",
        "{\"id\":\"\x80\"}",               /* lone continuation */
        "{\"id\":\"a\"}\xc3",              /* cut at the end of the line */
        "\xef\xbb\xbf{\"id\":\"x\"}",      /* byte-order mark */
        "{\"id\":\"x\"}\xef\xbb",
    };
    size_t i;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        expect_bad_json(f, lines[i]);
    /* the edges that are fine: U+0080, U+07FF, U+D7FF, U+E000, U+FFFF,
     * U+10000, U+10FFFF, and a BOM inside a string */
    expect_good(f, "{\"id\":\"\xc2\x80\xdf\xbf\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"
                   "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\xef\xbb\xbf\",\"credentials\":"
                   "[\"CPT\"],\"cycle_start\":\"2023-05-14\"}");
    assert_int_equal(f->rec.id.len, 24);
}

static void escaped_surrogates(void **state)
{
    struct fixture *f = *state;
    static const char *const lines[] = {
        "{\"id\":\"\\ud800\"}", "{\"id\":\"\\uDBFF\"}", "{\"id\":\"\\udc00\"}",
        "{\"id\":\"\\ud800\\u0041\"}", "{\"id\":\"\\ud800x\"}",
        "{\"id\":\"\\ud800\\ud800\"}", "{\"id\":\"\\udc00\\ud800\"}",
        "{\"id\":\"\\\\\\ud800\"}", "{\"x\":[\"\\udfff\"],\"id\":\"a\"}",
        "{\"id\":\"a\",\"\\ud800\":1}",
    };
    size_t i;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        expect_bad_json(f, lines[i]);
    expect_good(f, "{\"id\":\"\\ud83d\\ude00\\uD800\\uDC00\\\\ud800\\\\\\\\udc00\","
                   "\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\"}");
    expect_str(f->rec.id, "\xf0\x9f\x98\x80\xf0\x90\x80\x80\\ud800\\\\udc00");
}

/* A record with `levels` nested arrays in an unknown field; n >= levels. */
static char *nested(size_t levels, const char *open, const char *close)
{
    static const char head[] = "{\"id\":\"deep\",\"credentials\":[\"CPT\"],"
                               "\"cycle_start\":\"2023-05-14\",\"x\":";
    size_t h = sizeof head - 1, i;
    char *s = malloc(h + 2 * levels + 2);
    assert_non_null(s);
    memcpy(s, head, h);
    for (i = 0; i < levels; i++)
        s[h + i] = open[0];
    for (i = 0; i < levels; i++)
        s[h + levels + i] = close[0];
    s[h + 2 * levels] = '}';
    s[h + 2 * levels + 1] = '\0';
    return s;
}

static void depth(void **state)
{
    struct fixture *f = *state;
    char *s = nested(63, "[", "]"); /* the record object is level 1 */
    expect_good(f, s);
    free(s);
    s = nested(64, "[", "]");
    expect_bad(f, s, "too_deep", "");
    expect_id(f, "deep");
    free(s);
    s = nested(100000, "[", "]");
    expect_bad(f, s, "too_deep", "");
    expect_id(f, "deep");
    free(s);
    s = nested(64, "[", "}"); /* bad JSON beats too_deep */
    expect_bad_json(f, s);
    free(s);
}

static void depth_of_objects(void **state)
{
    struct fixture *f = *state;
    char line[2048];
    size_t n = 0;
    int i;
    for (i = 0; i < 64; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, "{\"id\":\"d%d\",\"k\":", i);
    n += (size_t)snprintf(line + n, sizeof line - n, "1");
    for (i = 0; i < 64; i++)
        line[n++] = '}';
    line[n] = '\0';
    expect_bad(f, line, "missing_field", "credentials"); /* 64 levels */
    n = 0;
    for (i = 0; i < 65; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, "{\"id\":\"d%d\",\"k\":", i);
    n += (size_t)snprintf(line + n, sizeof line - n, "1");
    for (i = 0; i < 65; i++)
        line[n++] = '}';
    line[n] = '\0';
    expect_bad(f, line, "too_deep", "");
    expect_id(f, "d0");
    /* an array at the top: too_deep is decided before not_an_object */
    memset(line, '[', 65);
    memset(line + 65, ']', 65);
    line[130] = '\0';
    expect_bad(f, line, "too_deep", "");
    expect_id(f, NULL);
    line[129] = '\0';
    expect_bad(f, line + 1, "not_an_object", ""); /* 64 levels */
}

static void not_an_object(void **state)
{
    struct fixture *f = *state;
    static const char *const lines[] = {"5", "[]", "\"x\"", "null", "true", "-0.5e3",
                                        "[{\"id\":\"x\"}]", " 5 "};
    size_t i;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        expect_bad(f, lines[i], "not_an_object", "");
        expect_id(f, NULL);
    }
}

static void duplicate_keys(void **state)
{
    struct fixture *f = *state;
    expect_bad(f, "{\"id\":\"a\",\"id\":\"b\"}", "duplicate_key", "");
    expect_id(f, "a");
    assert_non_null(strstr(f->err.message, "\"id\""));
    expect_bad(f, "{\"id\":\"a\",\"\\u0069d\":\"b\"}", "duplicate_key", "");
    expect_id(f, "a");
    expect_bad(f, "{\"id\":5,\"id\":\"b\"}", "duplicate_key", "");
    expect_id(f, NULL);
    expect_bad(f, record_with(f, "x", "{\"k\":1,\"k\":null}"), "duplicate_key", "");
    expect_id(f, "T-1");
    expect_bad(f, record_with(f, "x", "[1,[{\"a\":{},\"b\":[],\"a\":0}]]"),
               "duplicate_key", "");
    expect_bad(f, record_with(f, "course.x", "1,\"x\":2"), "duplicate_key", "");
    expect_bad(f, record_with(f, "cycle_start", "\"2023-05-14\",\"cycle_start\":\"x\""),
               "duplicate_key", "");
    /* duplicate_key is decided after too_deep and not_an_object */
    expect_bad(f, "[{\"a\":1,\"a\":2}]", "not_an_object", "");
    /* different keys: by byte, after unescaping */
    expect_good(f, record_with(f, "x", "{\"k\":1,\"K\":1,\"k\\u0000\":1,\"\":1,"
                                       "\"\\u00e9\":1,\"e\\u0301\":1}"));
    expect_bad(f, record_with(f, "x", "{\"\\u00e9\":1,\"\xc3\xa9\":2}"), "duplicate_key", "");
    /* objects large enough for the hashed key set */
    expect_good(f, record_with(f, "x", "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,"
                                       "\"g\":1,\"h\":1,\"i\":1,\"j\":1,\"k\":1}"));
    expect_bad(f, record_with(f, "x", "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,"
                                      "\"g\":1,\"h\":1,\"i\":1,\"j\":1,\"a\":{}}"),
               "duplicate_key", "");
    expect_id(f, "T-1");
}

static void error_id_echo(void **state)
{
    struct fixture *f = *state;
    expect_bad(f, "{\"id\":\"x\\u0000y\",\"credentials\":5}", "wrong_type", "credentials");
    assert_int_equal(f->err.id.len, 3);
    assert_memory_equal(f->err.id.ptr, "x\0y", 3);
    expect_bad(f, "{\"id\":[\"x\"],\"credentials\":5}", "wrong_type", "id");
    expect_id(f, NULL);
    expect_bad(f, "{\"credentials\":5}", "missing_field", "id");
    expect_id(f, NULL);
    expect_bad(f, "{\"credentials\":[\"CPT\"],\"cycle_start\":\"x\",\"id\":\"late\"}",
               "bad_date", "cycle_start");
    expect_id(f, "late");
    expect_bad(f, "{\"x\":{\"id\":\"inner\"},\"credentials\":5}", "missing_field", "id");
    expect_id(f, NULL);
    expect_bad(f, "{\"id\":\"x\",", "bad_json", "");
    expect_id(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Size and speed                                                      */
/* ------------------------------------------------------------------ */

/* Key number i as three bytes from the printable ASCII without '"', '\'. */
static void key_name(long i, char out[3])
{
    static const char alphabet[] =
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~";
    long n = (long)sizeof alphabet - 1;
    out[0] = alphabet[i % n];
    out[1] = alphabet[i / n % n];
    out[2] = alphabet[i / n / n % n];
}

/* A record whose top object has `keys` more keys, the last one a repeat of
 * key 0 when dup; its length. */
static size_t many_keys(char *s, long keys, int dup)
{
    static const char head[] = "{\"id\":\"many\",\"credentials\":[\"CPT\"],"
                               "\"cycle_start\":\"2023-05-14\"";
    size_t n = sizeof head - 1;
    long i;
    memcpy(s, head, n);
    for (i = 0; i < keys; i++) {
        memcpy(s + n, ",\"", 2);
        key_name(dup && i == keys - 1 ? 0 : i, s + n + 2);
        memcpy(s + n + 5, "\":0", 3);
        n += 8;
    }
    s[n++] = '}';
    return n;
}

static void many_keys_linear(void **state)
{
    struct fixture *f = *state;
    long keys = 200000; /* 1.6 MB: no 1 MiB line holds 200,000 keys */
    char *s = malloc((size_t)keys * 8 + 100);
    size_t n;
    clock_t t0 = clock();
    assert_non_null(s);
    n = many_keys(s, keys, 0);
    expect_good_n(f, s, n);
    expect_str(f->rec.id, "many");
    n = many_keys(s, keys, 1);
    expect_bad_n(f, s, n, "duplicate_key", "");
    expect_id(f, "many");
    /* quadratic would be ~10^10 key comparisons per line */
    assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
    free(s);
}

static char *many_courses(long count, const char *last_amount, size_t *len)
{
    static const char head[] = "{\"id\":\"c\",\"credentials\":[\"CPT\"],"
                               "\"cycle_start\":\"2023-05-14\",\"courses\":[";
    size_t size = sizeof head + (size_t)count * 128 + 16, n = sizeof head - 1;
    char *s = malloc(size);
    long i;
    assert_non_null(s);
    memcpy(s, head, n);
    for (i = 0; i < count; i++)
        n += (size_t)snprintf(s + n, size - n,
                              "%s{\"id\":\"C%ld\",\"completed_on\":\"2024-01-10\","
                              "\"amount\":%s,\"unit\":\"CEU\",\"provider\":\"approved\"}",
                              i ? "," : "", i, i == count - 1 ? last_amount : "\"0.1\"");
    n += (size_t)snprintf(s + n, size - n, "]}");
    *len = n;
    return s;
}

static void huge_course_array(void **state)
{
    struct fixture *f = *state;
    size_t n;
    char *s = many_courses(20000, "2.5", &n);
    char id[16];
    expect_good_n(f, s, n);
    assert_int_equal(f->rec.n_courses, 20000);
    snprintf(id, sizeof id, "C%d", 12345);
    expect_str(f->rec.courses[12345].id, id);
    assert_int_equal(f->rec.courses[19999].amount, 2500000);
    assert_int_equal(f->rec.courses[0].amount, 100000);
    free(s);
    s = many_courses(20000, "-2", &n);
    expect_bad_n(f, s, n, "bad_amount", "courses[19999].amount");
    free(s);
    expect_good(f, record_with(f, "x", "1"));
    assert_int_equal(f->rec.n_courses, 2);
}

static void throughput(void **state)
{
    struct fixture *f = *state;
    long i;
    const char *line = record_with(f, "notes", "\"a typical record of about six "
                                              "hundred bytes, give or take\"");
    size_t n = strlen(line);
    for (i = 0; i < 20000; i++)
        assert_int_equal(read_n(f, line, n), 0);
    assert_int_equal(f->rec.n_courses, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(good_record_all_fields),
        T(good_record_minimal),
        T(good_record_builder),
        T(strings_are_unescaped),
        T(unknown_fields_ignored),
        T(reader_reuse),
        T(missing_fields),
        T(optional_fields_absent),
        T(null_fields),
        T(wrong_types),
        T(bad_dates),
        T(cycle_start_near_9999),
        T(cycle_anchors_near_9999),
        T(amounts),
        T(credentials),
        T(providers_and_petitions),
        T(application_date),
        T(check_order),
        T(bad_json),
        T(bad_utf8),
        T(escaped_surrogates),
        T(depth),
        T(depth_of_objects),
        T(not_an_object),
        T(duplicate_keys),
        T(error_id_echo),
        T(many_keys_linear),
        T(huge_course_array),
        T(throughput),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
