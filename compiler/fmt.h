/* fmt.h - the canonical layout of a .pol file, for `polc fmt`.
 *
 * fmt_text works on the text alone, with a small scanner of its own: it never
 * parses or checks the policy, so a file with errors in it still formats as
 * long as its strings, comments and braces can be told apart.  Comment text
 * and string contents are copied byte for byte; only the space between
 * tokens, the line breaks around braces, indentation and blank lines change.
 *
 * The layout:
 *   - each line keeps its statement: line breaks are only added after a '{',
 *     before and after a '}', and never removed (a line break ends a
 *     statement, so joining lines would change the policy);
 *   - indentation is 4 spaces per open brace; a '}' line is indented like
 *     the line that opened its block;
 *   - a '{' ends its line: what follows it on that line moves to the next
 *     line (a trailing comment stays on the '{' line);
 *   - a '}' stands on its own line: what comes before it moves to a line of
 *     its own, and what follows it to the next line (a trailing comment stays
 *     with the '}');
 *   - tokens on a line are separated by one space, except that ',' follows
 *     the token before it with no space (and is followed by one space);
 *     a number and its '%' are one token ("10%", and "10%assumed" becomes
 *     "10% assumed"); a run of letters, digits and stray characters is
 *     otherwise never split, so "2.0CEU", "$45" and "a;b" stay as written;
 *   - a comment after code is separated from it by two spaces; a comment on
 *     its own line is indented at the current brace depth, which is the depth
 *     of the statement that would come next (a comment just before a '}' is
 *     indented like the block's statements);
 *   - a run of blank lines becomes one blank line; there is none at the start
 *     or end of the file, directly after a '{' line or directly before a '}'
 *     line; single blank lines elsewhere are kept, none are added;
 *   - no trailing whitespace (comments lose theirs); CRLF becomes LF, and a
 *     lone CR outside strings and comments is a blank like a space (as for
 *     the scanner); the text ends with exactly one newline, and a file with
 *     no tokens and no comments becomes empty.
 * fmt_text(fmt_text(x)) == fmt_text(x) for every x that formats.
 */
#ifndef POLC_FMT_H
#define POLC_FMT_H
#include "polc.h" /* struct polc_buf */

#include <stddef.h>

/* Deeper nesting than this is refused (the language itself nests one level);
 * it bounds the indentation of every line. */
#define FMT_MAX_DEPTH 100

/* The formatted text may be at most FMT_MAX_GROWTH times the input plus
 * FMT_GROWTH_SLACK bytes; anything larger is refused rather than produced
 * (a few hostile bytes such as "{}" at depth 99 would otherwise turn into
 * hundreds of bytes each).  Real policies grow by far less than 2x. */
#define FMT_MAX_GROWTH 8
#define FMT_GROWTH_SLACK ((size_t)1 << 20)

/* Formats src (len bytes, any content; src may be NULL when len is 0) and
 * appends the result to out (free it with polc_buf_free).
 * Returns 0 on success.  Returns -1 when the text cannot be formatted safely;
 * then nothing is appended to out, *err_off is the byte offset in src of the
 * problem and *err_msg (a static string) says what it is:
 *   "unterminated string"              (offset of its opening '"')
 *   "'}' with no matching '{'"         (offset of the '}')
 *   "'{' is never closed"              (offset of the outermost unclosed '{')
 *   "blocks nested too deeply"         (offset of the '{' past FMT_MAX_DEPTH)
 *   "NUL byte"                         (anywhere, even in comments and strings)
 *   "control character outside a string or comment"
 *   "invalid UTF-8 outside a string or comment"  (offset of the first bad byte)
 *   "formatted text would be too large"
 *   "out of memory"                    (offset 0)
 * err_off and err_msg may be NULL when the caller does not want them. */
int fmt_text(const char *src, size_t len, struct polc_buf *out, size_t *err_off,
             const char **err_msg);

#endif
