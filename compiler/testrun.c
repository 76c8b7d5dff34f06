/* testrun.c - `polc test`.  A .test file holds one case per line (JSON):
 *
 *   {"name": "...", "policy": "nasm-cpt.pol", "as_of": "2025-05-01",
 *    "define": {"late_fee": "80.00"}, "record": {...}, "expect": {...}}
 *
 * "policy" defaults to the .pol file with the test file's stem; "record" may
 * be replaced by "line", the raw text of a record line.  Only the fields that
 * "expect" names are compared: objects by their named keys, arrays element
 * by element (a string element matches a reason with that code).  Lines that
 * start with '#' are comments.  A folder holding records.jsonl,
 * expected.jsonl and suite.json ({"policy": ..., "as_of": ...}) is a
 * conformance suite: each expected line is a case for the record line at
 * the same place. */
#include "testrun.h"

#include "compile.h"
#include "buf.h"
#include "polc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

struct result {                /* one case, for the JUnit report */
    char *file, *name, *failure;
    long line;
    struct result *next;
};

struct runner {
    int passed, failed, errors;
    struct result *head, **tail;
    const struct test_options *o;
};

/* ---- small helpers ---------------------------------------------------- */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct polc_buf b = { 0 };
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        char *grow = b.ptr;
        size_t need = b.len + got + 1;
        if (need > b.cap) {
            grow = realloc(b.ptr, need * 2);
            if (!grow) {
                free(b.ptr);
                fclose(f);
                return NULL;
            }
            b.ptr = grow;
            b.cap = need * 2;
        }
        memcpy(b.ptr + b.len, chunk, got);
        b.len += got;
    }
    fclose(f);
    if (!b.ptr)
        b.ptr = calloc(1, 1);
    else
        b.ptr[b.len] = '\0';
    *len = b.len;
    return b.ptr;
}

static char *dir_of(const char *path)
{
    char *d = dup_str(path);
    char *slash = d ? strrchr(d, '/') : NULL;
    if (slash)
        slash[1] = '\0';
    else if (d)
        d[0] = '\0';
    return d;
}

static char *join(const char *dir, const char *name)
{
    if (name[0] == '/')
        return dup_str(name);
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s", dir, name);
    return p;
}

static yajl_val get(yajl_val obj, const char *key)
{
    if (!YAJL_IS_OBJECT(obj))
        return NULL;
    for (size_t i = 0; i < obj->u.object.len; i++)
        if (strcmp(obj->u.object.keys[i], key) == 0)
            return obj->u.object.values[i];
    return NULL;
}

/* ---- JSON out --------------------------------------------------------- */

static void gen_value(yajl_gen g, yajl_val v)
{
    switch (v->type) {
    case yajl_t_string:
        yajl_gen_string(g, (const unsigned char *)v->u.string, strlen(v->u.string));
        break;
    case yajl_t_number:
        yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
        break;
    case yajl_t_object:
        yajl_gen_map_open(g);
        for (size_t i = 0; i < v->u.object.len; i++) {
            const char *k = v->u.object.keys[i];
            yajl_gen_string(g, (const unsigned char *)k, strlen(k));
            gen_value(g, v->u.object.values[i]);
        }
        yajl_gen_map_close(g);
        break;
    case yajl_t_array:
        yajl_gen_array_open(g);
        for (size_t i = 0; i < v->u.array.len; i++)
            gen_value(g, v->u.array.values[i]);
        yajl_gen_array_close(g);
        break;
    case yajl_t_true: yajl_gen_bool(g, 1); break;
    case yajl_t_false: yajl_gen_bool(g, 0); break;
    case yajl_t_null:
    case yajl_t_any: yajl_gen_null(g); break;
    }
}

/* The JSON text of v, in a malloc'd string. */
static char *to_json(yajl_val v)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    if (!g)
        return NULL;
    if (v)
        gen_value(g, v);
    else
        yajl_gen_null(g);
    const unsigned char *buf;
    size_t len;
    char *s = NULL;
    if (yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok && (s = malloc(len + 1))) {
        memcpy(s, buf, len);
        s[len] = '\0';
    }
    yajl_gen_free(g);
    return s;
}

