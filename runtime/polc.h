/*
 * polc.h - the polc runtime: policy tables, records, decisions.
 *
 * A policy compiled by `polc build` is a `const struct polc_policy`: data
 * only, no code.  The runtime interprets it.  `polc_eval` takes a policy, a
 * record and an application date and fills a decision; it allocates nothing
 * and touches no global state, so many threads may evaluate against the same
 * table at once.  The reader (JSON Lines in) and the writer (JSON out) are
 * separate from evaluation; a reader belongs to one thread at a time.
 *
 * Amounts are exact decimals held as int64 millionths (`polc_dec`); dates are
 * civil dates held as day numbers (`polc_date`, days since 1970-01-01).
 */
#ifndef POLC_H
#define POLC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POLC_VERSION_STRING "0.1.0"
/* Version of the table layout below.  Generated files check it at compile
 * time, and polc_check_table() at run time. */
#define POLC_TABLE_VERSION 1
#define POLC_MAGIC 0x504f4c43u /* "POLC" */

#if defined(POLC_BUILD_SHARED) && defined(__GNUC__)
#define POLC_API __attribute__((visibility("default")))
#else
#define POLC_API
#endif

/* ------------------------------------------------------------------ */
/* Exact decimals                                                      */
/* ------------------------------------------------------------------ */

typedef int64_t polc_dec;           /* millionths: 1.5 is 1500000 */
#define POLC_DEC_SCALE 1000000
#define POLC_DEC_PLACES 6

enum polc_dec_status {
    POLC_DEC_OK = 0,
    POLC_DEC_BAD,   /* not a decimal of the accepted form, or negative */
    POLC_DEC_RANGE  /* more than 6 decimal places, or too large */
};

/* A JSON number's text (exponent allowed), read exactly; negative is BAD. */
POLC_API enum polc_dec_status polc_dec_parse_number(const char *s, size_t n,
                                                    polc_dec *out);
/* Plain decimal text: digits, optionally '.' and more digits. */
POLC_API enum polc_dec_status polc_dec_parse_plain(const char *s, size_t n,
                                                   polc_dec *out);
/* Writes v with exactly `places` decimals (0..6), truncating toward zero
 * finer digits; returns the length.  `out` holds at least 32 bytes. */
POLC_API size_t polc_dec_format(polc_dec v, int places, char *out);
/* Rounds down / up to a multiple of 10^-places. */
POLC_API polc_dec polc_dec_floor(polc_dec v, int places);
POLC_API polc_dec polc_dec_ceil(polc_dec v, int places);
/* Checked arithmetic: return 0, or -1 on overflow (out untouched). */
POLC_API int polc_dec_add(polc_dec a, polc_dec b, polc_dec *out);
POLC_API int polc_dec_mul_int(polc_dec a, int64_t k, polc_dec *out);

/* ------------------------------------------------------------------ */
/* Civil dates                                                         */
/* ------------------------------------------------------------------ */

typedef int32_t polc_date;          /* days since 1970-01-01 */
#define POLC_DATE_MIN (-719162)     /* 0001-01-01 */
#define POLC_DATE_MAX 2932896       /* 9999-12-31 */

/* How a day that does not exist in the target month is resolved when adding
 * years or months: Feb 29 + 1 year is Mar 1 (MAR1: roll to the first of the
 * next month) or Feb 28 (FEB28: clamp to the month's last day). */
enum polc_leap { POLC_LEAP_MAR1, POLC_LEAP_FEB28 };

POLC_API polc_date polc_days_from_civil(int32_t y, int32_t m, int32_t d);
POLC_API void polc_civil_from_days(polc_date z, int32_t *y, int32_t *m,
                                   int32_t *d);
/* "YYYY-MM-DD", year 0001-9999, a real calendar date: 0 ok, -1 bad. */
POLC_API int polc_date_parse(const char *s, size_t n, polc_date *out);
/* Writes "YYYY-MM-DD" and a NUL into out[11]. */
POLC_API void polc_date_format(polc_date d, char out[11]);
POLC_API int polc_weekday(polc_date d); /* 0 = Sunday ... 6 = Saturday */
POLC_API polc_date polc_add_years(polc_date d, int32_t n, enum polc_leap leap);
POLC_API polc_date polc_add_months(polc_date d, int32_t n, enum polc_leap leap);
POLC_API polc_date polc_end_of_month(polc_date d);
POLC_API polc_date polc_end_of_year(polc_date d);

/* ------------------------------------------------------------------ */
/* Policy tables                                                       */
/* ------------------------------------------------------------------ */

