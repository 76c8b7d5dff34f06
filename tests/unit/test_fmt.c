/* The formatter behind `polc fmt`: one layout rule per test, its errors,
 * idempotence on every policy in the tree and on random text, the goldens in
 * tests/fmt/, and hostile inputs. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fmt.h"

/* ---- helpers --------------------------------------------------------------- */

struct text { char *s; size_t n; };

/* Formats n bytes of s; returns the result (caller frees) or NULL on error,
 * with the error's offset and message. */
static int run_fmt(const char *s, size_t n, struct text *res, size_t *off, const char **msg)
{
    struct polc_buf b = { 0 };
    size_t o = (size_t)-1;
    const char *m = NULL;
    int rc = fmt_text(s, n, &b, &o, &m);
    if (off)
        *off = o;
    if (msg)
        *msg = m;
    if (rc != 0) {
        assert_int_equal(rc, -1);
        assert_non_null(m);
        assert_int_equal(b.len, 0);
        polc_buf_free(&b);
        res->s = NULL;
        res->n = 0;
        return -1;
    }
    assert_null(m);
    res->s = b.ptr; /* NULL when nothing was produced */
    res->n = b.len;
    return 0;
}

/* Every canonical text: no trailing blanks, no CR, ends with exactly one
 * newline (or is empty), no run of blank lines, none at either end. */
static void assert_canonical_shape(const struct text *t)
{
    if (t->n == 0)
        return;
    assert_true(t->s[t->n - 1] == '\n');
    assert_false(t->n >= 2 && t->s[t->n - 2] == '\n');
    assert_false(t->s[0] == '\n');
    for (size_t i = 0; i < t->n; i++) {
        if (t->s[i] == '\n' && i > 0) {
            char p = t->s[i - 1];
            if (p == ' ' || p == '\t' || p == '\r') {
                fprintf(stderr, "trailing blank before offset %zu\n", i);
                fail();
            }
        }
        if (i + 2 < t->n && t->s[i] == '\n' && t->s[i + 1] == '\n' && t->s[i + 2] == '\n')
            fail_msg("two blank lines at offset %zu", i);
    }
}

/* fmt(in) must be want, fmt(want) must be want again. */
static void expect_n(const char *in, size_t n, const char *want)
{
    struct text a, b;
    size_t off;
    const char *msg;
    if (run_fmt(in, n, &a, &off, &msg) != 0)
        fail_msg("fmt failed at %zu: %s", off, msg);
    size_t wn = strlen(want);
    if (a.n != wn || (wn && memcmp(a.s, want, wn) != 0)) {
        fprintf(stderr, "--- input\n%.*s--- want\n%s--- got\n%.*s---\n", (int)n, in, want,
                (int)a.n, a.s ? a.s : "");
        fail();
    }
    assert_canonical_shape(&a);
    assert_int_equal(run_fmt(a.s, a.n, &b, NULL, NULL), 0);
    assert_int_equal(b.n, a.n);
    if (a.n)
        assert_memory_equal(a.s, b.s, a.n);
    free(a.s);
    free(b.s);
}

static void expect(const char *in, const char *want)
{
    expect_n(in, strlen(in), want);
}

static void expect_error_n(const char *in, size_t n, size_t want_off, const char *want_msg)
{
    struct text t;
    size_t off;
    const char *msg;
    assert_int_equal(run_fmt(in, n, &t, &off, &msg), -1);
    if (strcmp(msg, want_msg) != 0 || off != want_off)
        fail_msg("want '%s' at %zu, got '%s' at %zu", want_msg, want_off, msg, off);
}

static void expect_error(const char *in, size_t want_off, const char *want_msg)
{
    expect_error_n(in, strlen(in), want_off, want_msg);
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
        size_t k = fread(s + len, 1, cap - len, f);
        if (k == 0)
            break;
        len += k;
    }
    fclose(f);
    *n = len;
    return s;
}

/* The repository's root: the working directory (make test runs there) or
 * the directory this file was compiled from. */
static const char *root(void)
{
    static char dir[4096];
    struct stat st;
    if (dir[0])
        return dir;
    if (stat("policies/nasm-cpt.pol", &st) == 0) {
        strcpy(dir, ".");
        return dir;
    }
    const char *me = __FILE__, *tail = strstr(me, "tests/unit/test_fmt.c");
    if (tail && (size_t)(tail - me) < sizeof dir - 2) {
        memcpy(dir, me, (size_t)(tail - me));
        dir[tail - me] = '\0';
        if (!dir[0])
            strcpy(dir, ".");
    } else {
        strcpy(dir, ".");
    }
    return dir;
}

static char *read_repo(const char *rel, size_t *n)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root(), rel);
    return read_all(path, n);
}

static char *repeat(const char *unit, size_t times, size_t *n)
{
    size_t k = strlen(unit);
    char *s = malloc(k * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * k, unit, k);
    s[k * times] = '\0';
    *n = k * times;
    return s;
}

/* ---- empty input, final newline -------------------------------------------- */

