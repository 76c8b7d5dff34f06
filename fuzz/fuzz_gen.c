/* fuzz_gen.c - code generation, and evaluation against any valid policy.
 *
 * Every policy the front end accepts is emitted with gen_source and
 * gen_header.  The C is checked lexically here (every string literal closed
 * on its line, no trigraph, no comment opened or closed inside a literal,
 * nothing but printable ASCII); compiling it is left to `make fuzz`, which
 * compiles a sample of the files collected in $POLC_FUZZ_GEN_OUT (when
 * set) with gcc -Werror, links each with examples/embed/main.c and compares
 * its decisions with the ones written here from the in-memory tables.
 *
 * Records made for the policy (its own credential, unit, category and
 * provider names) are then read and evaluated at dates from 0001-01-01 to
 * 9999-12-31, and every output line must keep the invariants of
 * records.md (check_json.c). */
#include "check_json.h"
#include "compile.h"
#include "gen.h"
#include "polc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SAVED = 3000 };
static int saved;

/* ---- the generated C, lexically ------------------------------------ */

static void check_c(const char *s, size_t n, const char *what)
{
    int in_str = 0, in_comment = 0, in_line_comment = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != '\n' && (c < 0x20 || c >= 0x7f))
            fuzz_fail("generated C holds a byte that is not printable ASCII", what, strlen(what));
        if (c == '?' && i + 1 < n && s[i + 1] == '?')
            fuzz_fail("generated C holds '?" "?' (a trigraph could start)", what, strlen(what));
        if (in_line_comment) {
            in_line_comment = c != '\n';
        } else if (in_comment) {
            if (c == '*' && i + 1 < n && s[i + 1] == '/') {
                in_comment = 0;
                i++;
            }
        } else if (in_str) {
            if (c == '\n')
                fuzz_fail("a string literal in generated C spans lines", what, strlen(what));
            if (c == '\\') {
                if (i + 1 >= n || s[i + 1] == '\n')
                    fuzz_fail("a backslash ends a line of generated C", what, strlen(what));
                i++;
            } else if (c == '"') {
                in_str = 0;
            }
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            in_comment = 1;
            i++;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            in_line_comment = 1;
            i++;
        } else if (c == '*' && i + 1 < n && s[i + 1] == '/') {
            fuzz_fail("generated C closes a comment it never opened", what, strlen(what));
        }
    }
    if (in_str || in_comment)
        fuzz_fail("generated C ends inside a string or a comment", what, strlen(what));
}

static char *emit(const struct polc_policy *p, int header, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        abort();
    if (header)
        gen_header(f, p, "fuzz_policy");
    else
        gen_source(f, p, "fuzz_policy.h");
    fclose(f);
    return buf;
}

/* ---- records made for the policy ----------------------------------- */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u == '"' || *u == '\\')
            fprintf(f, "\\%c", *u);
        else if (*u < 0x20)
            fprintf(f, "\\u%04x", *u);
        else
            fputc(*u, f);
    }
    fputc('"', f);
}

static void course(FILE *f, const char *id, const char *date, const char *amount,
                   const char *unit, const char *provider, const char *petition,
                   const char *category)
{
    fputs("{", f);
    if (id)
        fprintf(f, "\"id\":\"%s\",", id);
    fprintf(f, "\"completed_on\":\"%s\",\"amount\":%s,\"unit\":", date, amount);
    json_str(f, unit);
    fputs(",\"provider\":", f);
    json_str(f, provider);
    if (petition)
        fprintf(f, ",\"petition\":\"%s\"", petition);
    if (category) {
        fputs(",\"category\":", f);
        json_str(f, category);
    }
    fputs("}", f);
}

/* A few records that use the policy's own names, one a line. */
static char *records(const struct polc_policy *p, size_t *len)
{
    static const char *const starts[] = { "2023-05-14", "2024-02-29", "0001-01-01",
                                          "9899-12-31", "2023-01-31" };
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        abort();
    const char *unit = p->units[p->unit].name;
    const char *cat = p->n_categories ? p->categories[0].name : NULL;
    const char *prov = p->courses.n_providers ? p->courses.providers[0] : "other";
    for (size_t r = 0; r < sizeof starts / sizeof starts[0]; r++) {
        fprintf(f, "{\"id\":\"R%zu\",\"credentials\":[", r);
        int32_t nc = p->n_credentials < 3 ? p->n_credentials : 3;
        for (int32_t i = 0; i < nc; i++) {
            fputs(i ? "," : "", f);
            json_str(f, p->credentials[(i + (int32_t)r) % p->n_credentials].code);
        }
        fprintf(f, "],\"cycle_start\":\"%s\"", starts[r]);
        if (r == 1)
            fputs(",\"applied_on\":\"2026-03-01\"", f);
        if (r != 2)
            fputs(",\"cpr_aed\":{\"valid_until\":\"2026-01-31\",\"completed_on\":\"2023-06-01\"}", f);
        fputs(",\"courses\":[", f);
        course(f, "C1", "2024-01-10", "\"1.5\"", unit, "approved", NULL, cat);
        fputc(',', f);
        course(f, NULL, "2024-02-01", "4", "hours", "petition", r % 2 ? "approved" : "pending", cat);
        fputc(',', f);
        course(f, "C3", "2025-05-01", "0.5e1", unit, prov, NULL, NULL);
        fputc(',', f);
        course(f, "C4", "2023-06-01", "999999.999999", unit, "petition", "denied", cat);
        fputc(',', f);
        course(f, "C5", "2024-06-01", "0.000001", "furlongs", "approved", NULL, NULL);
        fputs("]", f);
        if (r % 2 == 0)
            fputs(",\"exam_passed_on\":\"2024-12-01\"", f);
        fputs("}\n", f);
    }
    fclose(f);
    return buf;
}

