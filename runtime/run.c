/* run.c - JSON Lines framing: one output line for every non-blank input
 * line, in order; lines over the limit are skipped without being held. */
#include "polc.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK = 1 << 16, FLUSH_AT = 1 << 16 };

struct runner {
    const struct polc_policy *p;
    struct polc_reader *rd;
    FILE *out;
    struct polc_buf ob;
    struct polc_stats *st;
    int has_as_of;
    polc_date as_of;
    uint8_t *verdicts;
    size_t cap_verdicts;
    int status;
};

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static void flush(struct runner *r, int force)
{
    if (r->ob.failed) {
        r->st->io_error = 1;
        r->ob.failed = 0;
        r->ob.len = 0;
    }
    if (r->ob.len == 0 || (!force && r->ob.len < FLUSH_AT))
        return;
    if (fwrite(r->ob.ptr, 1, r->ob.len, r->out) != r->ob.len)
        r->st->io_error = 1;
    r->ob.len = 0;
}

static void bad_line(struct runner *r, long line, const struct polc_line_error *e)
{
    polc_write_error(&r->ob, line, e);
    r->st->errors++;
    r->status = 1;
}

static void too_long(struct runner *r, long line)
{
    struct polc_line_error e;
    memset(&e, 0, sizeof e);
    e.code = "line_too_long";
    snprintf(e.message, sizeof e.message, "line longer than %d bytes", POLC_MAX_LINE);
    bad_line(r, line, &e);
}

static int room_for_verdicts(struct runner *r, int32_t n)
{
    if ((size_t)n <= r->cap_verdicts)
        return 0;
    uint8_t *v = realloc(r->verdicts, (size_t)n);
    if (!v)
        return -1;
    r->verdicts = v;
    r->cap_verdicts = (size_t)n;
    return 0;
}

static void count(struct polc_stats *st, const struct polc_decision *d)
{
    st->decisions++;
    if (d->status == POLC_RENEWABLE) {
        st->renewable++;
        polc_dec_add(st->fees_due, d->fee_total, &st->fees_due);
    } else if (d->status == POLC_INCOMPLETE) {
        st->incomplete++;
    } else {
        st->expired++;
    }
}

static void one_line(struct runner *r, long line, const char *s, size_t n)
{
    struct polc_record rec;
    struct polc_line_error e;
    polc_date applied;
    if (polc_read_record(r->rd, s, n, r->has_as_of, r->as_of, &rec, &applied, &e) != 0) {
        bad_line(r, line, &e);
        return;
    }
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    if (room_for_verdicts(r, rec.n_courses) != 0) {
        r->st->io_error = 1;
        return;
    }
    d.courses = r->verdicts;
    if (polc_eval(r->p, &rec, applied, &d) != 0) {
        r->st->io_error = 1;
        return;
    }
    polc_write_decision(&r->ob, r->p, &rec, &d);
    count(r->st, &d);
}

/* A physical line is complete: decide what it is. */
static void end_line(struct runner *r, long line, char *s, size_t n, int over, int over_blank)
{
    r->st->lines++;
    if (over) {
        if (!over_blank)
            too_long(r, line);
    } else {
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (!is_blank(s, n))
            one_line(r, line, s, n);
    }
    flush(r, 0);
}

static int stream(struct runner *r, FILE *in)
{
    char *line = malloc((size_t)POLC_MAX_LINE + 2);
    char *chunk = malloc(CHUNK);
    if (!line || !chunk) {
        free(line);
        free(chunk);
        return -1;
    }
    size_t len = 0, got;
    long lineno = 1;
    int over = 0, over_blank = 1;
    while ((got = fread(chunk, 1, CHUNK, in)) > 0) {
        for (size_t i = 0; i < got;) {
            char *nl = memchr(chunk + i, '\n', got - i);
            size_t take = (nl ? (size_t)(nl - chunk) : got) - i;
            if (!over && len + take > (size_t)POLC_MAX_LINE + 1) {
                over = 1;
                over_blank = is_blank(line, len);
            }
            if (over)
                over_blank = over_blank && is_blank(chunk + i, take);
            else {
                memcpy(line + len, chunk + i, take);
                len += take;
            }
            i += take;
            if (!nl)
                break;
            /* A line of exactly the limit plus its CR is still fine. */
            if (!over && len == (size_t)POLC_MAX_LINE + 1 && line[len - 1] != '\r') {
                over = 1;
                over_blank = is_blank(line, len);
            }
            end_line(r, lineno++, line, len, over, over_blank);
            len = 0;
            over = 0;
            over_blank = 1;
            i++;
        }
    }
    if (ferror(in))
        r->st->io_error = 1;
    if (len > 0 || over) {
        if (!over && len == (size_t)POLC_MAX_LINE + 1 && line[len - 1] != '\r') {
            over = 1;
            over_blank = is_blank(line, len);
        }
        end_line(r, lineno, line, len, over, over_blank);
    }
    free(line);
    free(chunk);
    return 0;
}

int polc_run(const struct polc_policy *p, FILE *in, FILE *out, int has_as_of,
             polc_date as_of, struct polc_stats *st)
{
    struct runner r;
    memset(&r, 0, sizeof r);
    memset(st, 0, sizeof *st);
    if (polc_check_table(p, NULL, 0) != 0)
        return 2;
    r.p = p;
    r.out = out;
    r.st = st;
    r.has_as_of = has_as_of;
    r.as_of = as_of;
    r.rd = polc_reader_new(p);
    if (!r.rd)
        return 2;
    if (stream(&r, in) != 0)
        st->io_error = 1;
    flush(&r, 1);
    if (fflush(out) != 0)
        st->io_error = 1;
    polc_reader_free(r.rd);
    polc_buf_free(&r.ob);
    free(r.verdicts);
    return st->io_error ? 2 : r.status;
}