static void empty_stays_empty(void **state)
{
    (void)state;
    expect("", "");
    expect(" ", "");
    expect("\n", "");
    expect("\n\n\n\n", "");
    expect(" \t\r\n\r\n  \t \n", "");
    struct polc_buf b = { 0 };
    assert_int_equal(fmt_text(NULL, 0, &b, NULL, NULL), 0);
    assert_int_equal(b.len, 0);
    polc_buf_free(&b);
}

static void ends_with_one_newline(void **state)
{
    (void)state;
    expect("a", "a\n");
    expect("a\n", "a\n");
    expect("a\n\n\n\n", "a\n");
    expect("a   \n  \n\t\n", "a\n");
    expect("# c", "# c\n");
    expect("x {\n}", "x {\n}\n");
}

/* ---- indentation ------------------------------------------------------------- */

static void indents_four_spaces_per_depth(void **state)
{
    (void)state;
    expect("a {\nb\n}\n", "a {\n    b\n}\n");
    expect("a {\n\t\tb\n  }\n", "a {\n    b\n}\n");
    expect("    a\n", "a\n");
    expect("\ta\n", "a\n");
    expect("a {\nb {\nc {\nd\n}\n}\n}\n",
           "a {\n    b {\n        c {\n            d\n        }\n    }\n}\n");
    expect("a {\n      b\n   c\n}\n", "a {\n    b\n    c\n}\n");
}

/* ---- '{' ends its line ------------------------------------------------------ */

static void open_brace_ends_its_line(void **state)
{
    (void)state;
    expect("x { a b\n}\n", "x {\n    a b\n}\n");
    expect("x {a\n}\n", "x {\n    a\n}\n");
    expect("x {{ a\n}}\n", "x {\n    {\n        a\n    }\n}\n");
    expect("x { y { z\n}\n}\n", "x {\n    y {\n        z\n    }\n}\n");
    expect("x {, a\n}\n", "x {\n    , a\n}\n");
}

static void open_brace_keeps_its_trailing_comment(void **state)
{
    (void)state;
    expect("x { # why\n a\n}\n", "x {  # why\n    a\n}\n");
    expect("x {# why\n}\n", "x {  # why\n}\n");
    /* code after the '{' moves, and the comment goes with the last piece */
    expect("x { a # why\n}\n", "x {\n    a  # why\n}\n");
}

static void lone_open_brace_is_not_joined(void **state)
{
    (void)state;
    /* line ends are statement ends: fmt never joins lines */
    expect("x\n{\na\n}\n", "x\n{\n    a\n}\n");
    expect("{\n}\n", "{\n}\n");
}

/* ---- '}' stands on its own line ------------------------------------------- */

static void close_brace_stands_alone(void **state)
{
    (void)state;
    expect("x {\n    a }\n", "x {\n    a\n}\n");
    expect("x { a }\n", "x {\n    a\n}\n");
    expect("x {}\n", "x {\n}\n");
    expect("{}", "{\n}\n");
    expect("{}{}\n", "{\n}\n{\n}\n");
    expect("x {\n} y\n", "x {\n}\ny\n");
    expect("x {\n} y {\n}\n", "x {\n}\ny {\n}\n");
    expect("x { y { a } }\n", "x {\n    y {\n        a\n    }\n}\n");
    expect("a {\nb {\n}}\n", "a {\n    b {\n    }\n}\n");
    expect("x {\n    a,}\n", "x {\n    a,\n}\n");
}

static void close_brace_keeps_its_trailing_comment(void **state)
{
    (void)state;
    expect("x {\n}# end\n", "x {\n}  # end\n");
    expect("x {\n    a } # end\n", "x {\n    a\n}  # end\n");
    expect("x {\n} y # end\n", "x {\n}\ny  # end\n");
}

/* ---- spacing between tokens ------------------------------------------------ */

static void tokens_one_space_apart(void **state)
{
    (void)state;
    expect("a   b\t\tc \t d\n", "a b c d\n");
    expect("param x=1\n", "param x = 1\n");
    expect("param   x   =   1\n", "param x = 1\n");
    expect("from expiry+90 days\n", "from expiry + 90 days\n");
    expect("from expiry +90 days\n", "from expiry + 90 days\n");
    expect("title\"x\"\n", "title \"x\"\n");
    expect("cite \"a\"\"b\"\n", "cite \"a\" \"b\"\n");
    expect("a\rb\n", "a b\n"); /* a lone CR is a blank, as for the scanner */
}

static void comma_attaches_to_the_token_before(void **state)
{
    (void)state;
    expect("charges a,b\n", "charges a, b\n");
    expect("charges a , b\n", "charges a, b\n");
    expect("charges a ,b ,  c\n", "charges a, b, c\n");
    expect("charges a,\n", "charges a,\n");
    expect("charges a,,b\n", "charges a,, b\n");
    expect(", a\n", ", a\n");
    expect("cite \"x\",\"y\"\n", "cite \"x\", \"y\"\n");
    expect("charges a,# c\n", "charges a,  # c\n");
}

