/* source.c - file bytes, line starts, offset -> line:col. */
#include "source.h"

#include "arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SOURCE = 64 * 1024 * 1024 };

static void index_lines(struct source *src, struct arena *a)
{
    size_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        n += src->text[i] == '\n';
    src->lines = arena_alloc(a, n * sizeof *src->lines);
    src->n_lines = 0;
    src->lines[src->n_lines++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            src->lines[src->n_lines++] = (uint32_t)(i + 1);
}

void source_from_text(struct source *src, struct arena *a, const char *name,
                      const char *text, size_t len)
{
    src->name = name;
    src->text = arena_strndup(a, text, len);
    src->len = len;
    index_lines(src, a);
}

static int read_all(FILE *f, char **buf, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *p = malloc(cap);
    if (!p)
        return -1;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_SOURCE) {
                free(p);
                errno = EFBIG;
                return -1;
            }
            char *q = realloc(p, cap * 2);
            if (!q) {
                free(p);
                return -1;
            }
            p = q;
            cap *= 2;
        }
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(p);
        errno = EIO;
        return -1;
    }
    *buf = p;
    *len = n;
    return 0;
}

int source_read(struct source *src, struct arena *a, const char *path)
{
    int use_stdin = strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = NULL;
    size_t len = 0;
    int rc = read_all(f, &buf, &len);
    int saved = errno;
    if (!use_stdin)
        fclose(f);
    if (rc != 0) {
        errno = saved;
        return -1;
    }
    source_from_text(src, a, use_stdin ? "<stdin>" : path, buf, len);
    free(buf);
    return 0;
}

void source_locate(const struct source *src, uint32_t off, uint32_t *line,
                   uint32_t *col)
{
    size_t lo = 0, hi = src->n_lines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = (uint32_t)lo + 1;
    *col = off - src->lines[lo] + 1;
}

const char *source_line(const struct source *src, uint32_t line, size_t *len)
{
    size_t start = src->lines[line - 1];
    size_t end = start;
    while (end < src->len && src->text[end] != '\n')
        end++;
    if (end > start && src->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return src->text + start;
}
