/* ast.h - the shape of a .pol file, as parsed.  Meaning comes later
 * (check.c).  Every node carries a span; all nodes live in one arena. */
#ifndef POLC_AST_H
#define POLC_AST_H
#include <stddef.h>
#include <stdint.h>

#include "polc.h"
#include "source.h"

struct name { const char *s; size_t n; struct span span; };
struct text { const char *s; size_t n; struct span span; };

/* A number as written: exact value plus its text, for precision checks. */
struct number {
    polc_dec value;
    int places;            /* decimal places written */
    int too_big;           /* did not fit */
    struct span span;
};

enum value_kind { V_NONE, V_NUMBER, V_PERCENT, V_REF };
struct value {
    enum value_kind kind;
    struct number num;
    struct name ref;       /* V_REF: a parameter; V_NUMBER: optional unit
                              or currency after the number (n == 0: none) */
    struct span span;
};

struct dexpr {            /* base [+ n step] */
    enum polc_base base;
    int32_t n;
    enum polc_step step;
    struct span span;
};

enum stmt_kind {
    S_TITLE, S_BODY, S_CURRENCY, S_PRECISION, S_HOURS, S_CITE,
    S_REQUIRES_AMOUNT, S_REQUIRES_UNITS, S_REQUIRES_CPR_AED, S_REQUIRES_EXAM,
    S_FEE, S_LENGTH, S_EXPIRES, S_LEAP_DAY, S_ACCEPT, S_COUNT, S_VALID_ON,
    S_CREDIT, S_AT_LEAST, S_AT_MOST, S_CHARGES, S_FROM, S_THROUGH, S_BEFORE,
    S_FEES_COMBINE, S_UNITS_TOGETHER, S_FEES_TOGETHER, S_RATE, S_DUE
};

/* The choices a statement can name (S_EXPIRES, S_LEAP_DAY, S_ACCEPT,
 * S_VALID_ON, S_FEES_COMBINE, S_*_TOGETHER). */
enum choice {
    C_DAY_BEFORE_ANNIVERSARY, C_END_OF_MONTH, C_DECEMBER_31,
    C_MAR1, C_FEB28,
    C_ACCEPT_ANY, C_ACCEPT_APPROVED, C_ACCEPT_PETITIONS_APPROVED,
    C_ACCEPT_PETITIONS_ANY, C_ACCEPT_PROVIDER,
    C_ON_APPLICATION, C_ON_EXPIRY,
    C_CUMULATIVE, C_REPLACING,
    C_HIGHEST, C_SUM, C_EACH
};

struct name_list { struct name name; struct name_list *next; };

struct stmt {
    enum stmt_kind kind;
    struct span span;      /* the whole statement */
    struct span key;       /* its keyword */
    struct value value;    /* amounts */
    struct text text;      /* strings */
    struct name name;      /* currency, unit */
    enum choice choice;
    int32_t count;         /* S_LENGTH */
    enum polc_step step;   /* S_LENGTH */
    struct dexpr a, b;     /* dates */
    struct name_list *names;
    struct stmt *next;
};

enum decl_kind {
    D_POLICY, D_UNIT, D_PARAM, D_CREDENTIAL, D_CYCLE, D_COURSES, D_CPR_AED,
    D_TOGETHER, D_AUDIT, D_CATEGORY, D_PATH, D_WINDOW, D_FEE, D_AFTER_LAST
};

enum fee_per { PER_NONE, PER_PETITION, PER_CREDENTIAL };

struct decl {
    enum decl_kind kind;
    struct span span;      /* keyword to end */
    struct span key;
    struct name name;      /* n == 0 for unnamed blocks */
    struct text label;     /* policy "name" */
    struct stmt *body;
    struct value value;    /* param, fee */
    int assumed;           /* param */
    struct text note;      /* param note, fee/param cite */
    enum fee_per per;
    struct decl *next;
};

struct ast { struct decl *decls; };

const char *decl_kind_name(enum decl_kind k);
const char *stmt_kind_name(enum stmt_kind k);
#endif
