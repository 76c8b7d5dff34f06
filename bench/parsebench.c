/* parsebench.c - the parse bound: the records file only parsed, every line,
 * every field, by the JSON parser `polc eval` uses (runtime/json.c: the
 * whole line into its DOM with every check of records.md's "Lines": grammar,
 * strict UTF-8, surrogates, depth at most 64, duplicate keys).  Nothing is
 * evaluated or written.
 *
 *   parsebench RECORDS.jsonl          runtime/json.c
 *   parsebench --yajl RECORDS.jsonl   yajl 2.1, the library the runtime used
 *                                     before, with the checks records.md needs
 *                                     and yajl does not do itself: nesting at
 *                                     most 64 levels, no key twice in one
 *                                     object, each number's text copied; yajl
 *                                     validates UTF-8 in strings (its default)
 *
 * Reads the file in 64 KiB chunks as polc_run does, splits lines at LF, and
 * parses each line on its own (with yajl: its own handle; yajl 2.1 has no
 * reset, and records.md answers a bad line in place).  Prints
 *
 *   parse  LINES  BAD_LINES  CPU_S  WALL_S  BYTES  NUMBER_BYTES
 *
 * and exits 0, or 1 when some line was bad. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yajl/yajl_parse.h>

#include "json.h"

#define MAX_DEPTH 64
#define MAX_LINE (1 << 20)

/* The keys of the open objects, innermost last. */
struct frame { size_t first_key; int is_map; };
struct key { size_t at, len; };

struct state {
    struct frame stack[MAX_DEPTH + 1];
    int depth;
    char *keys;                 /* key bytes of the open objects */
    size_t n_keys, cap_keys;
    struct key *key_at;         /* each key: where in `keys`, how long */
    size_t n_key_at, cap_key_at;
    char number[64];            /* the last number's text */
    size_t number_bytes;
    int fault;
};

static int open_level(struct state *s, int is_map)
{
    if (s->depth == MAX_DEPTH) {
        s->fault = 1;
        return 0;
    }
    s->stack[++s->depth].is_map = is_map;
    s->stack[s->depth].first_key = s->n_key_at;
    return 1;
}

static int close_level(struct state *s)
{
    s->n_key_at = s->stack[s->depth].first_key;
    s->n_keys = s->n_key_at ? s->key_at[s->n_key_at - 1].at + s->key_at[s->n_key_at - 1].len : 0;
    s->depth--;
    return 1;
}

static int on_start_map(void *ctx) { return open_level(ctx, 1); }
static int on_start_array(void *ctx) { return open_level(ctx, 0); }
static int on_end(void *ctx) { return close_level(ctx); }
static int on_value(void *ctx) { (void)ctx; return 1; }
static int on_bool(void *ctx, int b) { (void)b; return on_value(ctx); }
static int on_string(void *ctx, const unsigned char *v, size_t n)
{
    (void)v;
    (void)n;
    return on_value(ctx);
}

static int on_number(void *ctx, const char *v, size_t n)
{
    struct state *s = ctx;
    if (n >= sizeof s->number)
        n = sizeof s->number - 1;
    memcpy(s->number, v, n);
    s->number[n] = '\0';
    s->number_bytes += n;
    return 1;
}

/* A key: compared with the keys of its object so far, then kept. */
static int on_key(void *ctx, const unsigned char *k, size_t n)
{
    struct state *s = ctx;
    size_t from = s->stack[s->depth].first_key;
    for (size_t i = from; i < s->n_key_at; i++)
        if (s->key_at[i].len == n && memcmp(s->keys + s->key_at[i].at, k, n) == 0) {
            s->fault = 1;
            return 0; /* duplicate_key */
        }
    if (s->n_keys + n > s->cap_keys) {
        s->cap_keys = 2 * (s->n_keys + n) + 64;
        s->keys = realloc(s->keys, s->cap_keys);
    }
    if (s->n_key_at == s->cap_key_at) {
        s->cap_key_at = s->cap_key_at ? 2 * s->cap_key_at : 64;
        s->key_at = realloc(s->key_at, s->cap_key_at * sizeof *s->key_at);
    }
    if (!s->keys || !s->key_at)
        return 0;
    s->key_at[s->n_key_at].at = s->n_keys;
    s->key_at[s->n_key_at++].len = n;
    memcpy(s->keys + s->n_keys, k, n);
    s->n_keys += n;
    return 1;
}

static const yajl_callbacks callbacks = {
    on_value, on_bool, NULL, NULL, on_number, on_string,
    on_start_map, on_key, on_end, on_start_array, on_end
};

static int parse_line(struct state *s, const char *line, size_t n)
{
    s->depth = 0;
    s->n_keys = s->n_key_at = 0;
    s->fault = 0;
    yajl_handle h = yajl_alloc(&callbacks, NULL, s);
    if (!h)
        return -1;
    yajl_status st = yajl_parse(h, (const unsigned char *)line, n);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(h);
    yajl_free(h);
    return st == yajl_status_ok && !s->fault ? 0 : 1;
}

static int parse_ours(struct json_doc *d, const char *line, size_t n)
{
    struct json_fault f;
    enum json_status st = json_parse(d, line, n, &f);
    if (st == JSON_NOMEM)
        return -1;
    return st == JSON_OK && d->max_depth <= MAX_DEPTH && d->dup == JSON_NONE ? 0 : 1;
}

static double secs(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int yajl = argc == 3 && strcmp(argv[1], "--yajl") == 0;
    if (argc != 2 + yajl) {
        fputs("usage: parsebench [--yajl] RECORDS.jsonl\n", stderr);
        return 2;
    }
    const char *path = argv[1 + yajl];
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return 2;
    }
    static struct json_doc doc;
    enum { CHUNK = 1 << 16 };
    char *chunk = malloc(CHUNK), *line = malloc(MAX_LINE + 1);
    static struct state s;
    if (!chunk || !line)
        return 2;
    double c0 = secs(CLOCK_PROCESS_CPUTIME_ID), w0 = secs(CLOCK_MONOTONIC);
    long lines = 0, bad = 0;
    size_t bytes = 0, len = 0, got;
    int over = 0;
    while ((got = fread(chunk, 1, CHUNK, in)) > 0) {
        bytes += got;
        for (size_t i = 0; i < got;) {
            char *nl = memchr(chunk + i, '\n', got - i);
            size_t take = (nl ? (size_t)(nl - chunk) : got) - i;
            if (len + take > MAX_LINE)
                over = 1;
            else {
                memcpy(line + len, chunk + i, take);
                len += take;
            }
            i += take;
            if (!nl)
                break;
            i++;
            lines++;
            if (over || (len > 0 && (yajl ? parse_line(&s, line, len) : parse_ours(&doc, line, len)) != 0))
                bad++;
            len = 0;
            over = 0;
        }
    }
    if (len > 0 || over) {
        lines++;
        if (over || (yajl ? parse_line(&s, line, len) : parse_ours(&doc, line, len)) != 0)
            bad++;
    }
    double cpu = secs(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = secs(CLOCK_MONOTONIC) - w0;
    printf("parse\t%ld\t%ld\t%.4f\t%.4f\t%zu\t%zu\n", lines, bad, cpu, wall, bytes,
           s.number_bytes);
    fclose(in);
    free(chunk);
    free(line);
    free(s.keys);
    free(s.key_at);
    json_doc_free(&doc);
    return bad ? 1 : 0;
}
