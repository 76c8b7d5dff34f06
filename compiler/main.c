/* main.c - polc's command line: subcommands, options, exit codes.
 * Exit status: 0 success, 1 problems found (errors in a policy, bad record
 * lines), 2 misuse or trouble reading and writing. */
#include "compile.h"
#include "diff.h"
#include "doc.h"
#include "explain.h"
#include "fmt.h"
#include "gen.h"
#include "testrun.h"
#include "buf.h"
#include "polc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_OVERRIDES = 256, MAX_FILES = 1024 };

struct options {
    const char *files[MAX_FILES];
    int n_files;
    struct override ov[MAX_OVERRIDES];
    int n_ov;
    const char *out;
    const char *as_of;
    const char *format;
    const char *junit;
    const char *jobs;
    const char *examples;
    int werror, summary, color, deps, verbose, check_only, in_place, explain;
};

static const char *prog = "polc";

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s%s%s: ", prog, cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s%s%s --help' for more information.\n", prog, cmd ? " " : "",
            cmd ? cmd : "");
    if (cmd)
        fputs("", stderr);
    return 2;
}

static void help_main(void)
{
    puts("Usage: polc COMMAND [OPTION]... FILE...\n"
         "Check, compile and preview renewal policies written in the .pol language.\n"
         "\n"
         "Commands:\n"
         "  check POLICY.pol...          report errors and warnings in policies\n"
         "  build POLICY.pol -o OUT.c    write C tables OUT.c and OUT.h\n"
         "  eval POLICY.pol [RECORDS]    evaluate JSON Lines records (stdin by default)\n"
         "  test [PATH]...               run the test cases written next to policies\n"
         "  fmt [--check|-w] FILE...     print policies in the canonical layout\n"
         "  explain POLICY.pol RECORD    how the decision for one record is reached\n"
         "  doc POLICY.pol -o OUT.html   a page describing the policy for its trainers\n"
         "  diff OLD.pol NEW.pol RECORDS what a policy change does to real records\n"
         "\n"
         "  -h, --help       display this help and exit\n"
         "      --version    output version information and exit\n"
         "\n"
         "Run 'polc COMMAND --help' for the options of a command.\n"
         "Exit status: 0 if all went well, 1 if problems were found (policy errors,\n"
         "bad record lines), 2 on misuse or trouble reading or writing files.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static void help_check(void)
{
    puts("Usage: polc check [OPTION]... POLICY.pol...\n"
         "Check policies and report every error and warning.\n"
         "\n"
         "      --werror            treat warnings as errors\n"
         "      --format=FORMAT     text (default), json or sarif (SARIF 2.1.0)\n"
         "      --color=WHEN        auto (default), always or never\n"
         "  -D NAME=VALUE           set a parameter\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 when clean, 1 when any error, 2 on misuse.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static void help_build(void)
{
    puts("Usage: polc build [OPTION]... POLICY.pol -o OUT.c\n"
         "Compile a policy to C tables: OUT.c and OUT.h (static const data).\n"
         "\n"
         "  -o FILE                 the C file to write; the header is FILE with .h\n"
         "  -D NAME=VALUE           set a parameter (e.g. -D late_fee=80.00)\n"
         "  -MD                     also write OUT.d, a make rule naming the policy\n"
         "                          OUT.c and OUT.h depend on (as gcc -MD does)\n"
         "      --werror            treat warnings as errors\n"
         "      --color=WHEN        auto (default), always or never\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 when written, 1 when the policy has errors, 2 on misuse.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static void help_eval(void)
{
    puts("Usage: polc eval [OPTION]... POLICY.pol [RECORDS.jsonl]\n"
         "Evaluate trainer records (JSON Lines; standard input when RECORDS is\n"
         "absent or '-') and write one decision per line to standard output.\n"
         "\n"
         "      --as-of=DATE        application date (YYYY-MM-DD) for records\n"
         "                          without applied_on\n"
         "  -D NAME=VALUE           set a parameter for this run\n"
         "      --summary           print a summary table to standard error\n"
         "      --explain           add the trace of each decision as a last key\n"
         "                          \"explain\" (see polc explain)\n"
         "  -j, --jobs=N            decide with N worker threads (1-64); the output\n"
         "                          is the same, byte for byte, in input order\n"
         "      --color=WHEN        auto (default), always or never\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 when every line was evaluated, 1 when some line was bad,\n"
         "2 when the policy does not compile or on misuse.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static void help_test(void)
{
    puts("Usage: polc test [OPTION]... [PATH]...\n"
         "Run policy tests: .test files (one case per line: name, record, as_of,\n"
         "expect), and conformance suites (folders with suite.json, records.jsonl\n"
         "and expected.jsonl).  A folder is searched for both; the default PATH is '.'.\n"
         "Only the fields a case's \"expect\" names are compared.\n"
         "\n"
         "      --junit=FILE        also write the results as JUnit XML\n"
         "  -v, --verbose           list passing cases too\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Prints each failure (name, file:line, expected against actual, field by\n"
         "field) and ends with 'N passed, N failed'.\n"
         "Exit status: 0 when every case passed, 1 when one failed, 2 on misuse.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static void version(void)
{
    printf("polc %s\n"
           "Table format %d.\n"
           "Copyright (C) 2026 the polc authors.\n"
           "This is free software: you are free to change and redistribute it.\n",
           POLC_VERSION_STRING, POLC_TABLE_VERSION);
}

/* ---- options ------------------------------------------------------ */

static int add_override(struct options *o, const char *cmd, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return usage_error(cmd, "-D wants NAME=VALUE, not '%s'", arg);
    if (o->n_ov == MAX_OVERRIDES)
        return usage_error(cmd, "too many -D options (limit is %s)", "256");
    static char names[MAX_OVERRIDES][128];
    size_t n = (size_t)(eq - arg);
    if (n >= sizeof names[0])
        return usage_error(cmd, "parameter name too long: '%s'", arg);
    memcpy(names[o->n_ov], arg, n);
    names[o->n_ov][n] = '\0';
    o->ov[o->n_ov].name = names[o->n_ov];
    o->ov[o->n_ov].value = eq + 1;
    o->n_ov++;
    return 0;
}

static int set_color(struct options *o, const char *cmd, const char *when)
{
    if (strcmp(when, "always") == 0)
        o->color = 1;
    else if (strcmp(when, "never") == 0)
        o->color = 0;
    else if (strcmp(when, "auto") == 0)
        o->color = -1;
    else
        return usage_error(cmd, "--color wants auto, always or never, not '%s'", when);
    return 0;
}

/* Value of "--name=VALUE" or "--name VALUE"; NULL when arg is not it. */
static const char *long_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    if (a[n] == '\0')
        return "";
    return NULL;
}

static int parse_option(struct options *o, const char *cmd, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    if (strcmp(a, "--werror") == 0)
        o->werror = 1;
    else if (strcmp(a, "--summary") == 0)
        o->summary = 1;
    else if (strcmp(a, "--explain") == 0)
        o->explain = 1;
    else if (strcmp(a, "--check") == 0)
        o->check_only = 1;
    else if (strcmp(a, "-w") == 0 || strcmp(a, "--write") == 0)
        o->in_place = 1;
    else if (strcmp(a, "-MD") == 0)
        o->deps = 1;
    else if (strncmp(a, "-D", 2) == 0)
        return add_override(o, cmd, a[2] ? a + 2 : (*i + 1 < argc ? argv[++*i] : ""));
    else if (strcmp(a, "-o") == 0 && *i + 1 < argc)
        o->out = argv[++*i];
    else if ((v = long_value(argc, argv, i, "--as-of")))
        o->as_of = v;
    else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
        o->verbose = 1;
    else if ((v = long_value(argc, argv, i, "--jobs")))
        o->jobs = v;
    else if (strcmp(a, "-j") == 0 && *i + 1 < argc)
        o->jobs = argv[++*i];
    else if ((v = long_value(argc, argv, i, "--examples")))
        o->examples = v;
    else if ((v = long_value(argc, argv, i, "--junit")))
        o->junit = v;
    else if ((v = long_value(argc, argv, i, "--format")))
        o->format = v;
    else if ((v = long_value(argc, argv, i, "--color")))
        return set_color(o, cmd, v);
    else
        return usage_error(cmd, "unknown option '%s'", a);
    return 0;
}

static int parse_args(struct options *o, const char *cmd, int argc, char **argv, int *help)
{
    int only_files = 0;
    o->color = -1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            *help = 1;
            return 0;
        }
        if (!only_files && strcmp(a, "--") == 0) {
            only_files = 1;
            continue;
        }
        if (!only_files && a[0] == '-' && a[1] != '\0') {
            int rc = parse_option(o, cmd, argc, argv, &i);
            if (rc)
                return rc;
            continue;
        }
        if (o->n_files == MAX_FILES)
            return usage_error(cmd, "too many files (limit is %s)", "1024");
        o->files[o->n_files++] = a;
    }
    return 0;
}

static int use_color(const struct options *o)
{
    if (o->color >= 0)
        return o->color;
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0])
        return 0;
    return isatty(fileno(stderr));
}

/* ---- compiling ---------------------------------------------------- */

static int read_error(const char *cmd, const char *path)
{
    fprintf(stderr, "%s %s: cannot read '%s': %s\n", prog, cmd, path, strerror(errno));
    return 2;
}

static int unused_overrides(const char *cmd, const struct options *o, const struct compiled *c)
{
    int bad = 0;
    for (int i = 0; i < o->n_ov; i++) {
        if (o->ov[i].used)
            continue;
        fprintf(stderr, "%s %s: -D %s: the policy has no parameter of that name", prog, cmd,
                o->ov[i].name);
        const struct polc_policy *p = &c->model.p;
        for (int32_t k = 0; k < p->n_params; k++)
            if (edit_distance(o->ov[i].name, strlen(o->ov[i].name), p->params[k].name,
                              strlen(p->params[k].name)) <= 2) {
                fprintf(stderr, " (did you mean '%s'?)", p->params[k].name);
                break;
            }
        fputc('\n', stderr);
        bad = 1;
    }
    return bad;
}

/* Compiles one policy and prints its diagnostics as text.  0 when usable,
 * else the exit status to return. */
static int compile_or_report(struct compiled *c, const char *cmd, struct options *o,
                             int fail_status)
{
    compile_file(c, o->files[0], o->ov, o->n_ov, o->werror);
    if (c->read_failed)
        return read_error(cmd, o->files[0]);
    diag_print_text(stderr, &c->diags, use_color(o));
    if (!c->ok)
        return fail_status;
    if (unused_overrides(cmd, o, c))
        return 2;
    return 0;
}

/* ---- check -------------------------------------------------------- */

static int check_one(struct options *o, const char *path, enum diag_format fmt, int *first)
{
    struct compiled c;
    compile_file(&c, path, o->ov, o->n_ov, o->werror);
    int rc = 0;
    if (c.read_failed) {
        rc = read_error("check", path);
    } else {
        if (fmt == DIAG_TEXT)
            diag_print_text(stderr, &c.diags, use_color(o));
        else if (fmt == DIAG_JSON)
            diag_print_json(stdout, &c.diags, first);
        else
            diag_print_sarif(stdout, &c.diags, first);
        rc = c.ok ? 0 : 1;
        if (unused_overrides("check", o, &c))
            rc = 2;
        for (int i = 0; i < o->n_ov; i++)
            o->ov[i].used = 0;
    }
    compiled_free(&c);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "check", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_check();
        return 0;
    }
    enum diag_format fmt = DIAG_TEXT;
    if (o.format && strcmp(o.format, "json") == 0)
        fmt = DIAG_JSON;
    else if (o.format && strcmp(o.format, "sarif") == 0)
        fmt = DIAG_SARIF;
    else if (o.format && strcmp(o.format, "text") != 0)
        return usage_error("check", "--format wants text, json or sarif, not '%s'", o.format);
    if (o.n_files == 0)
        return usage_error("check", "%s", "no policy file given");
    int first = 1, worst = 0;
    if (fmt == DIAG_JSON)
        fputs("{\"diagnostics\":[", stdout);
    if (fmt == DIAG_SARIF)
        diag_print_sarif_head(stdout);
    for (int i = 0; i < o.n_files; i++) {
        int r = check_one(&o, o.files[i], fmt, &first);
        if (r > worst)
            worst = r;
    }
    if (fmt == DIAG_JSON)
        fputs(first ? "]}\n" : "\n]}\n", stdout);
    if (fmt == DIAG_SARIF)
        diag_print_sarif_tail(stdout);
    return fflush(stdout) == 0 ? worst : 2;
}

/* ---- build -------------------------------------------------------- */

static char *with_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path);
    if (n > 2 && strcmp(path + n - 2, ".c") == 0)
        n -= 2;
    char *s = malloc(n + strlen(suffix) + 1);
    if (!s)
        return NULL;
    memcpy(s, path, n);
    strcpy(s + n, suffix);
    return s;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int write_file(const char *path, const struct polc_policy *p, const char *header,
                      int is_header)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "%s build: cannot write '%s': %s\n", prog, path, strerror(errno));
        return 2;
    }
    if (is_header) {
        char guard[256];
        snprintf(guard, sizeof guard, "%s", p->name);
        gen_header(f, p, guard);
    } else {
        gen_source(f, p, header);
    }
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "%s build: error writing '%s'\n", prog, path);
        return 2;
    }
    return 0;
}