static void percent_stays_with_its_number(void **state)
{
    (void)state;
    expect("rate   10%\n", "rate 10%\n");
    /* ... and is its own token: what follows at once is split off */
    expect("param r=12.5%assumed\n", "param r = 12.5% assumed\n");
    expect("rate 10%5\n", "rate 10% 5\n");
    expect("rate 10%_x\n", "rate 10% _x\n");
    expect("rate $10%x\n", "rate $10% x\n");
    expect("rate 10%%\n", "rate 10%%\n");
    expect("rate 10%.\n", "rate 10%.\n");
    expect("rate a10%b\n", "rate a10%b\n"); /* "a10" is a name: no number there */
    /* a '%' apart from its number is a stray character: left apart */
    expect("rate 10 %\n", "rate 10 %\n");
}

static void words_are_never_split(void **state)
{
    (void)state;
    expect("requires 2.0CEU\n", "requires 2.0CEU\n");
    expect("fee   $45\n", "fee $45\n");
    expect("a;b @c (d)\n", "a;b @c (d)\n");
    expect("title \xc3\xa9t\xc3\xa9   \xe2\x80\x94\n", "title \xc3\xa9t\xc3\xa9 \xe2\x80\x94\n");
    expect("x = 1.\n", "x = 1.\n");
    expect("x = 1.a 1.5.2 1..2\n", "x = 1.a 1.5.2 1..2\n");
    expect("requires 2CEU%\n", "requires 2CEU%\n");
}

/* ---- comments -------------------------------------------------------------- */

static void trailing_comment_two_spaces_after_code(void **state)
{
    (void)state;
    expect("a # c\n", "a  # c\n");
    expect("a#c\n", "a  #c\n");
    expect("a \t     # c\n", "a  # c\n");
    expect("\"s\"# c\n", "\"s\"  # c\n");
}

static void own_line_comment_at_the_depth_of_the_next_statement(void **state)
{
    (void)state;
    expect("    # top\nx {\n# in\na\n        # in too\n}\n  # top again\n",
           "# top\nx {\n    # in\n    a\n    # in too\n}\n# top again\n");
    /* just before a '}', a comment is still inside the block */
    expect("x {\n    a\n# last\n}\n", "x {\n    a\n    # last\n}\n");
    expect("x {\n# only\n}\n", "x {\n    # only\n}\n");
    expect("a {\nb {\n# two deep\n}\n# one deep\n}\n",
           "a {\n    b {\n        # two deep\n    }\n    # one deep\n}\n");
}

static void comment_text_is_verbatim(void **state)
{
    (void)state;
    expect("#  two  spaces\t\ttabs { } \" , = + % \\\n", "#  two  spaces\t\ttabs { } \" , = + % \\\n");
    expect("x {  #  }  {  \"\n}\n", "x {  #  }  {  \"\n}\n");
    /* bytes that are not UTF-8 and control characters are still text */
    expect("# \xff\xfe \x01\x1b[0m\n", "# \xff\xfe \x01\x1b[0m\n");
    expect("a # \xc0\x80\n", "a  # \xc0\x80\n");
    expect("#\n", "#\n");
    expect("# a\rb\n", "# a\rb\n");
}

static void comment_loses_only_trailing_blanks(void **state)
{
    (void)state;
    expect("# c   \n", "# c\n");
    expect("# c\t \t\n", "# c\n");
    expect("# c \r\n", "# c\n");
    expect("a # c  \f\v \n", "a  # c\n");
    expect("#   \n", "#\n");
    expect("  # x  y  \n", "# x  y\n");
}

/* ---- strings ---------------------------------------------------------------- */

static void string_contents_are_verbatim(void **state)
{
    (void)state;
    expect("title    \"  a   b  \"\n", "title \"  a   b  \"\n");
    expect("body \"{ } # , = +\"\n", "body \"{ } # , = +\"\n");
    expect("cite \"\\\"q\\\" \\\\ \\t \\n \\x\"\n", "cite \"\\\"q\\\" \\\\ \\t \\n \\x\"\n");
    expect("cite \"\t\x01\x7f\xff\xc0\x80\"\n", "cite \"\t\x01\x7f\xff\xc0\x80\"\n");
    expect("cite \"a\rb\"\n", "cite \"a\rb\"\n");
    expect("cite \"\"\n", "cite \"\"\n");
    /* an escaped line end continues the string (as in the scanner) */
    expect("x {\ncite \"one\\\n   two\" }\n", "x {\n    cite \"one\\\n   two\"\n}\n");
}

/* ---- blank lines ------------------------------------------------------------ */

static void blank_line_runs_collapse(void **state)
{
    (void)state;
    expect("a\n\n\n\nb\n", "a\n\nb\n");
    expect("a\n  \n\t\n \r\nb\n", "a\n\nb\n");
    expect("# c\n\n\n# d\n", "# c\n\n# d\n");
    expect("\n\n\na\n", "a\n");
}

