/* polc doc: the HTML page and the Markdown of a policy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compile.h"
#include "doc.h"

/* ---- helpers ------------------------------------------------------ */

struct page {
    struct compiled c;
    struct polc_buf html, md;
};

static void render(struct page *pg)
{
    memset(&pg->html, 0, sizeof pg->html);
    memset(&pg->md, 0, sizeof pg->md);
    doc_html(&pg->html, &pg->c.model.p);
    doc_markdown(&pg->md, &pg->c.model.p);
    assert_false(pg->html.failed);
    assert_false(pg->md.failed);
    /* NUL-terminate for strstr (not counted in len). */
    buf_putc(&pg->html, '\0');
    buf_putc(&pg->md, '\0');
    pg->html.len--;
    pg->md.len--;
}

static void load(struct page *pg, const char *path, struct override *ov, int n_ov)
{
    if (!compile_file(&pg->c, path, ov, n_ov, 0)) {
        for (const struct diag *g = pg->c.diags.head; g; g = g->next)
            print_message("  %s: %s\n", g->rule, g->message);
        fail_msg("%s does not compile", path);
    }
    render(pg);
}

static void load_text(struct page *pg, const char *text)
{
    if (!compile_text(&pg->c, "t.pol", text, strlen(text), NULL, 0, 0)) {
        for (const struct diag *g = pg->c.diags.head; g; g = g->next)
            print_message("  %s: %s\n", g->rule, g->message);
        fail_msg("test policy does not compile");
    }
    render(pg);
}

static void unload(struct page *pg)
{
    polc_buf_free(&pg->html);
    polc_buf_free(&pg->md);
    compiled_free(&pg->c);
}

static void has(const struct polc_buf *b, const char *s)
{
    if (!strstr(b->ptr, s))
        fail_msg("missing: %s", s);
}

static char *escaped(const char *s, int md);

/* Text of this page's own sentences, escaped as the format escapes it. */
static void hasx(const struct polc_buf *b, int md, const char *s)
{
    char *t = escaped(s, md);
    if (!strstr(b->ptr, t))
        fail_msg("missing: %s", t);
    free(t);
}

static void lacks(const struct polc_buf *b, const char *s)
{
    if (strstr(b->ptr, s))
        fail_msg("present: %s", s);
}

static size_t count(const char *hay, const char *s)
{
    size_t n = 0;
    for (const char *p = strstr(hay, s); p; p = strstr(p + 1, s))
        n++;
    return n;
}

/* The escaping the page promises, written out again: & < > " ' in HTML;
 * in Markdown & < > as entities and \ ` * _ [ ] | $ ~ with a backslash;
 * tabs and line breaks as spaces. */
static char *escaped(const char *s, int md)
{
    size_t cap = strlen(s) * 6 + 1, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (; *s; s++) {
        const char *rep = NULL;
        char one[3] = { 0 };
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = md ? "\"" : "&quot;"; break;
        case '\'': rep = md ? "'" : "&#39;"; break;
        case '\t': case '\n': case '\r': rep = " "; break;
        default:
            if (md && strchr("\\`*_[]|$~", *s)) {
                one[0] = '\\';
                one[1] = *s;
            } else {
                one[0] = *s;
            }
            rep = one;
        }
        size_t k = strlen(rep);
        memcpy(out + n, rep, k);
        n += k;
    }
    out[n] = '\0';
    return out;
}

/* Well-formed XML, the simple way: tags nest and close, attribute values
 * are quoted, every '&' starts an entity XML knows, every tag is one this
 * page writes and no attribute is an event handler. */
static const char *const known_tags[] = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "p",
    "nav", "a", "table", "thead", "tbody", "tr", "th", "td", "code", "span", "strong",
    "blockquote", "ul", "li", "figure", "figcaption", "svg", "rect", "line", "text", "footer",
};

static int known_tag(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof known_tags / sizeof *known_tags; i++)
        if (strlen(known_tags[i]) == n && memcmp(known_tags[i], s, n) == 0)
            return 1;
    return 0;
}

