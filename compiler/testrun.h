/* testrun.h - `polc test`: cases written next to a policy. */
#ifndef POLC_TESTRUN_H
#define POLC_TESTRUN_H
#include <stdio.h>

struct test_options {
    const char *junit;     /* write JUnit XML here, or NULL */
    int verbose;           /* list passing cases too */
};

/* Runs the cases in each path (a .test file, or a folder searched for .test
 * files and conformance suites).  Prints failures and "N passed, N failed".
 * Returns 0 when all passed, 1 when some failed, 2 on misuse or I/O. */
int test_run(const char *const *paths, int n, const struct test_options *o);
#endif
