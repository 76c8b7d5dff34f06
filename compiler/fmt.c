/* fmt.c - the canonical layout of a .pol file (see fmt.h).
 *
 * One loop over the bytes, no recursion and no stack of braces: the state is
 * a brace depth and a little about the current output line.  The loop runs
 * twice: first only counting, so that every error is found and the size is
 * known before anything is written, then writing. */
#include "fmt.h"
#include "buf.h"

#include <string.h>

enum kind { K_NONE, K_WORD, K_COMMA, K_OPEN, K_CLOSE, K_COMMENT };

struct fmt {
    const char *src;
    size_t len;
    struct polc_buf *out;  /* NULL while counting */
    size_t size;           /* bytes produced so far */
    size_t limit;          /* most bytes we agree to produce */
    size_t at;             /* offset of the token being placed */
    size_t depth;          /* open braces */
    size_t outer_open;     /* offset of the '{' that opened depth 1 */
    int line_open;         /* the current output line has something on it */
    int must_break;        /* after '{' or '}': code goes on the next line */
    enum kind line_kind;   /* last code token of the current line (K_COMMENT if none) */
    enum kind prev_line;   /* line_kind of the last finished line; K_NONE at the start */
    int blank;             /* a blank line was seen since the last output line */
    size_t err_off;
    const char *err_msg;
};

static void fail(struct fmt *f, size_t off, const char *msg)
{
    if (!f->err_msg) {
        f->err_off = off;
        f->err_msg = msg;
    }
}

static void emit(struct fmt *f, const char *s, size_t n)
{
    if (f->err_msg)
        return;
    if (n > f->limit - f->size) {
        fail(f, f->at, "formatted text would be too large");
        return;
    }
    f->size += n;
    if (f->out)
        buf_put(f->out, s, n);
}

static void emit_spaces(struct fmt *f, size_t n)
{
    static const char sp[] = "                                                                ";
    while (n > 0) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        emit(f, sp, k);
        n -= k;
    }
}

static void end_line(struct fmt *f)
{
    emit(f, "\n", 1);
    f->line_open = 0;
    f->must_break = 0;
    f->prev_line = f->line_kind;
}

/* Starts an output line at the current depth, after at most one blank line
 * (none at the start of the file, after a '{' line or before a '}'). */
static void start_line(struct fmt *f, int is_close)
{
    if (f->blank && f->prev_line != K_NONE && f->prev_line != K_OPEN && !is_close)
        emit(f, "\n", 1);
    f->blank = 0;
    emit_spaces(f, f->depth * 4);
    f->line_open = 1;
    f->line_kind = K_COMMENT;
}

/* A code token: a word, number, string, '=', '+', ',' or '{'. */
static void code_token(struct fmt *f, enum kind k, const char *s, size_t n)
{
    if (f->must_break)
        end_line(f);
    if (!f->line_open)
        start_line(f, 0);
    else if (k != K_COMMA)
        emit(f, " ", 1);
    emit(f, s, n);
    f->line_kind = k;
}

static void open_brace(struct fmt *f, size_t i)
{
    if (f->depth >= FMT_MAX_DEPTH) {
        fail(f, i, "blocks nested too deeply");
        return;
    }
    code_token(f, K_OPEN, "{", 1);
    if (f->depth == 0)
        f->outer_open = i;
    f->depth++;
    f->must_break = 1;
}

static void close_brace(struct fmt *f, size_t i)
{
    if (f->depth == 0) {
        fail(f, i, "'}' with no matching '{'");
        return;
    }
    f->depth--;
    if (f->line_open)
        end_line(f);
    start_line(f, 1);
    emit(f, "}", 1);
    f->line_kind = K_CLOSE;
    f->must_break = 1;
}

/* s[0..n) is a whole comment from its '#', trailing blanks already cut. */
static void comment(struct fmt *f, const char *s, size_t n)
{
    if (f->line_open) {
        emit(f, "  ", 2);
    } else {
        start_line(f, 0);
    }
    emit(f, s, n);
}

static void newline(struct fmt *f)
{
    if (f->line_open)
        end_line(f);
    else
        f->blank = 1;
}

/* Length of the strict UTF-8 sequence at s (RFC 3629), 0 when bad. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t k;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        k = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        k = 3;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        k = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else
        return 0;
    if (n < k)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t j = 2; j < k; j++)
        if (s[j] < 0x80 || s[j] > 0xbf)
            return 0;
    return k;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/* Bytes that end a run of word characters. */
static int ends_word(unsigned char c)
{
    switch (c) {
    case ' ': case '\t': case '\r': case '\n': case '#': case '"':
    case '{': case '}': case ',': case '=': case '+':
        return 1;
    default:
        return is_control(c);
    }
}

/* Scans the string whose '"' is at i; returns the offset just past it, or 0
 * after an error. */
static size_t scan_string(struct fmt *f, size_t i)
{
    const char *s = f->src;
    size_t j = i + 1;
    for (;;) {
        if (j >= f->len || s[j] == '\n') {
            fail(f, i, "unterminated string");
            return 0;
        }
        if (s[j] == '\0') {
            fail(f, j, "NUL byte");
            return 0;
        }
        if (s[j] == '"')
            return j + 1;
        if (s[j] == '\\') {
            if (j + 1 >= f->len) {
                fail(f, i, "unterminated string");
                return 0;
            }
            if (s[j + 1] == '\0') {
                fail(f, j + 1, "NUL byte");
                return 0;
            }
            j += 2;
            continue;
        }
        j++;
    }
}

