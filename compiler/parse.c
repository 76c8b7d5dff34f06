/* parse.c - runs the scanner and parser over one source. */
#include "parse.h"

#include "arena.h"
#include "parser.h"
#define YYSTYPE POL_YYSTYPE
#define YYLTYPE POL_YYLTYPE
#include "lexer.h"

#include <string.h>

int parse_source(struct parse *p, struct arena *a, struct diags *d,
                 const struct source *src)
{
    memset(p, 0, sizeof *p);
    p->arena = a;
    p->diags = d;
    p->src = src;
    p->tail = &p->ast.decls;
    p->at_line_start = 1;
    p->last_was_nl = 1;
    yyscan_t sc;
    if (pol_yylex_init_extra(p, &sc) != 0)
        return -1;
    YY_BUFFER_STATE buf = pol_yy_scan_bytes(src->text, (int)src->len, sc);
    int before = d->errors;
    int rc = pol_yyparse(sc, p);
    pol_yy_delete_buffer(buf, sc);
    pol_yylex_destroy(sc);
    return rc == 0 && d->errors == before ? 0 : -1;
}