static void evaluate(const struct polc_policy *p, const char *recs, size_t len)
{
    static const int32_t as_of[][3] = { { 2025, 6, 30 }, { 2025, 5, 13 }, { 2026, 1, 1 },
                                        { 2030, 1, 1 }, { 1, 1, 1 }, { 9999, 12, 31 } };
    struct polc_reader *rd = polc_reader_new(p);
    struct polc_buf out = { 0 };
    uint8_t verdicts[16];
    if (!rd)
        abort();
    for (size_t k = 0; k < sizeof as_of / sizeof as_of[0]; k++) {
        polc_date d0 = polc_days_from_civil(as_of[k][0], as_of[k][1], as_of[k][2]);
        for (const char *s = recs; s < recs + len;) {
            const char *nl = memchr(s, '\n', (size_t)(recs + len - s));
            size_t n = (size_t)(nl - s);
            struct polc_record rec;
            struct polc_line_error err;
            polc_date applied;
            out.len = 0;
            if (polc_read_record(rd, s, n, 1, d0, &rec, &applied, &err) != 0) {
                polc_write_error(&out, 1, &err);
            } else {
                struct polc_decision d;
                memset(&d, 0, sizeof d);
                if (rec.n_courses > 16)
                    abort();
                d.courses = verdicts;
                if (polc_eval(p, &rec, applied, &d) != 0)
                    fuzz_fail("polc_eval refused a record the reader accepted", s, n);
                polc_write_decision(&out, p, &rec, &d);
            }
            require_output_line(out.ptr, out.len, p->units[p->unit].places);
            s = nl + 1;
        }
    }
    polc_buf_free(&out);
    polc_reader_free(rd);
}

/* ---- saving a sample for make fuzz ----------------------------------- */

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

static void write_file(const char *dir, const char *name, const char *ext, const char *s,
                       size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(s, 1, n, f);
    fclose(f);
}

static void save(const struct polc_policy *p, const char *c, size_t cn, const char *h,
                 size_t hn, const char *recs, size_t rn)
{
    const char *dir = getenv("POLC_FUZZ_GEN_OUT");
    if (!dir || saved >= MAX_SAVED)
        return;
    char name[64], sym[256];
    snprintf(name, sizeof name, "g%016llx", (unsigned long long)fnv(c, cn));
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.c", dir, name);
    FILE *probe = fopen(path, "rb");
    if (probe) {
        fclose(probe);
        return;
    }
    saved++;
    /* The .c includes "fuzz_policy.h": each sample gets its own directory
     * name through the file name instead. */
    char *c2 = malloc(cn + 64);
    if (!c2)
        return;
    const char *inc = strstr(c, "#include \"fuzz_policy.h\"");
    size_t pre = inc ? (size_t)(inc - c) : 0;
    int k = 0;
    if (inc) {
        memcpy(c2, c, pre);
        k = snprintf(c2 + pre, 64, "#include \"%s.h\"", name);
        size_t rest = cn - pre - strlen("#include \"fuzz_policy.h\"");
        memcpy(c2 + pre + (size_t)k, inc + strlen("#include \"fuzz_policy.h\""), rest);
        write_file(dir, name, ".c", c2, pre + (size_t)k + rest);
    } else {
        write_file(dir, name, ".c", c, cn);
    }
    free(c2);
    write_file(dir, name, ".h", h, hn);
    gen_symbol(p, sym, sizeof sym);
    write_file(dir, name, ".sym", sym, strlen(sym));
    write_file(dir, name, ".jsonl", recs, rn);
    /* What the embedded tables must decide, from the in-memory ones. */
    FILE *in = fmemopen((void *)recs, rn, "rb");
    char *out = NULL;
    size_t on = 0;
    FILE *o = open_memstream(&out, &on);
    struct polc_stats st;
    polc_run(p, in, o, 1, polc_days_from_civil(2025, 6, 30), &st);
    fclose(in);
    fclose(o);
    write_file(dir, name, ".out", out, on);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct compiled c;
    compile_text(&c, "fuzz.pol", (const char *)data, size, NULL, 0, 0);
    if (c.ok) {
        const struct polc_policy *p = &c.model.p;
        size_t cn, hn, rn;
        char *src = emit(p, 0, &cn), *hdr = emit(p, 1, &hn);
        check_c(src, cn, "OUT.c");
        check_c(hdr, hn, "OUT.h");
        char sym[256];
        gen_symbol(p, sym, sizeof sym);
        if (!strstr(src, sym) || !strstr(hdr, sym))
            fuzz_fail("the policy's symbol is missing from the generated files", sym, strlen(sym));
        char *recs = records(p, &rn);
        evaluate(p, recs, rn);
        save(p, src, cn, hdr, hn, recs, rn);
        free(recs);
        free(src);
        free(hdr);
    }
    compiled_free(&c);
    return 0;
}
