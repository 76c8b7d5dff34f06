/* run.c - JSON Lines in, decisions out: one output line for every non-blank
 * input line, in input order.  Lines over the limit are skipped without
 * being held.  With several jobs, batches of lines are decided by worker
 * threads and written in order, byte for byte as with one. */
#include "internal.h"
#include "polc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 1 << 16, FLUSH_AT = 1 << 16, BATCH_LINES = 1024, BATCH_BYTES = 1 << 19 };

/* What one thread needs to decide lines: its own reader and buffers. */
struct worker {
    const struct polc_policy *p;
    const struct polc_run_options *o;
    int has_as_of;
    polc_date as_of;
    struct polc_reader *rd;
    uint8_t *verdicts;
    size_t cap_verdicts;
    struct polc_buf ob;
    struct polc_stats st;
    int status;
};

static int worker_init(struct worker *w, const struct polc_policy *p, int has_as_of,
                       polc_date as_of, const struct polc_run_options *o)
{
    memset(w, 0, sizeof *w);
    w->p = p;
    w->o = o;
    w->has_as_of = has_as_of;
    w->as_of = as_of;
    w->rd = polc_reader_new(p);
    return w->rd ? 0 : -1;
}

static void worker_free(struct worker *w)
{
    polc_reader_free(w->rd);
    polc_buf_free(&w->ob);
    free(w->verdicts);
}

static void bad_line(struct worker *w, long line, const struct polc_line_error *e)
{
    polc_write_error(&w->ob, line, e);
    w->st.errors++;
    w->status = 1;
}

static void too_long(struct worker *w, long line)
{
    struct polc_line_error e;
    memset(&e, 0, sizeof e);
    e.code = "line_too_long";
    snprintf(e.message, sizeof e.message, "line longer than %d bytes", POLC_MAX_LINE);
    bad_line(w, line, &e);
}

static int room_for_verdicts(struct worker *w, int32_t n)
{
    if ((size_t)n <= w->cap_verdicts)
        return 0;
    uint8_t *v = realloc(w->verdicts, (size_t)n);
    if (!v)
        return -1;
    w->verdicts = v;
    w->cap_verdicts = (size_t)n;
    return 0;
}

static void count(struct polc_stats *st, const struct polc_decision *d)
{
    st->decisions++;
    if (d->status == POLC_RENEWABLE) {
        st->renewable++;
        polc_dec_add(st->fees_due, d->fee_total, &st->fees_due);
    } else if (d->status == POLC_INCOMPLETE) {
        st->incomplete++;
    } else {
        st->expired++;
    }
}

/* Decides one non-blank line (too_long: only its number is known). */
static void decide_line(struct worker *w, long line, const char *s, size_t n, int is_too_long)
{
    if (is_too_long) {
        too_long(w, line);
        return;
    }
    struct polc_record rec;
    struct polc_line_error e;
    polc_date applied;
    int rc = polc_read_record(w->rd, s, n, w->has_as_of, w->as_of, &rec, &applied, &e);
    if (rc != 0) {
        bad_line(w, line, &e);  /* the line keeps its place, even out of memory */
        if (rc < 0)
            w->st.io_error = 1;
        return;
    }
    struct polc_decision d;
    memset(&d, 0, sizeof d);
    if (room_for_verdicts(w, rec.n_courses) != 0 ||
        (d.courses = w->verdicts, polc_eval(w->p, &rec, applied, &d) != 0)) {
        /* The line keeps its place in the output even so. */
        memset(&e, 0, sizeof e);
        e.code = "out_of_memory";
        e.id = rec.id;
        snprintf(e.message, sizeof e.message, "this record could not be decided");
        bad_line(w, line, &e);
        w->st.io_error = 1;
        return;
    }
    polc_write_decision(&w->ob, w->p, &rec, &d);
    if (w->o->decorate)
        w->o->decorate(w->o->ud, &w->ob, w->p, &rec, &d);
    count(&w->st, &d);
}

static void merge(struct polc_stats *to, const struct polc_stats *from)
{
    to->decisions += from->decisions;
    to->errors += from->errors;
    to->renewable += from->renewable;
    to->incomplete += from->incomplete;
    to->expired += from->expired;
    polc_dec_add(to->fees_due, from->fees_due, &to->fees_due);
    to->io_error |= from->io_error;
}