static void no_blank_line_after_open_or_before_close(void **state)
{
    (void)state;
    expect("x {\n\n\n    a\n\n\n}\n", "x {\n    a\n}\n");
    expect("x {  # c\n\n    a\n}\n", "x {  # c\n    a\n}\n");
    expect("x {\n\n}\n", "x {\n}\n");
    expect("x {\n    a\n\n    # c\n\n}\n", "x {\n    a\n\n    # c\n}\n");
    expect("x {\n\n# c\n}\n", "x {\n    # c\n}\n");
    expect("x {\n    a\n\n} y\n", "x {\n    a\n}\ny\n");
}

static void single_blank_lines_kept_none_added(void **state)
{
    (void)state;
    expect("a {\n}\nb {\n}\n", "a {\n}\nb {\n}\n");
    expect("a {\n}\n\nb {\n}\n", "a {\n}\n\nb {\n}\n");
    expect("a {\n    x\n\n    y\n}\n", "a {\n    x\n\n    y\n}\n");
    expect("p = 1\n\n# c\nq = 2\n", "p = 1\n\n# c\nq = 2\n");
}

/* ---- line ends ---------------------------------------------------------------- */

static void crlf_becomes_lf(void **state)
{
    (void)state;
    expect("x {\r\n    a\r\n}\r\n", "x {\n    a\n}\n");
    expect("a\r\n\r\n\r\nb\r\n", "a\n\nb\n");
    expect("# c\r\n", "# c\n");
    expect("a\r\r\n", "a\n");
}

/* ---- the output buffer ---------------------------------------------------------- */

static void appends_to_out(void **state)
{
    (void)state;
    struct polc_buf b = { 0 };
    size_t off = 7;
    const char *msg = "unset";
    assert_int_equal(fmt_text("a", 1, &b, &off, &msg), 0);
    assert_int_equal(fmt_text("b  c", 4, &b, &off, &msg), 0);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.ptr, "a\nb c\n", 6);
    /* success leaves the error outputs alone */
    assert_int_equal(off, 7);
    assert_string_equal(msg, "unset");
    /* an error appends nothing */
    assert_int_equal(fmt_text("x {", 3, &b, &off, &msg), -1);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.ptr, "a\nb c\n", 6);
    assert_int_equal(off, 2);
    /* the error outputs are optional */
    assert_int_equal(fmt_text("}", 1, &b, NULL, NULL), -1);
    assert_int_equal(b.len, 6);
    polc_buf_free(&b);
}

/* ---- errors ------------------------------------------------------------------------ */

static void unterminated_strings(void **state)
{
    (void)state;
    expect_error("title \"abc", 6, "unterminated string");
    expect_error("title \"abc\ncite \"x\"\n", 6, "unterminated string");
    expect_error("a\ntitle \"abc\\", 8, "unterminated string");
    expect_error("title \"abc\r\n", 6, "unterminated string");
    expect_error("title \"abc\\\r\n\"", 6, "unterminated string");
    expect_error("\"", 0, "unterminated string");
    /* a '"' inside a comment opens nothing */
    expect("# \"\n", "# \"\n");
}

static void unbalanced_braces(void **state)
{
    (void)state;
    expect_error("}", 0, "'}' with no matching '{'");
    expect_error("a {\n}\n}\n", 6, "'}' with no matching '{'");
    expect_error("x {\n", 2, "'{' is never closed");
    /* the outermost '{' still open at the end is reported */
    expect_error("a {\n}\nb {\n  c {\n  }\n", 8, "'{' is never closed");
    expect_error("a {\nb {\n", 2, "'{' is never closed");
    /* braces in strings and comments do not count */
    expect("x \"{\" # {\n", "x \"{\"  # {\n");
    expect("x \"}\" # }\n", "x \"}\"  # }\n");
}

static void nul_bytes(void **state)
{
    (void)state;
    expect_error_n("a\0b\n", 4, 1, "NUL byte");
    expect_error_n("# a\0b\n", 6, 3, "NUL byte");
    expect_error_n("t \"a\0b\"\n", 8, 4, "NUL byte");
    expect_error_n("t \"a\\\0b\"\n", 9, 5, "NUL byte");
    expect_error_n("\0", 1, 0, "NUL byte");
}

static void control_characters(void **state)
{
    (void)state;
    expect_error("a\fb\n", 1, "control character outside a string or comment");
    expect_error("a \x1b\n", 2, "control character outside a string or comment");
    expect_error("\x7f", 0, "control character outside a string or comment");
    expect_error("a\v", 1, "control character outside a string or comment");
}

static void invalid_utf8_outside_strings(void **state)
{
    (void)state;
    static const char *const bad =
        "invalid UTF-8 outside a string or comment";
    expect_error("x \xff\n", 2, bad);
    expect_error("ab\x80\n", 2, bad);         /* lone continuation byte */
    expect_error("a\xc0\x80\n", 1, bad);      /* overlong NUL */
    expect_error("a\xc1\xbf\n", 1, bad);      /* overlong */
    expect_error("a\xe0\x80\x80\n", 1, bad);  /* overlong 3-byte */
    expect_error("a\xed\xa0\x80\n", 1, bad);  /* surrogate U+D800 */
    expect_error("a\xf0\x80\x80\x80\n", 1, bad); /* overlong 4-byte */
    expect_error("a\xf4\x90\x80\x80\n", 1, bad); /* above U+10FFFF */
    expect_error("a\xf5\x80\x80\x80\n", 1, bad);
    expect_error("a\xe2\x82", 1, bad);        /* cut short at the end */
    expect_error("a\xe2\x82 b", 1, bad);      /* cut short */
    expect_error("\xc3", 0, bad);
    /* good sequences of every length */
    expect("\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xef\xbf\xbf \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf\n",
           "\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xef\xbf\xbf \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf\n");
}

