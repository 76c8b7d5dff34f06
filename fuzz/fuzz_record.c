/* fuzz_record.c - the record reader and the evaluator: a line in, exactly
 * one output line out (a decision or an error), valid JSON with the keys,
 * dates and amounts of records.md.
 *
 * The input's first line goes through polc_read_record, polc_eval and
 * polc_write_decision / polc_write_error against both seed policies (the
 * tables polc build generates), with --as-of 2025-06-30, 9999-12-31,
 * 0001-01-01 and none.  The whole input then goes through polc_run as a
 * JSON Lines stream when it holds more than one line: one output line for
 * every non-blank input line.
 * Readers are kept from input to input, as a run keeps them from line to
 * line. */
#include "check_json.h"
#include "polc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct polc_policy polc_policy_nasm_cpt;
extern const struct polc_policy polc_policy_acsm;

static const struct polc_policy *const policies[] = { &polc_policy_nasm_cpt,
                                                      &polc_policy_acsm };
enum { N_POLICIES = 2 };
static struct polc_reader *readers[N_POLICIES];
static uint8_t *verdicts;
static size_t cap_verdicts;
static struct polc_buf out;

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static void one_line(int k, const char *line, size_t n, int has_as_of, polc_date as_of)
{
    const struct polc_policy *p = policies[k];
    struct polc_record rec;
    struct polc_line_error err;
    polc_date applied;
    out.len = 0;
    int rc = polc_read_record(readers[k], line, n, has_as_of, as_of, &rec, &applied, &err);
    if (rc != 0) {
        if (!err.code)
            fuzz_fail("a bad line without an error code", line, n);
        polc_write_error(&out, 7, &err);
    } else {
        if (!has_as_of && !rec.has_applied_on)
            fuzz_fail("a record without a date was read", line, n);
        if ((size_t)rec.n_courses > cap_verdicts) {
            free(verdicts);
            cap_verdicts = (size_t)rec.n_courses;
            verdicts = malloc(cap_verdicts);
            if (!verdicts)
                abort();
        }
        struct polc_decision d;
        memset(&d, 0, sizeof d);
        d.courses = verdicts;
        if (polc_eval(p, &rec, applied, &d) != 0)
            fuzz_fail("polc_eval refused a record the reader accepted (the line would be lost)",
                      line, n);
        if (d.missing < 0 || d.earned < 0 || d.fee_total < 0)
            fuzz_fail("a negative figure in a decision", line, n);
        if (d.as_of != applied)
            fuzz_fail("the decision's as_of is not the application date", line, n);
        polc_write_decision(&out, p, &rec, &d);
    }
    if (out.failed)
        fuzz_fail("the output buffer failed", line, n);
    require_output_line(out.ptr, out.len, p->units[p->unit].places);
}

/* polc_run over the whole input: as many output lines as non-blank input
 * lines, each a valid line. */
static void stream(const uint8_t *data, size_t size)
{
    size_t lines = 0, blank = 0;
    if (size == 0)
        return;
    for (size_t i = 0; i < size;) {
        const char *s = (const char *)data + i;
        const char *nl = memchr(s, '\n', size - i);
        size_t n = nl ? (size_t)(nl - s) : size - i, m = n;
        if (m > 0 && s[m - 1] == '\r')
            m--;
        lines++;
        blank += is_blank(s, m);
        i += n + (nl != NULL);
    }
    FILE *in = fmemopen((void *)data, size, "rb");
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    if (!in || !o)
        abort();
    struct polc_stats st;
    int rc = polc_run(policies[0], in, o, 1, polc_days_from_civil(2025, 6, 30), &st);
    fclose(in);
    fclose(o);
    if (rc == 2)
        fuzz_fail("polc_run failed (I/O or memory)", NULL, 0);
    size_t got = 0;
    for (size_t i = 0; i < len;) {
        char *nl = memchr(buf + i, '\n', len - i);
        if (!nl)
            fuzz_fail("polc_run's output does not end in a newline", buf + i, len - i);
        require_output_line(buf + i, (size_t)(nl - buf) - i + 1, 1);
        got++;
        i = (size_t)(nl - buf) + 1;
    }
    if (got != lines - blank) {
        fprintf(stderr, "%zu lines, %zu blank, %zu output lines\n", lines, blank, got);
        fuzz_fail("output lines differ from non-blank input lines", NULL, 0);
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!readers[0]) {
        for (int k = 0; k < N_POLICIES; k++)
            if (polc_check_table(policies[k], NULL, 0) != 0 ||
                !(readers[k] = polc_reader_new(policies[k])))
                abort();
    }
    const char *line = (const char *)data;
    const char *nl = memchr(line, '\n', size);
    size_t n = nl ? (size_t)(nl - line) : size;
    if (n > 0 && line[n - 1] == '\r')
        n--;
    if (n <= POLC_MAX_LINE && !is_blank(line, n)) {
        polc_date mid = polc_days_from_civil(2025, 6, 30);
        one_line(0, line, n, 1, mid);
        one_line(1, line, n, 1, mid);
        one_line(0, line, n, 1, POLC_DATE_MAX);
        one_line(1, line, n, 1, POLC_DATE_MIN);
        one_line(0, line, n, 0, 0);
    }
    if (nl && (size_t)(nl - line) + 1 < size)
        stream(data, size);
    return 0;
}