static void write_out(FILE *out, struct polc_buf *b, struct polc_stats *st)
{
    if (b->failed)
        st->io_error = 1;
    else if (b->len && fwrite(b->ptr, 1, b->len, out) != b->len)
        st->io_error = 1;
    b->len = 0;
    b->failed = 0;
}

/* ---- framing ------------------------------------------------------ */

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

struct frame {
    char *line;
    size_t len;
    long lineno;
    int over, over_blank;
};

struct sink { polc_line_fn *line; void *ctx; };

static void end_line(struct frame *f, const struct sink *k)
{
    size_t n = f->len;
    if (!f->over && n == (size_t)POLC_MAX_LINE + 1 && f->line[n - 1] != '\r') {
        f->over = 1;
        f->over_blank = is_blank(f->line, n);
    }
    if (f->over) {
        if (!f->over_blank)
            k->line(k->ctx, f->lineno, NULL, 0, 1);
    } else {
        if (n > 0 && f->line[n - 1] == '\r')
            n--;
        if (!is_blank(f->line, n))
            k->line(k->ctx, f->lineno, f->line, n, 0);
    }
    f->lineno++;
    f->len = 0;
    f->over = 0;
    f->over_blank = 1;
}

/* A whole line inside the chunk (so shorter than POLC_MAX_LINE): handed
 * over where it is, without a copy. */
static void whole_line(struct frame *f, const struct sink *k, const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\r')
        n--;
    if (!is_blank(s, n))
        k->line(k->ctx, f->lineno, s, n, 0);
    f->lineno++;
}

static void take_bytes(struct frame *f, const char *s, size_t take)
{
    if (!f->over && f->len + take > (size_t)POLC_MAX_LINE + 1) {
        f->over = 1;
        f->over_blank = is_blank(f->line, f->len);
    }
    if (f->over) {
        f->over_blank = f->over_blank && is_blank(s, take);
        return;
    }
    memcpy(f->line + f->len, s, take);
    f->len += take;
}

long polc_frame_lines(FILE *in, polc_line_fn *line, void *ctx, int *io_error)
{
    struct sink sk = { line, ctx };
    const struct sink *k = &sk;
    struct frame f = { malloc((size_t)POLC_MAX_LINE + 2), 0, 1, 0, 1 };
    char *chunk = malloc(CHUNK);
    if (!f.line || !chunk) {
        free(f.line);
        free(chunk);
        return -1;
    }
    size_t got;
    while ((got = fread(chunk, 1, CHUNK, in)) > 0) {
        for (size_t i = 0; i < got;) {
            char *nl = memchr(chunk + i, '\n', got - i);
            size_t take = (nl ? (size_t)(nl - chunk) : got) - i;
            if (nl && f.len == 0 && !f.over) {
                whole_line(&f, k, chunk + i, take);
                i += take + 1;
                continue;
            }
            take_bytes(&f, chunk + i, take);
            i += take;
            if (!nl)
                break;
            end_line(&f, k);
            i++;
        }
    }
    if (ferror(in))
        *io_error = 1;
    if (f.len > 0 || f.over)
        end_line(&f, k);
    free(f.line);
    free(chunk);
    return f.lineno - 1;
}

/* ---- one job ------------------------------------------------------ */

struct single { struct worker w; FILE *out; struct polc_stats *st; };

static void single_line(void *ctx, long line, const char *s, size_t n, int is_too_long)
{
    struct single *x = ctx;
    decide_line(&x->w, line, s, n, is_too_long);
    if (x->w.ob.len >= FLUSH_AT || x->w.ob.failed)
        write_out(x->out, &x->w.ob, x->st);
}

static int run_single(const struct polc_policy *p, FILE *in, FILE *out, int has_as_of,
                      polc_date as_of, const struct polc_run_options *o, struct polc_stats *st)
{
    struct single x;
    x.out = out;
    x.st = st;
    if (worker_init(&x.w, p, has_as_of, as_of, o) != 0)
        return 2;
    st->lines = polc_frame_lines(in, single_line, &x, &st->io_error);
    if (st->lines < 0)
        st->io_error = 1;
    write_out(out, &x.w.ob, st);
    merge(st, &x.w.st);
    int status = x.w.status;
    worker_free(&x.w);
    return status;
}

