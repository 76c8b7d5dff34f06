/* jsonl-check.c - checks a file of polc eval output (the test suites build
 * it with cc): every line valid JSON with the keys, dates and amounts of
 * records.md (check_json.c).
 *   jsonl-check PLACES FILE     PLACES: decimals of the policy's reporting unit
 * Prints the number of lines, decisions and errors; exit 1 at the first bad
 * line (its number and what failed on stderr). */
#include "check_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: jsonl-check PLACES FILE\n", stderr);
        return 2;
    }
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