static void the_first_error_is_reported(void **state)
{
    (void)state;
    expect_error("}\n\"abc", 0, "'}' with no matching '{'");
    expect_error("\"abc\n}", 0, "unterminated string");
    expect_error("x {\n\xff", 4, "invalid UTF-8 outside a string or comment");
}

/* ---- the seed policies and the files of the tree ------------------------- */

static void seed_policies_are_canonical(void **state)
{
    (void)state;
    static const char *const seeds[] = { "policies/nasm-cpt.pol", "policies/acsm.pol" };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        size_t n;
        char *s = read_repo(seeds[i], &n);
        if (!s)
            fail_msg("cannot read %s", seeds[i]);
        struct text t;
        assert_int_equal(run_fmt(s, n, &t, NULL, NULL), 0);
        if (t.n != n || memcmp(t.s, s, n) != 0)
            fail_msg("%s is not left byte-identical", seeds[i]);
        free(t.s);
        free(s);
    }
}

/* Each seed, messed up in ways fmt undoes, comes back byte for byte. */
static void messed_up_seeds_come_back(void **state)
{
    (void)state;
    static const char *const seeds[] = { "policies/nasm-cpt.pol", "policies/acsm.pol" };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        size_t n;
        char *s = read_repo(seeds[i], &n);
        assert_non_null(s);
        for (int way = 0; way < 5; way++) {
            struct polc_buf m = { 0 };
            size_t bol = 1;
            for (size_t k = 0; k < n; k++) {
                char c = s[k];
                if (bol) {
                    /* leading blanks: swap the indentation for junk */
                    size_t j = k;
                    while (j < n && s[j] == ' ')
                        j++;
                    if (way == 0)
                        k = j;
                    else if (way == 1) {
                        buf_put(&m, "\t \t", 3);
                        k = j;
                    } else if (way == 2 && j < n && s[j] == '}')
                        buf_put(&m, "\n\n", 2);
                    if (k >= n)
                        break;
                    c = s[k];
                    bol = 0;
                }
                if (c == '\n') {
                    if (way == 2)
                        buf_put(&m, "   \t", 4);
                    if (way == 3)
                        buf_putc(&m, '\r');
                    buf_putc(&m, '\n');
                    if (way == 2 && k > 0 && s[k - 1] == '{')
                        buf_put(&m, "\n \n", 3);
                    if (way == 4 && k + 1 < n && s[k + 1] == '\n')
                        buf_put(&m, "\n\n", 2);
                    bol = 1;
                } else {
                    buf_putc(&m, c);
                }
            }
            if (way == 4)
                buf_put(&m, "\n\n\n", 3);
            if (way == 0)
                m.len--; /* no final newline */
            struct text t;
            assert_int_equal(run_fmt(m.ptr, m.len, &t, NULL, NULL), 0);
            if (t.n != n || memcmp(t.s, s, n) != 0)
                fail_msg("%s messed up way %d does not come back", seeds[i], way);
            free(t.s);
            polc_buf_free(&m);
        }
        free(s);
    }
}

/* Walks dir (relative to the root) for *.pol, calling fn on each. */
static void walk(const char *rel, void (*fn)(const char *rel, void *arg), void *arg)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root(), rel);
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    char **names = NULL;
    size_t nn = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (nn + 1) * sizeof *names);
        assert_non_null(names);
        size_t k = strlen(rel) + strlen(e->d_name) + 2;
        names[nn] = malloc(k);
        assert_non_null(names[nn]);
        snprintf(names[nn], k, "%s/%s", rel, e->d_name);
        nn++;
    }
    closedir(d);
    for (size_t i = 0; i < nn; i++) {
        struct stat st;
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", root(), names[i]);
        if (stat(full, &st) == 0) {
            size_t k = strlen(names[i]);
            if (S_ISDIR(st.st_mode))
                walk(names[i], fn, arg);
            else if (S_ISREG(st.st_mode) && k > 4 && strcmp(names[i] + k - 4, ".pol") == 0)
                fn(names[i], arg);
        }
        free(names[i]);
    }
    free(names);
}

struct idem { int files, formatted, refused; };

