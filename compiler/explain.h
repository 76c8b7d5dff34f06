/* explain.h - how a decision was reached, for people (`polc explain`) and for
 * programs (`polc eval --explain`).
 *
 * Both functions read only the policy tables, the record and the finished
 * decision: every intermediate fact (the anniversary, the counting window,
 * each course's hours and the running total, each window's dates, each fee
 * line, the audit hash) is recomputed from the tables, exactly (polc_dec, no
 * floating point).  The verdicts and figures of the decision itself
 * (d->courses[i], earned, missing, path, window, status, fees, audit) are
 * printed as the decision has them; when a recomputed fact disagrees with the
 * decision, the text trace says so in a last section "Checks" (it never does
 * for decisions made by polc_eval with the same tables).
 *
 * Usage: evaluate as usual, then explain:
 *
 *     struct polc_decision d = { .courses = verdicts };   // >= r.n_courses
 *     polc_eval(p, &r, applied, &d);
 *     explain_text(&out, p, &r, &d);                       // polc explain
 *
 * Output is appended to `out`; on allocation failure out->failed is set (as
 * for polc_write_decision).  Neither function allocates anything else that
 * outlives the call or touches global state.
 */
#ifndef POLC_EXPLAIN_H
#define POLC_EXPLAIN_H
#include "polc.h"

/* A readable trace of how decision d was reached for record r under policy p,
 * as of d->as_of.  Plain English, one fact per line, sections at column 0
 * and their facts indented by two spaces (a course's facts by four), in this
 * order: the record (application date, credentials); Cycle (start, length,
 * anchoring, the leap-day rule when it applied, e.g. "2024-02-29 + 2 years =
 * 2026-03-01 (Feb 29 rolls to Mar 1); expires the day before: 2026-02-28");
 * Courses (the counting window, each course counted or not and why: amount,
 * unit, converted hours, the verdict of d->courses[i], the running total);
 * CPR/AED card (its verdict and the date it was checked on); Exam (only in a
 * policy with an exam path); Units (required, earned, missing, categories);
 * Paths (each path and whether its requirements are met; which is reported
 * and why); Window (every window with its dates, and the one holding the
 * date); Fees (each line with its amount, and the total); Audit (hash value,
 * hash mod 10000, rate, selected, due date); Status (the status and why,
 * the next expiry); Reasons (the decision's reason codes). */
void explain_text(struct polc_buf *out, const struct polc_policy *p,
                  const struct polc_record *r, const struct polc_decision *d);

/* The same trace as one compact JSON object (no whitespace, no newline), for
 * `polc eval --explain`, which appends it to each decision as a last key
 * "explain".  Dates are "YYYY-MM-DD"; amounts and hours are exact decimal
 * strings ("10", "2.5"; reporting units with at least the unit's places,
 * money with two); keys always present, in this order:
 *
 * {"cycle":{"start":DATE,"length":"2 years","anchor":"day_before_anniversary"
 *           | "end_of_month" | "december_31",
 *           "leap_day":"mar1" | "feb28" | null   (the rule, when it applied
 *                                                 to this cycle's anniversary),
 *           "anniversary":DATE,"expires":DATE,"how":TEXT},
 *  "counting":{"from":DATE,"through":DATE},       courses count on these days
 *  "courses":[{"index":0,"id":STRING | null,"completed_on":DATE,
 *              "verdict":"counted" | a course reason code,
 *              "amount":"1.0","unit":"CEU",
 *              "hours":"10" | null   (converted contact hours; null for a
 *                                     unit the policy does not declare),
 *              "counted":"10"        (hours that counted: "0" unless counted,
 *                                     less than "hours" when a category's
 *                                     maximum was reached part-way),
 *              "total":"10"}],       (counted hours so far, this one included)
 *  "cpr_aed":{"state":"valid" | "expired" | "missing" | "not_required",
 *             "checked_on":DATE | null  (the date the card must be valid on;
 *                                        null when not required),
 *             "valid_until":DATE | null,"completed_on":DATE | null},
 *  "exam":{"required":BOOL          (some path requires the exam),
 *          "from":DATE | null,"through":DATE | null,"passed_on":DATE | null,
 *          "met":BOOL},
 *  "units":{"unit":"CEU","required":"2.0","credit":"0.1" | null,
 *           "courses_need_hours":"19","counted_hours":"19",
 *           "earned":"2.0","missing":"0.0","met":BOOL,
 *           "categories":[{"name":NAME,"min":"0.2" | null,"max":"0.5" | null,
 *                          "counted_hours":"2","short":BOOL}]},
 *  "paths":[{"name":"ceu","met":BOOL,"reported":BOOL,
 *            "requirements":{"units":BOOL | null,"cpr_aed":BOOL | null,
 *                            "exam":BOOL | null}}]   (null: not required),
 *  "window":{"name":"on_time" | WINDOW | null,
 *            "from":DATE | null      (on_time: null; past every window: the
 *                                     first day past the last window),
 *            "end":DATE | null,      (the end the policy names; past every
 *                                     window: null)
 *            "end_inclusive":BOOL | null},   (`through` true, `before` false)
 *  "fees":[{"name":"renewal","amount":"99.00","total":"99.00"},
 *          {"name":"petition","amount":"25.00","count":2,"total":"50.00"},
 *          {"name":"recertification","amount":"45.00","credential":"GEI",
 *           "total":"45.00"}],
 *          (the decision's fee lines, in its order; "count" only on a
 *           per-petition fee, "credential" only on a per-credential one;
 *           "total" is amount x count)
 *  "fee_total":"124.00",
 *  "audit":{"applies":BOOL         (the decision has an audit object),
 *           "rate_bp":1000 | null, (null: the policy has no audit block)
 *           "hash":"0x287f8b7865c938c9" | null,"mod":3225 | null,
 *           "selected":BOOL | null,"documents_due":DATE | null},
 *  "status":{"value":"renewable" | "incomplete" | "expired","why":TEXT,
 *            "next_expires":DATE | null}}
 */
void explain_json(struct polc_buf *out, const struct polc_policy *p,
                  const struct polc_record *r, const struct polc_decision *d);
#endif
