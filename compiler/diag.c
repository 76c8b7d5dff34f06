/* diag.c - collects diagnostics, renders them with a caret excerpt. */
#include "diag.h"

#include "arena.h"
#include "polc.h"

#include <stdio.h>
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
        if (lv == DIAG_ERROR)
            d->errors++;
        return;
    }
    struct diag *g = arena_alloc(d->arena, sizeof *g);
    g->level = lv;
    g->span = at;
    g->rule = rule;
    g->message = vformat(d->arena, fmt, ap);
    *d->tail = g;
    d->tail = &g->next;
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
    if (d->head == NULL || d->dropped)
        return;
    struct diag *last = (struct diag *)((char *)d->tail - offsetof(struct diag, next));
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

static void print_caret(FILE *f, const struct source *src, struct span sp,
                        uint32_t line, uint32_t col, int color)
{
    size_t len;
    const char *text = source_line(src, line, &len);
    fprintf(f, "%5u | ", line);
    put_visible(f, text, len);
    fputs("\n      | ", f);
    for (uint32_t i = 1; i < col && i - 1 < len; i++)
        fputc(text[i - 1] == '\t' ? '\t' : ' ', f);
    size_t width = sp.hi > sp.lo ? sp.hi - sp.lo : 1;
    size_t room = len >= col ? len - col + 1 : 1;
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

void diag_json_string(FILE *f, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
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
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
    diag_json_string(f, s, strlen(s));
}

void diag_print_json(FILE *f, const struct diags *d, int *first)
{
    for (const struct diag *g = d->head; g; g = g->next) {
        uint32_t l1, c1, l2, c2;
        source_locate(d->src, g->span.lo, &l1, &c1);
        source_locate(d->src, g->span.hi > g->span.lo ? g->span.hi : g->span.lo, &l2, &c2);
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

void diag_print_sarif_head(FILE *f)
{
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
          "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"polc\","
          "\"informationUri\":\"https://example.invalid/polc\","
          "\"version\":\"" POLC_VERSION_STRING "\"}},\"results\":[", f);
}

void diag_print_sarif_tail(FILE *f)
{
    fputs("]}]}\n", f);
}

void diag_print_sarif(FILE *f, const struct diags *d, int *first)
{
    for (const struct diag *g = d->head; g; g = g->next) {
        uint32_t l1, c1, l2, c2;
        source_locate(d->src, g->span.lo, &l1, &c1);
        source_locate(d->src, g->span.hi > g->span.lo ? g->span.hi : g->span.lo, &l2, &c2);
        fputs(*first ? "" : ",", f);
        *first = 0;
        fputs("{\"ruleId\":", f);
        json_cstr(f, g->rule);
        fprintf(f, ",\"level\":\"%s\",\"message\":{\"text\":",
                g->level == DIAG_ERROR ? "error" : "warning");
        if (g->hint) {
            size_t n = strlen(g->message) + strlen(g->hint) + 8;
            char *s = arena_alloc(d->arena, n);
            snprintf(s, n, "%s (hint: %s)", g->message, g->hint);
            json_cstr(f, s);
        } else {
            json_cstr(f, g->message);
        }
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
        json_cstr(f, d->src->name);
        fprintf(f, "},\"region\":{\"startLine\":%u,\"startColumn\":%u,"
                   "\"endLine\":%u,\"endColumn\":%u}}}]}",
                l1, c1, l2, c2);
    }
}
