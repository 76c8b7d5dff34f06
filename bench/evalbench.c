/* evalbench.c - evaluation only: records parsed once into memory, then
 * polc_eval over all of them, timed; for NASM also the hand-written
 * nasm_direct, checked against polc_eval on every record.
 *
 *   evalbench nasm|acsm RECORDS.jsonl AS_OF REPS
 *
 * Reads the file (mmap), parses every line with polc_read_record and copies
 * each record out of the reader (whose memory is reused line to line) into
 * one arena.  Then REPS timed passes of each evaluator, alternating, the
 * best (least CPU time) kept, and REPS timed passes of the reader alone over
 * the mapped file (polc_read_record on every line, nothing copied: the
 * strict parse and field checks of `polc eval`).  Then one checking pass:
 * for every record the two decisions are compared field by field, course
 * verdicts included, and as the JSON polc_write_decision prints.  Prints
 * tab-separated lines:
 *
 *   load   POLICY  RECORDS  CPU_S  WALL_S  BYTES     (first read + copy, page faults included)
 *   eval   POLICY  polc|direct  RECORDS  CPU_S  WALL_S  CHECKSUM
 *   reader POLICY  RECORDS  CPU_S  WALL_S  BYTES
 *   check  POLICY  RECORDS  MISMATCHES
 *
 * Exit status 0; 1 when a line is bad or a decision differs; 2 on misuse.
 */
#include "nasm_direct.h"
#include "polc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern const struct polc_policy polc_policy_nasm_cpt;
extern const struct polc_policy polc_policy_acsm;

/* ---- a bump arena for the copied records --------------------------- */

struct arena { char *ptr; size_t used, cap; };
enum { ARENA_CHUNK = 64 << 20 };

static void *take(struct arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (a->used + n > a->cap) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        a->ptr = malloc(cap); /* earlier chunks stay: records point into them */
        if (!a->ptr) {
            fputs("evalbench: out of memory\n", stderr);
            exit(2);
        }
        a->used = 0;
        a->cap = cap;
    }
    void *p = a->ptr + a->used;
    a->used += n;
    return p;
}

static struct polc_str copy_str(struct arena *a, struct polc_str s)
{
    if (!s.ptr)
        return s;
    char *p = take(a, s.len + 1);
    memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    s.ptr = p;
    return s;
}

static void copy_record(struct arena *a, const struct polc_record *in, struct polc_record *out)
{
    *out = *in;
    out->id = copy_str(a, in->id);
    int32_t *creds = take(a, sizeof *creds * (size_t)(in->n_credentials + 1));
    memcpy(creds, in->credentials, sizeof *creds * (size_t)in->n_credentials);
    out->credentials = creds;
    struct polc_course *cs = take(a, sizeof *cs * (size_t)(in->n_courses + 1));
    for (int32_t i = 0; i < in->n_courses; i++) {
        cs[i] = in->courses[i];
        cs[i].id = copy_str(a, in->courses[i].id);
        cs[i].unit = copy_str(a, in->courses[i].unit);
        cs[i].provider = copy_str(a, in->courses[i].provider);
        cs[i].category = copy_str(a, in->courses[i].category);
    }
    out->courses = cs;
}

/* ---- clocks ------------------------------------------------------- */

struct clocks { double cpu, wall; };