static void check_idempotent(const char *rel, void *arg)
{
    struct idem *st = arg;
    size_t n;
    char *s = read_repo(rel, &n);
    if (!s)
        fail_msg("cannot read %s", rel);
    st->files++;
    struct text a, b;
    size_t off;
    const char *msg;
    if (run_fmt(s, n, &a, &off, &msg) != 0) {
        /* only the deliberately broken policies may be refused */
        if (strncmp(rel, "tests/check/", 12) != 0)
            fail_msg("%s refused at %zu: %s", rel, off, msg);
        st->refused++;
        free(s);
        return;
    }
    st->formatted++;
    assert_canonical_shape(&a);
    assert_int_equal(run_fmt(a.s, a.n, &b, NULL, NULL), 0);
    if (a.n != b.n || (a.n && memcmp(a.s, b.s, a.n) != 0))
        fail_msg("%s: fmt(fmt(x)) != fmt(x)", rel);
    free(a.s);
    free(b.s);
    free(s);
}

static void idempotent_on_every_policy_in_the_tree(void **state)
{
    (void)state;
    struct idem st = { 0, 0, 0 };
    walk("policies", check_idempotent, &st);
    walk("tests", check_idempotent, &st);
    print_message("fmt: %d .pol files, %d formatted, %d refused\n", st.files, st.formatted,
                  st.refused);
    assert_true(st.formatted >= 2 + 12); /* the seeds and the goldens at least */
}

/* tests/fmt/NAME.pol formats to tests/fmt/NAME.expected.pol. */
static void goldens(void **state)
{
    (void)state;
    char dir[8192];
    snprintf(dir, sizeof dir, "%s/tests/fmt", root());
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("no directory %s", dir);
    struct dirent *e;
    int pairs = 0;
    while ((e = readdir(d)) != NULL) {
        size_t k = strlen(e->d_name);
        if (k <= 4 || strcmp(e->d_name + k - 4, ".pol") != 0)
            continue;
        if (k > 13 && strcmp(e->d_name + k - 13, ".expected.pol") == 0)
            continue;
        char in_rel[512], exp_rel[512];
        snprintf(in_rel, sizeof in_rel, "tests/fmt/%s", e->d_name);
        snprintf(exp_rel, sizeof exp_rel, "tests/fmt/%.*s.expected.pol", (int)(k - 4), e->d_name);
        size_t n, en;
        char *in = read_repo(in_rel, &n);
        char *want = read_repo(exp_rel, &en);
        if (!in || !want)
            fail_msg("%s has no %s", in_rel, exp_rel);
        struct text t;
        size_t off;
        const char *msg;
        if (run_fmt(in, n, &t, &off, &msg) != 0)
            fail_msg("%s refused at %zu: %s", in_rel, off, msg);
        if (t.n != en || (en && memcmp(t.s, want, en) != 0)) {
            fprintf(stderr, "--- got for %s\n%.*s---\n", in_rel, (int)t.n, t.s ? t.s : "");
            fail_msg("%s does not format to %s", in_rel, exp_rel);
        }
        free(t.s);
        /* the expected text is canonical itself */
        assert_int_equal(run_fmt(want, en, &t, NULL, NULL), 0);
        assert_int_equal(t.n, en);
        if (en)
            assert_memory_equal(t.s, want, en);
        free(t.s);
        free(in);
        free(want);
        pairs++;
    }
    closedir(d);
    print_message("fmt: %d golden pairs\n", pairs);
    assert_true(pairs >= 6);
}

/* ---- random text ---------------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/* Everything fmt may change is a blank or a line end. */
static void strip_blanks(const char *s, size_t n, struct polc_buf *b)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\n\f\v", s[i]))
            buf_putc(b, s[i]);
}

static void random_text_is_idempotent(void **state)
{
    (void)state;
    static const char *const frag[] = {
        "{", "}", "\n", "\n", "\n", " ", "  ", "\t", "\r\n", "\r", ",", "=", "+", "a",
        "title", "10%", "2.0CEU", "\"s\"", "\"a b\"", "\"{#}\"", "\"x\\\"y\"", "# c",
        "#  c  ", "\xc3\xa9", "$", "\n\n\n", "    ", "\"\\\n\"",
    };
    int formatted = 0;
    for (int round = 0; round < 20000; round++) {
        char in[512];
        size_t n = 0;
        int pieces = (int)(next_rand() % 40);
        for (int p = 0; p < pieces; p++) {
            const char *f = frag[next_rand() % (sizeof frag / sizeof frag[0])];
            size_t k = strlen(f);
            if (n + k >= sizeof in)
                break;
            memcpy(in + n, f, k);
            n += k;
        }
        struct text a, b;
        if (run_fmt(in, n, &a, NULL, NULL) != 0)
            continue;
        formatted++;
        assert_canonical_shape(&a);
        assert_int_equal(run_fmt(a.s, a.n, &b, NULL, NULL), 0);
        if (a.n != b.n || (a.n && memcmp(a.s, b.s, a.n) != 0)) {
            fprintf(stderr, "--- input\n%.*s\n--- once\n%.*s--- twice\n%.*s---\n", (int)n, in,
                    (int)a.n, a.s, (int)b.n, b.s);
            fail();
        }
        /* only blanks and line ends differ */
        struct polc_buf x = { 0 }, y = { 0 };
        strip_blanks(in, n, &x);
        strip_blanks(a.s, a.n, &y);
        assert_int_equal(x.len, y.len);
        if (x.len)
            assert_memory_equal(x.ptr, y.ptr, x.len);
        polc_buf_free(&x);
        polc_buf_free(&y);
        free(a.s);
        free(b.s);
    }
    print_message("fmt: %d of 20000 random texts formatted\n", formatted);
    assert_true(formatted > 2000);
}

