/* diag.c - collects diagnostics, renders them with a caret excerpt. */
#include "diag.h"

#include "arena.h"
#include "polc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diags_init(struct diags *d, struct arena *a, const struct source *src)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->src = src;
    d->tail = &d->head;
}

static char *vformat(struct arena *a, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        n = 0;
    char *s = arena_alloc(a, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static void record(struct diags *d, enum diag_level lv, struct span at,
                   const char *rule, const char *fmt, va_list ap)
{
    if (d->errors + d->warnings >= DIAG_LIMIT) {
        d->dropped++;
        d->last = NULL;
        if (lv == DIAG_ERROR)
            d->errors++;
        return;
    }
    struct diag *g = arena_alloc(d->arena, sizeof *g);
    g->level = lv;
    g->span = at;
    g->rule = rule;
    g->message = vformat(d->arena, fmt, ap);
    /* In source order, so one run reads top to bottom; equal positions
     * keep the order they were found in. */
    struct diag **pos = &d->head;
    while (*pos && (*pos)->span.lo <= g->span.lo)
        pos = &(*pos)->next;
    g->next = *pos;
    *pos = g;
    if (!g->next)
        d->tail = &g->next;
    d->last = g;
    if (lv == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_error(struct diags *d, struct span at, const char *rule,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(d, DIAG_ERROR, at, rule, fmt, ap);
    va_end(ap);
}

void diag_warning(struct diags *d, struct span at, const char *rule,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(d, DIAG_WARNING, at, rule, fmt, ap);
    va_end(ap);
}

void diag_hint(struct diags *d, const char *fmt, ...)
{
    if (d->last == NULL)
        return;
    struct diag *last = d->last;
    va_list ap;
    va_start(ap, fmt);
    last->hint = vformat(d->arena, fmt, ap);
    va_end(ap);
}

int diags_failed(const struct diags *d)
{
    return d->errors > 0 || (d->werror && d->warnings > 0);
}

/* ---- text -------------------------------------------------------- */

static void put_visible(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || c >= 0x20)
            fputc(c, f);
        else
            fputc('?', f);
    }
}

enum { EXCERPT = 240 };  /* a longer source line is shown around its caret */

static void print_caret(FILE *f, const struct source *src, struct span sp,
                        uint32_t line, uint32_t col, int color)
{
    size_t len;
    const char *text = source_line(src, line, &len);
    size_t from = 0;
    if (len > EXCERPT && col > EXCERPT / 2)
        from = col - 1 - EXCERPT / 2;
    if (from > len)
        from = len;
    size_t shown = len - from > EXCERPT ? EXCERPT : len - from;
    fprintf(f, "%5u | %s", line, from ? "..." : "");
    put_visible(f, text + from, shown);
    fputs(from + shown < len ? "...\n      | " : "\n      | ", f);
    if (from)
        fputs("   ", f);
    for (size_t i = from + 1; i < col && i - 1 < from + shown; i++)
        fputc(text[i - 1] == '\t' ? '\t' : ' ', f);
    size_t width = sp.hi > sp.lo ? sp.hi - sp.lo : 1;
    size_t room = from + shown >= col ? from + shown - col + 1 : 1;
    if (width > room)
        width = room ? room : 1;
    if (color)
        fputs("\033[1;32m", f);
    fputc('^', f);
    for (size_t i = 1; i < width; i++)
        fputc('~', f);
    if (color)
        fputs("\033[0m", f);
    fputc('\n', f);
}

static void print_one(FILE *f, const struct source *src, const struct diag *g,
                      int color)
{
    uint32_t line, col;
    source_locate(src, g->span.lo, &line, &col);
    const char *lv = g->level == DIAG_ERROR ? "error" : "warning";
    const char *on = "", *off = "";
    if (color) {
        on = g->level == DIAG_ERROR ? "\033[1;31m" : "\033[1;35m";
        off = "\033[0m";
    }
    fprintf(f, "%s%s:%u:%u:%s %s%s:%s %s\n", color ? "\033[1m" : "", src->name,
            line, col, off, on, lv, off, g->message);
    print_caret(f, src, g->span, line, col, color);
    if (g->hint)
        fprintf(f, "      = %shint:%s %s\n", color ? "\033[1;36m" : "", off,
                g->hint);
}

void diag_print_text(FILE *f, const struct diags *d, int color)
{
    for (const struct diag *g = d->head; g; g = g->next)
        print_one(f, d->src, g, color);
    if (d->dropped)
        fprintf(f, "%s: too many diagnostics (limit is %d); %d more not shown\n",
                d->src->name, DIAG_LIMIT, d->dropped);
}

/* ---- JSON -------------------------------------------------------- */

static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (k == 0 || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (k == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)))
        return 0;
    if (k == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90)))
        return 0;
    return k;
}

