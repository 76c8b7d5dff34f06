/* parse.h - state shared by the scanner and the parser of one file. */
#ifndef POLC_PARSE_H
#define POLC_PARSE_H
#include "ast.h"
#include "diag.h"

struct open_brace { struct span at; const char *what; size_t what_len; };

enum { MAX_OPEN = 8, MAX_NAME = 128 };

struct parse {
    struct arena *arena;
    struct diags *diags;
    const struct source *src;
    struct ast ast;
    struct decl **tail;
    uint32_t off;              /* scanner position (bytes) */
    int at_line_start;         /* next token starts a line */
    int last_was_nl;           /* for the NL the scanner adds at EOF */
    int eof_done;
    struct name decl_word;     /* first word of the current top-level line */
    int depth;                 /* open braces */
    struct open_brace open[MAX_OPEN];
};

/* Parses src into p->ast; diagnostics go to diags.  0 when no syntax
 * error was found. */
int parse_source(struct parse *p, struct arena *a, struct diags *d,
                 const struct source *src);
#endif