/* OUT.d: "OUT.c OUT.h: POLICY.pol" and an empty rule for the policy, so a
 * deleted policy does not break make (gcc -MD -MP). */
static int write_deps(const char *out, const char *header, const char *policy)
{
    char *path = with_suffix(out, ".d");
    FILE *f = path ? fopen(path, "wb") : NULL;
    if (!f) {
        fprintf(stderr, "%s build: cannot write '%s': %s\n", prog, path ? path : out,
                strerror(errno));
        free(path);
        return 2;
    }
    fprintf(f, "%s %s: %s\n\n%s:\n", out, header, policy, policy);
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    free(path);
    return bad ? 2 : 0;
}

static int cmd_build(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "build", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_build();
        return 0;
    }
    if (o.n_files != 1)
        return usage_error("build", "%s", "give exactly one policy file");
    if (!o.out)
        return usage_error("build", "%s", "no output file: use -o OUT.c");
    struct compiled c;
    rc = compile_or_report(&c, "build", &o, 1);
    char *header = rc ? NULL : with_suffix(o.out, ".h");
    if (!rc && !header)
        rc = 2;
    if (!rc)
        rc = write_file(header, &c.model.p, NULL, 1);
    if (!rc)
        rc = write_file(o.out, &c.model.p, base_name(header), 0);
    if (!rc && o.deps)
        rc = write_deps(o.out, header, o.files[0]);
    free(header);
    compiled_free(&c);
    return rc;
}