/* ---- many jobs ------------------------------------------------------ */

struct entry { long line; size_t off, len; int is_too_long; };

enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_READY, SLOT_TAKEN, SLOT_DONE };

struct slot {
    enum slot_state state;
    long seq;
    char *text;
    size_t len, cap;
    struct entry *e;
    int n, cap_e;
    struct polc_buf out;
    struct polc_stats st;
    int status;
};

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot *slots;
    int n_slots, quit, status;
    long next_seq, write_seq;
    struct slot *filling;
    FILE *out;
    struct polc_stats *st;
    const struct polc_policy *p;
    const struct polc_run_options *o;
    int has_as_of;
    polc_date as_of;
};

static int slot_add(struct slot *s, long line, const char *text, size_t n, int is_too_long)
{
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : BATCH_BYTES;
        while (cap < s->len + n)
            cap *= 2;
        char *t = realloc(s->text, cap);
        if (!t)
            return -1;
        s->text = t;
        s->cap = cap;
    }
    if (s->n == s->cap_e) {
        int cap = s->cap_e ? s->cap_e * 2 : BATCH_LINES;
        struct entry *e = realloc(s->e, (size_t)cap * sizeof *e);
        if (!e)
            return -1;
        s->e = e;
        s->cap_e = cap;
    }
    if (n)
        memcpy(s->text + s->len, text, n);
    s->e[s->n++] = (struct entry){ line, s->len, n, is_too_long };
    s->len += n;
    return 0;
}

/* Writes finished batches in order until `until` (exclusive) is written. */
static void drain(struct pool *pl, long until)
{
    while (pl->write_seq < until) {
        struct slot *s = &pl->slots[pl->write_seq % pl->n_slots];
        while (s->state != SLOT_DONE)
            pthread_cond_wait(&pl->cv, &pl->mu);
        pthread_mutex_unlock(&pl->mu);
        write_out(pl->out, &s->out, pl->st);
        merge(pl->st, &s->st);
        pthread_mutex_lock(&pl->mu);
        if (s->status > pl->status)
            pl->status = s->status;
        s->state = SLOT_FREE;
        pl->write_seq++;
        pthread_cond_broadcast(&pl->cv);
    }
}

static void submit(struct pool *pl)
{
    pthread_mutex_lock(&pl->mu);
    pl->filling->state = SLOT_READY;
    pl->filling = NULL;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
}

static struct slot *acquire(struct pool *pl)
{
    pthread_mutex_lock(&pl->mu);
    long seq = pl->next_seq++;
    drain(pl, seq - pl->n_slots + 1);
    struct slot *s = &pl->slots[seq % pl->n_slots];
    s->state = SLOT_FILLING;
    s->seq = seq;
    s->len = 0;
    s->n = 0;
    memset(&s->st, 0, sizeof s->st);
    s->status = 0;
    pthread_mutex_unlock(&pl->mu);
    return s;
}

static void pool_line(void *ctx, long line, const char *s, size_t n, int is_too_long)
{
    struct pool *pl = ctx;
    if (!pl->filling)
        pl->filling = acquire(pl);
    if (slot_add(pl->filling, line, s, n, is_too_long) != 0)
        pl->st->io_error = 1;
    if (pl->filling->n >= BATCH_LINES || pl->filling->len >= BATCH_BYTES)
        submit(pl);
}

static struct slot *next_ready(struct pool *pl)
{
    for (;;) {
        struct slot *best = NULL;
        for (int i = 0; i < pl->n_slots; i++) {
            struct slot *s = &pl->slots[i];
            if (s->state == SLOT_READY && (!best || s->seq < best->seq))
                best = s;
        }
        if (best || pl->quit)
            return best;
        pthread_cond_wait(&pl->cv, &pl->mu);
    }
}

