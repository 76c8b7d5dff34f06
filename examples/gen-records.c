/* gen-records.c: a deterministic generator of realistic trainer records.
 *
 *   gen-records nasm|acsm N [SEED]
 *
 * Writes N JSON Lines records (shared/spec/records.md) to standard output, shaped as
 * NASM CPT or ACSM members' records are (shared/spec/seed-reading.md): cycles spread over
 * 2021-2025, applications clustered around expiry and its grace windows, a mix of units,
 * amount spellings, providers, petitions, CPR/AED cards and exams. About 1% of the lines
 * are deliberately bad (an impossible date, a negative amount, a missing field, an unknown
 * credential, truncated JSON, ...) so that the output also shows error handling.
 *
 * Deterministic: the same arguments give the same bytes on every platform. Record i is
 * drawn from its own splitmix64 stream seeded from (policy, SEED, i); no time(), no
 * rand(), no floating point, no locale-dependent formatting. So the first N records are
 * the same whatever the count asked for.
 *
 * Build: cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Werror \
 *           -o gen-records gen-records.c
 * Exit status: 0 ok, 1 write error, 2 usage.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- PRNG: splitmix64 ------------------------------------------------------------ */

struct rng {
    uint64_t s;
};

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
    r->s += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(r->s);
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x >= lim);
    return (uint32_t)(x % n);
}

/* Uniform in [lo, hi]; lo > hi is read as [hi, lo]. */
static int32_t rng_range(struct rng *r, int32_t lo, int32_t hi)
{
    if (lo > hi) {
        int32_t t = lo;
        lo = hi;
        hi = t;
    }
    return lo + (int32_t)rng_below(r, (uint32_t)(hi - lo) + 1u);
}

/* True with probability per_mille / 1000. */
static int rng_chance(struct rng *r, uint32_t per_mille)
{
    return rng_below(r, 1000) < per_mille;
}

/* Index drawn by weight. */
static int rng_weighted(struct rng *r, const int *w, int n)
{
    uint32_t total = 0;
    for (int i = 0; i < n; i++)
        total += (uint32_t)w[i];
    uint32_t x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < (uint32_t)w[i])
            return i;
        x -= (uint32_t)w[i];
    }
    return n - 1;
}

struct wstr {
    int w;
    const char *s;
};

