/* test_json.c - runtime/json.c: the strict one-line JSON parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

static struct json_doc doc;

static enum json_status parse(const char *s, struct json_fault *f)
{
    return json_parse(&doc, s, strlen(s), f);
}

static void assert_ok(const char *s)
{
    struct json_fault f = {0};
    if (parse(s, &f) != JSON_OK)
        fail_msg("rejected %s: %s at %zu", s, f.what, f.at);
}

/* Rejected, at byte `at`, with a message containing `what`. */
static void assert_bad(const char *s, size_t at, const char *what)
{
    struct json_fault f = {0};
    if (parse(s, &f) != JSON_BAD)
        fail_msg("accepted %s", s);
    if (f.at != at || strstr(f.what, what) == NULL)
        fail_msg("%s: got \"%s\" at %zu, want \"%s\" at %zu", s, f.what, f.at, what, at);
}

static const char *text(uint32_t i)
{
    static char buf[256];
    memcpy(buf, doc.bytes + doc.nodes[i].a, doc.nodes[i].b);
    buf[doc.nodes[i].b] = '\0';
    return buf;
}

static void test_document_in_order(void **state)
{
    (void)state;
    assert_ok(" {\"a\": [1, -2.5e+3, true, null], \"b\": {\"c\": \"x\"}, \"d\": false} ");
    assert_int_equal(doc.n_nodes, 13);
    assert_int_equal(doc.nodes[0].type, J_MAP);
    assert_int_equal(doc.nodes[0].b, 13);
    assert_int_equal(doc.nodes[1].type, J_KEY);
    assert_string_equal(text(1), "a");
    assert_int_equal(doc.nodes[2].type, J_ARRAY);
    assert_int_equal(doc.nodes[2].b, 7);
    assert_string_equal(text(3), "1");
    assert_string_equal(text(4), "-2.5e+3"); /* numbers keep their text */
    assert_int_equal(doc.nodes[5].type, J_BOOL);
    assert_int_equal(doc.nodes[5].a, 1);
    assert_int_equal(doc.nodes[6].type, J_NULL);
    assert_int_equal(json_next(&doc, 2), 7);
    assert_string_equal(text(9), "c");
    assert_string_equal(text(10), "x");
    assert_int_equal(doc.nodes[12].type, J_BOOL);
    assert_int_equal(doc.nodes[12].a, 0);
    assert_int_equal(doc.max_depth, 2);
    assert_int_equal(doc.dup, JSON_NONE);
}

