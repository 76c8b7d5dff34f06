/* compile.c - source -> AST -> checked model, diagnostics collected. */
#include "compile.h"

#include "parse.h"

#include <errno.h>
#include <string.h>

static int run(struct compiled *c, struct override *ov, int n_ov, int werror)
{
    diags_init(&c->diags, &c->arena, &c->src);
    c->diags.werror = werror;
    struct parse p;
    parse_source(&p, &c->arena, &c->diags, &c->src);
    c->ast = p.ast;
    check(&c->ast, &c->src, &c->diags, &c->arena, ov, n_ov, &c->model);
    c->ok = !diags_failed(&c->diags);
    return c->ok;
}

int compile_file(struct compiled *c, const char *path, struct override *ov, int n_ov,
                 int werror)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    if (source_read(&c->src, &c->arena, path) != 0) {
        c->read_failed = 1;
        return 0;
    }
    return run(c, ov, n_ov, werror);
}

int compile_text(struct compiled *c, const char *name, const char *text, size_t len,
                 struct override *ov, int n_ov, int werror)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    source_from_text(&c->src, &c->arena, name, text, len);
    return run(c, ov, n_ov, werror);
}

void compiled_free(struct compiled *c)
{
    arena_free(&c->arena);
}