static const char *rng_wstr(struct rng *r, const struct wstr *t, int n)
{
    int w[64];
    for (int i = 0; i < n && i < 64; i++)
        w[i] = t[i].w;
    return t[rng_weighted(r, w, n < 64 ? n : 64)].s;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Civil dates as day numbers (days since 1970-01-01) ------------------------- */

typedef int32_t date_t;

static int is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static date_t days_from_civil(int32_t y, int32_t m, int32_t d)
{
    y -= m <= 2;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;
    int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(date_t z, int32_t *y, int32_t *m, int32_t *d)
{
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* The anniversary n years on; Feb 29 in a common year rolls to Mar 1 (N1). */
static date_t add_years(date_t dt, int32_t n)
{
    int32_t y, m, d;
    civil_from_days(dt, &y, &m, &d);
    y += n;
    if (m == 2 && d == 29 && !is_leap(y)) {
        m = 3;
        d = 1;
    }
    return days_from_civil(y, m, d);
}

/* N1: the day before the second anniversary of the start. */
static date_t nasm_expiry(date_t start)
{
    return add_years(start, 2) - 1;
}

/* A1: December 31 of the year holding the day before the third anniversary. */
static date_t acsm_expiry(date_t start)
{
    int32_t y, m, d;
    civil_from_days(add_years(start, 3) - 1, &y, &m, &d);
    return days_from_civil(y, 12, 31);
}

/* ---- Output buffer: one line at a time ------------------------------------------ */

#define LINE_MAX_BYTES 32768

struct buf {
    char b[LINE_MAX_BYTES];
    size_t n;
    int overflow;
};

static void put_mem(struct buf *b, const char *s, size_t n)
{
    if (b->n + n > sizeof b->b) {
        b->overflow = 1;
        return;
    }
    memcpy(b->b + b->n, s, n);
    b->n += n;
}

static void put(struct buf *b, const char *s)
{
    put_mem(b, s, strlen(s));
}

static void put_uint(struct buf *b, uint64_t v)
{
    char t[24];
    int i = (int)sizeof t;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_mem(b, t + i, sizeof t - (size_t)i);
}

/* v zero-padded to width digits. */
static void put_padded(struct buf *b, uint64_t v, int width)
{
    char t[24];
    int i = (int)sizeof t;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
        width--;
    } while (v || width > 0);
    put_mem(b, t + i, sizeof t - (size_t)i);
}

/* v / 10^places as decimal text ("0.5", "12", "0.15"). */
static void put_decimal(struct buf *b, uint64_t v, int places)
{
    uint64_t p = 1;
    for (int i = 0; i < places; i++)
        p *= 10;
    put_uint(b, v / p);
    if (places > 0) {
        put(b, ".");
        put_padded(b, v % p, places);
    }
}

/* A JSON string; bytes >= 0x80 pass through (the sources hold valid UTF-8 only). */
static void put_jstr(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    put(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put_mem(b, e, 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put_mem(b, e, 6);
        } else {
            put_mem(b, (const char *)&c, 1);
        }
    }
    put(b, "\"");
}

static void put_date(struct buf *b, date_t dt)
{
    int32_t y, m, d;
    civil_from_days(dt, &y, &m, &d);
    put(b, "\"");
    put_padded(b, (uint64_t)y, 4);
    put(b, "-");
    put_padded(b, (uint64_t)m, 2);
    put(b, "-");
    put_padded(b, (uint64_t)d, 2);
    put(b, "\"");
}

/* ---- The record model ----------------------------------------------------------- */

enum amount_form {
    AF_STRING, /* "0.5" */
    AF_NUMBER, /* 0.5 */
    AF_EXPONENT /* 5e-1 */
};

struct course {
    int has_id;
    date_t done;
    uint64_t amount; /* amount / 10^places */
    int places;
    enum amount_form form;
    int exp_upper; /* 'E' instead of 'e' */
    const char *unit;
    const char *provider;
    const char *petition; /* NULL: no petition field */
    const char *category; /* NULL: no category field */
};

#define MAX_COURSES 16
#define MAX_CREDS 4

enum presence { P_ABSENT, P_NULL, P_VALUE };

struct record {
    uint64_t num; /* 1-based */
    const char *creds[MAX_CREDS];
    int ncreds;
    date_t start;
    date_t applied;
    enum presence cpr;
    date_t cpr_valid;
    int cpr_has_done;
    date_t cpr_done;
    enum presence exam;
    date_t exam_on;
    struct course c[MAX_COURSES];
    int nc;
    int courses_key; /* emit "courses":[] when there are none */
    int spaced; /* ", " and ": " between tokens */
    int alt_order; /* another exporter's key order */
};

/* ---- Deliberately bad lines ----------------------------------------------------- */

enum bad_kind {
    BAD_NONE,
    BAD_DATE, /* an impossible or malformed date */
    BAD_NEGATIVE, /* a negative amount */
    BAD_MISSING, /* a required field absent or null */
    BAD_CREDENTIAL, /* a credential the policy does not declare */
    BAD_TRUNCATED, /* JSON cut short */
    BAD_DUPLICATE, /* a key twice in one object */
    BAD_VALUE, /* an empty provider, an unknown petition state, no credentials */
    BAD_TYPE /* a field of the wrong JSON type */
};

#define BAD_KINDS 8
#define BAD_PER_MILLE 12

struct bad {
    enum bad_kind kind;
    int target; /* which variant of the fault */
    int course; /* the course it hits, for course faults */
    const char *text; /* replacement text */
};

static const char *const bad_dates[] = {
    "2025-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2023-00-10",
    "2025-6-1", "2100-02-29", "2024/05/14", "0000-01-01", "2024-06-31",
};

/* ---- Policies: tables, not code paths ------------------------------------------- */

/* A date span between two anchors, each with a day offset. */
enum anchor { AN_START, AN_EXPIRY, AN_ANNIV, AN_APPLIED, AN_HI };

struct span {
    int w;
    enum anchor a1;
    int32_t o1;
    enum anchor a2;
    int32_t o2;
};

struct dates {
    date_t start, expiry, anniv, applied, hi;
};

static date_t anchor_date(const struct dates *d, enum anchor a)
{
    switch (a) {
    case AN_START:
        return d->start;
    case AN_EXPIRY:
        return d->expiry;
    case AN_ANNIV:
        return d->anniv;
    case AN_APPLIED:
        return d->applied;
    case AN_HI:
        return d->hi;
    }
    return d->start;
}

static date_t rng_span(struct rng *r, const struct span *t, int n, const struct dates *d)
{
    int w[32];
    for (int i = 0; i < n && i < 32; i++)
        w[i] = t[i].w;
    const struct span *s = &t[rng_weighted(r, w, n < 32 ? n : 32)];
    return rng_range(r, anchor_date(d, s->a1) + s->o1, anchor_date(d, s->a2) + s->o2);
}

struct amount_spec {
    const char *unit; /* the policy's unit */
    const int *values; /* in tenths for the unit */
    const int *value_w;
    int nvalues;
    int hundredths_pm; /* per mille of unit amounts given in hundredths ("0.15") */
    int32_t hours_lo, hours_hi; /* whole hours of a course reported in hours */
    int half_hours_pm; /* per mille of hour amounts with a .5 */
};

struct policy {
    const char *name;
    uint64_t salt; /* keeps the policies' streams apart */
    const char *id_prefix;
    date_t (*expiry)(date_t);
    int jan1_pm; /* per mille of cycles starting Jan 1 */
    int feb29_pm; /* per mille of cycles starting 2024-02-29 */
    const struct span *applied;
    int napplied;
    const struct span *done;
    int ndone;
    const int *ncourses_w; /* weights of 0..15 courses */
    const struct wstr *units;
    int nunits;
    struct amount_spec amount;
    const struct wstr *providers;
    int nproviders;
    const struct wstr *creds;
    int ncreds;
    const char *const *unknown_creds;
    int nunknown_creds;
    const struct wstr *categories;
    int ncategories;
    int exam_pm; /* per mille of records with exam_passed_on */
};

/* NASM applications: N7/N8 windows around expiry, with their boundaries. */
static const struct span nasm_applied[] = {
    {395, AN_EXPIRY, -90, AN_EXPIRY, -1}, /* shortly before expiry */
    {80, AN_START, 0, AN_EXPIRY, -91}, /* early */
    {60, AN_EXPIRY, 0, AN_EXPIRY, 0}, /* on the expiry day */
    {170, AN_EXPIRY, 1, AN_EXPIRY, 90}, /* late window */
    {15, AN_EXPIRY, 1, AN_EXPIRY, 1},
    {15, AN_EXPIRY, 90, AN_EXPIRY, 90},
    {15, AN_EXPIRY, 91, AN_EXPIRY, 91},
    {15, AN_ANNIV, -1, AN_ANNIV, -1},
    {15, AN_ANNIV, 0, AN_ANNIV, 0},
    {150, AN_EXPIRY, 91, AN_ANNIV, -1}, /* reinstatement */
    {40, AN_ANNIV, 1, AN_ANNIV, 900}, /* far past every window */
    {30, AN_START, -120, AN_START, -1}, /* before the cycle */
};

/* ACSM applications: on or before Dec 31, a few after it, a few early. */
static const struct span acsm_applied[] = {
    {250, AN_EXPIRY, -30, AN_EXPIRY, -1},
    {200, AN_EXPIRY, -120, AN_EXPIRY, -31},
    {80, AN_EXPIRY, 0, AN_EXPIRY, 0},
    {30, AN_EXPIRY, 1, AN_EXPIRY, 1},
    {100, AN_EXPIRY, 2, AN_EXPIRY, 31},
    {80, AN_EXPIRY, 32, AN_EXPIRY, 365},
    {40, AN_EXPIRY, 366, AN_EXPIRY, 1000},
    {30, AN_START, -90, AN_START, -1},
    {190, AN_START, 0, AN_EXPIRY, -121},
};

/* Course completion: mostly inside the cycle and before applying (AN_HI). */
static const struct span nasm_done[] = {
    {850, AN_START, 0, AN_HI, 0},
    {60, AN_START, -365, AN_START, -1},
    {30, AN_EXPIRY, 1, AN_EXPIRY, 90}, /* N6: still counts */
    {15, AN_EXPIRY, 91, AN_EXPIRY, 200},
    {25, AN_APPLIED, 1, AN_APPLIED, 90},
    {10, AN_START, 0, AN_START, 0},
    {5, AN_EXPIRY, 0, AN_EXPIRY, 0},
    {5, AN_EXPIRY, 90, AN_EXPIRY, 90},
};

static const struct span acsm_done[] = {
    {850, AN_START, 0, AN_HI, 0},
    {60, AN_START, -365, AN_START, -1},
    {40, AN_EXPIRY, 1, AN_EXPIRY, 180},
    {30, AN_APPLIED, 1, AN_APPLIED, 90},
    {10, AN_START, 0, AN_START, 0},
    {10, AN_EXPIRY, 0, AN_EXPIRY, 0},
};

static const int nasm_ncourses[16] = {4, 4, 6, 9, 11, 12, 12, 10, 9, 7, 5, 4, 3, 2, 1, 1};
static const int acsm_ncourses[16] = {3, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 8, 8, 7, 6, 6};

static const struct wstr nasm_units[] = {
    {725, "CEU"}, {260, "hours"}, {10, "credits"}, {5, "CEUs"},
};
static const struct wstr acsm_units[] = {
    {650, "CEC"}, {340, "hours"}, {10, "credits"},
};

/* CEU in tenths: mostly 0.1 .. 0.8. */
static const int nasm_values[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20};
static const int nasm_value_w[] = {18, 22, 15, 12, 12, 7, 5, 4, 2, 1, 1, 1};
/* CEC in tenths: mostly whole hours 1 .. 10, a few half hours. */
static const int acsm_values[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 5, 15};
static const int acsm_value_w[] = {14, 14, 12, 10, 10, 9, 7, 8, 5, 11, 1, 2};

static const struct wstr nasm_providers[] = {
    {800, "approved"},
    {120, "petition"},
    {14, "ACE"},
    {12, "AFAA"},
    {12, "NSCA"},
    {10, "Local Gym Workshop"},
    {10, "ISSA"},
    {8, "YMCA"},
    {6, "Universit\xc3\xa9 de Montr\xc3\xa9" "al"},
    {5, "Fitness-Akademie M\xc3\xbc" "nchen"},
    {3, "\xe5\x81\xa5\xe8\xba\xab\xe5\xad\xa6\xe9\x99\xa2"},
};
static const struct wstr acsm_providers[] = {
    {400, "ACSM"},
    {100, "NSCA"},
    {60, "NASM"},
    {60, "ACE"},
    {80, "Local Hospital"},
    {40, "American Red Cross"},
    {50, "University Extension"},
    {40, "YMCA"},
    {30, "petition"},
    {10, "approved"},
    {10, "H\xc3\xb4pital Sainte-Justine"},
    {10, "Cl\xc3\xad" "nica Deportiva S\xc3\xa3" "o Paulo"},
    {10, "Webinar: \"Strength & Conditioning\" Live"},
    {100, "ACSM Annual Meeting"},
};

static const struct wstr nasm_creds[] = {{1, "CPT"}};
static const struct wstr acsm_creds[] = {
    {380, "CPT"}, {120, "GEI"}, {130, "EP"}, {100, "CEP"},
    {50, "RCEP"}, {80, "CIFT"}, {80, "CET"}, {60, "PAPHS"},
};

static const char *const nasm_unknown_creds[] = {"CES", "PES", "cpt", "CNC"};
static const char *const acsm_unknown_creds[] = {"CSCS", "HFS", "ACSM-CPT", "CES"};

static const struct wstr nasm_categories[] = {
    {3, "nutrition"}, {2, "corrective exercise"}, {2, "performance"},
};
static const struct wstr acsm_categories[] = {
    {3, "clinical"}, {2, "business"}, {2, "nutrition"},
};

static const struct wstr petition_states[] = {
    {300, "pending"}, {500, "approved"}, {200, "denied"},
};

static const struct policy policies[] = {
    {"nasm", UINT64_C(0x6e61736d), "T-", nasm_expiry, 0, 20,
     nasm_applied, COUNT(nasm_applied), nasm_done, COUNT(nasm_done), nasm_ncourses,
     nasm_units, COUNT(nasm_units),
     {"CEU", nasm_values, nasm_value_w, COUNT(nasm_values), 15, 2, 10, 80},
     nasm_providers, COUNT(nasm_providers), nasm_creds, COUNT(nasm_creds),
     nasm_unknown_creds, COUNT(nasm_unknown_creds),
     nasm_categories, COUNT(nasm_categories), 0},
    {"acsm", UINT64_C(0x6163736d), "A-", acsm_expiry, 700, 5,
     acsm_applied, COUNT(acsm_applied), acsm_done, COUNT(acsm_done), acsm_ncourses,
     acsm_units, COUNT(acsm_units),
     {"CEC", acsm_values, acsm_value_w, COUNT(acsm_values), 0, 1, 10, 60},
     acsm_providers, COUNT(acsm_providers), acsm_creds, COUNT(acsm_creds),
     acsm_unknown_creds, COUNT(acsm_unknown_creds),
     acsm_categories, COUNT(acsm_categories), 150},
};

/* ---- Drawing a record ----------------------------------------------------------- */

static void draw_amount(struct rng *r, const struct policy *p, struct course *c)
{
    const struct amount_spec *a = &p->amount;
    if (strcmp(c->unit, "hours") == 0) {
        int32_t h = rng_range(r, a->hours_lo, a->hours_hi);
        if (rng_chance(r, (uint32_t)a->half_hours_pm)) {
            c->amount = (uint64_t)h * 10 + 5;
            c->places = 1;
        } else {
            c->amount = (uint64_t)h;
            c->places = 0;
        }
    } else if (strcmp(c->unit, a->unit) == 0) {
        int i = rng_weighted(r, a->value_w, a->nvalues);
        uint64_t tenths = (uint64_t)a->values[i];
        if (rng_chance(r, (uint32_t)a->hundredths_pm)) {
            static const uint64_t odd[] = {15, 25, 75, 5, 35};
            c->amount = odd[rng_below(r, COUNT(odd))];
            c->places = 2;
        } else if (tenths % 10 == 0 && rng_chance(r, 700)) {
            c->amount = tenths / 10; /* "4" rather than "4.0" */
            c->places = 0;
        } else if (rng_chance(r, 30)) {
            c->amount = tenths * 10; /* "0.50": trailing zero */
            c->places = 2;
        } else {
            c->amount = tenths;
            c->places = 1;
        }
    } else { /* an unknown unit: a few credits */
        c->amount = (uint64_t)rng_range(r, 1, 3);
        c->places = 0;
    }
    uint32_t f = rng_below(r, 1000);
    c->form = f < 550 ? AF_STRING : f < 975 ? AF_NUMBER : AF_EXPONENT;
    c->exp_upper = c->form == AF_EXPONENT && rng_chance(r, 300);
}

static int cmp_done(const struct course *a, const struct course *b)
{
    return (a->done > b->done) - (a->done < b->done);
}

static void draw_courses(struct rng *r, const struct policy *p, struct record *rec,
                         const struct dates *d, int at_least_one)
{
    rec->nc = rng_weighted(r, p->ncourses_w, 16);
    if (at_least_one && rec->nc == 0)
        rec->nc = 1 + (int)rng_below(r, 5);
    rec->courses_key = rec->nc > 0 || rng_chance(r, 600);
    for (int i = 0; i < rec->nc; i++) {
        struct course *c = &rec->c[i];
        c->has_id = !rng_chance(r, 20);
        c->done = rng_span(r, p->done, p->ndone, d);
        c->unit = rng_wstr(r, p->units, p->nunits);
        draw_amount(r, p, c);
        c->provider = rng_wstr(r, p->providers, p->nproviders);
        c->petition = NULL;
        if (strcmp(c->provider, "petition") == 0)
            c->petition = rng_wstr(r, petition_states, COUNT(petition_states));
        else if (rng_chance(r, 5))
            c->petition = "approved"; /* stray, checked and ignored */
        c->category = rng_chance(r, 20) ? rng_wstr(r, p->categories, p->ncategories) : NULL;
    }
    /* Most exports list courses by completion date (insertion sort: stable). */
    if (rng_chance(r, 700)) {
        for (int i = 1; i < rec->nc; i++) {
            struct course t = rec->c[i];
            int j = i;
            for (; j > 0 && cmp_done(&rec->c[j - 1], &t) > 0; j--)
                rec->c[j] = rec->c[j - 1];
            rec->c[j] = t;
        }
    }
}

static void draw_record(struct rng *r, const struct policy *p, uint64_t num,
                        struct record *rec, int need_course)
{
    memset(rec, 0, sizeof *rec);
    rec->num = num;
    rec->spaced = rng_chance(r, 200);
    rec->alt_order = rng_chance(r, 100);

    /* Credentials: NASM one CPT; ACSM 1-3, duplicates allowed. */
    if (p->ncreds == 1) {
        rec->creds[0] = p->creds[0].s;
        rec->ncreds = 1;
    } else if (rng_chance(r, 10)) {
        rec->creds[0] = rec->creds[1] = "CPT";
        rec->ncreds = 2;
    } else {
        static const int n_w[] = {750, 200, 50};
        rec->ncreds = 1 + rng_weighted(r, n_w, 3);
        for (int i = 0; i < rec->ncreds; i++)
            rec->creds[i] = rng_wstr(r, p->creds, p->ncreds);
    }

    /* Cycle start over 2021-2025. */
    date_t lo = days_from_civil(2021, 1, 1), hi = days_from_civil(2025, 12, 31);
    if (rng_chance(r, (uint32_t)p->feb29_pm))
        rec->start = days_from_civil(2024, 2, 29);
    else if (rng_chance(r, (uint32_t)p->jan1_pm))
        rec->start = days_from_civil(rng_range(r, 2021, 2025), 1, 1);
    else
        rec->start = rng_range(r, lo, hi);

    struct dates d;
    d.start = rec->start;
    d.expiry = p->expiry(rec->start);
    d.anniv = add_years(d.expiry, 1);
    d.applied = d.hi = d.start; /* anchors not yet known are unused by the tables */
    rec->applied = rng_span(r, p->applied, p->napplied, &d);
    d.applied = rec->applied;
    d.hi = rec->applied >= d.start && rec->applied < d.expiry ? rec->applied : d.expiry;

    /* CPR/AED card: ~85% have one, valid around the application date. */
    uint32_t cp = rng_below(r, 1000);
    rec->cpr = cp < 850 ? P_VALUE : cp < 900 ? P_NULL : P_ABSENT;
    if (rec->cpr == P_VALUE) {
        static const struct span card[] = {
            {120, AN_APPLIED, -400, AN_APPLIED, -1}, /* expired */
            {20, AN_APPLIED, 0, AN_APPLIED, 0},
            {130, AN_APPLIED, 1, AN_APPLIED, 60},
            {730, AN_APPLIED, 61, AN_APPLIED, 730},
        };
        if (rng_chance(r, 50)) { /* completed after applying: counts as missing */
            rec->cpr_has_done = 1;
            rec->cpr_done = rec->applied + rng_range(r, 1, 45);
            rec->cpr_valid = add_years(rec->cpr_done, 2);
        } else {
            rec->cpr_valid = rng_span(r, card, COUNT(card), &d);
            rec->cpr_has_done = rng_chance(r, 350);
            rec->cpr_done = add_years(rec->cpr_valid, -2);
        }
    }

    /* exam_passed_on (ACSM option 2). */
    if (rng_chance(r, (uint32_t)p->exam_pm)) {
        static const struct span exam[] = {
            {600, AN_START, 0, AN_EXPIRY, 0}, /* inside the cycle */
            {250, AN_EXPIRY, 1, AN_EXPIRY, 200}, /* after expiry */
            {50, AN_START, -300, AN_START, -1}, /* before the cycle */
        };
        if (rng_chance(r, 100)) {
            rec->exam = P_NULL;
        } else {
            rec->exam = P_VALUE;
            rec->exam_on = rng_span(r, exam, COUNT(exam), &d);
        }
    }

    draw_courses(r, p, rec, &d, need_course);
}

/* ---- Writing a record ----------------------------------------------------------- */

struct out {
    struct buf *b;
    const char *comma, *colon;
};

static void key(struct out *o, int *first, const char *k)
{
    if (!*first)
        put(o->b, o->comma);
    *first = 0;
    put_jstr(o->b, k);
    put(o->b, o->colon);
}

static int hits(const struct bad *bad, enum bad_kind k, int target)
{
    return bad->kind == k && bad->target == target;
}

static int hits_course(const struct bad *bad, enum bad_kind k, int target, int ci)
{
    return hits(bad, k, target) && bad->course == ci;
}

static void put_amount(struct buf *b, const struct course *c, int negative)
{
    int quoted = c->form == AF_STRING;
    if (quoted)
        put(b, "\"");
    if (negative)
        put(b, "-");
    if (c->form == AF_EXPONENT) {
        /* the digits, then an exponent: 0.5 -> 5e-1, 4 -> 40e-1, 0.15 -> 15e-2 */
        uint64_t digits = c->places ? c->amount : c->amount * 10;
        put_uint(b, digits);
        put(b, c->exp_upper ? "E-" : "e-");
        put_uint(b, (uint64_t)(c->places ? c->places : 1));
    } else {
        put_decimal(b, c->amount, c->places);
    }
    if (quoted)
        put(b, "\"");
}

static void emit_course(struct out *o, const struct course *c, int ci,
                        const struct bad *bad)
{
    struct buf *b = o->b;
    int first = 1;
    put(b, "{");
    if (c->has_id) {
        key(o, &first, "id");
        char id[16] = "C";
        size_t n = 1;
        int v = ci + 1;
        char t[8];
        int k = 0;
        do {
            t[k++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (k)
            id[n++] = t[--k];
        id[n] = 0;
        put_jstr(b, id);
    }
    if (!hits_course(bad, BAD_MISSING, 2, ci)) {
        key(o, &first, "completed_on");
        if (hits_course(bad, BAD_DATE, 2, ci))
            put_jstr(b, bad->text);
        else
            put_date(b, c->done);
    }
    key(o, &first, "amount");
    if (hits_course(bad, BAD_TYPE, 2, ci))
        put(b, "true");
    else
        put_amount(b, c, hits_course(bad, BAD_NEGATIVE, 0, ci));
    if (hits_course(bad, BAD_DUPLICATE, 1, ci)) {
        key(o, &first, "amount");
        put_amount(b, c, 0);
    }
    if (!hits_course(bad, BAD_MISSING, 3, ci)) {
        key(o, &first, "unit");
        put_jstr(b, c->unit);
    }
    key(o, &first, "provider");
    if (hits_course(bad, BAD_MISSING, 4, ci))
        put(b, "null");
    else if (hits_course(bad, BAD_VALUE, 1, ci))
        put_jstr(b, "");
    else
        put_jstr(b, c->provider);
    if (hits_course(bad, BAD_VALUE, 0, ci)) {
        key(o, &first, "petition");
        put_jstr(b, bad->text);
    } else if (c->petition) {
        key(o, &first, "petition");
        put_jstr(b, c->petition);
    }
    if (c->category) {
        key(o, &first, "category");
        put_jstr(b, c->category);
    }
    put(b, "}");
}

enum field { F_ID, F_CREDS, F_START, F_APPLIED, F_CPR, F_COURSES, F_EXAM, F_COUNT };

static const enum field order_std[F_COUNT] = {F_ID, F_CREDS, F_START, F_APPLIED,
                                              F_CPR, F_COURSES, F_EXAM};
static const enum field order_alt[F_COUNT] = {F_ID, F_START, F_APPLIED, F_CREDS,
                                              F_COURSES, F_CPR, F_EXAM};

static void emit_record(struct buf *b, const struct policy *p, const struct record *rec,
                        const struct bad *bad)
{
    struct out o = {b, rec->spaced ? ", " : ",", rec->spaced ? ": " : ":"};
    const enum field *order = rec->alt_order ? order_alt : order_std;
    int first = 1;
    put(b, "{");
    for (int fi = 0; fi < F_COUNT; fi++) {
        switch (order[fi]) {
        case F_ID:
            if (hits(bad, BAD_MISSING, 1))
                break;
            key(&o, &first, "id");
            put(b, "\"");
            put(b, p->id_prefix);
            put_padded(b, rec->num, 6);
            put(b, "\"");
            break;
        case F_CREDS:
            key(&o, &first, "credentials");
            if (hits(bad, BAD_MISSING, 5)) {
                put(b, "null");
            } else if (hits(bad, BAD_TYPE, 1)) {
                put_jstr(b, rec->creds[0]);
            } else if (hits(bad, BAD_VALUE, 2)) {
                put(b, "[]");
            } else {
                put(b, "[");
                for (int i = 0; i < rec->ncreds; i++) {
                    if (i)
                        put(b, o.comma);
                    put_jstr(b, rec->creds[i]);
                }
                if (bad->kind == BAD_CREDENTIAL) {
                    put(b, o.comma);
                    put_jstr(b, bad->text);
                }
                put(b, "]");
            }
            break;
        case F_START:
            if (hits(bad, BAD_MISSING, 0))
                break;
            key(&o, &first, "cycle_start");
            if (hits(bad, BAD_DATE, 0)) {
                put_jstr(b, bad->text);
            } else if (hits(bad, BAD_TYPE, 0)) {
                int32_t y, m, d;
                civil_from_days(rec->start, &y, &m, &d);
                put_uint(b, (uint64_t)(y * 10000 + m * 100 + d));
            } else {
                put_date(b, rec->start);
            }
            break;
        case F_APPLIED:
            key(&o, &first, "applied_on");
            if (hits(bad, BAD_DATE, 1))
                put_jstr(b, bad->text);
            else
                put_date(b, rec->applied);
            if (hits(bad, BAD_DUPLICATE, 0)) {
                key(&o, &first, "applied_on");
                put_date(b, rec->applied + 7);
            }
            break;
        case F_CPR:
            if (rec->cpr == P_ABSENT)
                break;
            key(&o, &first, "cpr_aed");
            if (rec->cpr == P_NULL) {
                put(b, "null");
            } else {
                int f2 = 1;
                put(b, "{");
                key(&o, &f2, "valid_until");
                if (hits(bad, BAD_DATE, 3))
                    put_jstr(b, bad->text);
                else
                    put_date(b, rec->cpr_valid);
                if (rec->cpr_has_done) {
                    key(&o, &f2, "completed_on");
                    put_date(b, rec->cpr_done);
                }
                put(b, "}");
            }
            break;
        case F_COURSES:
            if (!rec->courses_key)
                break;
            key(&o, &first, "courses");
            if (hits(bad, BAD_TYPE, 3)) {
                put(b, "{}");
                break;
            }
            put(b, "[");
            for (int i = 0; i < rec->nc; i++) {
                if (i)
                    put(b, o.comma);
                emit_course(&o, &rec->c[i], i, bad);
            }
            put(b, "]");
            break;
        case F_EXAM:
            if (rec->exam == P_ABSENT)
                break;
            key(&o, &first, "exam_passed_on");
            if (rec->exam == P_NULL)
                put(b, "null");
            else
                put_date(b, rec->exam_on);
            break;
        case F_COUNT:
            break;
        }
    }
    put(b, "}");
}

/* ---- One line ------------------------------------------------------------------- */

static const char *const unknown_petition[] = {"rejected", "in review", "Approved"};

/* Picks the fault of a bad line; kinds take turns so every kind shows up. */
static void draw_bad(struct rng *r, const struct policy *p, enum bad_kind kind,
                     struct bad *bad)
{
    bad->kind = kind;
    bad->target = 0;
    bad->course = 0;
    bad->text = NULL;
    switch (kind) {
    case BAD_NONE:
    case BAD_TRUNCATED:
    case BAD_NEGATIVE:
        break;
    case BAD_DATE:
        bad->target = (int)rng_below(r, 4);
        bad->text = bad_dates[rng_below(r, COUNT(bad_dates))];
        break;
    case BAD_MISSING:
        bad->target = (int)rng_below(r, 6);
        break;
    case BAD_CREDENTIAL:
        bad->text = p->unknown_creds[rng_below(r, (uint32_t)p->nunknown_creds)];
        break;
    case BAD_DUPLICATE:
        bad->target = (int)rng_below(r, 2);
        break;
    case BAD_VALUE:
        bad->target = (int)rng_below(r, 3);
        bad->text = unknown_petition[rng_below(r, COUNT(unknown_petition))];
        break;
    case BAD_TYPE:
        bad->target = (int)rng_below(r, 4);
        break;
    }
}

/* Whether the fault needs a course to land on. */
static int bad_needs_course(const struct bad *bad)
{
    switch (bad->kind) {
    case BAD_NEGATIVE:
        return 1;
    case BAD_DATE:
        return bad->target == 2;
    case BAD_MISSING:
        return bad->target >= 2 && bad->target <= 4;
    case BAD_DUPLICATE:
        return bad->target == 1;
    case BAD_VALUE:
        return bad->target <= 1;
    case BAD_TYPE:
        return bad->target == 2 || bad->target == 3;
    case BAD_NONE:
    case BAD_CREDENTIAL:
    case BAD_TRUNCATED:
        return 0;
    }
    return 0;
}

static void gen_line(const struct policy *p, uint64_t seed, uint64_t index,
                     uint64_t *nbad, struct buf *b)
{
    struct rng r = {mix64(mix64(seed ^ p->salt) + index)};
    struct record rec;
    struct bad bad = {BAD_NONE, 0, 0, NULL};

    if (rng_chance(&r, BAD_PER_MILLE)) {
        draw_bad(&r, p, (enum bad_kind)(1 + *nbad % BAD_KINDS), &bad);
        (*nbad)++;
    }
    draw_record(&r, p, index + 1, &rec, bad_needs_course(&bad));
    if (bad_needs_course(&bad)) {
        bad.course = (int)rng_below(&r, (uint32_t)rec.nc);
        struct course *c = &rec.c[bad.course];
        if (bad.kind == BAD_VALUE && bad.target == 0 && !c->petition) {
            c->provider = "petition"; /* a petition with an unknown state */
            c->petition = "pending";
        }
        if (bad.kind == BAD_NEGATIVE && rng_chance(&r, 150))
            c->amount = 0; /* "-0" is bad too */
    }
    if (bad.kind == BAD_DATE && bad.target == 3 && rec.cpr != P_VALUE)
        bad.target = 0; /* no card to hold the date */

    b->n = 0;
    b->overflow = 0;
    emit_record(b, p, &rec, &bad);
    if (bad.kind == BAD_TRUNCATED && b->n > 8) {
        /* cut before the closing brace, never inside a UTF-8 sequence */
        size_t cut = (size_t)rng_range(&r, (int32_t)(b->n / 4), (int32_t)(b->n - 2));
        while (cut > 1 && ((unsigned char)b->b[cut] & 0xc0) == 0x80)
            cut--;
        b->n = cut;
    }
    put(b, "\n");
}

/* ---- Command line --------------------------------------------------------------- */

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        unsigned d = (unsigned)(*s - '0');
        if (v > (max - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

static int usage(void)
{
    fputs("usage: gen-records nasm|acsm N [SEED]\n"
          "  writes N trainer records as JSON Lines to standard output;\n"
          "  SEED (default 1) selects the deterministic sequence\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4)
        return usage();
    const struct policy *p = NULL;
    for (int i = 0; i < COUNT(policies); i++)
        if (strcmp(argv[1], policies[i].name) == 0)
            p = &policies[i];
    uint64_t n, seed = 1;
    if (!p || !parse_u64(argv[2], UINT64_C(999999999), &n)
        || (argc == 4 && !parse_u64(argv[3], UINT64_MAX, &seed)))
        return usage();

    static struct buf b;
    uint64_t nbad = 0;
    for (uint64_t i = 0; i < n; i++) {
        gen_line(p, seed, i, &nbad, &b);
        if (b.overflow) {
            fputs("gen-records: internal error: line too long\n", stderr);
            return 1;
        }
        if (fwrite(b.b, 1, b.n, stdout) != b.n)
            break;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-records: write error");
        return 1;
    }
    return 0;
}