static int is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The length of the scanner's token at u[0] (ASCII), as lexer.l reads it:
 * a name, a number (with its '%', or with junk letters glued on, or with a
 * bare '.'), or one stray character.  *percent tells a number with '%'. */
static size_t lexeme(const unsigned char *u, size_t n, int *percent)
{
    size_t k = 1;
    *percent = 0;
    if (!is_digit(u[0])) {
        if (is_word_char(u[0]))
            while (k < n && is_word_char(u[k]))
                k++;
        return k;
    }
    while (k < n && is_digit(u[k]))
        k++;
    if (k < n && u[k] == '.') {
        if (k + 1 >= n || !is_digit(u[k + 1]))
            return k + 1; /* "2." */
        k += 2;
        while (k < n && is_digit(u[k]))
            k++;
    }
    if (k < n && u[k] == '%') {
        *percent = 1;
        return k + 1;
    }
    while (k < n && is_word_char(u[k])) /* "2.0CEU" stays one token */
        k++;
    return k;
}

/* Scans a run of word bytes at i, a token of the layout: it ends where the
 * run does, or after a number with '%' when a name or number follows at
 * once ("10%assumed" is two tokens to the scanner; "2CEU" is one).  Stray
 * characters stay glued to their neighbours.  Returns the offset just past
 * it, or 0 after an error. */
static size_t scan_word(struct fmt *f, size_t i)
{
    const unsigned char *u = (const unsigned char *)f->src;
    size_t j = i;
    while (j < f->len && !ends_word(u[j])) {
        if (u[j] >= 0x80) {
            size_t k = utf8_seq(u + j, f->len - j);
            if (k == 0) {
                fail(f, j, "invalid UTF-8 outside a string or comment");
                return 0;
            }
            j += k;
            continue;
        }
        int percent;
        j += lexeme(u + j, f->len - j, &percent);
        if (percent && j < f->len && is_word_char(u[j]))
            break;
    }
    return j;
}

static void run(struct fmt *f)
{
    const char *s = f->src;
    size_t i = 0;
    while (i < f->len && !f->err_msg) {
        unsigned char c = (unsigned char)s[i];
        f->at = i;
        switch (c) {
        case '\n':
            newline(f);
            i++;
            break;
        case ' ': case '\t': case '\r':
            i++;
            break;
        case '#': {
            const char *nl = memchr(s + i, '\n', f->len - i);
            size_t end = nl ? (size_t)(nl - s) : f->len;
            const char *nul = memchr(s + i, '\0', end - i);
            if (nul) {
                fail(f, (size_t)(nul - s), "NUL byte");
                break;
            }
            size_t cut = end;
            while (cut > i && (is_blank((unsigned char)s[cut - 1]) || s[cut - 1] == '\f' ||
                               s[cut - 1] == '\v'))
                cut--;
            comment(f, s + i, cut - i);
            i = end;
            break;
        }
        case '"': {
            size_t j = scan_string(f, i);
            if (j)
                code_token(f, K_WORD, s + i, j - i);
            i = j;
            break;
        }
        case '{':
            open_brace(f, i);
            i++;
            break;
        case '}':
            close_brace(f, i);
            i++;
            break;
        case ',':
            code_token(f, K_COMMA, ",", 1);
            i++;
            break;
        case '=': case '+':
            code_token(f, K_WORD, s + i, 1);
            i++;
            break;
        default:
            if (c == '\0') {
                fail(f, i, "NUL byte");
            } else if (is_control(c)) {
                fail(f, i, "control character outside a string or comment");
            } else {
                size_t j = scan_word(f, i);
                if (j)
                    code_token(f, K_WORD, s + i, j - i);
                i = j;
            }
            break;
        }
    }
    if (f->err_msg)
        return;
    f->at = f->len;
    if (f->line_open)
        end_line(f);
    if (f->depth > 0)
        fail(f, f->outer_open, "'{' is never closed");
}

static void init(struct fmt *f, const char *src, size_t len, struct polc_buf *out,
                 size_t limit)
{
    memset(f, 0, sizeof *f);
    f->src = src;
    f->len = len;
    f->out = out;
    f->limit = limit;
    f->line_kind = K_COMMENT;
    f->prev_line = K_NONE;
}

int fmt_text(const char *src, size_t len, struct polc_buf *out, size_t *err_off,
             const char **err_msg)
{
    struct fmt f, w;
    if (!src)
        len = 0;
    size_t limit = len > ((size_t)-1 - FMT_GROWTH_SLACK) / FMT_MAX_GROWTH
                       ? (size_t)-1
                       : len * FMT_MAX_GROWTH + FMT_GROWTH_SLACK;

    /* Pass 1 only counts: it finds every error, and the exact size, before
     * anything is written. */
    init(&f, src, len, NULL, limit);
    run(&f);
    if (!f.err_msg && out->failed)
        fail(&f, 0, "out of memory");
    if (!f.err_msg) {
        size_t start = out->len;
        init(&w, src, len, out, f.size);
        run(&w);
        if (w.err_msg || w.size != f.size || out->failed) {
            if (out->len > start)
                out->len = start;
            fail(&f, 0, "out of memory");
        }
    }
    if (f.err_msg) {
        if (err_off)
            *err_off = f.err_off;
        if (err_msg)
            *err_msg = f.err_msg;
        return -1;
    }
    return 0;
}