/* ---- eval --------------------------------------------------------- */

/* Which parameter values the run used, as records.md asks. */
static void parameters_used(const struct polc_policy *p)
{
    for (int32_t i = 0; i < p->n_params; i++) {
        const struct polc_param *x = &p->params[i];
        char v[32];
        polc_dec_format(x->value, x->kind == POLC_PARAM_MONEY ? 2 : 6, v);
        if (x->kind != POLC_PARAM_MONEY) {
            size_t n = strlen(v);
            while (n > 1 && v[n - 1] == '0')
                v[--n] = '\0';
            if (n > 1 && v[n - 1] == '.')
                v[--n] = '\0';
        }
        fprintf(stderr, "%s %s=%s%s%s\n", i == 0 ? "parameters:" : "           ", x->name, v,
                x->kind == POLC_PARAM_PERCENT ? "%" : "",
                x->overridden ? " (set with -D)" : x->assumed ? " (assumed default)" : "");
    }
}

static void summary(const struct polc_policy *p, const struct polc_stats *st)
{
    char fees[32];
    polc_dec_format(st->fees_due, 2, fees);
    fprintf(stderr,
            "%-12s %8s %10s %10s %8s %6s %14s\n"
            "%-12s %8ld %10ld %10ld %8ld %6ld %10s %s\n",
            "policy", "records", "renewable", "incomplete", "expired", "bad", "fees due",
            p->name, st->lines ? st->decisions + st->errors : 0, st->renewable, st->incomplete,
            st->expired, st->errors, fees, p->currency);
    parameters_used(p);
}

