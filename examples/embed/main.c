/* An application embedding a policy compiled by `polc build`.
 *
 *   polc build policies/nasm-cpt.pol -o nasm-cpt.c
 *   cc -std=c11 -DPOLICY=polc_policy_nasm_cpt -I. -Iruntime main.c nasm-cpt.c \
 *      libpolcrt.a -lpthread -o embed
 *   ./embed [--as-of YYYY-MM-DD] < records.jsonl > decisions.jsonl
 *
 * The decisions are byte for byte those of `polc eval` on the same records.
 */
#include <polc.h>

#include <stdio.h>
#include <string.h>

#ifndef POLICY
#error "compile with -DPOLICY=polc_policy_NAME (the symbol in the generated header)"
#endif

extern const struct polc_policy POLICY;

int main(int argc, char **argv)
{
    char err[256];
    if (polc_check_table(&POLICY, err, sizeof err) != 0) {
        fprintf(stderr, "embed: %s\n", err);
        return 2;
    }
    polc_date as_of = 0;
    int has_as_of = 0;
    if (argc == 3 && strcmp(argv[1], "--as-of") == 0) {
        if (polc_date_parse(argv[2], strlen(argv[2]), &as_of) != 0) {
            fprintf(stderr, "embed: --as-of wants YYYY-MM-DD\n");
            return 2;
        }
        has_as_of = 1;
    } else if (argc != 1) {
        fprintf(stderr, "usage: embed [--as-of YYYY-MM-DD] < records.jsonl\n");
        return 2;
    }
    struct polc_stats st;
    return polc_run(&POLICY, stdin, stdout, has_as_of, as_of, &st);
}