/* ---- comparing -------------------------------------------------------- */

struct diff { struct polc_buf text; int count; };

static void note(struct diff *df, const char *path, yajl_val want, yajl_val got)
{
    char *w = to_json(want), *g = got ? to_json(got) : NULL;
    char line[512];
    snprintf(line, sizeof line, "    %s: expected %.200s, got %.200s\n", path[0] ? path : "(decision)",
             w ? w : "?", got ? (g ? g : "?") : "nothing");
    buf_put(&df->text, line, strlen(line));
    df->count++;
    free(w);
    free(g);
}

static int scalar_equal(yajl_val a, yajl_val b)
{
    if (a->type != b->type)
        return 0;
    if (a->type == yajl_t_string)
        return strcmp(a->u.string, b->u.string) == 0;
    if (a->type == yajl_t_number)
        return strcmp(a->u.number.r, b->u.number.r) == 0;
    return 1;
}

static void match(struct diff *df, const char *path, yajl_val want, yajl_val got);

static void match_object(struct diff *df, const char *path, yajl_val want, yajl_val got)
{
    for (size_t i = 0; i < want->u.object.len; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", want->u.object.keys[i]);
        yajl_val g = get(got, want->u.object.keys[i]);
        if (!g)
            note(df, sub, want->u.object.values[i], NULL);
        else
            match(df, sub, want->u.object.values[i], g);
    }
}

static void match_array(struct diff *df, const char *path, yajl_val want, yajl_val got)
{
    if (want->u.array.len != got->u.array.len) {
        note(df, path, want, got);
        return;
    }
    for (size_t i = 0; i < want->u.array.len; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        yajl_val w = want->u.array.values[i], g = got->u.array.values[i];
        yajl_val code = get(g, "code");
        if (YAJL_IS_STRING(w) && YAJL_IS_OBJECT(g) && YAJL_IS_STRING(code)) {
            if (strcmp(w->u.string, code->u.string) != 0)
                note(df, sub, w, code);
            continue;
        }
        match(df, sub, w, g);
    }
}

static void match(struct diff *df, const char *path, yajl_val want, yajl_val got)
{
    if (YAJL_IS_OBJECT(want) && YAJL_IS_OBJECT(got))
        match_object(df, path, want, got);
    else if (YAJL_IS_ARRAY(want) && YAJL_IS_ARRAY(got))
        match_array(df, path, want, got);
    else if (!scalar_equal(want, got))
        note(df, path, want, got);
}

/* ---- policies --------------------------------------------------------- */

struct cached { char *path, *defines; struct compiled c; int ok; struct cached *next; };
static struct cached *policies;

static int parse_defines(yajl_val def, struct override *ov, int max)
{
    int n = 0;
    if (!YAJL_IS_OBJECT(def))
        return 0;
    for (size_t i = 0; i < def->u.object.len && n < max; i++) {
        yajl_val v = def->u.object.values[i];
        ov[n].name = def->u.object.keys[i];
        ov[n].value = YAJL_IS_STRING(v) ? v->u.string : YAJL_IS_NUMBER(v) ? v->u.number.r : "";
        ov[n].used = 0;
        n++;
    }
    return n;
}

/* The compiled policy, or NULL with a reason in why. */
static const struct polc_policy *policy_for(const char *path, yajl_val def, char *why, size_t n)
{
    char *defs = to_json(def);
    for (struct cached *c = policies; c; c = c->next)
        if (strcmp(c->path, path) == 0 && strcmp(c->defines, defs ? defs : "") == 0) {
            free(defs);
            if (!c->ok)
                snprintf(why, n, "policy %s does not compile", path);
            return c->ok ? &c->c.model.p : NULL;
        }
    struct cached *c = calloc(1, sizeof *c);
    if (!c) {
        free(defs);
        return NULL;
    }
    struct override ov[64];
    int nov = parse_defines(def, ov, 64);
    c->path = dup_str(path);
    c->defines = defs ? defs : dup_str("");
    c->ok = compile_file(&c->c, path, ov, nov, 0);
    if (!c->c.read_failed)
        diag_print_text(stderr, &c->c.diags, 0);
    for (int i = 0; i < nov; i++)
        c->ok &= ov[i].used;
    c->next = policies;
    policies = c;
    if (!c->ok) {
        if (c->c.read_failed)
            snprintf(why, n, "cannot read policy %s: %s", path, strerror(errno));
        else
            snprintf(why, n, "policy %s does not compile (or a define names no parameter)", path);
    }
    return c->ok ? &c->c.model.p : NULL;
}