static int open_records(const char *path, FILE **in)
{
    if (!path || strcmp(path, "-") == 0) {
        *in = stdin;
        return 0;
    }
    *in = fopen(path, "rb");
    return *in ? 0 : -1;
}

/* eval --explain: the decision's line gains a last key "explain". */
static void add_explain(void *ud, struct polc_buf *b, const struct polc_policy *p,
                        const struct polc_record *r, const struct polc_decision *d)
{
    (void)ud;
    if (b->failed || b->len < 2)
        return;
    b->len -= 2; /* "}\n" */
    static const char key[] = ",\"explain\":";
    buf_put(b, key, sizeof key - 1);
    explain_json(b, p, r, d);
    buf_put(b, "}\n", 2);
}

static int run_eval(const struct options *o, const struct polc_policy *p)
{
    polc_date as_of = 0;
    int has_as_of = o->as_of != NULL;
    if (has_as_of && polc_date_parse(o->as_of, strlen(o->as_of), &as_of) != 0)
        return usage_error("eval", "--as-of wants a date YYYY-MM-DD, not '%s'", o->as_of);
    FILE *in;
    const char *path = o->n_files > 1 ? o->files[1] : NULL;
    if (open_records(path, &in) != 0)
        return read_error("eval", path);
    int jobs = 1;
    if (o->jobs) {
        char *end;
        long j = strtol(o->jobs, &end, 10);
        if (*o->jobs == '\0' || *end != '\0' || j < 1 || j > 64) {
            if (in != stdin)
                fclose(in);
            return usage_error("eval", "--jobs wants a number from 1 to 64, not '%s'", o->jobs);
        }
        jobs = (int)j;
    }
    struct polc_stats st;
    struct polc_run_options ro = { jobs, o->explain ? add_explain : NULL, NULL };
    int rc = polc_run_with(p, in, stdout, has_as_of, as_of, &ro, &st);
    if (in != stdin)
        fclose(in);
    if (rc == 2)
        fprintf(stderr, "%s eval: error reading records or writing decisions\n", prog);
    if (o->summary)
        summary(p, &st);
    return rc;
}