static double secs(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct clocks now(void)
{
    struct clocks c = {secs(CLOCK_PROCESS_CPUTIME_ID), secs(CLOCK_MONOTONIC)};
    return c;
}

static struct clocks since(struct clocks t0)
{
    struct clocks t = now();
    t.cpu -= t0.cpu;
    t.wall -= t0.wall;
    return t;
}

/* ---- the passes ----------------------------------------------------- */

typedef int (*evaluator)(const struct polc_policy *, const struct polc_record *,
                         polc_date, struct polc_decision *);

static int direct(const struct polc_policy *p, const struct polc_record *r, polc_date as_of,
                  struct polc_decision *d)
{
    (void)p;
    return nasm_direct(r, as_of, d);
}

static uint64_t fold(const struct polc_decision *d)
{
    return (uint64_t)d->status * 31u + (uint64_t)d->fee_total + (uint64_t)d->earned * 7u +
           (uint64_t)(d->window + 2) + d->reasons + (uint64_t)d->audit_selected;
}

static uint64_t pass(evaluator f, const struct polc_policy *p, const struct polc_record *recs,
                     const polc_date *applied, long n, uint8_t *verdicts)
{
    uint64_t sum = 0;
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    for (long i = 0; i < n; i++) {
        d.courses = verdicts;
        if (f(p, &recs[i], applied[i], &d) != 0) {
            fprintf(stderr, "evalbench: evaluation failed on record %ld\n", i + 1);
            exit(1);
        }
        sum += fold(&d);
    }
    return sum;
}

static int same(const struct polc_decision *a, const struct polc_decision *b, int32_t courses)
{
    return a->as_of == b->as_of && a->start == b->start && a->expires == b->expires &&
           (a->status != POLC_RENEWABLE || a->next_expires == b->next_expires) &&
           a->window == b->window && a->status == b->status && a->path == b->path &&
           a->required == b->required && a->earned == b->earned &&
           a->missing == b->missing && a->cpr_aed == b->cpr_aed && a->fees == b->fees &&
           a->petitions == b->petitions && a->fee_total == b->fee_total &&
           a->audit == b->audit && a->audit_selected == b->audit_selected &&
           (!a->audit || a->documents_due == b->documents_due) &&
           a->reasons == b->reasons && a->categories_short == b->categories_short &&
           a->highest_credential == b->highest_credential &&
           memcmp(a->courses, b->courses, (size_t)courses) == 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: evalbench nasm|acsm RECORDS.jsonl AS_OF REPS\n", stderr);
        return 2;
    }
    const char *name = argv[1];
    const struct polc_policy *p = strcmp(name, "nasm") == 0   ? &polc_policy_nasm_cpt
                                  : strcmp(name, "acsm") == 0 ? &polc_policy_acsm
                                                              : NULL;
    polc_date as_of;
    int reps = atoi(argv[4]);
    if (!p || polc_date_parse(argv[3], strlen(argv[3]), &as_of) != 0 || reps < 1) {
        fputs("evalbench: want nasm|acsm, a file, YYYY-MM-DD and REPS >= 1\n", stderr);
        return 2;
    }
    int fd = open(argv[2], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[2]);
        return 2;
    }
    size_t size = (size_t)st.st_size;
    const char *text = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : "";
    if (text == MAP_FAILED) {
        perror("mmap");
        return 2;
    }

    /* Read every line once; copy the records out of the reader. */
    long cap = 1024, n = 0;
    struct polc_record *recs = malloc(sizeof *recs * (size_t)cap);
    polc_date *applied = malloc(sizeof *applied * (size_t)cap);
    struct arena a = {NULL, 0, 0};
    struct polc_reader *rd = polc_reader_new(p);
    int32_t most_courses = 1;
    if (!recs || !applied || !rd) {
        fputs("evalbench: out of memory\n", stderr);
        return 2;
    }
    struct clocks t0 = now();
    for (size_t at = 0; at < size;) {
        const char *line = text + at, *nl = memchr(line, '\n', size - at);
        size_t len = nl ? (size_t)(nl - line) : size - at;
        at += len + 1;
        if (len == 0)
            continue;
        struct polc_record rec;
        struct polc_line_error err;
        if (n == cap) {
            cap *= 2;
            recs = realloc(recs, sizeof *recs * (size_t)cap);
            applied = realloc(applied, sizeof *applied * (size_t)cap);
            if (!recs || !applied) {
                fputs("evalbench: out of memory\n", stderr);
                return 2;
            }
        }
        if (polc_read_record(rd, line, len, 1, as_of, &rec, &applied[n], &err) != 0) {
            fprintf(stderr, "evalbench: record %ld is bad: %s %s (the bench wants clean records)\n",
                    n + 1, err.code, err.message);
            return 1;
        }
        copy_record(&a, &rec, &recs[n]);
        if (rec.n_courses > most_courses)
            most_courses = rec.n_courses;
        n++;
    }
    struct clocks tr = since(t0);
    printf("load\t%s\t%ld\t%.4f\t%.4f\t%zu\n", name, n, tr.cpu, tr.wall, size);

    uint8_t *v1 = calloc((size_t)most_courses, 1), *v2 = calloc((size_t)most_courses, 1);
    if (!v1 || !v2)
        return 2;
    int has_direct = p == &polc_policy_nasm_cpt;
    struct clocks best[2] = {{-1, 0}, {-1, 0}};
    uint64_t sums[2] = {0, 0};
    for (int r = 0; r < reps; r++) {
        for (int k = 0; k < 1 + has_direct; k++) {
            struct clocks t = now();
            sums[k] = pass(k ? direct : polc_eval, p, recs, applied, n, v1);
            t = since(t);
            if (best[k].cpu < 0 || t.cpu < best[k].cpu)
                best[k] = t;
        }
    }
    printf("eval\t%s\tpolc\t%ld\t%.4f\t%.4f\t%llu\n", name, n, best[0].cpu, best[0].wall,
           (unsigned long long)sums[0]);

    /* The reader alone, over pages already mapped. */
    struct clocks best_rd = {-1, 0};
    for (int r = 0; r < reps; r++) {
        struct clocks t = now();
        long good = 0;
        for (size_t at = 0; at < size;) {
            const char *line = text + at, *nl = memchr(line, '\n', size - at);
            size_t len = nl ? (size_t)(nl - line) : size - at;
            struct polc_record rec;
            struct polc_line_error err;
            polc_date day;
            at += len + 1;
            if (len > 0 && polc_read_record(rd, line, len, 1, as_of, &rec, &day, &err) == 0)
                good++;
        }
        t = since(t);
        if (good != n) {
            fprintf(stderr, "evalbench: the reader's second pass read %ld records, not %ld\n",
                    good, n);
            return 1;
        }
        if (best_rd.cpu < 0 || t.cpu < best_rd.cpu)
            best_rd = t;
    }
    polc_reader_free(rd);
    printf("reader\t%s\t%ld\t%.4f\t%.4f\t%zu\n", name, n, best_rd.cpu, best_rd.wall, size);
    if (!has_direct) {
        fflush(stdout);
        return 0;
    }
    printf("eval\t%s\tdirect\t%ld\t%.4f\t%.4f\t%llu\n", name, n, best[1].cpu, best[1].wall,
           (unsigned long long)sums[1]);

    /* Every record: the same decision, and the same JSON. */
    long bad = 0;
    struct polc_buf b1 = {NULL, 0, 0, 0}, b2 = {NULL, 0, 0, 0};
    for (long i = 0; i < n; i++) {
        struct polc_decision d1, d2;
        memset(&d1, 0, sizeof d1);
        memset(&d2, 0, sizeof d2);
        d1.courses = v1;
        d2.courses = v2;
        polc_eval(p, &recs[i], applied[i], &d1);
        nasm_direct(&recs[i], applied[i], &d2);
        b1.len = b2.len = 0;
        polc_write_decision(&b1, p, &recs[i], &d1);
        polc_write_decision(&b2, p, &recs[i], &d2);
        if (!same(&d1, &d2, recs[i].n_courses) || b1.failed || b2.failed || b1.len != b2.len ||
            memcmp(b1.ptr, b2.ptr, b1.len) != 0) {
            if (bad++ < 3)
                fprintf(stderr, "evalbench: record %ld differs:\n  polc:   %.*s  direct: %.*s",
                        i + 1, (int)b1.len, b1.ptr, (int)b2.len, b2.ptr);
        }
    }
    polc_buf_free(&b1);
    polc_buf_free(&b2);
    printf("check\t%s\t%ld\t%ld\n", name, n, bad);
    fflush(stdout);
    return bad ? 1 : 0;
}