static void check_markup(const char *s)
{
    const char *stack[64];
    size_t stack_n[64];
    int depth = 0;
    int in_style = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '&') {
            static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
            int ok = 0;
            for (size_t i = 0; i < 5; i++)
                ok |= strncmp(p, ents[i], strlen(ents[i])) == 0;
            if (!ok)
                fail_msg("bare '&' at: %.40s", p);
            continue;
        }
        if (*p == '>' && !in_style)
            fail_msg("bare '>' at: %.40s", p);
        if (*p != '<')
            continue;
        if (strncmp(p, "<!DOCTYPE html>", 15) == 0) {
            p += 14;
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (!known_tag(name, n))
            fail_msg("unknown tag at: %.40s", p);
        const char *q = name + n;
        /* Attributes: name="value", no event handler, no '<' inside. */
        while (*q && *q != '>' && !(q[0] == '/' && q[1] == '>')) {
            if (*q == ' ') {
                q++;
                continue;
            }
            size_t an = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:");
            if (an == 0 || q[an] != '=' || q[an + 1] != '"')
                fail_msg("bad attribute at: %.40s", q);
            if (q[0] == 'o' && q[1] == 'n')
                fail_msg("event handler at: %.40s", q);
            const char *end = strchr(q + an + 2, '"');
            assert_non_null(end);
            for (const char *v = q + an + 2; v < end; v++)
                if (*v == '<')
                    fail_msg("'<' in an attribute at: %.40s", q);
            q = end + 1;
        }
        assert_true(*q == '>' || *q == '/');
        int self = *q == '/';
        if (closing) {
            assert_true(depth > 0);
            depth--;
            if (stack_n[depth] != n || memcmp(stack[depth], name, n) != 0)
                fail_msg("</%.*s> closes <%.*s>", (int)n, name, (int)stack_n[depth], stack[depth]);
            if (n == 5 && memcmp(name, "style", 5) == 0)
                in_style = 0;
        } else if (!self) {
            assert_true(depth < 64);
            stack[depth] = name;
            stack_n[depth++] = n;
            if (n == 5 && memcmp(name, "style", 5) == 0)
                in_style = 1;
        }
        p = self ? q + 1 : q;
    }
    assert_int_equal(depth, 0);
}

/* Every Markdown table row has the cells of its header: unescaped pipes
 * only between cells. */
static void check_md_tables(const char *s)
{
    int cols = -1;
    assert_null(strchr(s, '<'));
    for (const char *line = s; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0 && line[0] == '|') {
            int pipes = 0;
            for (size_t i = 0; i < len; i++) {
                if (line[i] == '\\') {
                    i++;
                    continue;
                }
                pipes += line[i] == '|';
            }
            if (cols < 0)
                cols = pipes;
            else if (pipes != cols)
                fail_msg("table row with %d pipes, header has %d: %.*s", pipes, cols, (int)len, line);
        } else {
            cols = -1;
        }
        line += len + (end ? 1 : 0);
    }
}

/* ---- the seed policies -------------------------------------------- */

