/* gen.h - the checked model as C tables: static const data only. */
#ifndef POLC_GEN_H
#define POLC_GEN_H
#include <stdio.h>

#include "polc.h"

/* The exported symbol's name: "polc_policy_" + the policy name with every
 * other character than a letter or digit made '_'. */
void gen_symbol(const struct polc_policy *p, char *out, size_t cap);
/* Writes OUT.c; `header` is the #include name of OUT.h. */
void gen_source(FILE *f, const struct polc_policy *p, const char *header);
void gen_header(FILE *f, const struct polc_policy *p, const char *guard_base);
/* A C string literal of s (or a char array initializer when long). */
void gen_c_string(FILE *f, const char *s);
#endif
