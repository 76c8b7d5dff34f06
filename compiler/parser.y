/* parser.y - pure bison grammar for .pol files.  Builds the AST only;
 * meaning is checked in check.c. */
%require "3.8"
%define api.pure full
%define api.prefix {pol_yy}
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%code requires {
#include "ast.h"
struct parse;
typedef void *yyscan_t;
#define POL_YYLTYPE struct span
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                            \
        if (N) {                                                    \
            (Cur).lo = YYRHSLOC(Rhs, 1).lo;                         \
            (Cur).hi = YYRHSLOC(Rhs, N).hi;                         \
        } else {                                                    \
            (Cur).lo = (Cur).hi = YYRHSLOC(Rhs, 0).hi;              \
        }                                                           \
    } while (0)
}

%code provides {
int pol_yylex(POL_YYSTYPE *lval, POL_YYLTYPE *lloc, yyscan_t scanner);
int lex_keyword(const char *s, size_t n);
}

%code {
#include "arena.h"
#include "parse.h"
#include "build.h"

static void pol_yyerror(POL_YYLTYPE *loc, yyscan_t sc, struct parse *p,
                        const char *msg);
}

%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {struct parse *p}

%union {
    struct name name;
    struct text text;
    struct number num;
    struct value value;
    struct dexpr dexpr;
    struct stmt *stmt;
    struct decl *decl;
    struct name_list *names;
    enum polc_base base;
    enum polc_step step;
    int flag;
}

%token <name> IDENT "name"
%token <text> STRING "string"
%token <num> NUMBER "number" PERCENT "percentage"
%token NL "end of line"
%token <name> ACCEPT "accept" AFTER "after" ANY "any" APPLICATION "application"
%token <name> APPROVED "approved" ASSUMED "assumed" AT "at" AUDIT "audit"
%token <name> BEFORE "before" BODY "body" CHARGES "charges" CITE "cite"
%token <name> COUNT "count" COURSES "courses" CPR_AED "cpr_aed"
%token <name> CREDENTIAL "credential" CREDIT "credit" CURRENCY "currency"
%token <name> CYCLE "cycle" CYCLE_START "cycle_start" DAYS "days"
%token <name> DAY_BEFORE_ANNIVERSARY "day_before_anniversary"
%token <name> DECEMBER_31 "december_31" DOCUMENTS "documents" DUE "due"
%token <name> EACH "each" END_OF_MONTH "end_of_month" EXAM "exam"
%token <name> EXPIRED "expired" EXPIRES "expires" EXPIRY "expiry"
%token <name> FEB28 "feb28" FEE "fee" FEES "fees" FROM "from"
%token <name> HIGHEST "highest" HOURS "hours" LAST "last" LEAP_DAY "leap_day"
%token <name> LEAST "least" LENGTH "length" MAR1 "mar1" MONTHS "months"
%token <name> MOST "most" ON "on" PARAM "param" PATH "path" PER "per"
%token <name> PETITION "petition" PETITIONS "petitions" POLICY "policy"
%token <name> PRECISION "precision" PROVIDER "provider" RATE "rate"
%token <name> REPLACING "replacing" REQUIRES "requires" SUM "sum"
%token <name> THROUGH "through" TITLE "title" TOGETHER "together"
%token <name> UNIT "unit" UNITS "units" VALID "valid" WINDOW "window"
%token <name> YEARS "years" CATEGORY "category" CUMULATIVE "cumulative"

%type <name> name
%type <value> value quantity
%type <dexpr> dexpr
%type <base> base
%type <step> step
%type <stmt> stmt body items
%type <decl> decl
%type <names> names
%type <flag> assumed per
%type <text> cite

%%

file
    : %empty
    | file NL
    | file decl             { build_add_decl(p, $2); }
    | file error NL         { yyerrok; }
    ;