static void free_policies(void)
{
    while (policies) {
        struct cached *c = policies;
        policies = c->next;
        compiled_free(&c->c);
        free(c->path);
        free(c->defines);
        free(c);
    }
}

/* ---- one case --------------------------------------------------------- */

/* Evaluates one record line and returns the output line, parsed. */
static yajl_val decide(const struct polc_policy *p, const char *line, const char *as_of,
                       long line_no)
{
    polc_date date = 0;
    int has = as_of && polc_date_parse(as_of, strlen(as_of), &date) == 0;
    struct polc_reader *rd = polc_reader_new(p);
    if (!rd)
        return NULL;
    struct polc_buf b = { 0 };
    struct polc_record r;
    struct polc_line_error e;
    polc_date applied;
    if (polc_read_record(rd, line, strlen(line), has, date, &r, &applied, &e) != 0) {
        polc_write_error(&b, line_no, &e);
    } else {
        uint8_t *v = calloc((size_t)r.n_courses + 1, 1);
        struct polc_decision d;
        memset(&d, 0, sizeof d);
        d.courses = v;
        if (v && polc_eval(p, &r, applied, &d) == 0)
            polc_write_decision(&b, p, &r, &d);
        free(v);
    }
    polc_reader_free(rd);
    yajl_val out = NULL;
    if (b.ptr && !b.failed) {
        buf_put(&b, "", 1);
        out = yajl_tree_parse(b.ptr, NULL, 0);
    }
    polc_buf_free(&b);
    return out;
}

static void record_result(struct runner *t, const char *file, long line, const char *name,
                          const char *failure)
{
    struct result *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->file = dup_str(file);
    r->name = dup_str(name);
    r->line = line;
    r->failure = failure ? dup_str(failure) : NULL;
    *t->tail = r;
    t->tail = &r->next;
    if (failure) {
        t->failed++;
        printf("FAIL %s:%ld: %s\n%s", file, line, name, failure);
    } else {
        t->passed++;
        if (t->o->verbose)
            printf("ok   %s:%ld: %s\n", file, line, name);
    }
}

/* Runs one case: the record line, the policy, the expectation. */
static void run_case(struct runner *t, const char *file, long line, const char *name,
                     const char *policy, yajl_val def, const char *record, const char *as_of,
                     long record_line, yajl_val expect)
{
    char why[512] = "";
    const struct polc_policy *p = policy_for(policy, def, why, sizeof why);
    if (!p) {
        char msg[600];
        snprintf(msg, sizeof msg, "    %s\n", why);
        record_result(t, file, line, name, msg);
        return;
    }
    yajl_val got = decide(p, record, as_of, record_line);
    struct diff df = { { 0 }, 0 };
    if (!got)
        buf_put(&df.text, "    no output for this case\n", 28), df.count = 1;
    else
        match(&df, "", expect, got);
    buf_put(&df.text, "", 1);
    record_result(t, file, line, name, df.count ? df.text.ptr : NULL);
    polc_buf_free(&df.text);
    yajl_tree_free(got);
}

/* ---- .test files ------------------------------------------------------ */

static char *default_policy(const char *test_file)
{
    size_t n = strlen(test_file);
    char *p = malloc(n + 5);
    if (!p)
        return NULL;
    memcpy(p, test_file, n + 1);
    char *dot = strrchr(p, '.');
    char *slash = strrchr(p, '/');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    strcat(p, ".pol");
    return p;
}

static void bad_case(struct runner *t, const char *file, long line, const char *what)
{
    char msg[300];
    snprintf(msg, sizeof msg, "    %s\n", what);
    record_result(t, file, line, "(unreadable case)", msg);
}

