/* jsonl-check.c - checks a file of polc eval output (the test suites build
 * it with cc): every line valid JSON with the keys, dates and amounts of
 * records.md (check_json.c).
 *   jsonl-check PLACES FILE     PLACES: decimals of the policy's reporting unit
 * Prints the number of lines, decisions and errors; exit 1 at the first bad
 * line (its number and what failed on stderr).
 *   jsonl-check doc FILE        the whole file is one JSON document (polc
 *                               check --format=json or sarif): exit 1 if not */
#include "check_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

static int whole_document(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, (cap *= 2) + 1);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (!buf)
        return 2;
    buf[n] = '\0';
    char err[512];
    yajl_val v = yajl_tree_parse(buf, err, sizeof err);
    free(buf);
    if (!v) {
        fprintf(stderr, "%s: not valid JSON: %s\n", path, err);
        return 1;
    }
    yajl_tree_free(v);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: jsonl-check PLACES FILE\n", stderr);
        return 2;
    }
    if (strcmp(argv[1], "doc") == 0)
        return whole_document(argv[2]);
    int places = atoi(argv[1]);
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lines = 0, errors = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        lines++;
        const char *why = check_output_line(line, (size_t)n, places);
        if (why) {
            fprintf(stderr, "%s: line %ld: %s\n", argv[2], lines, why);
            return 1;
        }
        errors += strncmp(line, "{\"line\":", 8) == 0;
    }
    printf("%ld lines, %ld decisions, %ld errors\n", lines, lines - errors, errors);
    free(line);
    fclose(f);
    return 0;
}
