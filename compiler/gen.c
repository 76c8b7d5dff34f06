/* gen.c - model -> static const C tables, the same bytes for the same
 * input.  Every string is escaped so that no text in a policy can change
 * the meaning of the C around it. */
#include "gen.h"

#include <inttypes.h>
#include <string.h>

enum { LONG_STRING = 4000 };  /* C11 guarantees 4095-byte literals */

void gen_symbol(const struct polc_policy *p, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "polc_policy_%s", p->name);
    for (size_t i = 12; i < n && i < cap; i++) {
        char c = out[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            out[i] = '_';
    }
}

/* Printable ASCII as itself, except '"', '\\' and '?' (no trigraphs);
 * everything else as a three-digit octal escape. */
static void literal(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u == '"' || *u == '\\' || *u == '?')
            fprintf(f, "\\%c", *u);
        else if (*u >= 0x20 && *u < 0x7f)
            fputc(*u, f);
        else
            fprintf(f, "\\%03o", *u);
    }
    fputc('"', f);
}

static void char_array(FILE *f, const char *s)
{
    fputs("(const char[]){", f);
    size_t i = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++, i++)
        fprintf(f, "%s%u,", i % 24 == 0 ? "\n    " : "", *u);
    fputs("0}", f);
}

void gen_c_string(FILE *f, const char *s)
{
    if (!s)
        fputs("0", f);
    else if (strlen(s) > LONG_STRING)
        char_array(f, s);
    else
        literal(f, s);
}

static void dec(FILE *f, polc_dec v)
{
    fprintf(f, "INT64_C(%" PRId64 ")", (int64_t)v);
}

static const char *step_name(enum polc_step s)
{
    switch (s) {
    case POLC_DAYS: return "POLC_DAYS";
    case POLC_MONTHS: return "POLC_MONTHS";
    case POLC_YEARS: return "POLC_YEARS";
    }
    return "POLC_DAYS";
}

static const char *base_name(enum polc_base b)
{
    switch (b) {
    case POLC_AT_CYCLE_START: return "POLC_AT_CYCLE_START";
    case POLC_AT_EXPIRY: return "POLC_AT_EXPIRY";
    case POLC_AT_APPLICATION: return "POLC_AT_APPLICATION";
    }
    return "POLC_AT_EXPIRY";
}

static void dexpr(FILE *f, const struct polc_date_expr *e)
{
    fprintf(f, "{ %s, %d, %s }", base_name(e->base), (int)e->n, step_name(e->step));
}

static void mask(FILE *f, uint64_t m)
{
    fprintf(f, "UINT64_C(0x%016" PRIx64 ")", m);
}

static void gen_units(FILE *f, const struct polc_policy *p)
{
    fputs("static const struct polc_unit units[] = {\n", f);
    for (int32_t i = 0; i < p->n_units; i++) {
        fputs("    { ", f);
        gen_c_string(f, p->units[i].name);
        fprintf(f, ", %d, %d },\n", (int)p->units[i].hours, (int)p->units[i].places);
    }
    fputs("};\n\n", f);
}

static void gen_credentials(FILE *f, const struct polc_policy *p)
{
    fputs("static const struct polc_credential credentials[] = {\n", f);
    for (int32_t i = 0; i < p->n_credentials; i++) {
        const struct polc_credential *c = &p->credentials[i];
        fputs("    { ", f);
        gen_c_string(f, c->code);
        fputs(", ", f);
        gen_c_string(f, c->title);
        fputs(", ", f);
        dec(f, c->required);
        fputs(", ", f);
        dec(f, c->fee);
        fprintf(f, ", %d },\n", (int)c->has_fee);
    }
    fputs("};\n\n", f);
}

static void gen_providers(FILE *f, const struct polc_policy *p)
{
    if (p->courses.n_providers == 0)
        return;
    fputs("static const char *const providers[] = {\n", f);
    for (int32_t i = 0; i < p->courses.n_providers; i++) {
        fputs("    ", f);
        gen_c_string(f, p->courses.providers[i]);
        fputs(",\n", f);
    }
    fputs("};\n\n", f);
}