/* Any bytes at all: an answer, never a crash; errors point into the text. */
static void random_bytes_never_crash(void **state)
{
    (void)state;
    static const char alphabet[] = "{}\n\n \t\r,=+#\"\\a1.%\0\x01\x7f\x80\xbf\xc3\xa9\xe2\xf0\xff";
    int formatted = 0;
    for (int round = 0; round < 20000; round++) {
        char in[96];
        size_t n = next_rand() % sizeof in;
        for (size_t i = 0; i < n; i++)
            in[i] = alphabet[next_rand() % (sizeof alphabet - 1)];
        struct text a, b;
        size_t off;
        const char *msg;
        if (run_fmt(in, n, &a, &off, &msg) != 0) {
            assert_true(off <= n);
            continue;
        }
        formatted++;
        assert_canonical_shape(&a);
        assert_int_equal(run_fmt(a.s, a.n, &b, NULL, NULL), 0);
        assert_int_equal(a.n, b.n);
        if (a.n)
            assert_memory_equal(a.s, b.s, a.n);
        free(a.s);
        free(b.s);
    }
    print_message("fmt: %d of 20000 random byte strings formatted\n", formatted);
    assert_true(formatted > 100);
}

/* ---- hostile input -------------------------------------------------------------- */

enum { TEN_MB = 10 * 1024 * 1024 };

static void ten_megabytes_of_open_braces(void **state)
{
    (void)state;
    char *s = malloc(TEN_MB);
    assert_non_null(s);
    memset(s, '{', TEN_MB);
    expect_error_n(s, TEN_MB, FMT_MAX_DEPTH, "blocks nested too deeply");
    memset(s, '}', TEN_MB);
    expect_error_n(s, TEN_MB, 0, "'}' with no matching '{'");
    /* with a line end after each: the same */
    for (size_t i = 0; i < TEN_MB; i++)
        s[i] = i % 2 ? '\n' : '{';
    expect_error_n(s, TEN_MB, 2 * FMT_MAX_DEPTH, "blocks nested too deeply");
    free(s);
}

static void ten_megabytes_of_brace_pairs(void **state)
{
    (void)state;
    size_t n;
    char *s = repeat("{}", TEN_MB / 2, &n);
    struct text t;
    assert_int_equal(run_fmt(s, n, &t, NULL, NULL), 0);
    assert_int_equal(t.n, 2 * n);
    for (size_t i = 0; i < t.n; i += 4)
        if (memcmp(t.s + i, "{\n}\n", 4) != 0)
            fail_msg("bad output at %zu", i);
    free(t.s);
    free(s);
}

/* Brace pairs at depth FMT_MAX_DEPTH - 1 would each become two lines of
 * hundreds of blanks: refused before anything is allocated for them. */
static void output_growth_is_bounded(void **state)
{
    (void)state;
    size_t n = 0, pairs = TEN_MB / 2;
    char *s = malloc(2 * (FMT_MAX_DEPTH - 1) + 2 * pairs);
    assert_non_null(s);
    for (int i = 0; i < FMT_MAX_DEPTH - 1; i++)
        s[n++] = '{';
    for (size_t i = 0; i < pairs; i++) {
        s[n++] = '{';
        s[n++] = '}';
    }
    for (int i = 0; i < FMT_MAX_DEPTH - 1; i++)
        s[n++] = '}';
    struct text t;
    size_t off;
    const char *msg;
    assert_int_equal(run_fmt(s, n, &t, &off, &msg), -1);
    assert_string_equal(msg, "formatted text would be too large");
    assert_true(off > (size_t)FMT_MAX_DEPTH && off < n);
    free(s);
}

static void ten_thousand_nested_blocks(void **state)
{
    (void)state;
    size_t a, b;
    char *open = repeat("block {\n", 10000, &a);
    char *close = repeat("}\n", 10000, &b);
    char *s = malloc(a + b + 1);
    assert_non_null(s);
    memcpy(s, open, a);
    memcpy(s + a, close, b);
    expect_error_n(s, a + b, 8 * FMT_MAX_DEPTH + 6, "blocks nested too deeply");
    free(s);
    free(open);
    free(close);
}

