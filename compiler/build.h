/* build.h - AST constructors the grammar's actions call. */
#ifndef POLC_BUILD_H
#define POLC_BUILD_H
#include "ast.h"

struct parse;

void build_add_decl(struct parse *p, struct decl *d);
struct decl *build_block(struct parse *p, enum decl_kind k, struct span all,
                         struct span key, const struct name *name,
                         const struct text *label, struct stmt *body);
struct decl *build_param(struct parse *p, struct span all, struct span key,
                         const struct name *name, const struct value *v,
                         int assumed, const struct text *note);
struct decl *build_fee(struct parse *p, struct span all, struct span key,
                       const struct name *name, const struct value *v,
                       int per, const struct text *cite);
struct stmt *build_append(struct parse *p, struct stmt *list, struct stmt *s);
struct stmt *build_stmt(struct parse *p, enum stmt_kind k, struct span all,
                        struct span key);
struct stmt *build_text(struct parse *p, enum stmt_kind k, struct span all,
                        struct span key, const struct text *t);
struct stmt *build_name(struct parse *p, enum stmt_kind k, struct span all,
                        struct span key, const struct name *n);
struct stmt *build_value(struct parse *p, enum stmt_kind k, struct span all,
                         struct span key, const struct value *v);
struct stmt *build_choice(struct parse *p, enum stmt_kind k, struct span all,
                          struct span key, enum choice c);
struct stmt *build_dates(struct parse *p, enum stmt_kind k, struct span all,
                         struct span key, const struct dexpr *a,
                         const struct dexpr *b);
struct stmt *build_length(struct parse *p, struct span all, struct span key,
                          const struct number *n, enum polc_step step);
struct stmt *build_names(struct parse *p, struct span all, struct span key,
                         struct name_list *names);
struct name_list *build_name_list(struct parse *p, struct name_list *list,
                                  const struct name *n);
struct value build_number_value(const struct number *num,
                                const struct name *suffix, struct span all);
struct value build_ref_value(const struct name *n, struct span all);
struct dexpr build_dexpr(struct parse *p, enum polc_base base,
                         const struct number *n, enum polc_step step,
                         struct span all);
void build_syntax_error(struct parse *p, struct span at, const char *got,
                        int at_eof, const char *const *expected, int n);
#endif
