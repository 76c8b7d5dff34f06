/*
 * utf8.h - strict UTF-8 checks (internal to the runtime).
 *
 * utf8_check returns n when the text is good, else the offset of the first
 * bad byte; utf8_sequence the length of one sequence.  Neither allocates.
 */
#ifndef POLC_UTF8_H
#define POLC_UTF8_H

#include <stddef.h>

/* Strict UTF-8 (RFC 3629): no overlong forms, no encoded surrogates, nothing
 * above U+10FFFF, no sequence cut short. */
size_t utf8_check(const char *s, size_t n);

/* Length of the well-formed UTF-8 sequence at s (n bytes left, its lead
 * byte at or above 0x80), or 0. */
size_t utf8_sequence(const char *s, size_t n);

#endif
