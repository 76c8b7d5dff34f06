/* compile.h - one policy file through scanner, parser and checker. */
#ifndef POLC_COMPILE_H
#define POLC_COMPILE_H
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "model.h"
#include "source.h"

struct compiled {
    struct arena arena;       /* everything below lives here */
    struct source src;
    struct diags diags;
    struct ast ast;
    struct model model;
    int read_failed;          /* the file could not be read (errno kept) */
    int ok;                   /* no error (and no warning under werror) */
};

/* Compiles path; free with compiled_free.  Returns c->ok. */
int compile_file(struct compiled *c, const char *path, struct override *ov, int n_ov,
                 int werror);
int compile_text(struct compiled *c, const char *name, const char *text, size_t len,
                 struct override *ov, int n_ov, int werror);
void compiled_free(struct compiled *c);
#endif