static void test_escapes_decoded(void **state)
{
    (void)state;
    assert_ok("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20ac\\ud83d\\ude00\", \"\\u0000\"]");
    assert_string_equal(text(1), "a\"b\\c/d\b\f\n\r\t");
    assert_string_equal(text(2), "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    assert_int_equal(doc.nodes[3].b, 1);
    assert_int_equal(doc.bytes[doc.nodes[3].a], '\0');
    assert_ok("\"caf\xC3\xA9 \xF0\x9F\x98\x80\""); /* raw UTF-8 passes as it is */
    assert_string_equal(text(0), "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

static void test_long_strings(void **state)
{
    char line[600];
    (void)state;
    memset(line, 'x', sizeof line);
    line[0] = '"';
    line[sizeof line - 2] = '"';
    line[sizeof line - 1] = '\0';
    assert_ok(line);
    assert_int_equal(doc.nodes[0].b, sizeof line - 3);
    line[300] = '\x01';
    assert_bad(line, 300, "control character");
}

static void test_grammar_faults(void **state)
{
    (void)state;
    assert_bad("{\"a\":1,}", 7, "expected a key");
    assert_bad("[1,]", 3, "expected a value");
    assert_bad("{\"a\" 1}", 5, "expected ':'");
    assert_bad("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
    assert_bad("[1 2]", 3, "expected ',' or ']'");
    assert_bad("{\"a\":1", 6, "line ends");
    assert_bad("\"abc", 0, "not closed");
    assert_bad("{} {}", 3, "text after");
    assert_bad("tru", 0, "expected a value");
    assert_bad("nul", 0, "expected a value");
    assert_bad("'a'", 0, "expected a value");
    assert_bad("", 0, "line ends");
    {
        struct json_fault f = {0};
        assert_int_equal(json_parse(&doc, "{\"a\":1}\0", 8, &f), JSON_BAD);
        assert_int_equal(f.at, 7); /* a NUL byte is no white space */
        assert_non_null(strstr(f.what, "control character"));
    }
}

static void test_numbers(void **state)
{
    (void)state;
    assert_ok("[0, -0, 0.5, 5e-1, 1E+6, 12345678901234567890123]");
    assert_string_equal(text(6), "12345678901234567890123");
    assert_bad("01", 1, "text after");
    assert_bad("[01]", 2, "expected ',' or ']'");
    assert_bad(".5", 0, "expected a value");
    assert_bad("1.x", 2, "digit must follow '.'");
    assert_bad("1.", 2, "line ends");
    assert_bad("+1", 0, "expected a value");
    assert_bad("-", 1, "line ends");
    assert_bad("-a", 1, "digit must follow '-'");
    assert_bad("1e", 2, "line ends");
    assert_bad("1e+x", 3, "exponent needs digits");
}

static void test_text_faults(void **state)
{
    (void)state;
    assert_bad("\xEF\xBB\xBF{}", 0, "byte-order mark");
    assert_bad("\"\xC0\xAF\"", 1, "invalid UTF-8");     /* overlong */
    assert_bad("\"\xED\xA0\x80\"", 1, "invalid UTF-8"); /* an encoded surrogate */
    assert_bad("\"\xF4\x90\x80\x80\"", 1, "invalid UTF-8"); /* above U+10FFFF */
    assert_bad("\"\xC3\"", 1, "invalid UTF-8");         /* cut short */
    assert_bad("\xC3\xA9", 0, "expected a value");      /* good UTF-8, no JSON */
    assert_bad("\xFF", 0, "invalid UTF-8");
    assert_bad("{\"a\":1,\xFF}", 7, "invalid UTF-8");
    assert_bad("\"\\ud800\"", 1, "lone surrogate");
    assert_bad("\"\\udc00\"", 1, "lone surrogate");
    assert_bad("\"\\ud800\\u0041\"", 1, "lone surrogate");
    assert_bad("\"\\u12\"", 1, "four hexadecimal digits");
    assert_bad("\"\\x\"", 1, "unknown escape");
    assert_bad("\"a\tb\"", 2, "control character");
    assert_bad("{\v}", 1, "control character");
    assert_bad("[1,\f2]", 3, "control character");
}

static void test_depth_and_duplicates(void **state)
{
    char deep[200];
    (void)state;
    memset(deep, '[', 100);
    memset(deep + 100, ']', 99);
    deep[199] = '\0';
    assert_bad(deep, 199, "line ends"); /* one ']' short: bad JSON, not deep */
    memset(deep, '[', 99);
    memset(deep + 99, ']', 99);
    deep[198] = '\0';
    assert_ok(deep);
    assert_int_equal(doc.max_depth, 99);
    assert_ok("{\"a\":1,\"b\":{\"a\":2},\"c\":[{\"a\":1,\"b\":2}]}");
    assert_int_equal(doc.dup, JSON_NONE);
    assert_ok("{\"a\":1,\"b\":2,\"a\":3}");
    assert_int_equal(doc.dup, 5);
    assert_string_equal(text(doc.dup), "a");
    assert_ok("{\"id\":1,\"\\u0069d\":2}"); /* compared after unescaping */
    assert_string_equal(text(doc.dup), "id");
    assert_ok("{\"\":1,\"\":2}");
    assert_int_equal(doc.dup, 3);
    /* the first key, in document order, that repeats one before it */
    assert_ok("{\"a\":1,\"a\":{\"b\":1,\"b\":2}}");
    assert_int_equal(doc.dup, 3);
    assert_ok("{\"a\":{\"b\":1,\"b\":2},\"a\":3}");
    assert_string_equal(text(doc.dup), "b");
    /* keys whose length, first and last byte agree are still told apart */
    assert_ok("{\"axb\":1,\"ayb\":2,\"azb\":3}");
    assert_int_equal(doc.dup, JSON_NONE);
    assert_ok("{\"axb\":1,\"ayb\":2,\"axb\":3}");
    assert_int_equal(doc.dup, 5);
}

/* More than a few keys go through the hashed key set. */
static void test_duplicates_in_large_maps(void **state)
{
    char line[4096];
    size_t n = 0;
    int i;
    (void)state;
    line[n++] = '{';
    for (i = 0; i < 300; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, "%s\"k%d\":%d", i ? "," : "", i, i);
    strcpy(line + n, "}");
    assert_ok(line);
    assert_int_equal(doc.dup, JSON_NONE);
    strcpy(line + n, ",\"k123\":0}");
    assert_ok(line);
    assert_string_equal(text(doc.dup), "k123");
}

/* A line after a longer one: nothing of the old one shows through. */
static void test_reuse(void **state)
{
    (void)state;
    assert_ok("{\"long key number one\":\"a long value, with \\\"escapes\\\"\"}");
    assert_ok("[\"x\"]");
    assert_int_equal(doc.n_nodes, 2);
    assert_string_equal(text(1), "x");
    assert_int_equal(doc.max_depth, 1);
}

static int teardown(void **state)
{
    (void)state;
    json_doc_free(&doc);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_in_order),
        cmocka_unit_test(test_escapes_decoded),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_grammar_faults),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_text_faults),
        cmocka_unit_test(test_depth_and_duplicates),
        cmocka_unit_test(test_duplicates_in_large_maps),
        cmocka_unit_test(test_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
