/* project.c - `polc eval` decisions, cut down to the fields the peers
 * compute (bench/peers/README.md), one tab-separated line per decision:
 *
 *   id  expires  window  status  required  earned  missing  cpr_aed  fees  fee_total
 *
 * fees: name=amount joined by commas, "xN" after a fee line's count and
 * "@CODE" after its credential, "-" for none.  A bad line's error object
 * gives "error<TAB>LINE".  Reads standard input, writes standard output.
 *
 * The decision's keys come in the fixed order of records.md, so each field
 * is found by scanning forward for its key; ids are copied as they are
 * written (the generated records' ids need no escapes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *line_no;

static void fail(const char *what)
{
    fprintf(stderr, "project: %s missing in: %.200s\n", what, line_no);
    exit(1);
}

/* After key `k` (text like "\"status\":") at or after *at: the value's text
 * (a quoted string without its quotes, or a bare word), *at moved past it. */
static const char *value(const char **at, const char *k, size_t *len)
{
    const char *p = strstr(*at, k);
    if (!p)
        fail(k);
    p += strlen(k);
    const char *e;
    if (*p == '"') {
        p++;
        e = strchr(p, '"');
    } else {
        e = p + strcspn(p, ",}]");
    }
    if (!e)
        fail(k);
    *len = (size_t)(e - p);
    *at = e;
    return p;
}

static void put(const char *s, size_t n, char sep)
{
    fwrite(s, 1, n, stdout);
    putchar(sep);
}

static void field(const char **at, const char *k, char sep)
{
    size_t n;
    const char *v = value(at, k, &n);
    put(v, n, sep);
}

int main(void)
{
    static char buf[1 << 20];
    while (fgets(buf, sizeof buf, stdin)) {
        const char *at = buf;
        size_t n;
        line_no = buf;
        if (strncmp(buf, "{\"line\":", 8) == 0) {
            const char *v = value(&at, "{\"line\":", &n);
            fputs("error\t", stdout);
            put(v, n, '\n');
            continue;
        }
        field(&at, "{\"id\":", '\t');
        field(&at, "\"expires\":", '\t');
        field(&at, "\"window\":", '\t');
        field(&at, "\"status\":", '\t');
        field(&at, "\"required\":", '\t');
        field(&at, "\"earned\":", '\t');
        field(&at, "\"missing\":", '\t');
        field(&at, "\"cpr_aed\":", '\t');
        const char *fees = strstr(at, "\"fees\":[");
        if (!fees)
            fail("fees");
        fees += 8;
        const char *end = strchr(fees, ']');
        if (!end)
            fail("fees");
        int lines = 0;
        while (fees < end && *fees == '{') {
            const char *close = strchr(fees, '}');
            const char *f = fees;
            if (lines++)
                putchar(',');
            const char *v = value(&f, "\"name\":", &n);
            fwrite(v, 1, n, stdout);
            putchar('=');
            v = value(&f, "\"amount\":", &n);
            fwrite(v, 1, n, stdout);
            if (*f == '"')
                f++;
            if (strncmp(f, ",\"count\":", 9) == 0) {
                v = value(&f, ",\"count\":", &n);
                putchar('x');
                fwrite(v, 1, n, stdout);
            } else if (strncmp(f, ",\"credential\":", 14) == 0) {
                v = value(&f, ",\"credential\":", &n);
                putchar('@');
                fwrite(v, 1, n, stdout);
            }
            fees = close + 1;
            if (*fees == ',')
                fees++;
        }
        if (!lines)
            putchar('-');
        putchar('\t');
        at = end;
        field(&at, "\"fee_total\":", '\n');
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("project");
        return 1;
    }
    return 0;
}