static int cmd_eval(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "eval", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_eval();
        return 0;
    }
    if (o.n_files < 1 || o.n_files > 2)
        return usage_error("eval", "%s", "give a policy file and at most one records file");
    struct compiled c;
    rc = compile_or_report(&c, "eval", &o, 2);
    if (!rc)
        rc = run_eval(&o, &c.model.p);
    compiled_free(&c);
    return rc;
}

static int cmd_test(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "test", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_test();
        return 0;
    }
    static const char *const here[] = { "." };
    struct test_options t = { o.junit, o.verbose };
    return o.n_files ? test_run(o.files, o.n_files, &t) : test_run(here, 1, &t);
}

static void help_explain(void)
{
    puts("Usage: polc explain [OPTION]... POLICY.pol RECORD.json\n"
         "Explain, step by step, the decision for one record (a file holding one\n"
         "JSON record, or '-' for standard input): the cycle and how its expiry\n"
         "was computed, each course counted or not and why, the CPR/AED verdict,\n"
         "the window, each fee line and the path chosen.\n"
         "\n"
         "      --as-of=DATE        application date when the record has no applied_on\n"
         "  -D NAME=VALUE           set a parameter\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 explained, 1 the record is bad (its error is printed),\n"
         "2 when the policy does not compile or on misuse.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

/* The record file's text, without its final line break. */
static char *read_record(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    struct polc_buf b = { 0 };
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (size_t)POLC_MAX_LINE)
        buf_put(&b, chunk, got);
    if (f != stdin)
        fclose(f);
    while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == '\r'))
        b.len--;
    *len = b.len;
    if (!b.ptr)
        buf_put(&b, "", 1);
    return b.ptr;
}

