/* source.h - a policy file's bytes and the mapping from byte offsets to
 * line:column. */
#ifndef POLC_SOURCE_H
#define POLC_SOURCE_H
#include <stddef.h>
#include <stdint.h>

struct span { uint32_t lo, hi; };   /* byte offsets, hi exclusive */

struct source {
    const char *name;   /* as given on the command line */
    const char *text;   /* the bytes, NUL-terminated (may hold NULs) */
    size_t len;
    uint32_t *lines;    /* offset of each line's first byte */
    size_t n_lines;
};

struct arena;
/* Reads a file ("-" is standard input).  0 ok, else -1 with errno set. */
int source_read(struct source *src, struct arena *a, const char *path);
void source_from_text(struct source *src, struct arena *a, const char *name,
                      const char *text, size_t len);
/* 1-based line and column (column counts bytes). */
void source_locate(const struct source *src, uint32_t off, uint32_t *line,
                   uint32_t *col);
/* The line holding off, without its newline. */
const char *source_line(const struct source *src, uint32_t line, size_t *len);
#endif