static void test_line(struct runner *t, const char *file, long line, char *text)
{
    char err[256];
    yajl_val c = yajl_tree_parse(text, err, sizeof err);
    if (!YAJL_IS_OBJECT(c)) {
        bad_case(t, file, line, "not a JSON object: a case is {\"name\", \"record\", \"expect\"}");
        yajl_tree_free(c);
        return;
    }
    yajl_val name = get(c, "name"), pol = get(c, "policy"), as_of = get(c, "as_of");
    yajl_val rec = get(c, "record"), raw = get(c, "line"), expect = get(c, "expect");
    if (!YAJL_IS_STRING(name) || !(YAJL_IS_OBJECT(rec) || YAJL_IS_STRING(raw)) ||
        !YAJL_IS_OBJECT(expect)) {
        bad_case(t, file, line, "a case needs \"name\", \"record\" (or \"line\") and \"expect\"");
        yajl_tree_free(c);
        return;
    }
    char *dir = dir_of(file);
    char *policy = YAJL_IS_STRING(pol) ? join(dir, pol->u.string) : default_policy(file);
    char *record = rec ? to_json(rec) : dup_str(raw->u.string);
    if (dir && policy && record)
        run_case(t, file, line, name->u.string, policy, get(c, "define"), record,
                 YAJL_IS_STRING(as_of) ? as_of->u.string : NULL, 1, expect);
    free(dir);
    free(policy);
    free(record);
    yajl_tree_free(c);
}

static int is_blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    return *s == '\0' || *s == '#';
}

static int run_test_file(struct runner *t, const char *file)
{
    size_t len;
    char *text = read_text(file, &len);
    if (!text) {
        fprintf(stderr, "polc test: cannot read '%s': %s\n", file, strerror(errno));
        t->errors++;
        return -1;
    }
    long line = 1;
    for (char *s = text; s && *s; line++) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        if (!is_blank_or_comment(s))
            test_line(t, file, line, s);
        s = nl ? nl + 1 : NULL;
    }
    free(text);
    return 0;
}

/* ---- conformance suites ----------------------------------------------- */

static char *next_line(char **cursor)
{
    char *s = *cursor;
    if (!s || !*s)
        return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = NULL;
    }
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
    return s;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t\r")] == '\0';
}

static void suite_cases(struct runner *t, const char *rec_file, char *records, char *expected,
                        const char *policy, const char *as_of)
{
    char *rc = records, *ec = expected, *rline, *eline;
    long rno = 0;
    while ((eline = next_line(&ec))) {
        if (blank(eline))
            continue;
        do {
            rline = next_line(&rc);
            rno++;
        } while (rline && blank(rline));
        if (!rline) {
            bad_case(t, rec_file, rno, "more expected lines than record lines");
            return;
        }
        yajl_val want = yajl_tree_parse(eline, NULL, 0);
        yajl_val id = get(want, "id");
        char name[160];
        snprintf(name, sizeof name, "records.jsonl line %ld%s%.100s", rno, YAJL_IS_STRING(id) ? ": " : "",
                 YAJL_IS_STRING(id) ? id->u.string : "");
        if (!YAJL_IS_OBJECT(want))
            bad_case(t, rec_file, rno, "expected line is not a JSON object");
        else
            run_case(t, rec_file, rno, name, policy, NULL, rline, as_of, rno, want);
        yajl_tree_free(want);
    }
    while ((rline = next_line(&rc))) {
        rno++;
        if (!blank(rline)) {
            bad_case(t, rec_file, rno, "a record line with no expected line");
            return;
        }
    }
}

