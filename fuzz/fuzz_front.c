/* fuzz_front.c - the compiler's front end: any bytes in, diagnostics or
 * checked tables out, never a crash, a hang or a leak.
 *
 * The input is a .pol file, compiled with compile_text().  The diagnostics
 * are printed as text, as JSON and as SARIF (the JSON and SARIF documents
 * are read back with yajl: they must be valid JSON whatever the input
 * holds).  A policy that compiles must give tables the runtime accepts,
 * within the limits the checker enforces; it is compiled once more with -D
 * overrides and with --werror. */
#include "check_json.h"
#include "compile.h"
#include "diag.h"
#include "polc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

static void require_json(char *buf, size_t len, const char *what)
{
    char err[256];
    yajl_val v = yajl_tree_parse(buf, err, sizeof err);
    if (!v)
        fuzz_fail(what, buf, len);
    yajl_tree_free(v);
}

static void print_all(const struct compiled *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    diag_print_text(f, &c->diags, 1);
    fclose(f);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    int first = 1;
    fputs("{\"diagnostics\":[", f);
    diag_print_json(f, &c->diags, &first);
    fputs(first ? "]}\n" : "\n]}\n", f);
    fclose(f);
    require_json(buf, len, "diagnostics as JSON are not valid JSON");
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    first = 1;
    diag_print_sarif_head(f);
    diag_print_sarif(f, &c->diags, &first);
    diag_print_sarif_tail(f);
    fclose(f);
    require_json(buf, len, "diagnostics as SARIF are not valid JSON");
    free(buf);

    /* The SARIF printer keeps its rules and files until the next log: free
     * them now, or every run would look like a leak to libFuzzer. */
    f = fopen("/dev/null", "w");
    diag_print_sarif_head(f);
    fclose(f);
}

static void require(int cond, const char *what)
{
    if (!cond)
        fuzz_fail(what, NULL, 0);
}

static int mask_ok(uint64_t m, int32_t n)
{
    return n >= 64 || (m >> n) == 0;
}

/* What a policy that compiled promises the runtime and the generator. */
static void check_tables(const struct polc_policy *p)
{
    require(polc_check_table(p, NULL, 0) == 0, "a compiled policy fails polc_check_table");
    require(p->name && p->title && p->body && p->currency && p->source, "a NULL string");
    require(strlen(p->name) >= 1 && strlen(p->name) <= 64, "policy name length");
    require(strlen(p->currency) == 3, "currency is not three letters");
    require(p->n_units >= 1 && p->n_units <= 64, "units out of limits");
    require(p->unit >= 0 && p->unit < p->n_units, "reporting unit out of range");
    require(p->n_credentials >= 1 && p->n_credentials <= 10000, "credentials out of limits");
    require(p->n_paths >= 1 && p->n_paths <= 32, "paths out of limits");
    require(p->n_fees >= 0 && p->n_fees <= POLC_MAX_FEES, "fees out of limits");
    require(p->n_categories >= 0 && p->n_categories <= POLC_MAX_CATEGORIES,
            "categories out of limits");
    require(p->n_windows >= 0 && p->n_windows <= 64, "windows out of limits");
    require(p->n_params >= 0 && p->n_params <= 1024, "params out of limits");
    for (int32_t i = 0; i < p->n_units; i++) {
        require(p->units[i].name && strlen(p->units[i].name) <= 128, "unit name");
        require(p->units[i].hours >= 1 && p->units[i].hours <= 1000, "unit hours");
        require(p->units[i].places >= 0 && p->units[i].places <= 6, "unit places");
    }
    for (int32_t i = 0; i < p->n_credentials; i++) {
        const struct polc_credential *c = &p->credentials[i];
        require(c->code && c->title && strlen(c->code) <= 128, "credential strings");
        require(c->required >= 0 && c->fee >= 0, "credential amounts");
    }
    for (int32_t i = 0; i < p->n_paths; i++) {
        require(p->paths[i].name && p->paths[i].title, "path strings");
        require(mask_ok(p->paths[i].fees, p->n_fees), "a path charges an undeclared fee");
    }
    for (int32_t i = 0; i < p->n_windows; i++) {
        require(p->windows[i].name != NULL, "window name");
        require(mask_ok(p->windows[i].fees, p->n_fees), "a window charges an undeclared fee");
    }
    for (int32_t i = 0; i < p->n_fees; i++) {
        require(p->fees[i].name != NULL, "fee name");
        require(p->fees[i].param >= -1 && p->fees[i].param < p->n_params, "fee param");
        require(p->fees[i].amount >= 0, "negative fee");
    }
    for (int32_t i = 0; i < p->n_categories; i++)
        require(p->categories[i].name != NULL, "category name");
    for (int32_t i = 0; i < p->courses.n_providers; i++)
        require(p->courses.providers[i] != NULL, "provider name");
    for (int32_t i = 0; i < p->n_params; i++)
        require(p->params[i].name && p->params[i].note, "param strings");
    for (int32_t i = 0; i < p->n_cites; i++)
        require(p->cites[i].rule && p->cites[i].text && p->cites[i].line >= 1, "cite");
    require(p->audit.param >= -1 && p->audit.param < p->n_params, "audit param");
    require(p->audit.rate_bp >= 0 && p->audit.rate_bp <= 10000, "audit rate");
    require(p->cycle.length >= 1, "cycle length");
}

static void check_diags(const struct compiled *c)
{
    int n = 0;
    for (const struct diag *g = c->diags.head; g; g = g->next, n++) {
        require(g->span.lo <= g->span.hi && g->span.hi <= c->src.len,
                "a diagnostic's span is outside the file");
        require(g->message && *g->message && g->rule, "a diagnostic without message or rule");
    }
    require(n <= DIAG_LIMIT, "more diagnostics kept than the limit");
    require(c->ok == !(c->diags.errors > 0 || (c->diags.werror && c->diags.warnings > 0)),
            "ok disagrees with the diagnostics");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct compiled c;
    compile_text(&c, "fuzz.pol", (const char *)data, size, NULL, 0, 0);
    check_diags(&c);
    print_all(&c);
    int ok = c.ok;
    if (ok)
        check_tables(&c.model.p);
    compiled_free(&c);
    if (!ok)
        return 0;

    struct override ov[] = {
        { "renewal_fee", "110.00", 0 }, { "audit_rate", "12.5%", 0 },
        { "late_fee", "1e3", 0 }, { "petition_fee", "99999999999999999999", 0 },
    };
    compile_text(&c, "fuzz.pol", (const char *)data, size, ov, 4, 1);
    check_diags(&c);
    print_all(&c);
    if (c.ok)
        check_tables(&c.model.p);
    compiled_free(&c);
    return 0;
}