static void gen_categories(FILE *f, const struct polc_policy *p)
{
    if (p->n_categories == 0)
        return;
    fputs("static const struct polc_category categories[] = {\n", f);
    for (int32_t i = 0; i < p->n_categories; i++) {
        const struct polc_category *c = &p->categories[i];
        fputs("    { ", f);
        gen_c_string(f, c->name);
        fprintf(f, ", %d, %d, ", (int)c->has_min, (int)c->has_max);
        dec(f, c->min);
        fputs(", ", f);
        dec(f, c->max);
        fputs(" },\n", f);
    }
    fputs("};\n\n", f);
}

static const char *fee_kind_name(enum polc_fee_kind k)
{
    switch (k) {
    case POLC_FEE_FLAT: return "POLC_FEE_FLAT";
    case POLC_FEE_PER_PETITION: return "POLC_FEE_PER_PETITION";
    case POLC_FEE_PER_CREDENTIAL: return "POLC_FEE_PER_CREDENTIAL";
    }
    return "POLC_FEE_FLAT";
}

static void gen_fees(FILE *f, const struct polc_policy *p)
{
    if (p->n_fees == 0)
        return;
    fputs("static const struct polc_fee fees[] = {\n", f);
    for (int32_t i = 0; i < p->n_fees; i++) {
        const struct polc_fee *x = &p->fees[i];
        fputs("    { ", f);
        gen_c_string(f, x->name);
        fprintf(f, ", %s, ", fee_kind_name(x->kind));
        dec(f, x->amount);
        fprintf(f, ", %d },\n", (int)x->param);
    }
    fputs("};\n\n", f);
}

static void gen_paths(FILE *f, const struct polc_policy *p)
{
    fputs("static const struct polc_path paths[] = {\n", f);
    for (int32_t i = 0; i < p->n_paths; i++) {
        const struct polc_path *x = &p->paths[i];
        fputs("    { ", f);
        gen_c_string(f, x->name);
        fputs(", ", f);
        gen_c_string(f, x->title);
        fprintf(f, ", %uu, ", (unsigned)x->requires);
        mask(f, x->fees);
        fputs(" },\n", f);
    }
    fputs("};\n\n", f);
}

static void gen_windows(FILE *f, const struct polc_policy *p)
{
    if (p->n_windows == 0)
        return;
    fputs("static const struct polc_window windows[] = {\n", f);
    for (int32_t i = 0; i < p->n_windows; i++) {
        const struct polc_window *w = &p->windows[i];
        fputs("    { ", f);
        gen_c_string(f, w->name);
        fputs(", ", f);
        dexpr(f, &w->from);
        fputs(", ", f);
        dexpr(f, &w->end);
        fprintf(f, ", %d, ", (int)w->end_inclusive);
        mask(f, w->fees);
        fprintf(f, ", %d },\n", (int)w->cumulative);
    }
    fputs("};\n\n", f);
}

static const char *param_kind_name(enum polc_param_kind k)
{
    switch (k) {
    case POLC_PARAM_MONEY: return "POLC_PARAM_MONEY";
    case POLC_PARAM_PERCENT: return "POLC_PARAM_PERCENT";
    case POLC_PARAM_NUMBER: return "POLC_PARAM_NUMBER";
    }
    return "POLC_PARAM_NUMBER";
}

static void gen_params(FILE *f, const struct polc_policy *p)
{
    if (p->n_params == 0)
        return;
    fputs("/* Parameters with the values this file was built with. */\n", f);
    fputs("static const struct polc_param params[] = {\n", f);
    for (int32_t i = 0; i < p->n_params; i++) {
        const struct polc_param *x = &p->params[i];
        fputs("    { ", f);
        gen_c_string(f, x->name);
        fprintf(f, ", %s, ", param_kind_name(x->kind));
        dec(f, x->value);
        fprintf(f, ", %d, ", (int)x->assumed);
        gen_c_string(f, x->note);
        fprintf(f, ", %d },\n", (int)x->overridden);
    }
    fputs("};\n\n", f);
}

static void gen_cites(FILE *f, const struct polc_policy *p)
{
    if (p->n_cites == 0)
        return;
    fputs("/* The source sentences the rules cite. */\n", f);
    fputs("static const struct polc_cite cites[] = {\n", f);
    for (int32_t i = 0; i < p->n_cites; i++) {
        fputs("    { ", f);
        gen_c_string(f, p->cites[i].rule);
        fputs(",\n      ", f);
        gen_c_string(f, p->cites[i].text);
        fprintf(f, ", %d },\n", (int)p->cites[i].line);
    }
    fputs("};\n\n", f);
}