static int run_suite(struct runner *t, const char *dir)
{
    char *sj = join(dir, "suite.json"), *rj = join(dir, "records.jsonl"), *ej = join(dir, "expected.jsonl");
    size_t n;
    char *spec = sj ? read_text(sj, &n) : NULL, *records = rj ? read_text(rj, &n) : NULL;
    char *expected = ej ? read_text(ej, &n) : NULL;
    int rc = 0;
    yajl_val s = spec ? yajl_tree_parse(spec, NULL, 0) : NULL;
    yajl_val pol = get(s, "policy"), as_of = get(s, "as_of");
    if (!records || !expected || !YAJL_IS_STRING(pol)) {
        fprintf(stderr, "polc test: %s: a suite needs suite.json (with \"policy\"), records.jsonl and expected.jsonl\n", dir);
        t->errors++;
        rc = -1;
    } else {
        char *policy = join(dir, pol->u.string);
        if (policy)
            suite_cases(t, rj, records, expected, policy, YAJL_IS_STRING(as_of) ? as_of->u.string : NULL);
        free(policy);
    }
    yajl_tree_free(s);
    free(spec);
    free(records);
    free(expected);
    free(sj);
    free(rj);
    free(ej);
    return rc;
}

/* ---- folders ------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(struct runner *t, const char *path, int depth);

static int run_dir(struct runner *t, const char *path, int depth)
{
    char *suite = join(path, "suite.json");
    struct stat st;
    int is_suite = suite && stat(suite, &st) == 0;
    free(suite);
    if (is_suite)
        return run_suite(t, path);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "polc test: cannot open '%s': %s\n", path, strerror(errno));
        t->errors++;
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **grow = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
            if (!grow)
                break;
            names = grow;
        }
        names[n++] = dup_str(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *child = join(path, names[i]);
        if (child && stat(child, &st) == 0 && (S_ISDIR(st.st_mode) || ends_with(names[i], ".test")))
            run_path(t, child, depth + 1);
        free(child);
        free(names[i]);
    }
    free(names);
    return 0;
}

static int run_path(struct runner *t, const char *path, int depth)
{
    struct stat st;
    if (depth > 16)
        return 0;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "polc test: cannot read '%s': %s\n", path, strerror(errno));
        t->errors++;
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_test_file(t, path);
    size_t n = strlen(path);
    char *dir = malloc(n + 2);
    if (!dir)
        return -1;
    snprintf(dir, n + 2, "%s%s", path, n && path[n - 1] == '/' ? "" : "/");
    int rc = run_dir(t, dir, depth);
    free(dir);
    return rc;
}

/* ---- JUnit XML ------------------------------------------------------------ */

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '<') fputs("&lt;", f);
        else if (c == '>') fputs("&gt;", f);
        else if (c == '&') fputs("&amp;", f);
        else if (c == '"') fputs("&quot;", f);
        else if (c < 0x20 && c != '\n' && c != '\t') fputc('?', f);
        else fputc(c, f);
    }
}

static int write_junit(const struct runner *t, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "polc test: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<testsuites name=\"polc test\" tests=\"%d\" failures=\"%d\">\n"
               "  <testsuite name=\"polc test\" tests=\"%d\" failures=\"%d\" errors=\"0\">\n",
            t->passed + t->failed, t->failed, t->passed + t->failed, t->failed);
    for (const struct result *r = t->head; r; r = r->next) {
        fputs("    <testcase classname=\"", f);
        xml_text(f, r->file);
        fputs("\" name=\"", f);
        xml_text(f, r->name);
        fprintf(f, " (line %ld)\"", r->line);
        if (!r->failure) {
            fputs("/>\n", f);
            continue;
        }
        fputs(">\n      <failure message=\"expected and actual differ\">", f);
        xml_text(f, r->failure);
        fputs("</failure>\n    </testcase>\n", f);
    }
    fputs("  </testsuite>\n</testsuites>\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

int test_run(const char *const *paths, int n, const struct test_options *o)
{
    struct runner t;
    memset(&t, 0, sizeof t);
    t.tail = &t.head;
    t.o = o;
    for (int i = 0; i < n; i++)
        run_path(&t, paths[i], 0);
    printf("%d passed, %d failed\n", t.passed, t.failed);
    int rc = t.errors ? 2 : t.failed ? 1 : 0;
    if (o->junit && write_junit(&t, o->junit) != 0)
        rc = 2;
    while (t.head) {
        struct result *r = t.head;
        t.head = r->next;
        free(r->file);
        free(r->name);
        free(r->failure);
        free(r);
    }
    free_policies();
    return rc;
}
