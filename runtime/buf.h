/* buf.h - appending to a struct polc_buf (internal). */
#ifndef POLC_BUF_H
#define POLC_BUF_H
#include "polc.h"

void buf_put(struct polc_buf *b, const char *s, size_t n);
void buf_puts(struct polc_buf *b, const char *s);
void buf_putc(struct polc_buf *b, char c);
void buf_long(struct polc_buf *b, long v);
/* Escaped JSON string content, without the quotes. */
void buf_json_chars(struct polc_buf *b, const char *s, size_t n);
void buf_json_string(struct polc_buf *b, const char *s, size_t n);
void buf_json_cstr(struct polc_buf *b, const char *s);
#endif