static void decide_slot(struct worker *w, struct slot *s)
{
    w->ob.len = 0;
    memset(&w->st, 0, sizeof w->st);
    w->status = 0;
    for (int i = 0; i < s->n; i++)
        decide_line(w, s->e[i].line, s->text + s->e[i].off, s->e[i].len, s->e[i].is_too_long);
    struct polc_buf tmp = s->out;
    s->out = w->ob;          /* hand the filled buffer over, keep the old one */
    w->ob = tmp;
    s->st = w->st;
    s->status = w->status;
}

static void *work(void *arg)
{
    struct pool *pl = arg;
    struct worker w;
    int ok = worker_init(&w, pl->p, pl->has_as_of, pl->as_of, pl->o) == 0;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        struct slot *s = next_ready(pl);
        if (!s)
            break;
        s->state = SLOT_TAKEN;
        pthread_mutex_unlock(&pl->mu);
        if (ok)
            decide_slot(&w, s);
        else
            s->st.io_error = 1;
        pthread_mutex_lock(&pl->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&pl->cv);
    }
    pthread_mutex_unlock(&pl->mu);
    if (ok)
        worker_free(&w);
    return NULL;
}

static void pool_free(struct pool *pl)
{
    for (int i = 0; i < pl->n_slots; i++) {
        free(pl->slots[i].text);
        free(pl->slots[i].e);
        polc_buf_free(&pl->slots[i].out);
    }
    free(pl->slots);
    pthread_cond_destroy(&pl->cv);
    pthread_mutex_destroy(&pl->mu);
}

static int run_pool(const struct polc_policy *p, FILE *in, FILE *out, int has_as_of,
                    polc_date as_of, const struct polc_run_options *o, struct polc_stats *st)
{
    int jobs = o->jobs;
    struct pool pl;
    memset(&pl, 0, sizeof pl);
    pl.p = p;
    pl.o = o;
    pl.has_as_of = has_as_of;
    pl.as_of = as_of;
    pl.out = out;
    pl.st = st;
    pl.n_slots = 2 * jobs;
    pl.slots = calloc((size_t)pl.n_slots, sizeof *pl.slots);
    pthread_t *t = calloc((size_t)jobs, sizeof *t);
    if (!pl.slots || !t) {
        free(pl.slots);
        free(t);
        return 2;
    }
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.cv, NULL);
    int started = 0;
    while (started < jobs && pthread_create(&t[started], NULL, work, &pl) == 0)
        started++;
    if (started == 0) {
        free(t);
        pool_free(&pl);
        return run_single(p, in, out, has_as_of, as_of, o, st);
    }
    st->lines = polc_frame_lines(in, pool_line, &pl, &st->io_error);
    if (st->lines < 0)
        st->io_error = 1;
    if (pl.filling)
        submit(&pl);
    pthread_mutex_lock(&pl.mu);
    drain(&pl, pl.next_seq);
    pl.quit = 1;
    pthread_cond_broadcast(&pl.cv);
    pthread_mutex_unlock(&pl.mu);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    free(t);
    int status = pl.status;
    pool_free(&pl);
    return status;
}

int polc_run_with(const struct polc_policy *p, FILE *in, FILE *out, int has_as_of,
                  polc_date as_of, const struct polc_run_options *o, struct polc_stats *st)
{
    memset(st, 0, sizeof *st);
    if (polc_check_table(p, NULL, 0) != 0)
        return 2;
    int status = o->jobs > 1 ? run_pool(p, in, out, has_as_of, as_of, o, st)
                             : run_single(p, in, out, has_as_of, as_of, o, st);
    if (fflush(out) != 0)
        st->io_error = 1;
    return st->io_error ? 2 : status;
}

int polc_run_jobs(const struct polc_policy *p, FILE *in, FILE *out, int has_as_of,
                  polc_date as_of, int jobs, struct polc_stats *st)
{
    struct polc_run_options o = { jobs, NULL, NULL };
    return polc_run_with(p, in, out, has_as_of, as_of, &o, st);
}

int polc_run(const struct polc_policy *p, FILE *in, FILE *out, int has_as_of,
             polc_date as_of, struct polc_stats *st)
{
    return polc_run_jobs(p, in, out, has_as_of, as_of, 1, st);
}
