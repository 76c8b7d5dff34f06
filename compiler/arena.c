/* arena.c - bump allocator: blocks chained, freed together. */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

struct arena_block {
    struct arena_block *next;
    max_align_t align[1];
};

enum { ARENA_BLOCK = 64 * 1024 };

void arena_init(struct arena *a)
{
    memset(a, 0, sizeof *a);
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

static int arena_grow(struct arena *a, size_t n)
{
    size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    struct arena_block *b = malloc(offsetof(struct arena_block, align) + cap);
    if (!b)
        return -1;
    b->next = a->head;
    a->head = b;
    a->used = 0;
    a->cap = cap;
    return 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    size_t al = sizeof(max_align_t);
    size_t need = (n + al - 1) / al * al;
    if (need < n)
        need = SIZE_MAX;
    if (!a->head || a->cap - a->used < need) {
        if (arena_grow(a, need) != 0) {
            /* Like gcc's xmalloc: the one place the compiler gives up. */
            fputs("polc: out of memory\n", stderr);
            exit(2);
        }
    }
    char *p = (char *)a->head->align + a->used;
    a->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