static void test_nasm(void **state)
{
    (void)state;
    struct page pg;
    load(&pg, "policies/nasm-cpt.pol", NULL, 0);
    const struct polc_buf *h = &pg.html, *m = &pg.md;
    has(h, "<!DOCTYPE html>");
    has(h, "<title>NASM Certified Personal Trainer recertification/renewal</title>");
    has(h, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    lacks(h, "<script");
    lacks(h, "http://www.w3.org/2000/svg\"/>"); /* no external resource either */
    lacks(h, "src=");
    lacks(h, "@import");
    for (int md = 0; md < 2; md++) {
        const struct polc_buf *b = md ? m : h;
        /* credentials, units, combination */
        hasx(b, md, "2.0 CEU");
        hasx(b, md, "counted to 0.1 CEU");
        hasx(b, md, "One credential renews under this policy");
        /* the cycle, the example and the leap day */
        hasx(b, md, "A cycle lasts 2 years");
        hasx(b, md, "the day before its 2nd anniversary");
        hasx(b, md, "a cycle starting 2025-03-15 has its anniversary on 2027-03-15, so it expires on 2027-03-14");
        hasx(b, md, "2027-03-15 through 2029-03-14");
        hasx(b, md, "2026 has no February 29, so the anniversary falls on 2026-03-01 and the cycle expires on 2026-02-28");
        /* courses and the card */
        hasx(b, md, "expiry + 90 days (in the example cycle, 2025-03-15 through 2027-06-12)");
        hasx(b, md, "count once their petition is approved");
        hasx(b, md, "credited 0.1 CEU");
        hasx(b, md, "courses must bring 1.9 CEU");
        /* windows, relative and in the example */
        hasx(b, md, "expiry + 1 day through expiry + 90 days");
        hasx(b, md, "2027-03-15 through 2027-06-12");
        hasx(b, md, "expiry + 91 days to the day before expiry + 1 year");
        hasx(b, md, "2027-06-13 through 2028-03-13");
        hasx(b, md, "still apply (cumulative)");
        hasx(b, md, "From expiry + 1 year (2028-03-14 in the example) the credential has expired");
        /* fees, assumed, audit, parameters */
        hasx(b, md, "99.00 USD");
        hasx(b, md, "25.00 USD per petitioned course");
        has(b, "renewal_fee");
        hasx(b, md, "10%");
        hasx(b, md, "within 30 days");
        hasx(b, md, "for an application made on the expiry date 2027-03-14, by 2027-04-13");
        hasx(b, md, "the source says only");
    }
    /* the key above the credentials, the fees table (3), the path (1), the
     * windows (2) and the parameters (4) */
    assert_int_equal(count(h->ptr, "<span class=\"assumed\">assumed</span>"), 1 + 3 + 1 + 2 + 4);
    has(m, "| `renewal` | 99.00 USD *(assumed)* |");
    has(m, "| `petition_fee` | 25.00 USD | stated |");
    /* the timeline: bars, window labels, key dates */
    has(h, ">Cycle 2025-03-15 \xe2\x80\x93 2027-03-14</text>");
    has(h, ">Courses count 2025-03-15 \xe2\x80\x93 2027-06-12</text>");
    has(h, ">2027-03-15 \xe2\x80\x93 2027-06-12</text>");
    has(h, ">2027-06-13 \xe2\x80\x93 2028-03-13</text>");
    has(h, ">+ late + additional fees</text>");
    has(h, ">from 2028-03-14</text>");
    has(h, ">Audit documents due 2027-04-13</text>");
    has(h, ">2027-03-14</text>");
    has(h, ">expiry</text>");
    has(h, ">last day courses count</text>");
    has(h, ">audit documents due</text>");
    check_markup(h->ptr);
    check_md_tables(m->ptr);
    unload(&pg);
}

static void test_acsm(void **state)
{
    (void)state;
    struct page pg;
    load(&pg, "policies/acsm.pol", NULL, 0);
    const struct polc_buf *h = &pg.html, *m = &pg.md;
    static const char *const codes[] = { "GEI", "CPT", "EP", "CEP", "RCEP", "CIFT", "CET", "PAPHS" };
    for (int md = 0; md < 2; md++) {
        const struct polc_buf *b = md ? m : h;
        for (size_t i = 0; i < 8; i++) {
            char want[32];
            snprintf(want, sizeof want, md ? "| `%s` |" : "<td><code>%s</code></td>", codes[i]);
            has(b, want);
        }
        hasx(b, md, "45 CEC");
        hasx(b, md, "counted in whole CEC");
        hasx(b, md, "needs the highest of their requirements");
        hasx(b, md, "charges each credential its own fee");
        hasx(b, md, "December 31 of the year that holds the day before its 3rd anniversary");
        hasx(b, md, "the day before, 2028-03-14, is extended to December 31 of its year: the cycle expires on 2028-12-31");
        hasx(b, md, "courses from any provider");
        hasx(b, md, "The card earns no units");
        hasx(b, md, "each credential's own fee (35.00 to 55.00 USD)");
        hasx(b, md, "the exam, passed from the cycle start through expiry (2025-03-15 through 2028-12-31 in the example)");
        hasx(b, md, "There is no grace window after it.");
        hasx(b, md, "From expiry + 1 day (2029-01-01 in the example) the credential has expired");
        hasx(b, md, "Applications are not audited.");
        hasx(b, md, "The policy has no parameters");
        lacks(b, md ? "assumed" : "class=\"assumed\"");
        lacks(b, "grace window (see below)");
    }
    has(m, "| 2028-12-31 | expiry | The cycle expires: the last day to apply on time. The last day a completed course counts. The last day an exam counts. |");
    has(h, ">Exam counts 2025-03-15 \xe2\x80\x93 2028-12-31</text>");
    lacks(h, "Audit documents due");
    check_markup(h->ptr);
    check_md_tables(m->ptr);
    unload(&pg);
}

/* Every cite, with its rule, in both outputs. */
static void cites_present(const char *path)
{
    struct page pg;
    load(&pg, path, NULL, 0);
    const struct polc_policy *p = &pg.c.model.p;
    assert_true(p->n_cites > 0);
    for (int32_t i = 0; i < p->n_cites; i++) {
        for (int md = 0; md < 2; md++) {
            char *t = escaped(p->cites[i].text, md);
            const struct polc_buf *b = md ? &pg.md : &pg.html;
            /* once in its section, once in the table of sources */
            if (count(b->ptr, t) < 2)
                fail_msg("%s: cite %d (%s) appears %zu times in the %s", path, (int)i,
                         p->cites[i].rule, count(b->ptr, t), md ? "Markdown" : "HTML");
            free(t);
            char row[256];
            snprintf(row, sizeof row, md ? "| `%s` | %d |" : "<td><code>%s</code></td><td>%d</td>",
                     p->cites[i].rule, (int)p->cites[i].line);
            has(b, row);
        }
    }
    unload(&pg);
}

static void test_every_cite(void **state)
{
    (void)state;
    cites_present("policies/nasm-cpt.pol");
    cites_present("policies/acsm.pol");
    cites_present("tests/doc/hostile.pol");
}

/* ---- hostile strings ---------------------------------------------- */

static void test_hostile(void **state)
{
    (void)state;
    struct page pg;
    load(&pg, "tests/doc/hostile.pol", NULL, 0);
    const struct polc_buf *h = &pg.html, *m = &pg.md;
    static const char *const raw_bits[] = {
        "<script", "<img", "<em>", "<b>", "<i>", "<u>", "<card>", "<path>", "<a href='",
        "<!--", "<![CDATA[", "]]>", "</td></tr></table>",
    };
    for (size_t i = 0; i < sizeof raw_bits / sizeof *raw_bits; i++) {
        lacks(h, raw_bits[i]);
        lacks(m, raw_bits[i]);
    }
    has(h, "<title>&lt;script&gt;alert(&quot;t&amp;t&quot;)&lt;/script&gt; &#39;q&#39; | *x* _y_ `z` $1 [a](b)</title>");
    has(h, "<h1>&lt;script&gt;alert(&quot;t&amp;t&quot;)&lt;/script&gt; &#39;q&#39;");
    has(h, "&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!-- --&gt;");
    has(h, "&lt;a href=&#39;javascript:alert(1)&#39;&gt;Evil&lt;/a&gt;");
    has(h, "guessed: &quot;&lt;b&gt;bold&lt;/b&gt;&quot; &amp; &#39;quoted&#39;");
    has(h, "Beta tab newline");
    has(m, "# &lt;script&gt;alert(\"t&amp;t\")&lt;/script&gt; 'q' \\| \\*x\\* \\_y\\_ \\`z\\` \\$1 \\[a\\](b)");
    has(m, "| Alpha &lt;em&gt;trainer&lt;/em&gt; \\| pipe |");
    has(m, "Late: \\$40 &lt;u&gt;fee&lt;/u&gt;");
    check_markup(h->ptr);
    check_md_tables(m->ptr);
    /* What the seed policies do not use. */
    for (int md = 0; md < 2; md++) {
        const struct polc_buf *b = md ? m : h;
        hasx(b, md, "A cycle lasts 18 months");
        hasx(b, md, "the last day of the month that holds the day before the same day 18 months later");
        hasx(b, md, "extended to the end of its month: the cycle expires on 2026-09-30");
        hasx(b, md, "the month 18 months later has no 31st day, so that date falls on 2026-02-28");
        hasx(b, md, "needs the sum of their requirements");
        hasx(b, md, "charged once, at the highest fee among them");
        hasx(b, md, "the highest fee of the credentials renewed (30.00 to 45.00 USD)");
        hasx(b, md, "must be valid on the cycle's expiry date");
        hasx(b, md, "courses must bring the requirement less 0.25 CEU");
        hasx(b, md, "0.20 CEU");
        hasx(b, md, "with every category minimum met");
        hasx(b, md, "count whatever the state of their petition");
        hasx(b, md, "no longer apply (replacing)");
        hasx(b, md, "2026-10-31 through 2026-11-29 in the example belong to no window");
        hasx(b, md, "an application in window ");
        hasx(b, md, "12.5% of them");
        hasx(b, md, "within 14 days");
        hasx(b, md, "by 2026-10-14");
        hasx(b, md, "expiry + 30 days; expiry + 1 month");
    }
    has(h, ">no window</text>");
    unload(&pg);
}

/* Control characters and bad UTF-8 in a table that did not come from the
 * compiler are replaced, so the page stays well-formed. */
static void test_bad_bytes(void **state)
{
    (void)state;
    struct page pg;
    load(&pg, "policies/nasm-cpt.pol", NULL, 0);
    polc_buf_free(&pg.html);
    polc_buf_free(&pg.md);
    pg.c.model.p.title = "a\x01" "b\xff" "c\xe2\x82" "d\xc3\xa9";
    render(&pg);
    has(&pg.html, "<h1>a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd" "d\xc3\xa9</h1>");
    has(&pg.md, "# a\xef\xbf\xbd" "b\xef\xbf\xbd");
    check_markup(pg.html.ptr);
    unload(&pg);
}

/* ---- determinism and parameters ------------------------------------- */

static void test_deterministic(void **state)
{
    (void)state;
    static const char *const paths[] = { "policies/nasm-cpt.pol", "policies/acsm.pol",
                                         "tests/doc/hostile.pol" };
    for (size_t i = 0; i < 3; i++) {
        struct page a, b;
        load(&a, paths[i], NULL, 0);
        load(&b, paths[i], NULL, 0);
        assert_int_equal(a.html.len, b.html.len);
        assert_memory_equal(a.html.ptr, b.html.ptr, a.html.len);
        assert_int_equal(a.md.len, b.md.len);
        assert_memory_equal(a.md.ptr, b.md.ptr, a.md.len);
        /* and the same table rendered again */
        struct polc_buf again = { 0 };
        doc_html(&again, &a.c.model.p);
        assert_int_equal(again.len, a.html.len);
        assert_memory_equal(again.ptr, a.html.ptr, a.html.len);
        polc_buf_free(&again);
        unload(&a);
        unload(&b);
    }
}

static void test_override(void **state)
{
    (void)state;
    struct override ov[2] = { { "renewal_fee", "110", 0 }, { "audit_rate", "12.5", 0 } };
    struct page pg;
    load(&pg, "policies/nasm-cpt.pol", ov, 2);
    has(&pg.md, "| `renewal_fee` | 110.00 USD (set with -D) |");
    has(&pg.md, "| `audit_rate` | 12.5% (set with -D) |");
    has(&pg.md, "`renewal`: 110.00 USD *(assumed)*");
    has(&pg.html, "12.5% of them");
    unload(&pg);
}

/* ---- wording branches ----------------------------------------------- */

static const char *const small_policy =
    "policy \"s\" {\n    currency EUR\n}\n"
    "unit CEU {\n    precision 0.1\n    hours 10\n}\n"
    "credential X {\n    requires 1.0 CEU\n}\n"
    "cycle {\n    length 4 years\n    expires day_before_anniversary\n    leap_day feb28\n}\n"
    "courses {\n    accept approved\n    count from cycle_start through expiry\n}\n"
    "fee renewal = 10.00\n"
    "path p {\n    requires units\n    charges renewal\n}\n"
    "window late {\n    from expiry + 1 day\n    through expiry + 10 days\n}\n"
    "after last window expired\n";

static void test_small(void **state)
{
    (void)state;
    struct page pg;
    load_text(&pg, small_policy);
    for (int md = 0; md < 2; md++) {
        const struct polc_buf *b = md ? &pg.md : &pg.html;
        hasx(b, md, "10.00 EUR");
        hasx(b, md, "2024-02-29 has its anniversary on 2028-02-29 and the cycle expires on 2028-02-28");
        hasx(b, md, "the date becomes the last day of the month");
        hasx(b, md, "This policy asks for no CPR/AED card.");
        hasx(b, md, "petitioned courses (provider ");
        hasx(b, md, "count nothing.");
        hasx(b, md, "From expiry + 11 days (");
        hasx(b, md, "no fee besides the path");
        hasx(b, md, "The policy cites no source sentence.");
    }
    has(&pg.html, ">late</text>");
    check_markup(pg.html.ptr);
    check_md_tables(pg.md.ptr);
    unload(&pg);
}

/* ---- label layout ----------------------------------------------------- */

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static int overlap(int a0, int a1, int b0, int b1, int gap)
{
    return a0 < b1 + gap && b0 < a1 + gap;
}

static int lo_of(const struct doc_label *l) { return l->left < l->anchor ? l->left : l->anchor; }
static int hi_of(const struct doc_label *l)
{
    return l->left + l->width > l->anchor ? l->left + l->width : l->anchor;
}

static int rows_meet(const struct doc_label *a, const struct doc_label *b)
{
    return a->row < b->row + b->lines && b->row < a->row + a->lines;
}

static void test_layout(void **state)
{
    (void)state;
    uint32_t seed = 7;
    for (int round = 0; round < 300; round++) {
        struct doc_label l[24];
        int n = 1 + (int)(lcg(&seed) % 24), clamped = round % 3 == 2;
        for (int i = 0; i < n; i++) {
            int anchor = 20 + (int)(lcg(&seed) % 960), w = 10 + (int)(lcg(&seed) % 200);
            int left = anchor + 3;
            if (clamped && left + w > 980)
                left = 980 - w;
            l[i] = (struct doc_label){ anchor, left, w, 1 + (int)(lcg(&seed) % 4), -7 };
        }
        int rows = doc_layout_rows(l, n, 10);
        int top = 0;
        for (int i = 0; i < n; i++) {
            assert_true(l[i].row >= 0);
            if (l[i].row + l[i].lines > top)
                top = l[i].row + l[i].lines;
            for (int j = 0; j < n; j++) {
                if (i == j)
                    continue;
                /* texts sharing a row keep the gap */
                if (rows_meet(&l[i], &l[j]))
                    assert_false(overlap(lo_of(&l[i]), hi_of(&l[i]), lo_of(&l[j]), hi_of(&l[j]), 10));
                /* a leader crosses no text nearer its bar */
                if (!clamped && l[j].row < l[i].row)
                    assert_false(overlap(l[i].anchor, l[i].anchor, l[j].left, l[j].left + l[j].width, 2));
            }
        }
        assert_int_equal(rows, top);
    }
    /* Same anchors: stacked, never on the same row. */
    struct doc_label same[3] = { { 100, 103, 50, 1, 0 }, { 100, 103, 60, 2, 0 }, { 101, 104, 40, 1, 0 } };
    assert_int_equal(doc_layout_rows(same, 3, 10), 4);
    assert_int_equal(same[2].row, 0);
    assert_int_equal(same[0].row + same[1].row, 1 + 2);
    /* Apart: all on row 0. */
    struct doc_label apart[2] = { { 100, 103, 50, 1, 0 }, { 300, 303, 50, 1, 0 } };
    assert_int_equal(doc_layout_rows(apart, 2, 10), 1);
    assert_int_equal(apart[0].row, 0);
    assert_int_equal(apart[1].row, 0);
    assert_int_equal(doc_layout_rows(apart, 0, 10), 0);
}

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(doc_text_width(""), 0);
    /* ten digits of DejaVu Sans (0.637 em each) at 12px */
    assert_int_equal(doc_text_width("0123456789"), 77);
    assert_true(doc_text_width("2027-03-14") < doc_text_width("2027-03-14 expiry"));
    assert_true(doc_text_width("W") > doc_text_width("i"));
    assert_int_equal(doc_text_width("\xe2\x80\x93"), 7);
    assert_int_equal(doc_text_width("\xc3\xa9"), 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nasm),
        cmocka_unit_test(test_acsm),
        cmocka_unit_test(test_every_cite),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_text_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