static const char *anchor_name(enum polc_anchor a)
{
    switch (a) {
    case POLC_ANCHOR_ANNIVERSARY: return "POLC_ANCHOR_ANNIVERSARY";
    case POLC_ANCHOR_END_OF_MONTH: return "POLC_ANCHOR_END_OF_MONTH";
    case POLC_ANCHOR_DEC31: return "POLC_ANCHOR_DEC31";
    }
    return "POLC_ANCHOR_ANNIVERSARY";
}

static const char *combine_name(enum polc_combine c)
{
    switch (c) {
    case POLC_HIGHEST: return "POLC_HIGHEST";
    case POLC_SUM: return "POLC_SUM";
    case POLC_EACH: return "POLC_EACH";
    }
    return "POLC_HIGHEST";
}

static const char *petitions_name(enum polc_petitions x)
{
    switch (x) {
    case POLC_PETITIONS_NOT_ACCEPTED: return "POLC_PETITIONS_NOT_ACCEPTED";
    case POLC_PETITIONS_APPROVED: return "POLC_PETITIONS_APPROVED";
    case POLC_PETITIONS_ANY: return "POLC_PETITIONS_ANY";
    }
    return "POLC_PETITIONS_NOT_ACCEPTED";
}

static void field_str(FILE *f, const char *name, const char *s)
{
    fprintf(f, "    .%s = ", name);
    gen_c_string(f, s);
    fputs(",\n", f);
}

static void table(FILE *f, const char *field, const char *array, int32_t n)
{
    if (n > 0)
        fprintf(f, "    .%s = %s,\n    .n_%s = %d,\n", field, array, field, (int)n);
}

static void gen_courses(FILE *f, const struct polc_courses *c)
{
    fprintf(f, "    .courses = {\n        .accept_any = %d,\n        .accept_approved = %d,\n"
               "        .petitions = %s,\n",
            (int)c->accept_any, (int)c->accept_approved, petitions_name(c->petitions));
    if (c->n_providers)
        fprintf(f, "        .providers = providers,\n        .n_providers = %d,\n",
                (int)c->n_providers);
    fputs("        .from = ", f);
    dexpr(f, &c->from);
    fputs(",\n        .through = ", f);
    dexpr(f, &c->through);
    fputs(",\n    },\n", f);
}

static void gen_policy(FILE *f, const struct polc_policy *p)
{
    char sym[200];
    gen_symbol(p, sym, sizeof sym);
    fprintf(f, "const struct polc_policy %s = {\n", sym);
    fputs("    .magic = POLC_MAGIC,\n    .version = POLC_TABLE_VERSION,\n", f);
    field_str(f, "name", p->name);
    field_str(f, "title", p->title);
    field_str(f, "body", p->body);
    field_str(f, "currency", p->currency);
    table(f, "units", "units", p->n_units);
    fprintf(f, "    .unit = %d,\n", (int)p->unit);
    table(f, "credentials", "credentials", p->n_credentials);
    fprintf(f, "    .units_together = %s,\n    .fees_together = %s,\n",
            combine_name(p->units_together), combine_name(p->fees_together));
    fprintf(f, "    .cycle = { %d, %s, %s, %s },\n", (int)p->cycle.length,
            step_name(p->cycle.step), anchor_name(p->cycle.anchor),
            p->cycle.leap == POLC_LEAP_FEB28 ? "POLC_LEAP_FEB28" : "POLC_LEAP_MAR1");
    gen_courses(f, &p->courses);
    fprintf(f, "    .cpr_aed = { %d, ", (int)p->cpr_aed.declared);
    dec(f, p->cpr_aed.credit);
    fprintf(f, ", %s },\n", p->cpr_aed.valid_on == POLC_CARD_ON_EXPIRY
                                ? "POLC_CARD_ON_EXPIRY" : "POLC_CARD_ON_APPLICATION");
    table(f, "categories", "categories", p->n_categories);
    table(f, "fees", "fees", p->n_fees);
    table(f, "paths", "paths", p->n_paths);
    table(f, "windows", "windows", p->n_windows);
    fputs("    .exam_from = ", f);
    dexpr(f, &p->exam_from);
    fputs(",\n    .exam_through = ", f);
    dexpr(f, &p->exam_through);
    fprintf(f, ",\n    .audit = { %d, %d, %d, %d },\n", (int)p->audit.declared,
            (int)p->audit.rate_bp, (int)p->audit.due_days, (int)p->audit.param);
    table(f, "params", "params", p->n_params);
    table(f, "cites", "cites", p->n_cites);
    field_str(f, "source", p->source);
    fputs("};\n", f);
}