/* The inside of a JSON string literal: n bytes escaped, invalid UTF-8 as
 * U+FFFD. */
static void json_body(FILE *f, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(f, "\\u%04x", c);
        } else if (c >= 0x80) {
            size_t k = utf8_len(u + i, n - i);
            if (k == 0) {
                fputs("\\ufffd", f);
                i++;
                continue;
            }
            fwrite(u + i, 1, k, f);
            i += k;
            continue;
        } else {
            fputc((int)c, f);
        }
        i++;
    }
}

void diag_json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    json_body(f, s, n);
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
    diag_json_string(f, s, strlen(s));
}

/* The end of a span: hi is exclusive, so line:column of the byte after the
 * last one (an empty span ends where it starts). */
static uint32_t span_end(struct span sp)
{
    return sp.hi > sp.lo ? sp.hi : sp.lo;
}

/* Columns count bytes, exactly as the text form prints them; end_line and
 * end_column are where the span ends, exclusive. */
void diag_print_json(FILE *f, const struct diags *d, int *first)
{
    for (const struct diag *g = d->head; g; g = g->next) {
        uint32_t l1, c1, l2, c2;
        source_locate(d->src, g->span.lo, &l1, &c1);
        source_locate(d->src, span_end(g->span), &l2, &c2);
        fputs(*first ? "\n  " : ",\n  ", f);
        *first = 0;
        fputs("{\"file\":", f);
        json_cstr(f, d->src->name);
        fprintf(f, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u,"
                   "\"severity\":\"%s\",\"rule\":",
                l1, c1, l2, c2, g->level == DIAG_ERROR ? "error" : "warning");
        json_cstr(f, g->rule);
        fputs(",\"message\":", f);
        json_cstr(f, g->message);
        fputs(",\"hint\":", f);
        if (g->hint)
            json_cstr(f, g->hint);
        else
            fputs("null", f);
        fputc('}', f);
    }
}

/* ---- SARIF 2.1.0 ------------------------------------------------- */

/* One log for all the files of a run:
 *   head   {"$schema":..,"version":"2.1.0","runs":[{"columnKind":..,"results":[
 *   sarif  one result per diagnostic, streamed as each file is checked
 *   tail   ],"tool":{"driver":{.., "rules":[..]}},"artifacts":[..]
 *          [,"invocations":[..] when a file had more than DIAG_LIMIT]}]}
 * The driver comes after the results because its rules (one per rule id
 * used, in order of first use, which ruleIndex points into) are known only
 * at the end; member order means nothing in JSON.  Columns are UTF-16 code
 * units (columnKind), as GitHub code scanning and editors count them; an
 * invalid UTF-8 byte counts as one (it decodes to U+FFFD).  The state below
 * lives from head to tail: one log per process at a time.
 * SARIF_INFORMATION_URI is a placeholder until polc has a home page. */

#define SARIF_INFORMATION_URI "https://example.invalid/polc"

