/* grow.c - growing an array by doubling (internal.h). */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>

void *polc_grow(void *ptr, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 16;
    void *q;
    if (need <= *cap)
        return ptr;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    q = realloc(ptr, n * size);
    if (q != NULL)
        *cap = n;
    return q;
}