enum polc_step { POLC_DAYS, POLC_MONTHS, POLC_YEARS };
enum polc_base { POLC_AT_CYCLE_START, POLC_AT_EXPIRY, POLC_AT_APPLICATION };

/* base + n steps, e.g. expiry + 90 days, expiry + 1 year. */
struct polc_date_expr {
    enum polc_base base;
    int32_t n;
    enum polc_step step;
};

struct polc_unit {
    const char *name;     /* "CEU" */
    int32_t hours;        /* contact hours in one unit (whole) */
    int32_t places;       /* decimal places: precision 0.1 is 1 */
};

struct polc_credential {
    const char *code;     /* "CPT" */
    const char *title;
    polc_dec required;    /* in the reporting unit */
    polc_dec fee;         /* the credential's own fee, when has_fee */
    int32_t has_fee;
};

enum polc_anchor {
    POLC_ANCHOR_ANNIVERSARY, /* the day before the anniversary */
    POLC_ANCHOR_END_OF_MONTH,/* ... extended to the end of its month */
    POLC_ANCHOR_DEC31        /* ... extended to December 31 of its year */
};

struct polc_cycle {
    int32_t length;
    enum polc_step step;     /* POLC_MONTHS or POLC_YEARS */
    enum polc_anchor anchor;
    enum polc_leap leap;
};

enum polc_combine { POLC_HIGHEST, POLC_SUM, POLC_EACH };

enum polc_petitions {
    POLC_PETITIONS_NOT_ACCEPTED, /* a `petition` provider counts nothing */
    POLC_PETITIONS_APPROVED,     /* counts once its petition is approved */
    POLC_PETITIONS_ANY           /* counts like any provider */
};

struct polc_courses {
    int32_t accept_any;          /* every provider counts */
    int32_t accept_approved;     /* provider "approved" counts */
    enum polc_petitions petitions;
    const char *const *providers;/* further provider names that count */
    int32_t n_providers;
    struct polc_date_expr from;  /* first day a course counts (inclusive) */
    struct polc_date_expr through; /* last day a course counts (inclusive) */
};

enum polc_card_date { POLC_CARD_ON_APPLICATION, POLC_CARD_ON_EXPIRY };

struct polc_card {
    int32_t declared;            /* the policy has a cpr_aed block */
    polc_dec credit;             /* units the card is credited (reporting unit) */
    enum polc_card_date valid_on;
};

struct polc_category {
    const char *name;
    int32_t has_min, has_max;
    polc_dec min, max;           /* in the reporting unit */
};

enum polc_fee_kind {
    POLC_FEE_FLAT,
    POLC_FEE_PER_PETITION,       /* amount x petitioned courses */
    POLC_FEE_PER_CREDENTIAL      /* each credential's own fee */
};

struct polc_fee {
    const char *name;
    enum polc_fee_kind kind;
    polc_dec amount;             /* unused for PER_CREDENTIAL */
    int32_t param;               /* index of the parameter it reads, or -1 */
};

#define POLC_MAX_FEES 64
#define POLC_MAX_CATEGORIES 64

enum polc_requirement {
    POLC_REQ_UNITS = 1,
    POLC_REQ_CPR_AED = 2,
    POLC_REQ_EXAM = 4
};

struct polc_path {
    const char *name;            /* "ceu", "cec", "exam" */
    const char *title;
    uint32_t requires;           /* polc_requirement bits */
    uint64_t fees;               /* bit i: fees[i] is charged */
};

struct polc_window {
    const char *name;            /* "late" */
    struct polc_date_expr from;  /* inclusive */
    struct polc_date_expr end;
    int32_t end_inclusive;       /* `through` (1) or `before` (0) */
    uint64_t fees;               /* fees this window adds */
    int32_t cumulative;          /* keeps the fees of the windows before */
};

struct polc_audit {
    int32_t declared;
    int32_t rate_bp;             /* basis points: 10% is 1000 */
    int32_t due_days;            /* documents due application + due_days */
    int32_t param;               /* parameter for the rate, or -1 */
};

enum polc_param_kind { POLC_PARAM_MONEY, POLC_PARAM_PERCENT, POLC_PARAM_NUMBER };

struct polc_param {
    const char *name;
    enum polc_param_kind kind;
    polc_dec value;              /* percent: 10% is 10000000 (10.0) */
    int32_t assumed;             /* not stated by the source */
    const char *note;
    int32_t overridden;          /* set with -D at build or evaluation time */
};

struct polc_cite {
    const char *rule;            /* "cycle", "window late", "fee petition" */
    const char *text;            /* the source sentence, verbatim */
    int32_t line;                /* line in the .pol file */
};