static const struct {
    const char *id, *text;
} rule_text[] = {
    { "bad-count", "A count is not a whole number from 0 to 1000." },
    { "bad-currency", "A currency is not a three-letter ISO 4217 code." },
    { "bad-cycle-length", "A cycle length is out of range." },
    { "bad-date-base", "A date is counted from the wrong base date." },
    { "bad-escape", "A string holds an unknown escape." },
    { "bad-hours", "A unit's contact hours are out of range." },
    { "bad-number", "A number is malformed." },
    { "bad-override", "A -D override does not fit its parameter." },
    { "bad-param", "A parameter's value is not a number of a known kind." },
    { "bad-percentage", "A rate is not a valid percentage." },
    { "bad-policy-name", "A policy name is malformed." },
    { "bad-precision", "A unit's precision is not a power of ten." },
    { "bad-text", "A string holds a NUL byte or invalid UTF-8." },
    { "category-range", "A category's maximum is below its minimum." },
    { "credit-exceeds-requirement", "A credit is larger than the requirement it counts toward." },
    { "duplicate-block", "A block that may appear once appears twice." },
    { "duplicate-name", "A name is declared twice." },
    { "empty-category", "A category sets no limit." },
    { "empty-window", "A window ends before it starts." },
    { "exam-dates", "Exam paths name different exam dates." },
    { "finer-than-precision", "An amount is finer than its unit's precision." },
    { "hours-not-a-unit", "An amount is in hours where a declared unit is needed." },
    { "implicit-after-last", "The policy does not say what happens after the last window." },
    { "implicit-fee-combination", "A window does not say whether earlier fees still apply." },
    { "implicit-together", "Several credentials, but not how they renew together." },
    { "implicit-window-end", "A window has no end." },
    { "junk-after-number", "A number is followed by other characters." },
    { "limit", "A policy exceeds a size limit." },
    { "misplaced-statement", "A statement is in a block where it does not belong." },
    { "missing-credential", "The policy declares no credential." },
    { "missing-credential-fee", "A per-credential fee is missing for a credential." },
    { "missing-cycle", "The policy has no cycle block." },
    { "missing-path", "The policy declares no path." },
    { "missing-policy", "The file has no policy block." },
    { "missing-statement", "A block lacks a required statement." },
    { "money-precision", "An amount of money has more than two decimals." },
    { "name-too-long", "A name is too long." },
    { "no-effect", "A statement has no effect." },
    { "not-money", "An amount of money was expected." },
    { "number-range", "A number is out of range." },
    { "param-kind", "A parameter is used as the wrong kind of value." },
    { "path-never-succeeds", "A path can never succeed." },
    { "path-requires-nothing", "A path requires nothing." },
    { "repeated-fee", "A fee is charged twice in one place." },
    { "repeated-statement", "A statement is given twice in one block." },
    { "reserved-unit", "A unit uses a reserved name." },
    { "syntax", "Syntax error." },
    { "two-currencies", "A policy uses more than one currency." },
    { "two-window-ends", "A window has both 'through' and 'before'." },
    { "unclosed-block", "A block is not closed." },
    { "undefined-name", "A name is used but not declared." },
    { "unexpected-character", "A character that the language does not use." },
    { "unterminated-string", "A string is not terminated." },
    { "unused", "A declaration is never used." },
    { "window-gap", "Days between two windows belong to no window." },
    { "window-order", "Windows are out of order or overlap." },
    { "wrong-unit", "An amount is not in the reporting unit." },
};

struct sarif_rule {
    char *id;
    enum diag_level level;   /* of its first result */
};

static struct {
    struct sarif_rule *rules;
    size_t n_rules, cap_rules;
    char **files;             /* artifacts: each file checked, once */
    size_t n_files, cap_files;
    struct sarif_note {       /* a file with diagnostics over DIAG_LIMIT */
        char *file;
        int dropped;
    } *notes;
    size_t n_notes, cap_notes;
    size_t n_results;
} sarif;

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 16;
    void *q = realloc(p, c * size);
    if (!q) {
        fputs("polc: out of memory\n", stderr);
        exit(2);
    }
    *cap = c;
    return q;
}