static void banner(FILE *f, const struct polc_policy *p)
{
    fputs("// Code generated by polc from ", f);
    for (const char *s = p->source; *s; s++)
        fputc((unsigned char)*s >= 0x20 && *s != 0x7f ? *s : '?', f);
    fputs("; DO NOT EDIT.\n", f);
}

/* A file name that `#include "..."` takes as written: printable ASCII
 * without '"', '\\', '\'' (undefined in a header name), "//", "/" "*" or
 * "??" (a trigraph would be replaced inside it). */
static int header_name_ok(const char *s)
{
    if (!*s)
        return 0;
    for (const char *c = s; *c; c++) {
        if (*c < 0x20 || *c >= 0x7f || *c == '"' || *c == '\\' || *c == '\'')
            return 0;
        if ((c[0] == '/' && (c[1] == '/' || c[1] == '*')) || (c[0] == '?' && c[1] == '?'))
            return 0;
    }
    return 1;
}

void gen_source(FILE *f, const struct polc_policy *p, const char *header)
{
    banner(f, p);
    fprintf(f, "/* polc table format %d: data only, interpreted by the polc runtime. */\n",
            POLC_TABLE_VERSION);
    fputs("#include <stdint.h>\n\n", f);
    if (header_name_ok(header)) {
        fprintf(f, "#include \"%s\"\n\n", header);
    } else {
        /* No #include can name this file: escapes mean nothing in a header
         * name.  What the .c needs from it, written out here. */
        fputs("/* The header's file name cannot be written in an #include. */\n", f);
        fputs("#include <polc.h>\n\n", f);
        fprintf(f, "#if POLC_TABLE_VERSION != %d\n#error \"generated by polc for table format "
                   "%d: regenerate with the polc that matches the runtime\"\n#endif\n\n",
                POLC_TABLE_VERSION, POLC_TABLE_VERSION);
    }
    gen_units(f, p);
    gen_credentials(f, p);
    gen_providers(f, p);
    gen_categories(f, p);
    gen_fees(f, p);
    gen_paths(f, p);
    gen_windows(f, p);
    gen_params(f, p);
    gen_cites(f, p);
    gen_policy(f, p);
}

void gen_header(FILE *f, const struct polc_policy *p, const char *guard_base)
{
    char sym[200], guard[200];
    gen_symbol(p, sym, sizeof sym);
    size_t n = (size_t)snprintf(guard, sizeof guard, "POLC_GEN_%s_H", guard_base);
    for (size_t i = 0; i < n && i < sizeof guard; i++) {
        char c = guard[i];
        if (c >= 'a' && c <= 'z')
            guard[i] = (char)(c - 'a' + 'A');
        else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            guard[i] = '_';
    }
    banner(f, p);
    fprintf(f, "#ifndef %s\n#define %s\n\n#include <polc.h>\n\n", guard, guard);
    /* A header of another table format is a compile error naming both. */
    fprintf(f, "#if POLC_TABLE_VERSION == %d\n/* the format this file was generated for */\n",
            POLC_TABLE_VERSION);
    for (int v = 0; v < 16; v++)
        if (v != POLC_TABLE_VERSION)
            fprintf(f, "#elif POLC_TABLE_VERSION == %d\n#error \"generated by polc for table format "
                       "%d, but polc.h is table format %d: regenerate it with the polc of the "
                       "runtime\"\n", v, POLC_TABLE_VERSION, v);
    fprintf(f, "#else\n#error \"generated by polc for table format %d, but polc.h has another "
               "table format: regenerate it with the polc of the runtime\"\n#endif\n\n",
            POLC_TABLE_VERSION);
    fprintf(f, "extern const struct polc_policy %s;\n\n#endif\n", sym);
}
