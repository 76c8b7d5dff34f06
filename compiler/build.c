/* build.c - AST constructors for the grammar, and its syntax errors. */
#include "build.h"

#include "arena.h"
#include "parse.h"

#include <stdio.h>
#include <string.h>

void build_add_decl(struct parse *p, struct decl *d)
{
    if (!d)
        return;
    *p->tail = d;
    p->tail = &d->next;
}

static struct decl *new_decl(struct parse *p, enum decl_kind k, struct span all,
                             struct span key)
{
    struct decl *d = arena_alloc(p->arena, sizeof *d);
    d->kind = k;
    d->span = all;
    d->key = key;
    return d;
}

static struct stmt *in_written_order(struct stmt *s)
{
    struct stmt *out = NULL;
    while (s) {
        struct stmt *next = s->next;
        s->next = out;
        out = s;
        s = next;
    }
    return out;
}

struct decl *build_block(struct parse *p, enum decl_kind k, struct span all,
                         struct span key, const struct name *name,
                         const struct text *label, struct stmt *body)
{
    struct decl *d = new_decl(p, k, all, key);
    if (name)
        d->name = *name;
    if (label)
        d->label = *label;
    d->body = in_written_order(body);
    return d;
}

struct decl *build_param(struct parse *p, struct span all, struct span key,
                         const struct name *name, const struct value *v,
                         int assumed, const struct text *note)
{
    struct decl *d = new_decl(p, D_PARAM, all, key);
    d->name = *name;
    d->value = *v;
    d->assumed = assumed;
    if (note)
        d->note = *note;
    return d;
}

struct decl *build_fee(struct parse *p, struct span all, struct span key,
                       const struct name *name, const struct value *v,
                       int per, const struct text *cite)
{
    struct decl *d = new_decl(p, D_FEE, all, key);
    d->name = *name;
    if (v)
        d->value = *v;
    d->per = (enum fee_per)per;
    d->note = *cite;
    return d;
}

/* While a block is parsed its statements are kept newest first, so that
 * each one is added in constant time (a block may hold a million of them);
 * build_block puts them back in the order written. */
struct stmt *build_append(struct parse *p, struct stmt *list, struct stmt *s)
{
    (void)p;
    if (!s)
        return list;
    s->next = list;
    return s;
}


struct stmt *build_stmt(struct parse *p, enum stmt_kind k, struct span all,
                        struct span key)
{
    struct stmt *s = arena_alloc(p->arena, sizeof *s);
    s->kind = k;
    s->span = all;
    s->key = key;
    return s;
}

struct stmt *build_text(struct parse *p, enum stmt_kind k, struct span all,
                        struct span key, const struct text *t)
{
    struct stmt *s = build_stmt(p, k, all, key);
    s->text = *t;
    return s;
}

struct stmt *build_name(struct parse *p, enum stmt_kind k, struct span all,
                        struct span key, const struct name *n)
{
    struct stmt *s = build_stmt(p, k, all, key);
    s->name = *n;
    return s;
}

struct stmt *build_value(struct parse *p, enum stmt_kind k, struct span all,
                         struct span key, const struct value *v)
{
    struct stmt *s = build_stmt(p, k, all, key);
    s->value = *v;
    return s;
}

struct stmt *build_choice(struct parse *p, enum stmt_kind k, struct span all,
                          struct span key, enum choice c)
{
    struct stmt *s = build_stmt(p, k, all, key);
    s->choice = c;
    return s;
}

struct stmt *build_dates(struct parse *p, enum stmt_kind k, struct span all,
                         struct span key, const struct dexpr *a,
                         const struct dexpr *b)
{
    struct stmt *s = build_stmt(p, k, all, key);
    s->a = *a;
    if (b)
        s->b = *b;
    return s;
}

static int32_t small_count(struct parse *p, const struct number *n)
{
    if (n->too_big || n->places != 0 || n->value > 1000 * (polc_dec)POLC_DEC_SCALE) {
        diag_error(p->diags, n->span, "bad-count",
                   "expected a whole number from 0 to 1000");
        return 0;
    }
    return (int32_t)(n->value / POLC_DEC_SCALE);
}

struct stmt *build_length(struct parse *p, struct span all, struct span key,
                          const struct number *n, enum polc_step step)
{
    struct stmt *s = build_stmt(p, S_LENGTH, all, key);
    /* The checker says what a cycle's length may be; 0 stands for "not one". */
    int whole = !n->too_big && n->places == 0 && n->value <= 100000 * (polc_dec)POLC_DEC_SCALE;
    s->count = whole ? (int32_t)(n->value / POLC_DEC_SCALE) : 0;
    s->step = step;
    s->value.num = *n;
    return s;
}

/* Names too are kept newest first while they are parsed (see
 * build_append), and put back in order here. */