static char *copy_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (!c) {
        fputs("polc: out of memory\n", stderr);
        exit(2);
    }
    return memcpy(c, s, n);
}

static size_t sarif_rule_index(const struct diag *g)
{
    for (size_t i = 0; i < sarif.n_rules; i++)
        if (strcmp(sarif.rules[i].id, g->rule) == 0)
            return i;
    sarif.rules = grow(sarif.rules, &sarif.cap_rules, sarif.n_rules, sizeof *sarif.rules);
    sarif.rules[sarif.n_rules].id = copy_str(g->rule);
    sarif.rules[sarif.n_rules].level = g->level;
    return sarif.n_rules++;
}

static size_t sarif_file_index(const char *name)
{
    for (size_t i = 0; i < sarif.n_files; i++)
        if (strcmp(sarif.files[i], name) == 0)
            return i;
    sarif.files = grow(sarif.files, &sarif.cap_files, sarif.n_files, sizeof *sarif.files);
    sarif.files[sarif.n_files] = copy_str(name);
    return sarif.n_files++;
}

/* A file name as a URI: a relative name becomes a relative reference, an
 * absolute one a file: URI.  Bytes other than unreserved characters and
 * '/' are percent-encoded (a space as %20, UTF-8 byte by byte), so ':' in
 * a first segment cannot pass for a scheme. */
static void sarif_uri(FILE *f, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    fputc('"', f);
    if (name[0] == '/')
        fputs("file://", f);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            fputc((int)c, f);
        } else {
            fputc('%', f);
            fputc(hex[c >> 4], f);
            fputc(hex[c & 15], f);
        }
    }
    fputc('"', f);
}

/* 1-based column of byte offset off on line, in UTF-16 code units. */
static uint32_t utf16_column(const struct source *src, uint32_t line, uint32_t off)
{
    const unsigned char *u = (const unsigned char *)src->text;
    size_t i = src->lines[line - 1];
    size_t end = off < src->len ? off : src->len;
    uint32_t col = 1;
    while (i < end) {
        size_t k = utf8_len(u + i, src->len - i);
        if (k == 0) {          /* ASCII, or an invalid byte (U+FFFD) */
            col++;
            i++;
        } else {
            col += k == 4 ? 2 : 1;
            i += k;
        }
    }
    if (off > src->len)
        col += off - (uint32_t)src->len;
    return col;
}

static void sarif_position(const struct source *src, uint32_t off, uint32_t *line,
                           uint32_t *col)
{
    uint32_t bytes;
    source_locate(src, off, line, &bytes);
    *col = utf16_column(src, *line, off);
}

void diag_print_sarif_head(FILE *f)
{
    for (size_t i = 0; i < sarif.n_rules; i++)
        free(sarif.rules[i].id);
    for (size_t i = 0; i < sarif.n_files; i++)
        free(sarif.files[i]);
    for (size_t i = 0; i < sarif.n_notes; i++)
        free(sarif.notes[i].file);
    free(sarif.rules);
    free(sarif.files);
    free(sarif.notes);
    memset(&sarif, 0, sizeof sarif);
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
          "\"version\":\"2.1.0\",\"runs\":[{\"columnKind\":\"utf16CodeUnits\","
          "\"results\":[", f);
}

