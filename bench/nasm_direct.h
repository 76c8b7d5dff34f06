/* nasm_direct.h - NASM CPT's renewal rules written directly in C, the way a
 * programmer would without tables: the limit for an interpreter of tables.
 * It fills the same struct polc_decision as polc_eval with the compiled
 * policies/nasm-cpt.pol (and the bench checks that it does, field by field). */
#ifndef NASM_DIRECT_H
#define NASM_DIRECT_H
#include "polc.h"

/* r: a record read by polc_read_record against the NASM table; d->courses
 * holds at least r->n_courses entries.  Returns 0. */
int nasm_direct(const struct polc_record *r, polc_date as_of, struct polc_decision *d);

#endif
