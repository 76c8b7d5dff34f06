/* check_json.h - invariants of one output line of the runtime (records.md,
 * "A decision" and "A bad line"), for the fuzz targets and their replay. */
#ifndef POLC_FUZZ_CHECK_JSON_H
#define POLC_FUZZ_CHECK_JSON_H
#include <stddef.h>

/* Checks that s[0..n) is exactly one line ending in '\n', valid JSON (read
 * back with yajl), an error line or a decision with the keys of records.md
 * in order, well-formed dates and amounts (units with `places` decimals,
 * money with two), and a fee_total equal to the sum of its fee lines.
 * Returns NULL when all holds, else what failed. */
const char *check_output_line(const char *s, size_t n, int places);

/* Aborts with a message (and the line) when check_output_line fails. */
void require_output_line(const char *s, size_t n, int places);

/* Prints "fuzz invariant: WHAT" and aborts. */
void fuzz_fail(const char *what, const char *detail, size_t detail_len);
#endif