struct polc_policy {
    uint32_t magic;              /* POLC_MAGIC */
    uint32_t version;            /* POLC_TABLE_VERSION */
    const char *name, *title, *body, *currency;
    const struct polc_unit *units;
    int32_t n_units;
    int32_t unit;                /* the reporting unit: index in units */
    const struct polc_credential *credentials;
    int32_t n_credentials;
    enum polc_combine units_together;  /* HIGHEST or SUM */
    enum polc_combine fees_together;   /* EACH or HIGHEST */
    struct polc_cycle cycle;
    struct polc_courses courses;
    struct polc_card cpr_aed;
    const struct polc_category *categories;
    int32_t n_categories;
    const struct polc_fee *fees;
    int32_t n_fees;
    const struct polc_path *paths;
    int32_t n_paths;
    const struct polc_window *windows;
    int32_t n_windows;
    struct polc_date_expr exam_from, exam_through;
    struct polc_audit audit;
    const struct polc_param *params;
    int32_t n_params;
    const struct polc_cite *cites;
    int32_t n_cites;
    const char *source;          /* the .pol file's name */
};

/* 0 when the table is one this runtime reads; else a message is written to
 * err (when non-NULL) and -1 returned. */
POLC_API int polc_check_table(const struct polc_policy *p, char *err,
                              size_t errlen);

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

struct polc_str { const char *ptr; size_t len; };

enum polc_petition { POLC_PETITION_NONE, POLC_PETITION_PENDING,
                     POLC_PETITION_APPROVED, POLC_PETITION_DENIED };

struct polc_course {
    struct polc_str id;          /* ptr NULL: no id (reasons use the index) */
    polc_date completed_on;
    polc_dec amount;
    struct polc_str unit;
    struct polc_str provider;
    enum polc_petition petition;
    struct polc_str category;    /* ptr NULL: none */
};

struct polc_record {
    struct polc_str id;
    const int32_t *credentials;  /* indices into policy->credentials, each once */
    int32_t n_credentials;
    polc_date cycle_start;
    int32_t has_applied_on;
    polc_date applied_on;
    int32_t has_card;
    polc_date card_valid_until;
    int32_t has_card_completed;
    polc_date card_completed_on;
    const struct polc_course *courses;
    int32_t n_courses;
    int32_t has_exam;
    polc_date exam_passed_on;
};

/* ------------------------------------------------------------------ */
/* Decisions                                                           */
/* ------------------------------------------------------------------ */

enum polc_status { POLC_RENEWABLE, POLC_INCOMPLETE, POLC_EXPIRED };
enum polc_card_state { POLC_CARD_VALID, POLC_CARD_EXPIRED, POLC_CARD_MISSING,
                       POLC_CARD_NOT_REQUIRED };

#define POLC_WINDOW_ON_TIME (-1)
#define POLC_WINDOW_NONE (-2)

/* Record reasons, in output order (bit positions). */
enum polc_reason {
    POLC_R_APPLIED_BEFORE_CYCLE,
    POLC_R_LATE_APPLICATION,
    POLC_R_PAST_LAST_WINDOW,
    POLC_R_TOO_LATE_TO_COMPLETE,
    POLC_R_UNITS_SHORT,
    POLC_R_CATEGORY_SHORT,
    POLC_R_CPR_AED_MISSING,
    POLC_R_CPR_AED_EXPIRED,
    POLC_R_EXAM_OUTSIDE_CYCLE,
    POLC_R_EXAM_IN_FUTURE,
    POLC_R_COUNT
};

/* What became of each course, in the table order of records.md. */
enum polc_course_verdict {
    POLC_C_COUNTED,
    POLC_C_IN_FUTURE,
    POLC_C_BEFORE_CYCLE,
    POLC_C_AFTER_WINDOW,
    POLC_C_UNKNOWN_UNIT,
    POLC_C_PROVIDER_NOT_ACCEPTED,
    POLC_C_PETITION_PENDING,
    POLC_C_PETITION_DENIED,
    POLC_C_CATEGORY_LIMIT        /* its category's maximum was already reached */
};

struct polc_decision {
    polc_date as_of;
    polc_date start, expires;
    polc_date next_expires;      /* meaningful when renewable */
    int32_t window;              /* POLC_WINDOW_ON_TIME, _NONE, or an index */
    enum polc_status status;
    int32_t path;                /* index in policy->paths */
    polc_dec required;           /* reporting unit, exact */
    polc_dec earned;             /* rounded down to the unit's places */
    polc_dec missing;            /* rounded up to the unit's places */
    enum polc_card_state cpr_aed;
    uint64_t fees;               /* bit i: fees[i] charged */
    int32_t petitions;           /* petitioned courses (per-petition fees) */
    polc_dec fee_total;
    int32_t audit;               /* 1: the audit object is printed */
    int32_t audit_selected;
    polc_date documents_due;
    uint32_t reasons;            /* bit (1u << polc_reason) */
    uint64_t categories_short;   /* bit i: categories[i] below its minimum */
    int32_t highest_credential;  /* fees HIGHEST: the credential charged */
    /* Caller-provided, at least record->n_courses entries. */
    uint8_t *courses;            /* enum polc_course_verdict per course */
};

