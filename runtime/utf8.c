/* utf8.c - strict UTF-8 checks. */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define HIGH_BITS 0x8080808080808080u

/* Bytes allowed after lead byte c, by Unicode's table of well-formed
 * sequences: the range of the second byte and the sequence's length; the
 * bytes after the second are always 80..BF.  Length 0: c leads nothing. */
struct lead { unsigned char lo, hi, len; };

static struct lead lead_of(unsigned char c)
{
    struct lead none = {0, 0, 0};
    if (c >= 0xC2 && c <= 0xDF)
        return (struct lead){0x80, 0xBF, 2};
    if (c == 0xE0)
        return (struct lead){0xA0, 0xBF, 3};
    if (c == 0xED)
        return (struct lead){0x80, 0x9F, 3}; /* not D800..DFFF */
    if (c >= 0xE1 && c <= 0xEF)
        return (struct lead){0x80, 0xBF, 3};
    if (c == 0xF0)
        return (struct lead){0x90, 0xBF, 4};
    if (c >= 0xF1 && c <= 0xF3)
        return (struct lead){0x80, 0xBF, 4};
    if (c == 0xF4)
        return (struct lead){0x80, 0x8F, 4}; /* not above U+10FFFF */
    return none;
}

/* Length of the well-formed sequence at s (at most n bytes), or 0. */
static size_t sequence(const unsigned char *s, size_t n)
{
    struct lead l = lead_of(s[0]);
    size_t i;
    if (l.len == 0 || n < l.len || s[1] < l.lo || s[1] > l.hi)
        return 0;
    for (i = 2; i < l.len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return l.len;
}

size_t utf8_sequence(const char *s, size_t n)
{
    return n > 0 ? sequence((const unsigned char *)s, n) : 0;
}

size_t utf8_check(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, k;
    uint64_t w;
    while (i < n) {
        if (n - i >= 8) {
            memcpy(&w, s + i, 8);
            if ((w & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        k = sequence(s + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}