static int explain_record(const struct options *o, const struct polc_policy *p,
                          const char *text, size_t len)
{
    polc_date as_of = 0;
    int has = o->as_of != NULL;
    if (has && polc_date_parse(o->as_of, strlen(o->as_of), &as_of) != 0)
        return usage_error("explain", "--as-of wants a date YYYY-MM-DD, not '%s'", o->as_of);
    struct polc_reader *rd = polc_reader_new(p);
    if (!rd)
        return 2;
    struct polc_record r;
    struct polc_line_error e;
    polc_date applied;
    struct polc_buf out = { 0 };
    int rc = 0;
    if (len > (size_t)POLC_MAX_LINE || polc_read_record(rd, text, len, has, as_of, &r, &applied, &e) != 0) {
        if (len > (size_t)POLC_MAX_LINE) {
            memset(&e, 0, sizeof e);
            e.code = "line_too_long";
        }
        polc_write_error(&out, 1, &e);
        rc = 1;
    } else {
        struct polc_decision d;
        memset(&d, 0, sizeof d);
        d.courses = calloc((size_t)r.n_courses + 1, 1);
        if (!d.courses || polc_eval(p, &r, applied, &d) != 0)
            rc = 2;
        else
            explain_text(&out, p, &r, &d);
        free(d.courses);
    }
    if (out.failed || (out.len && fwrite(out.ptr, 1, out.len, rc == 1 ? stderr : stdout) != out.len))
        rc = 2;
    polc_buf_free(&out);
    polc_reader_free(rd);
    return rc;
}

static int cmd_explain(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "explain", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_explain();
        return 0;
    }
    if (o.n_files != 2)
        return usage_error("explain", "%s", "give a policy file and a record file");
    struct compiled c;
    rc = compile_or_report(&c, "explain", &o, 2);
    if (!rc) {
        size_t len;
        char *text = read_record(o.files[1], &len);
        rc = text ? explain_record(&o, &c.model.p, text, len) : read_error("explain", o.files[1]);
        free(text);
    }
    compiled_free(&c);
    return rc;
}

static void help_doc(void)
{
    puts("Usage: polc doc [OPTION]... POLICY.pol -o OUT\n"
         "Write one self-contained page (no scripts, no network) that describes the\n"
         "policy for its trainers: credentials, paths, fees, a timeline of the cycle\n"
         "and its grace windows, and every source sentence the policy cites.\n"
         "\n"
         "  -o FILE                 where to write the page ('-': standard output)\n"
         "      --format=FORMAT     html (default) or md (Markdown)\n"
         "  -D NAME=VALUE           set a parameter\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 written, 1 the policy has errors, 2 on misuse or I/O trouble.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static int write_buf(const char *path, const struct polc_buf *b)
{
    int to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "%s doc: cannot write '%s': %s\n", prog, path, strerror(errno));
        return 2;
    }
    int bad = b->failed || (b->len && fwrite(b->ptr, 1, b->len, f) != b->len);
    bad |= to_stdout ? fflush(f) != 0 : fclose(f) != 0;
    if (bad)
        fprintf(stderr, "%s doc: error writing '%s'\n", prog, path);
    return bad ? 2 : 0;
}