void diag_print_sarif(FILE *f, const struct diags *d, int *first)
{
    size_t file = sarif_file_index(d->src->name);
    for (const struct diag *g = d->head; g; g = g->next) {
        uint32_t l1, c1, l2, c2;
        sarif_position(d->src, g->span.lo, &l1, &c1);
        sarif_position(d->src, span_end(g->span), &l2, &c2);
        fputs(sarif.n_results ? ",\n  " : "\n  ", f);
        sarif.n_results++;
        *first = 0;
        fputs("{\"ruleId\":", f);
        json_cstr(f, g->rule);
        fprintf(f, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{\"text\":\"",
                sarif_rule_index(g), g->level == DIAG_ERROR ? "error" : "warning");
        json_body(f, g->message, strlen(g->message));
        if (g->hint) {
            fputs(" (hint: ", f);
            json_body(f, g->hint, strlen(g->hint));
            fputc(')', f);
        }
        fputs("\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
        sarif_uri(f, d->src->name);
        fprintf(f, ",\"index\":%zu},\"region\":{\"startLine\":%u,\"startColumn\":%u,"
                   "\"endLine\":%u,\"endColumn\":%u}}}]}",
                file, l1, c1, l2, c2);
    }
    if (d->dropped) {
        sarif.notes = grow(sarif.notes, &sarif.cap_notes, sarif.n_notes, sizeof *sarif.notes);
        sarif.notes[sarif.n_notes].file = copy_str(d->src->name);
        sarif.notes[sarif.n_notes].dropped = d->dropped;
        sarif.n_notes++;
    }
}

static const char *rule_description(const char *id)
{
    for (size_t i = 0; i < sizeof rule_text / sizeof rule_text[0]; i++)
        if (strcmp(rule_text[i].id, id) == 0)
            return rule_text[i].text;
    return NULL;
}

void diag_print_sarif_tail(FILE *f)
{
    fputs(sarif.n_results ? "\n],\"tool\":{\"driver\":{" : "],\"tool\":{\"driver\":{", f);
    fputs("\"name\":\"polc\",\"version\":\"" POLC_VERSION_STRING "\","
          "\"semanticVersion\":\"" POLC_VERSION_STRING "\","
          "\"informationUri\":\"" SARIF_INFORMATION_URI "\",\"rules\":[", f);
    for (size_t i = 0; i < sarif.n_rules; i++) {
        const struct sarif_rule *r = &sarif.rules[i];
        fputs(i ? ",\n  {\"id\":" : "\n  {\"id\":", f);
        json_cstr(f, r->id);
        fputs(",\"shortDescription\":{\"text\":", f);
        const char *text = rule_description(r->id);
        if (text) {
            json_cstr(f, text);
        } else {   /* a rule added without a line above: its id in words */
            fputc('"', f);
            for (const char *p = r->id; *p; p++)
                json_body(f, *p == '-' ? " " : p, 1);
            fputc('"', f);
        }
        fprintf(f, "},\"defaultConfiguration\":{\"level\":\"%s\"}}",
                r->level == DIAG_ERROR ? "error" : "warning");
    }
    fputs(sarif.n_rules ? "\n]}}" : "]}}", f);
    fputs(",\"artifacts\":[", f);
    for (size_t i = 0; i < sarif.n_files; i++) {
        fputs(i ? ",\n  {\"location\":{\"uri\":" : "\n  {\"location\":{\"uri\":", f);
        sarif_uri(f, sarif.files[i]);
        fputs("}}", f);
    }
    fputs(sarif.n_files ? "\n]" : "]", f);
    /* Diagnostics over the limit are not results; say how many there were,
     * as the text form does. */
    if (sarif.n_notes) {
        fputs(",\"invocations\":[{\"executionSuccessful\":true,"
              "\"toolExecutionNotifications\":[", f);
        for (size_t i = 0; i < sarif.n_notes; i++) {
            fprintf(f, "%s{\"level\":\"warning\",\"message\":{\"text\":\"",
                    i ? ",\n  " : "\n  ");
            const struct sarif_note *nt = &sarif.notes[i];
            json_body(f, nt->file, strlen(nt->file));
            fprintf(f, ": too many diagnostics (limit is %d); %d more not shown\"},"
                       "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":",
                    DIAG_LIMIT, nt->dropped);
            sarif_uri(f, nt->file);
            fprintf(f, ",\"index\":%zu}}}]}", sarif_file_index(nt->file));
        }
        fputs("\n]}]", f);
    }
    fputs("}]}\n", f);
}
