/* arena.h - one bump allocator per compilation, freed at once. */
#ifndef POLC_ARENA_H
#define POLC_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
    size_t used, cap;
    size_t total;       /* bytes handed out, for the policy size limit */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Zeroed, aligned memory; exits with status 2 when memory runs out. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of n bytes. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
#endif
