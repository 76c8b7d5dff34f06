/* diff.h - `polc diff OLD.pol NEW.pol RECORDS.jsonl`: what a change to a
 * policy is, and what it does to real records.
 *
 * The report has two parts, always in this order:
 *
 * 1. The structural diff of the two policy tables, one entry per changed
 *    aspect, in the order of the language reference (policy, units, params,
 *    credentials, together, cycle, courses, cpr_aed, categories, fees,
 *    paths with their exam dates, windows, audit, cites), each one of
 *    "SUBJECT: OLD -> NEW[ UNIT]", "SUBJECT: added (...)" or
 *    "SUBJECT: removed (...)":
 *
 *        fee late: 75.00 -> 85.00 USD
 *        window late: through expiry + 90 days -> through expiry + 60 days
 *        window grace: added (from expiry + 1 day through expiry + 30 days, ...)
 *        credential CIFT requires: 15 -> 20 CEC
 *
 *    Items are matched by name (units, credentials, categories, fees, paths,
 *    windows, params) or by rule (cites: the texts of each rule compared as
 *    a set; line numbers are not compared).  The order of paths, windows and
 *    fees is compared too, since it decides the reported path, the window
 *    and the order of fee lines.  The file name (policy->source) is not.
 *
 * 2. The impact on the records.  Every non-blank line is read and decided
 *    under both policies (polc_read_record, polc_eval, polc_write_decision,
 *    or polc_write_error for a bad line, exactly as `polc eval` does; line
 *    framing as in records.md).  A record has changed when its two output
 *    objects differ, the "policy" key aside (a renamed policy alone changes
 *    no decision; its audit selection, which hashes the name, still shows).
 *    A line bad under both is unchanged when both errors are the same.
 *    Counted among the changed records: status changed (a bad line counts
 *    as the pseudo-status "error"), window changed, path changed, fee_total
 *    changed (these three among lines decided under both; windows and paths
 *    compared by name), and "other" (none of the four: units, reasons, ...).
 *    Then, per side, the decisions per status, the bad lines and the fee
 *    totals (fee_total summed over renewable decisions, and over all that
 *    are not expired); the table of transitions OLD -> NEW over the changed
 *    records (statuses renewable, incomplete, expired, error, in that order,
 *    a same-status transition included: "renewable -> renewable: 40" are
 *    renewable records whose fees or reasons changed); and the first
 *    `examples` changed records of each transition, in input order, with
 *    both outputs: in text, field by field ("  key value" when equal, "- key
 *    old" then "+ key new" when not); in JSON, both objects as they are.
 *
 * Text output is for people; --format=json gives one JSON document (keys
 * in a fixed order, always present, null where they do not apply):
 *
 *   {"old":{"policy":NAME,"source":FILE|null},"new":{...},
 *    "as_of":DATE|null,"changed":BOOL,
 *    "structure":[{"subject":S,"change":"changed"|"added"|"removed",
 *                  "old":S|null,"new":S|null,"unit":S|null,"text":S}],
 *    "records":{"lines":N,"changed":N,"unchanged":N,"status":N,"window":N,
 *               "path":N,"fee_total":N,"other":N},
 *    "before":{"renewable":N,"incomplete":N,"expired":N,"errors":N,
 *              "fees_renewable":"0.00","fees_not_expired":"0.00",
 *              "currency":"USD"},
 *    "after":{...},
 *    "transitions":[{"from":STATUS,"to":STATUS,"count":N,
 *                    "examples":[{"line":N,"id":S|null,"old":OBJ,"new":OBJ}]}]}
 *
 * Output is deterministic: the same inputs give the same bytes.  Records are
 * streamed: besides one line (at most POLC_MAX_LINE + 2 bytes) and a read
 * chunk, only the kept examples are held.  Nothing is written to `out` when
 * the records cannot be read.
 */
#ifndef POLC_DIFF_H
#define POLC_DIFF_H
#include <stdio.h>

#include "polc.h"

#define DIFF_DEFAULT_EXAMPLES 3

struct diff_options {
    int json;                  /* one JSON document instead of text */
    int examples;              /* changed records shown per transition (3) */
    int has_as_of;             /* as_of: application date for records */
    polc_date as_of;           /* without applied_on (--as-of) */
};

/* Writes the report of old_p -> new_p on `records` to `out` (o NULL: text,
 * DIFF_DEFAULT_EXAMPLES examples, no --as-of).  Returns 0 when no decision
 * changed and the policies do not differ, 1 when something changed, 2 on
 * I/O trouble (records unreadable, out not writable, memory, a table
 * polc_check_table refuses). */
int diff_run(FILE *out, const struct polc_policy *old_p, const struct polc_policy *new_p,
             FILE *records, const struct diff_options *o);
#endif
