/* internal.h - helpers the runtime's modules and the compiler share; not
 * part of the public API. */
#ifndef POLC_INTERNAL_H
#define POLC_INTERNAL_H
#include "polc.h"

/* The last day of the cycle that starts on `start`. */
polc_date polc_cycle_expiry(const struct polc_cycle *c, polc_date start);
/* base + n steps, with the cycle's leap-day rule. */
polc_date polc_date_expr_eval(const struct polc_date_expr *e, enum polc_leap leap,
                              polc_date start, polc_date expiry,
                              polc_date application);
#endif