static int cmd_doc(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "doc", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_doc();
        return 0;
    }
    if (o.n_files != 1)
        return usage_error("doc", "%s", "give exactly one policy file");
    if (!o.out)
        return usage_error("doc", "%s", "no output file: use -o OUT.html");
    int md = o.format && strcmp(o.format, "md") == 0;
    if (o.format && !md && strcmp(o.format, "html") != 0)
        return usage_error("doc", "--format wants html or md, not '%s'", o.format);
    struct compiled c;
    rc = compile_or_report(&c, "doc", &o, 1);
    if (!rc) {
        struct polc_buf b = { 0 };
        if (md)
            doc_markdown(&b, &c.model.p);
        else
            doc_html(&b, &c.model.p);
        rc = write_buf(o.out, &b);
        polc_buf_free(&b);
    }
    compiled_free(&c);
    return rc;
}

static void help_diff(void)
{
    puts("Usage: polc diff [OPTION]... OLD.pol NEW.pol RECORDS.jsonl\n"
         "What a change to a policy does: first how the two policies differ (a fee\n"
         "changed from 75.00 to 85.00, a window added), then the impact on real\n"
         "records: how many decisions change status, window, path or fee total, a\n"
         "table of status transitions, the total fees before and after, and the\n"
         "first changed records of each transition, both decisions side by side.\n"
         "\n"
         "      --as-of=DATE        application date for records without applied_on\n"
         "      --format=FORMAT     text (default) or json\n"
         "      --examples=N        changed records shown per transition (default 3)\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 nothing changes, 1 something does, 2 when a policy does not\n"
         "compile, on misuse, or when the records cannot be read.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

static int diff_options_from(const struct options *o, struct diff_options *d)
{
    memset(d, 0, sizeof *d);
    d->examples = DIFF_DEFAULT_EXAMPLES;
    if (o->format && strcmp(o->format, "json") == 0)
        d->json = 1;
    else if (o->format && strcmp(o->format, "text") != 0)
        return usage_error("diff", "--format wants text or json, not '%s'", o->format);
    if (o->examples) {
        char *end;
        long n = strtol(o->examples, &end, 10);
        if (*o->examples == '\0' || *end != '\0' || n < 0 || n > 1000)
            return usage_error("diff", "--examples wants a number from 0 to 1000, not '%s'", o->examples);
        d->examples = (int)n;
    }
    if (o->as_of) {
        if (polc_date_parse(o->as_of, strlen(o->as_of), &d->as_of) != 0)
            return usage_error("diff", "--as-of wants a date YYYY-MM-DD, not '%s'", o->as_of);
        d->has_as_of = 1;
    }
    return 0;
}

static int cmd_diff(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "diff", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_diff();
        return 0;
    }
    if (o.n_files != 3)
        return usage_error("diff", "%s", "give the old policy, the new policy and a records file");
    struct diff_options d;
    if ((rc = diff_options_from(&o, &d)) != 0)
        return rc;
    struct options one = o;
    struct compiled a, b;
    one.files[0] = o.files[0];
    rc = compile_or_report(&a, "diff", &one, 2);
    one.files[0] = o.files[1];
    int rc2 = rc ? 2 : compile_or_report(&b, "diff", &one, 2);
    FILE *in = NULL;
    if (!rc && !rc2 && open_records(o.files[2], &in) != 0)
        rc = read_error("diff", o.files[2]);
    if (!rc && !rc2) {
        rc = diff_run(stdout, &a.model.p, &b.model.p, in, &d);
        if (rc == 2)
            fprintf(stderr, "%s diff: error reading '%s' or writing the report\n", prog, o.files[2]);
        if (in != stdin)
            fclose(in);
    }
    if (!rc2 || rc == 0)
        compiled_free(&b);
    compiled_free(&a);
    return rc ? rc : rc2;
}

static void help_fmt(void)
{
    puts("Usage: polc fmt [OPTION]... POLICY.pol...\n"
         "Print policies in polc's one canonical layout (comments kept; formatting\n"
         "twice changes nothing).\n"
         "\n"
         "      --check             print nothing but the names of the files that\n"
         "                          would change; exit 1 if there are any\n"
         "  -w, --write             rewrite the files in place\n"
         "  -h, --help              display this help and exit\n"
         "\n"
         "Exit status: 0 all well, 1 a file would change (--check) or cannot be\n"
         "formatted, 2 on misuse or when a file cannot be read or written.\n"
         "\n"
         "Report bugs to: the polc issue tracker.");
}

/* Writes via a temporary file and a rename, so a failure leaves the file. */
static int replace_file(const char *path, const struct polc_buf *b)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.polc-fmt~", path);
    FILE *f = fopen(tmp, "wb");
    int bad = !f || (b->len && fwrite(b->ptr, 1, b->len, f) != b->len);
    if (f)
        bad |= fclose(f) != 0;
    if (!bad)
        bad = rename(tmp, path) != 0;
    if (bad)
        remove(tmp);
    free(tmp);
    return bad ? -1 : 0;
}

