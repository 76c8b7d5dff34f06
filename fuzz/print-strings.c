/* print-strings.c - prints one string of a compiled policy's tables, byte
 * for byte, so a test can compare it with what the .pol file said
 * (tests/suites/hostile.sh).  Build with -DPOLICY=polc_policy_NAME and the
 * generated OUT.c.
 *   print-strings title|body|currency            the policy's own
 *   print-strings cite|credential|provider|param N
 *   print-strings count                          "CITES CREDENTIALS"
 * Exit 2 when there is no such string. */
#include <polc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef POLICY
#error "compile with -DPOLICY=polc_policy_NAME"
#endif
extern const struct polc_policy POLICY;

int main(int argc, char **argv)
{
    const struct polc_policy *p = &POLICY;
    const char *what = argc > 1 ? argv[1] : "", *s = NULL;
    long i = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
    if (polc_check_table(p, NULL, 0) != 0)
        return 2;
    if (strcmp(what, "count") == 0) {
        printf("%d %d\n", (int)p->n_cites, (int)p->n_credentials);
        return 0;
    }
    if (strcmp(what, "title") == 0)
        s = p->title;
    else if (strcmp(what, "body") == 0)
        s = p->body;
    else if (strcmp(what, "currency") == 0)
        s = p->currency;
    else if (strcmp(what, "cite") == 0 && i >= 0 && i < p->n_cites)
        s = p->cites[i].text;
    else if (strcmp(what, "credential") == 0 && i >= 0 && i < p->n_credentials)
        s = p->credentials[i].title;
    else if (strcmp(what, "provider") == 0 && i >= 0 && i < p->courses.n_providers)
        s = p->courses.providers[i];
    else if (strcmp(what, "param") == 0 && i >= 0 && i < p->n_params)
        s = p->params[i].note;
    if (!s)
        return 2;
    fwrite(s, 1, strlen(s), stdout);
    return ferror(stdout) ? 2 : 0;
}