/* FMT_MAX_DEPTH nested blocks are fine, indented all the way. */
static void deepest_nesting_allowed(void **state)
{
    (void)state;
    struct polc_buf in = { 0 }, want = { 0 };
    for (int d = 0; d < FMT_MAX_DEPTH; d++) {
        buf_puts(&in, "b{\n");
        for (int k = 0; k < d; k++)
            buf_puts(&want, "    ");
        buf_puts(&want, "b {\n");
    }
    buf_puts(&in, "x\n");
    for (int k = 0; k < FMT_MAX_DEPTH; k++)
        buf_puts(&want, "    ");
    buf_puts(&want, "x\n");
    for (int d = FMT_MAX_DEPTH - 1; d >= 0; d--) {
        buf_puts(&in, "}");
        for (int k = 0; k < d; k++)
            buf_puts(&want, "    ");
        buf_puts(&want, "}\n");
    }
    buf_putc(&want, '\0');
    expect_n(in.ptr, in.len, want.ptr);
    /* one more is refused */
    struct polc_buf deeper = { 0 };
    buf_puts(&deeper, "{");
    buf_put(&deeper, in.ptr, in.len);
    buf_puts(&deeper, "}");
    expect_error_n(deeper.ptr, deeper.len, 1 + 3 * (FMT_MAX_DEPTH - 1) + 1, "blocks nested too deeply");
    polc_buf_free(&in);
    polc_buf_free(&want);
    polc_buf_free(&deeper);
}

static void very_long_lines(void **state)
{
    (void)state;
    size_t n;
    /* a line of 5 million tokens, tab-separated: one space each */
    char *s = repeat("a\t", TEN_MB / 2, &n);
    struct text t;
    assert_int_equal(run_fmt(s, n, &t, NULL, NULL), 0);
    assert_int_equal(t.n, n);
    for (size_t i = 0; i + 1 < t.n; i += 2)
        if (t.s[i] != 'a' || t.s[i + 1] != (i + 2 == t.n ? '\n' : ' '))
            fail_msg("bad output at %zu", i);
    free(t.s);
    free(s);

    /* one 10 MB word, comment and string */
    s = malloc(TEN_MB + 2);
    assert_non_null(s);
    memset(s, 'w', TEN_MB);
    s[TEN_MB] = '\n';
    s[TEN_MB + 1] = '\0';
    for (int kind = 0; kind < 3; kind++) {
        if (kind == 1)
            s[0] = '#';
        if (kind == 2) {
            s[0] = '"';
            s[TEN_MB - 1] = '"';
        }
        assert_int_equal(run_fmt(s, TEN_MB + 1, &t, NULL, NULL), 0);
        assert_int_equal(t.n, TEN_MB + 1);
        assert_memory_equal(t.s, s, TEN_MB + 1);
        free(t.s);
    }
    /* an unterminated 10 MB string */
    s[TEN_MB - 1] = 'w';
    expect_error_n(s, TEN_MB + 1, 0, "unterminated string");
    free(s);

    /* a million short lines, and ten million line ends */
    s = repeat("  x  \n\n\n", 1000000, &n);
    assert_int_equal(run_fmt(s, n, &t, NULL, NULL), 0);
    assert_int_equal(t.n, 3 * 1000000 - 1);
    free(t.s);
    free(s);
    s = repeat("\n", TEN_MB, &n);
    expect_n(s, n, "");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_stays_empty),
        cmocka_unit_test(ends_with_one_newline),
        cmocka_unit_test(indents_four_spaces_per_depth),
        cmocka_unit_test(open_brace_ends_its_line),
        cmocka_unit_test(open_brace_keeps_its_trailing_comment),
        cmocka_unit_test(lone_open_brace_is_not_joined),
        cmocka_unit_test(close_brace_stands_alone),
        cmocka_unit_test(close_brace_keeps_its_trailing_comment),
        cmocka_unit_test(tokens_one_space_apart),
        cmocka_unit_test(comma_attaches_to_the_token_before),
        cmocka_unit_test(percent_stays_with_its_number),
        cmocka_unit_test(words_are_never_split),
        cmocka_unit_test(trailing_comment_two_spaces_after_code),
        cmocka_unit_test(own_line_comment_at_the_depth_of_the_next_statement),
        cmocka_unit_test(comment_text_is_verbatim),
        cmocka_unit_test(comment_loses_only_trailing_blanks),
        cmocka_unit_test(string_contents_are_verbatim),
        cmocka_unit_test(blank_line_runs_collapse),
        cmocka_unit_test(no_blank_line_after_open_or_before_close),
        cmocka_unit_test(single_blank_lines_kept_none_added),
        cmocka_unit_test(crlf_becomes_lf),
        cmocka_unit_test(appends_to_out),
        cmocka_unit_test(unterminated_strings),
        cmocka_unit_test(unbalanced_braces),
        cmocka_unit_test(nul_bytes),
        cmocka_unit_test(control_characters),
        cmocka_unit_test(invalid_utf8_outside_strings),
        cmocka_unit_test(the_first_error_is_reported),
        cmocka_unit_test(seed_policies_are_canonical),
        cmocka_unit_test(messed_up_seeds_come_back),
        cmocka_unit_test(idempotent_on_every_policy_in_the_tree),
        cmocka_unit_test(goldens),
        cmocka_unit_test(random_text_is_idempotent),
        cmocka_unit_test(random_bytes_never_crash),
        cmocka_unit_test(ten_megabytes_of_open_braces),
        cmocka_unit_test(ten_megabytes_of_brace_pairs),
        cmocka_unit_test(output_growth_is_bounded),
        cmocka_unit_test(ten_thousand_nested_blocks),
        cmocka_unit_test(deepest_nesting_allowed),
        cmocka_unit_test(very_long_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