static int fmt_one(const struct options *o, const char *path)
{
    struct arena a;
    struct source src;
    arena_init(&a);
    if (source_read(&src, &a, path) != 0) {
        int rc = read_error("fmt", path);
        arena_free(&a);
        return rc;
    }
    struct polc_buf out = { 0 };
    size_t off = 0;
    const char *why = NULL;
    int rc = 0;
    if (fmt_text(src.text, src.len, &out, &off, &why) != 0) {
        uint32_t line, col;
        source_locate(&src, (uint32_t)off, &line, &col);
        fprintf(stderr, "%s:%u:%u: error: cannot format: %s\n", src.name, line, col,
                why ? why : "unknown reason");
        rc = 1;
    } else if (o->check_only || o->in_place) {
        int same = out.len == src.len && memcmp(out.ptr ? out.ptr : "", src.text, src.len) == 0;
        if (!same && o->check_only) {
            printf("%s\n", path);
            rc = 1;
        } else if (!same && replace_file(path, &out) != 0) {
            fprintf(stderr, "%s fmt: cannot write '%s': %s\n", prog, path, strerror(errno));
            rc = 2;
        }
    } else if (out.len && fwrite(out.ptr, 1, out.len, stdout) != out.len) {
        rc = 2;
    }
    polc_buf_free(&out);
    arena_free(&a);
    return rc;
}

static int cmd_fmt(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int help = 0, rc = parse_args(&o, "fmt", argc, argv, &help);
    if (rc)
        return rc;
    if (help) {
        help_fmt();
        return 0;
    }
    if (o.n_files == 0)
        return usage_error("fmt", "%s", "no policy file given");
    if (o.check_only && o.in_place)
        return usage_error("fmt", "%s", "--check and -w exclude each other");
    int worst = 0;
    for (int i = 0; i < o.n_files; i++) {
        int r = fmt_one(&o, o.files[i]);
        if (r > worst)
            worst = r;
    }
    return fflush(stdout) == 0 ? worst : 2;
}

int main(int argc, char **argv)
{
    /* Diagnostics go out a line at a time, not a byte at a time. */
    static char errbuf[1 << 14];
    setvbuf(stderr, errbuf, _IOLBF, sizeof errbuf);
    if (argc < 2)
        return usage_error(NULL, "%s", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        help_main();
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        version();
        return 0;
    }
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc - 2, argv + 2);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 2, argv + 2);
    if (strcmp(cmd, "test") == 0)
        return cmd_test(argc - 2, argv + 2);
    if (strcmp(cmd, "fmt") == 0)
        return cmd_fmt(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 2, argv + 2);
    if (strcmp(cmd, "doc") == 0)
        return cmd_doc(argc - 2, argv + 2);
    if (strcmp(cmd, "diff") == 0)
        return cmd_diff(argc - 2, argv + 2);
    return usage_error(NULL, "unknown command '%s'", cmd);
}
