/* buf.h - appending to a struct polc_buf (internal).  The appends are
 * inline: the writer makes some sixty of them a decision, most of a few
 * bytes, so the common case (room in the buffer) is a compare and a copy;
 * growing stays out of line in buf.c. */
#ifndef POLC_BUF_H
#define POLC_BUF_H
#include "polc.h"

#include <string.h>

/* Room for n more bytes: 0, or -1 (b->failed set) when memory ran out. */
int buf_grow(struct polc_buf *b, size_t n);

static inline void buf_put(struct polc_buf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n && buf_grow(b, n) != 0)
        return;
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
}

/* strlen of a literal folds to a constant here. */
static inline void buf_puts(struct polc_buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static inline void buf_putc(struct polc_buf *b, char c)
{
    if (b->cap == b->len && buf_grow(b, 1) != 0)
        return;
    b->ptr[b->len++] = c;
}

void buf_long(struct polc_buf *b, long v);
/* Escaped JSON string content, without the quotes. */
void buf_json_chars(struct polc_buf *b, const char *s, size_t n);
void buf_json_string(struct polc_buf *b, const char *s, size_t n);
void buf_json_cstr(struct polc_buf *b, const char *s);
#endif
