/* doc.h - `polc doc`: a checked policy described for the trainers it
 * concerns, as one HTML page or as Markdown.
 *
 * Both outputs are deterministic (the same policy gives the same bytes: no
 * date of today, no address of memory) and every string of the policy is
 * escaped, so a hostile title or cite cannot inject markup. */
#ifndef POLC_DOC_H
#define POLC_DOC_H
#include "polc.h"

/* The start of the example cycle both pages follow (2025-03-15). */
#define DOC_EXAMPLE_YEAR 2025
#define DOC_EXAMPLE_MONTH 3
#define DOC_EXAMPLE_DAY 15

/* One self-contained HTML page (inline CSS, inline SVG, no scripts, no
 * network) describing the policy for its trainers.  The page is also
 * well-formed XML (XHTML5).  Appends to `out`; out->failed reports memory
 * trouble. */
void doc_html(struct polc_buf *out, const struct polc_policy *p);
/* The same content as GitHub Markdown, with the timeline as a table. */
void doc_markdown(struct polc_buf *out, const struct polc_policy *p);

/* Label layout of the timeline, exposed for the tests.  A label's text
 * is `lines` lines (at least 1) occupying [left, left + width) on rows
 * row .. row + lines - 1, and hangs from a leader line at x = anchor that
 * runs from it to row 0 (the row nearest what it labels).  Labels are
 * placed from the rightmost anchor leftwards, each on the lowest rows where
 * its text (with the stub of its leader) keeps `gap` pixels from every
 * other text on those rows, its leader crosses no text nearer row 0, and
 * no leader of a label farther from row 0 crosses its text.  When no rows
 * keep every leader clear (texts pushed left of their anchor at the right
 * edge), the label takes the lowest rows where texts alone do not overlap.
 * Returns the number of rows used. */
struct doc_label {
    int anchor, left, width, lines;
    int row;                     /* out */
};
int doc_layout_rows(struct doc_label *l, int n, int gap);

/* The width in pixels of `s` set in 12px DejaVu Sans or Liberation Sans,
 * whichever is wider (a bound, not a measurement, for other fonts). */
int doc_text_width(const char *s);
#endif
