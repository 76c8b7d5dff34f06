/*
 * json.h - a strict JSON parser for one line of JSON Lines (internal to the
 * runtime; records.md, "Lines").
 *
 * json_parse reads the whole line in one pass into a flat DOM: nodes in
 * document order, string bytes in one buffer.  It checks RFC 8259 grammar,
 * strict UTF-8 (no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF), \u escapes (no lone surrogate), no byte-order mark, nothing
 * but white space after the value.  Depth and duplicate keys do not stop
 * it: they are measured (max_depth) and found (dup) for the caller, which
 * decides their order against other faults.  Numbers are kept as their
 * text, never converted.  Nothing is recursive.
 *
 * Why our own parser and not yajl: docs/performance.md, "The JSON parser".
 */
#ifndef POLC_JSON_H
#define POLC_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_NONE UINT32_MAX

enum json_type { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_MAP, J_ARRAY, J_KEY };

/* Strings, numbers and keys: a = offset in json_doc.bytes, b = length.
 * Booleans: a = value.  Keys also keep their first and last byte, which
 * tell most keys of one map apart without reading them.  Maps and arrays: b = index of the node after the
 * last one inside.  A map's children are key, value, key, value, ... */
struct json_node {
    uint32_t a, b;
    uint8_t type;
    uint8_t first, last;   /* a key's first and last byte (0 if empty) */
};

struct json_slot { uint32_t gen, key; };

/* An open map or array: its node; for a map, how many keys so far and a
 * 64-bit set of their hashes (json.c, "Duplicate keys"). */
struct json_level {
    uint32_t node, keys;
    uint64_t seen;
};

/* One document, reused from line to line: its memory is kept, so a steady
 * stream of lines allocates nothing.  Zero-initialise before first use. */
struct json_doc {
    struct json_node *nodes;
    size_t n_nodes, cap_nodes;
    char *bytes;              /* the line's copy, then unescaped text */
    size_t n_bytes, cap_bytes;
    struct json_level *stack; /* open maps and arrays */
    size_t cap_stack;
    size_t max_depth;         /* levels of maps and arrays, the top one 1 */
    uint32_t dup;             /* a key found twice in its map, or JSON_NONE */
    struct json_slot *slots;  /* the key set of one large map */
    size_t cap_slots;
    uint32_t gen, seed;
};

/* Where and why a line is not JSON: a short text and a 0-based offset. */
struct json_fault {
    const char *what;
    size_t at;
};

enum json_status { JSON_OK = 0, JSON_BAD = 1, JSON_NOMEM = -1 };

/* Parses s[0, n) into d (its previous content is dropped).  JSON_BAD fills
 * *fault; JSON_NOMEM when memory runs out.  n must be below UINT32_MAX / 4. */
enum json_status json_parse(struct json_doc *d, const char *s, size_t n,
                            struct json_fault *fault);

/* The node after node i and everything inside it. */
static inline uint32_t json_next(const struct json_doc *d, uint32_t i)
{
    uint8_t t = d->nodes[i].type;
    return t == J_MAP || t == J_ARRAY ? d->nodes[i].b : i + 1;
}

void json_doc_free(struct json_doc *d);

#endif