struct stmt *build_names(struct parse *p, struct span all, struct span key,
                         struct name_list *names)
{
    struct stmt *s = build_stmt(p, S_CHARGES, all, key);
    struct name_list *out = NULL;
    while (names) {
        struct name_list *next = names->next;
        names->next = out;
        out = names;
        names = next;
    }
    s->names = out;
    return s;
}

struct name_list *build_name_list(struct parse *p, struct name_list *list,
                                  const struct name *n)
{
    struct name_list *item = arena_alloc(p->arena, sizeof *item);
    item->name = *n;
    item->next = list;
    return item;
}

struct value build_number_value(const struct number *num,
                                const struct name *suffix, struct span all)
{
    struct value v;
    memset(&v, 0, sizeof v);
    v.kind = V_NUMBER;
    v.num = *num;
    if (suffix)
        v.ref = *suffix;
    v.span = all;
    return v;
}

struct value build_ref_value(const struct name *n, struct span all)
{
    struct value v;
    memset(&v, 0, sizeof v);
    v.kind = V_REF;
    v.ref = *n;
    v.span = all;
    return v;
}

struct dexpr build_dexpr(struct parse *p, enum polc_base base,
                         const struct number *n, enum polc_step step,
                         struct span all)
{
    struct dexpr e = { base, small_count(p, n), step, all };
    return e;
}

int lex_keyword(const char *s, size_t n);

/* "'policy'" for a keyword, "name" for a token class, "'{'" for a char. */
static void quote_symbol(char *out, size_t cap, const char *sym)
{
    size_t n = strlen(sym);
    if (lex_keyword(sym, n)) {
        snprintf(out, cap, "'%s'", sym);
        return;
    }
    if (n >= 2 && sym[0] == '"' && sym[n - 1] == '"') {
        const char *inner = sym + 1;
        size_t k = n - 2;
        int is_word = k > 0 && strchr("abcdefghijklmnopqrstuvwxyz_", inner[0]) &&
                      !(k == 4 && memcmp(inner, "name", 4) == 0) &&
                      !(k == 6 && (memcmp(inner, "string", 6) == 0 || memcmp(inner, "number", 6) == 0)) &&
                      !(k == 10 && memcmp(inner, "percentage", 10) == 0) &&
                      !(k == 11 && memcmp(inner, "end of line", 11) == 0) &&
                      !(k == 11 && memcmp(inner, "end of file", 11) == 0);
        snprintf(out, cap, is_word ? "'%.*s'" : "%.*s", (int)k, inner);
        return;
    }
    snprintf(out, cap, "%s", sym);
}

static void eof_in_block(struct parse *p, struct span at)
{
    const struct open_brace *o = &p->open[p->depth <= MAX_OPEN ? p->depth - 1 : MAX_OPEN - 1];
    uint32_t line, col;
    source_locate(p->src, o->at.lo, &line, &col);
    if (o->what_len)
        diag_error(p->diags, at, "unclosed-block",
                   "'}' expected (to close '%.*s' at line %u)", (int)o->what_len,
                   o->what, line);
    else
        diag_error(p->diags, at, "unclosed-block",
                   "'}' expected (to close the block at line %u)", line);
}

static int starts_declaration(const char *sym)
{
    static const char *const words[] = { "policy", "unit", "param", "credential", "cycle",
                                         "courses", "cpr_aed", "together", "audit", "category",
                                         "path", "window", "after" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(sym, words[i]) == 0)
            return 1;
    return 0;
}

void build_syntax_error(struct parse *p, struct span at, const char *got,
                        int at_eof, const char *const *expected, int n)
{
    if ((at_eof || starts_declaration(got)) && p->depth > 0) {
        eof_in_block(p, at);
        if (!at_eof)
            diag_hint(p->diags, "'%s' starts a new declaration; close the block before it", got);
        return;
    }
    char g[96], list[400] = "";
    quote_symbol(g, sizeof g, got);
    if (strcmp(got, "name") == 0 || strcmp(got, "number") == 0) {
        size_t len = at.hi - at.lo;
        snprintf(g, sizeof g, "%s '%.*s'", got, (int)(len > 40 ? 40 : len), p->src->text + at.lo);
    }
    if (strcmp(got, "'}'") == 0 && p->depth == 0) {
        diag_error(p->diags, at, "syntax", "unexpected '}': no block is open here");
        return;
    }
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        char e[64];
        quote_symbol(e, sizeof e, expected[i]);
        const char *sep = i == 0 ? "" : i == n - 1 ? " or " : ", ";
        int w = snprintf(list + used, sizeof list - used, "%s%s", sep, e);
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    if (n > 0)
        diag_error(p->diags, at, "syntax", "unexpected %s; expected %s", g, list);
    else
        diag_error(p->diags, at, "syntax", "unexpected %s", g);
}
