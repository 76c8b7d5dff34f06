/* model.h - the checked policy: the tables of polc.h, built in the
 * compilation's arena, plus what code generation and tools need. */
#ifndef POLC_MODEL_H
#define POLC_MODEL_H
#include "polc.h"
#include "source.h"

struct ast;
struct arena;
struct diags;

struct model {
    struct polc_policy p;      /* what polc eval runs and gen.c prints */
    const struct source *src;
};

/* A `-D NAME=VALUE` given on the command line. */
struct override {
    const char *name;
    const char *value;
    int used;                  /* set by check() when a parameter matched */
};

/* Checks the AST and fills *m.  Diagnostics go to d; returns 0 when no
 * error was found. */
int check(const struct ast *ast, const struct source *src, struct diags *d,
          struct arena *a, struct override *ov, int n_ov, struct model *m);

/* Levenshtein distance, capped; for "did you mean". */
int edit_distance(const char *a, size_t an, const char *b, size_t bn);
#endif
