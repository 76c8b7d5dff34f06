/* The make test project: decisions for the JSON Lines records on stdin. */
#include "nasm-cpt.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    polc_date as_of = 0;
    int has_as_of = argc == 3 && strcmp(argv[1], "--as-of") == 0;
    if ((argc != 1 && !has_as_of) ||
        (has_as_of && polc_date_parse(argv[2], strlen(argv[2]), &as_of) != 0)) {
        fprintf(stderr, "usage: demo [--as-of YYYY-MM-DD] < records.jsonl\n");
        return 2;
    }
    struct polc_stats st;
    return polc_run(&polc_policy_nasm_cpt, stdin, stdout, has_as_of, as_of, &st);
}
