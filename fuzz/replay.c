/* replay.c - runs a fuzz target without libFuzzer, for the regression
 * suite (tests/suites/regression.sh builds each target with cc and the
 * sanitizers and this main):
 *   replay FILE...          each file is one input
 *   replay --lines FILE...  each line of each file is one input
 * Prints "ok FILE" per file; a failed invariant or a sanitizer report
 * aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            break;
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *b = realloc(buf, cap *= 2);
        if (!b) {
            free(buf);
            buf = NULL;
        } else {
            buf = b;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    int lines = 0, rc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lines") == 0) {
            lines = 1;
            continue;
        }
        size_t n;
        char *buf = slurp(argv[i], &n);
        if (!buf) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            rc = 2;
            continue;
        }
        if (!lines) {
            /* A copy of exactly n bytes, so that reading past it is caught. */
            uint8_t *copy = malloc(n ? n : 1);
            memcpy(copy, buf, n);
            LLVMFuzzerTestOneInput(copy, n);
            free(copy);
        } else {
            for (size_t at = 0; at < n;) {
                char *nl = memchr(buf + at, '\n', n - at);
                size_t len = nl ? (size_t)(nl - buf) - at + 1 : n - at;
                uint8_t *copy = malloc(len);
                memcpy(copy, buf + at, len);
                LLVMFuzzerTestOneInput(copy, len);
                free(copy);
                at += len;
            }
        }
        free(buf);
        printf("ok %s\n", argv[i]);
    }
    return rc;
}
