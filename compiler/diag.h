/* diag.h - diagnostics are data: recorded here, printed by one printer. */
#ifndef POLC_DIAG_H
#define POLC_DIAG_H
#include <stdarg.h>
#include <stdio.h>

#include "source.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag {
    enum diag_level level;
    struct span span;
    const char *rule;      /* stable rule id: "undefined-name" */
    char *message;
    char *hint;            /* NULL, or "did you mean 'late'?" */
    struct diag *next;
};

struct diags {
    struct arena *arena;
    const struct source *src;
    struct diag *head, **tail;  /* kept in source order */
    struct diag *last;          /* the one recorded last, for diag_hint */
    int errors, warnings, dropped;
    int werror;            /* warnings count as errors */
};

enum { DIAG_LIMIT = 100 };

void diags_init(struct diags *d, struct arena *a, const struct source *src);
#if defined(__GNUC__)
#define DIAG_PRINTF(i, j) __attribute__((format(printf, i, j)))
#else
#define DIAG_PRINTF(i, j)
#endif
void diag_error(struct diags *d, struct span at, const char *rule,
                const char *fmt, ...) DIAG_PRINTF(4, 5);
void diag_warning(struct diags *d, struct span at, const char *rule,
                  const char *fmt, ...) DIAG_PRINTF(4, 5);
/* Attaches a hint to the last diagnostic recorded. */
void diag_hint(struct diags *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
int diags_failed(const struct diags *d);

enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_SARIF };
void diag_print_text(FILE *f, const struct diags *d, int color);
/* JSON: one document for all files; the caller opens and closes it. */
void diag_print_json(FILE *f, const struct diags *d, int *first);
void diag_print_sarif(FILE *f, const struct diags *d, int *first);
void diag_print_sarif_head(FILE *f);
void diag_print_sarif_tail(FILE *f);
/* A JSON string literal of n bytes (escaped; invalid UTF-8 as U+FFFD). */
void diag_json_string(FILE *f, const char *s, size_t n);
#endif