decl
    : POLICY STRING '{' items '}'   { $$ = build_block(p, D_POLICY, @$, @1, NULL, &$2, $4); }
    | UNIT name '{' items '}'       { $$ = build_block(p, D_UNIT, @$, @1, &$2, NULL, $4); }
    | CREDENTIAL name '{' items '}' { $$ = build_block(p, D_CREDENTIAL, @$, @1, &$2, NULL, $4); }
    | CATEGORY name '{' items '}'   { $$ = build_block(p, D_CATEGORY, @$, @1, &$2, NULL, $4); }
    | PATH name '{' items '}'       { $$ = build_block(p, D_PATH, @$, @1, &$2, NULL, $4); }
    | WINDOW name '{' items '}'     { $$ = build_block(p, D_WINDOW, @$, @1, &$2, NULL, $4); }
    | CYCLE '{' items '}'           { $$ = build_block(p, D_CYCLE, @$, @1, NULL, NULL, $3); }
    | COURSES '{' items '}'         { $$ = build_block(p, D_COURSES, @$, @1, NULL, NULL, $3); }
    | CPR_AED '{' items '}'         { $$ = build_block(p, D_CPR_AED, @$, @1, NULL, NULL, $3); }
    | TOGETHER '{' items '}'        { $$ = build_block(p, D_TOGETHER, @$, @1, NULL, NULL, $3); }
    | AUDIT '{' items '}'           { $$ = build_block(p, D_AUDIT, @$, @1, NULL, NULL, $3); }
    | PARAM name '=' value assumed NL
                                   { $$ = build_param(p, @$, @1, &$2, &$4, $5, NULL); }
    | PARAM name '=' value assumed STRING NL
                                   { $$ = build_param(p, @$, @1, &$2, &$4, $5, &$6); }
    | FEE name '=' value per cite NL
                                   { $$ = build_fee(p, @$, @1, &$2, &$4, $5, &$6); }
    | FEE name PER CREDENTIAL cite NL
                                   { $$ = build_fee(p, @$, @1, &$2, NULL, PER_CREDENTIAL, &$5); }
    | AFTER LAST WINDOW EXPIRED cite NL
                                   { $$ = build_block(p, D_AFTER_LAST, @$, @1, NULL, NULL, NULL); $$->note = $5; }
    ;

assumed
    : %empty                { $$ = 0; }
    | ASSUMED               { $$ = 1; }
    ;

per
    : %empty                { $$ = PER_NONE; }
    | PER PETITION          { $$ = PER_PETITION; }
    ;

cite
    : %empty                { $$ = (struct text){ NULL, 0, { 0, 0 } }; }
    | CITE STRING           { $$ = $2; }
    ;

/* The last statement of a block may share the line of its '}'. */
items
    : body
    | body stmt             { $$ = build_append(p, $1, $2); }
    ;

body
    : %empty                { $$ = NULL; }
    | body NL               { $$ = $1; }
    | body stmt NL          { $$ = build_append(p, $1, $2); }
    | body error NL         { $$ = $1; yyerrok; }
    ;

stmt
    : TITLE STRING          { $$ = build_text(p, S_TITLE, @$, @1, &$2); }
    | BODY STRING           { $$ = build_text(p, S_BODY, @$, @1, &$2); }
    | CITE STRING           { $$ = build_text(p, S_CITE, @$, @1, &$2); }
    | CURRENCY name         { $$ = build_name(p, S_CURRENCY, @$, @1, &$2); }
    | PRECISION value       { $$ = build_value(p, S_PRECISION, @$, @1, &$2); }
    | HOURS value           { $$ = build_value(p, S_HOURS, @$, @1, &$2); }
    | REQUIRES quantity     { $$ = build_value(p, S_REQUIRES_AMOUNT, @$, @1, &$2); }
    | REQUIRES UNITS        { $$ = build_stmt(p, S_REQUIRES_UNITS, @$, @1); }
    | REQUIRES CPR_AED      { $$ = build_stmt(p, S_REQUIRES_CPR_AED, @$, @1); }
    | REQUIRES EXAM FROM dexpr THROUGH dexpr
                            { $$ = build_dates(p, S_REQUIRES_EXAM, @$, @1, &$4, &$6); }
    | FEE value             { $$ = build_value(p, S_FEE, @$, @1, &$2); }
    | LENGTH NUMBER step    { $$ = build_length(p, @$, @1, &$2, $3); }
    | EXPIRES DAY_BEFORE_ANNIVERSARY { $$ = build_choice(p, S_EXPIRES, @$, @1, C_DAY_BEFORE_ANNIVERSARY); }
    | EXPIRES END_OF_MONTH  { $$ = build_choice(p, S_EXPIRES, @$, @1, C_END_OF_MONTH); }
    | EXPIRES DECEMBER_31   { $$ = build_choice(p, S_EXPIRES, @$, @1, C_DECEMBER_31); }
    | LEAP_DAY MAR1         { $$ = build_choice(p, S_LEAP_DAY, @$, @1, C_MAR1); }
    | LEAP_DAY FEB28        { $$ = build_choice(p, S_LEAP_DAY, @$, @1, C_FEB28); }
    | ACCEPT ANY            { $$ = build_choice(p, S_ACCEPT, @$, @1, C_ACCEPT_ANY); }
    | ACCEPT APPROVED       { $$ = build_choice(p, S_ACCEPT, @$, @1, C_ACCEPT_APPROVED); }
    | ACCEPT PETITIONS APPROVED { $$ = build_choice(p, S_ACCEPT, @$, @1, C_ACCEPT_PETITIONS_APPROVED); }
    | ACCEPT PETITIONS ANY  { $$ = build_choice(p, S_ACCEPT, @$, @1, C_ACCEPT_PETITIONS_ANY); }
    | ACCEPT PROVIDER STRING
                            { $$ = build_text(p, S_ACCEPT, @$, @1, &$3); $$->choice = C_ACCEPT_PROVIDER; }
    | COUNT FROM dexpr THROUGH dexpr
                            { $$ = build_dates(p, S_COUNT, @$, @1, &$3, &$5); }
    | VALID ON APPLICATION  { $$ = build_choice(p, S_VALID_ON, @$, @1, C_ON_APPLICATION); }
    | VALID ON EXPIRY       { $$ = build_choice(p, S_VALID_ON, @$, @1, C_ON_EXPIRY); }
    | CREDIT quantity       { $$ = build_value(p, S_CREDIT, @$, @1, &$2); }
    | AT LEAST quantity     { $$ = build_value(p, S_AT_LEAST, @$, @1, &$3); }
    | AT MOST quantity      { $$ = build_value(p, S_AT_MOST, @$, @1, &$3); }
    | CHARGES names         { $$ = build_names(p, @$, @1, $2); }
    | FROM dexpr            { $$ = build_dates(p, S_FROM, @$, @1, &$2, NULL); }
    | THROUGH dexpr         { $$ = build_dates(p, S_THROUGH, @$, @1, &$2, NULL); }
    | BEFORE dexpr          { $$ = build_dates(p, S_BEFORE, @$, @1, &$2, NULL); }
    | FEES CUMULATIVE      { $$ = build_choice(p, S_FEES_COMBINE, @$, @1, C_CUMULATIVE); }
    | FEES REPLACING        { $$ = build_choice(p, S_FEES_COMBINE, @$, @1, C_REPLACING); }
    | FEES EACH             { $$ = build_choice(p, S_FEES_TOGETHER, @$, @1, C_EACH); }
    | FEES HIGHEST          { $$ = build_choice(p, S_FEES_TOGETHER, @$, @1, C_HIGHEST); }
    | UNITS HIGHEST         { $$ = build_choice(p, S_UNITS_TOGETHER, @$, @1, C_HIGHEST); }
    | UNITS SUM             { $$ = build_choice(p, S_UNITS_TOGETHER, @$, @1, C_SUM); }
    | RATE value            { $$ = build_value(p, S_RATE, @$, @1, &$2); }
    | DOCUMENTS DUE dexpr   { $$ = build_dates(p, S_DUE, @$, @1, &$3, NULL); }
    ;

