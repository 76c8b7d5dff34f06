/* timeit.c - runs a command REPS times and reports its best run.
 *
 *   timeit REPS OUT.tsv COMMAND [ARG...]
 *
 * The command inherits timeit's standard input, output and error.  Before
 * each run standard input is rewound and standard output emptied when they
 * are regular files, so `< in > out` gives every repetition the same input
 * and leaves the output of one run.  After the runs one line is appended to
 * OUT.tsv:
 *
 *   wall_s  cpu_s  user_s  sys_s  maxrss_kib  exit_status  others
 *
 * cpu_s (user + sys, from wait4: the command and what it waited for) is
 * that of the run with the least CPU time, wall_s and others of that same
 * run.  CPU time is what the harness compares: on a machine shared with
 * other work it moves far less than wall time.  `others` is how many cores
 * the rest of the machine kept busy during that run, on average (/proc/stat:
 * all busy time less the command's own, over its wall time; -1 when
 * /proc/stat cannot be read): near 0 on a quiet machine.  maxrss_kib is the
 * median of the runs' max RSS: at 2 MiB one run's figure moves by some 10%
 * whatever the input (shared-library pages mapped around faults), the
 * median of a few runs far less.  Exit status: the command's (of its last
 * run), or 2.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double tv(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Busy seconds of all CPUs so far, from /proc/stat; -1 if unknown. */
static double machine_busy(void)
{
    FILE *f = fopen("/proc/stat", "r");
    unsigned long long v[8] = {0};
    int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                       &v[3], &v[4], &v[5], &v[6], &v[7])
              : 0;
    if (f)
        fclose(f);
    if (n < 5)
        return -1;
    unsigned long long busy = 0;
    for (int i = 0; i < n; i++)
        if (i != 3 && i != 4) /* not idle, not iowait */
            busy += v[i];
    return (double)busy / (double)sysconf(_SC_CLK_TCK);
}

int main(int argc, char **argv)
{
    enum { MAX_REPS = 99 };
    if (argc < 4) {
        fputs("usage: timeit REPS OUT.tsv COMMAND [ARG...]\n", stderr);
        return 2;
    }
    int reps = atoi(argv[1]);
    if (reps < 1)
        reps = 1;
    if (reps > MAX_REPS)
        reps = MAX_REPS;
    struct stat st;
    int rewind_in = fstat(0, &st) == 0 && S_ISREG(st.st_mode);
    int empty_out = fstat(1, &st) == 0 && S_ISREG(st.st_mode);
    double best_cpu = -1, best_wall = 0, best_user = 0, best_sys = 0, best_others = -1;
    long rss[MAX_REPS];
    int code = 2;
    for (int i = 0; i < reps; i++) {
        if (rewind_in && lseek(0, 0, SEEK_SET) != 0) {
            perror("timeit: rewinding standard input");
            return 2;
        }
        if (empty_out && (ftruncate(1, 0) != 0 || lseek(1, 0, SEEK_SET) != 0)) {
            perror("timeit: emptying standard output");
            return 2;
        }
        double busy0 = machine_busy(), t0 = now();
        pid_t pid = fork();
        if (pid < 0) {
            perror("timeit: fork");
            return 2;
        }
        if (pid == 0) {
            execvp(argv[3], argv + 3);
            fprintf(stderr, "timeit: %s: %s\n", argv[3], strerror(errno));
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) != pid) {
            perror("timeit: wait4");
            return 2;
        }
        double wall = now() - t0, busy1 = machine_busy();
        double user = tv(ru.ru_utime), sys = tv(ru.ru_stime);
        code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        rss[i] = ru.ru_maxrss;
        if (best_cpu < 0 || user + sys < best_cpu) {
            best_cpu = user + sys;
            best_wall = wall;
            best_user = user;
            best_sys = sys;
            best_others = -1;
            if (busy0 >= 0 && busy1 >= 0 && wall > 0) {
                best_others = (busy1 - busy0 - (user + sys)) / wall;
                if (best_others < 0)
                    best_others = 0;
            }
        }
    }
    for (int i = 1; i < reps; i++) /* a few runs: insertion sort */
        for (int j = i; j > 0 && rss[j - 1] > rss[j]; j--) {
            long t = rss[j];
            rss[j] = rss[j - 1];
            rss[j - 1] = t;
        }
    FILE *out = fopen(argv[2], "a");
    if (!out) {
        perror(argv[2]);
        return 2;
    }
    fprintf(out, "%.4f\t%.4f\t%.4f\t%.4f\t%ld\t%d\t%.2f\n", best_wall, best_cpu, best_user,
            best_sys, rss[reps / 2], code, best_others);
    if (fclose(out) != 0) {
        perror(argv[2]);
        return 2;
    }
    return code;
}