/* Evaluates `r` as of `as_of` (its own applied_on is not consulted: the
 * caller decides the date).  Returns 0; -1 only for a table that fails
 * polc_check_table or a record whose dates are out of range. */
POLC_API int polc_eval(const struct polc_policy *p, const struct polc_record *r,
                       polc_date as_of, struct polc_decision *d);

/* The audit hash of records.md: FNV-1a 64 over "POLICY|ID|EXPIRES". */
POLC_API uint64_t polc_audit_hash(const char *policy, struct polc_str id,
                                  polc_date expires);

POLC_API const char *polc_reason_code(enum polc_reason r);
POLC_API const char *polc_course_code(enum polc_course_verdict v);
POLC_API const char *polc_status_name(enum polc_status s);
POLC_API const char *polc_card_name(enum polc_card_state s);

/* ------------------------------------------------------------------ */
/* JSON Lines in, JSON out                                             */
/* ------------------------------------------------------------------ */

/* A growable output buffer (the writer's only allocation). */
struct polc_buf { char *ptr; size_t len, cap; int failed; };
POLC_API void polc_buf_free(struct polc_buf *b);

#define POLC_MAX_LINE 1048576     /* bytes in one record line */
#define POLC_MAX_DEPTH 64

/* A bad line: records.md "A bad line". */
struct polc_line_error {
    const char *code;            /* "bad_json", "missing_field", ... */
    char field[256];             /* "" when the fault is the whole line */
    char message[256];
    struct polc_str id;          /* ptr NULL: null */
};

struct polc_reader;              /* one per thread; reuses its memory */
POLC_API struct polc_reader *polc_reader_new(const struct polc_policy *p);
POLC_API void polc_reader_free(struct polc_reader *rd);
/* Parses one line (no LF; a trailing CR is the caller's to drop) into *rec.
 * has_as_of/as_of: the fallback application date.  Returns 0 and sets
 * *applied for a good record; else 1 and fills *err; -1 when memory ran
 * out (*err then has code "out_of_memory").  Strings in *rec and
 * *err point into the reader and live until its next call. */
POLC_API int polc_read_record(struct polc_reader *rd, const char *line,
                              size_t len, int has_as_of, polc_date as_of,
                              struct polc_record *rec, polc_date *applied,
                              struct polc_line_error *err);

POLC_API void polc_write_decision(struct polc_buf *b, const struct polc_policy *p,
                                  const struct polc_record *r,
                                  const struct polc_decision *d);
POLC_API void polc_write_error(struct polc_buf *b, long line,
                               const struct polc_line_error *e);

/* Totals of a run, for summaries. */
struct polc_stats {
    long lines, decisions, errors;
    long renewable, incomplete, expired;
    polc_dec fees_due;           /* fee_total summed over renewable decisions */
    int io_error;
};

/* Streams `in` to `out`: one output line per non-blank input line.
 * Returns 0 when every line was evaluated, 1 when some line was bad,
 * 2 on an I/O or memory failure. */
POLC_API int polc_run(const struct polc_policy *p, FILE *in, FILE *out,
                      int has_as_of, polc_date as_of, struct polc_stats *st);
/* The same with `jobs` worker threads (each with its own reader): the output
 * is byte for byte that of polc_run, in input order. */
POLC_API int polc_run_jobs(const struct polc_policy *p, FILE *in, FILE *out,
                           int has_as_of, polc_date as_of, int jobs,
                           struct polc_stats *st);

/* More of a run: `decorate`, when set, is called after each decision is
 * written to b (the line ends in "}\n") and may extend it; it runs on the
 * worker threads, so it must be safe to call from several at once. */
struct polc_run_options {
    int jobs;
    void (*decorate)(void *ud, struct polc_buf *b, const struct polc_policy *p,
                     const struct polc_record *r, const struct polc_decision *d);
    void *ud;
};
POLC_API int polc_run_with(const struct polc_policy *p, FILE *in, FILE *out,
                           int has_as_of, polc_date as_of,
                           const struct polc_run_options *o,
                           struct polc_stats *st);

#ifdef __cplusplus
}
#endif
#endif
