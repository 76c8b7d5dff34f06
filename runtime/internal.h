/* internal.h - helpers the runtime's modules and the compiler share; not
 * part of the public API. */
#ifndef POLC_INTERNAL_H
#define POLC_INTERNAL_H
#include "polc.h"

/* ptr (of *cap items of `size` bytes) with room for `need` items, doubling,
 * *cap updated; NULL when memory runs out (ptr is then still valid). */
void *polc_grow(void *ptr, size_t *cap, size_t need, size_t size);

/* The last day of the cycle that starts on `start`. */
polc_date polc_cycle_expiry(const struct polc_cycle *c, polc_date start);
/* base + n steps, with the cycle's leap-day rule. */
polc_date polc_date_expr_eval(const struct polc_date_expr *e, enum polc_leap leap,
                              polc_date start, polc_date expiry,
                              polc_date application);
/* Frames `in` as records.md says (LF ends a line, a CR before it is
 * dropped, blank lines are skipped, a line over POLC_MAX_LINE is skipped
 * without being held): calls line(ctx, lineno, s, n, too_long) for every
 * other line, s NULL when too_long.  Returns the number of physical lines,
 * or -1 when out of memory; *io_error is set on a read error. */
typedef void polc_line_fn(void *ctx, long lineno, const char *s, size_t n, int too_long);
long polc_frame_lines(FILE *in, polc_line_fn *line, void *ctx, int *io_error);
#endif