names
    : name                  { $$ = build_name_list(p, NULL, &$1); }
    | names ',' name        { $$ = build_name_list(p, $1, &$3); }
    ;

value
    : NUMBER                { $$ = build_number_value(&$1, NULL, @$); }
    | NUMBER name           { $$ = build_number_value(&$1, &$2, @$); }
    | PERCENT               { $$ = build_number_value(&$1, NULL, @$); $$.kind = V_PERCENT; }
    | name                  { $$ = build_ref_value(&$1, @$); }
    ;

/* An amount of a unit, or a parameter that holds one. */
quantity
    : NUMBER name           { $$ = build_number_value(&$1, &$2, @$); }
    | IDENT                 { $$ = build_ref_value(&$1, @$); }
    ;

dexpr
    : base                  { $$ = (struct dexpr){ $1, 0, POLC_DAYS, @$ }; }
    | base '+' NUMBER step  { $$ = build_dexpr(p, $1, &$3, $4, @$); }
    ;

base
    : CYCLE_START           { $$ = POLC_AT_CYCLE_START; }
    | EXPIRY                { $$ = POLC_AT_EXPIRY; }
    | APPLICATION           { $$ = POLC_AT_APPLICATION; }
    ;

step
    : DAYS                  { $$ = POLC_DAYS; }
    | MONTHS                { $$ = POLC_MONTHS; }
    | YEARS                 { $$ = POLC_YEARS; }
    ;

/* Names may be words that are keywords elsewhere: a fee called
 * `petition`, a path called `exam`. */
name
    : IDENT
    | PETITION
    | EXAM
    | UNITS
    | APPROVED
    | ANY
    | HOURS
    | EXPIRED
    ;

%%

static void pol_yyerror(POL_YYLTYPE *loc, yyscan_t sc, struct parse *p,
                        const char *msg)
{
    (void)sc;
    diag_error(p->diags, *loc, "syntax", "%s", msg);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t sc,
                                 struct parse *p)
{
    (void)sc;
    enum { MAX_EXPECTED = 6 };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
    yysymbol_kind_t got = yypcontext_token(ctx);
    const char *names[MAX_EXPECTED];
    for (int i = 0; i < n && i < MAX_EXPECTED; i++)
        names[i] = yysymbol_name(expected[i]);
    build_syntax_error(p, *yypcontext_location(ctx), yysymbol_name(got),
                       got == YYSYMBOL_YYEOF, names, n < 0 ? 0 : n);
    return 0;
}
