#!/bin/sh
# bench/run.sh - the performance harness (issue 11; docs/performance.md).
#
#   sh bench/run.sh BUILD N [WORK]           the benchmark: N records a policy
#   sh bench/run.sh --smoke BUILD N [WORK]   the checks only, no figures kept
#
# BUILD is the build directory (build/polc, build/libpolcrt.a); WORK holds
# the tools, records and outputs (default BUILD/bench, or BUILD/bench-smoke).
# The benchmark writes its table to $RESULTS (default bench/results.md when
# N is 1000000, else WORK/results.md) and prints it.  Both modes check that
# the hand-written NASM evaluator, the embedded example and every peer (SQL,
# Python, Node.js) agree with `polc eval` on every record, and end with
# "N passed, N failed"; the exit status is non-zero when a check failed.
#
# Environment: CC (cc), CFLAGS (-O2 -g), BENCH_CPU (1: the core one-core runs
# are pinned to), PYTHON (/usr/bin/python3, Debian's), NODE (node), SQLITE
# (sqlite3), AS_OF (2025-06-30, for records without applied_on: they all
# have one), SEED (1).
set -u
SMOKE=0
if [ "${1:-}" = "--smoke" ]; then
    SMOKE=1
    shift
fi
B=${1:?usage: bench/run.sh [--smoke] BUILD N [WORK]}
N=${2:?usage: bench/run.sh [--smoke] BUILD N [WORK]}
if [ "$SMOKE" = 1 ]; then W=${3:-$B/bench-smoke}; else W=${3:-$B/bench}; fi
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
CPU=${BENCH_CPU:-1}
AS_OF=${AS_OF:-2025-06-30}
SEED=${SEED:-1}
if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
NODE=${NODE:-node}
SQLITE=${SQLITE:-sqlite3}
if [ -z "${RESULTS:-}" ]; then
    if [ "$SMOKE" = 0 ] && [ "$N" = 1000000 ]; then RESULTS=bench/results.md; else RESULTS=$W/results.md; fi
fi
POLC=$B/polc
LOAD0=$(cut -d ' ' -f 1-3 /proc/loadavg 2> /dev/null)
STD="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Werror"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
note() { [ "$SMOKE" = 1 ] || echo "bench: $*" >&2; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

for f in "$POLC" "$B/libpolcrt.a"; do
    [ -e "$f" ] || { bad "$f missing: run make first"; finish; }
done
rm -rf "$W"
mkdir -p "$W/bin" "$W/t" "$W/out" "$W/pol"
BIN=$W/bin

# ---- tools ------------------------------------------------------------------
# The generator of examples/ with its deliberately bad lines turned off: the
# records are the same, record for record, minus the faults.
sed 's/^#define BAD_PER_MILLE 12$/#define BAD_PER_MILLE 0/' examples/gen-records.c > "$BIN/gen-clean.c"
if ! grep -q '^#define BAD_PER_MILLE 0$' "$BIN/gen-clean.c"; then
    bad "examples/gen-records.c no longer has '#define BAD_PER_MILLE 12': update bench/run.sh"
    finish
fi
build_tool() { # name sources...
    name=$1
    shift
    # shellcheck disable=SC2086
    if $CC $STD $CFLAGS -Iruntime -I"$BIN" -o "$BIN/$name" "$@" 2> "$BIN/$name.log"; then
        return 0
    fi
    bad "building $name"
    cat "$BIN/$name.log"
    return 1
}
"$POLC" build policies/nasm-cpt.pol -o "$BIN/nasm-cpt.c" && "$POLC" build policies/acsm.pol -o "$BIN/acsm.c" \
    || { bad "polc build of the seed policies"; finish; }
build_tool gen-clean "$BIN/gen-clean.c" &&
    build_tool timeit bench/timeit.c &&
    build_tool project bench/project.c &&
    build_tool parsebench bench/parsebench.c runtime/json.c runtime/utf8.c runtime/grow.c -lyajl &&
    build_tool evalbench bench/evalbench.c bench/nasm_direct.c "$BIN/nasm-cpt.c" "$BIN/acsm.c" \
        "$B/libpolcrt.a" -lyajl &&
    build_tool embed-nasm -DPOLICY=polc_policy_nasm_cpt examples/embed/main.c "$BIN/nasm-cpt.c" \
        "$B/libpolcrt.a" -lyajl &&
    build_tool embed-acsm -DPOLICY=polc_policy_acsm examples/embed/main.c "$BIN/acsm.c" \
        "$B/libpolcrt.a" -lyajl || finish
ok "bench tools build"

have() { command -v "$1" > /dev/null 2>&1; }
TASKSET=""
if have taskset; then TASKSET="taskset -c $CPU"; fi
PEERS=""
for t in "$SQLITE" "$PYTHON" "$NODE"; do
    if have "$t"; then PEERS="$PEERS $t"; else bad "$t not installed (make bench-deps installs it)"; fi
done

# ---- timing helpers -----------------------------------------------------------
# timed REPS LABEL COMMAND...: best of REPS runs into $W/t/LABEL.tsv
# (wall cpu user sys maxrss_kib status), the command's status returned.
timed() {
    t_reps=$1
    t_label=$2
    shift 2
    "$BIN/timeit" "$t_reps" "$W/t/$t_label.tsv" "$@"
}
col() { # label column (1 wall, 2 cpu, 3 user, 4 sys, 5 maxrss KiB, 6 status, 7 other load)
    [ -f "$W/t/$1.tsv" ] && tail -n 1 "$W/t/$1.tsv" | cut -f "$2" || echo 0
}
calc() { awk "BEGIN { x = $1; printf \"%${2:-.0f}\", x }"; }
mb() { calc "$1 / 1048576" .1f; }

# Best of REPS (of BEST_REPS for the figures the ratio targets rest on).
if [ "$SMOKE" = 1 ]; then REPS=1; BEST_REPS=1; EVAL_REPS=1; else REPS=2; BEST_REPS=3; EVAL_REPS=5; fi
N10=$((N / 10))
[ "$N10" -ge 1 ] || N10=1

# ---- records ------------------------------------------------------------------
note "generating $N records per policy (seed $SEED)"
NASM=$W/nasm.jsonl
ACSM=$W/acsm.jsonl
"$BIN/gen-clean" nasm "$N" "$SEED" > "$NASM" && "$BIN/gen-clean" acsm "$N" "$SEED" > "$ACSM" \
    || { bad "generating records"; finish; }
head -n "$N10" "$NASM" > "$W/nasm-tenth.jsonl"
NASM_BYTES=$(wc -c < "$NASM")
ACSM_BYTES=$(wc -c < "$ACSM")

# ---- (2) end to end, one core: polc eval and the embedded example ------------
note "end to end: polc eval, embed"
for p in nasm acsm; do
    pol=policies/nasm-cpt.pol
    [ "$p" = acsm ] && pol=policies/acsm.pol
    in=$W/$p.jsonl
    reps=$REPS
    [ "$p" = nasm ] && reps=$BEST_REPS
    # shellcheck disable=SC2086
    timed "$reps" "eval-$p" $TASKSET "$POLC" eval "$pol" "$in" --as-of "$AS_OF" > "$W/out/polc-$p.jsonl"
    rc=$?
    if [ "$rc" -eq 0 ]; then ok "polc eval $p: every line decided"; else bad "polc eval $p exit $rc"; fi
    # shellcheck disable=SC2086
    timed "$reps" "embed-$p" $TASKSET "$BIN/embed-$p" --as-of "$AS_OF" < "$in" > "$W/out/embed-$p.jsonl"
    if cmp -s "$W/out/polc-$p.jsonl" "$W/out/embed-$p.jsonl"; then
        ok "embed $p: byte-identical to polc eval"
    else
        bad "embed $p differs from polc eval"
    fi
    rm -f "$W/out/embed-$p.jsonl"
done
# Max RSS: the median of five runs at N/10 (of BEST_REPS at N, above).
# shellcheck disable=SC2086
timed 5 eval-nasm-tenth $TASKSET "$POLC" eval policies/nasm-cpt.pol "$W/nasm-tenth.jsonl" \
    --as-of "$AS_OF" > /dev/null

# ---- (1) evaluation only ---------------------------------------------------------
note "evaluation only (records in memory)"
for p in nasm acsm; do
    # shellcheck disable=SC2086
    if timed 1 "evalbench-$p" $TASKSET "$BIN/evalbench" "$p" "$W/$p.jsonl" "$AS_OF" "$EVAL_REPS" \
        > "$W/t/evalbench-$p.out"; then
        ok "evalbench $p"
    else
        bad "evalbench $p"
    fi
done
mism=$(awk -F'\t' '$1 == "check" { print $4 }' "$W/t/evalbench-nasm.out")
if [ "${mism:-x}" = 0 ]; then
    ok "nasm_direct equals polc_eval on all $N records (every field, and as JSON)"
else
    bad "nasm_direct differs from polc_eval on ${mism:-?} records"
fi
ev() { # policy what column: from evalbench's output
    awk -F'\t' -v p="$1" -v w="$2" -v c="$3" '$1 == w && $2 == p { print $c; exit }' \
        "$W/t/evalbench-$1.out"
}
evx() { # policy polc|direct column
    awk -F'\t' -v p="$1" -v w="$2" -v c="$3" '$1 == "eval" && $2 == p && $3 == w { print $c; exit }' \
        "$W/t/evalbench-$1.out"
}

# ---- (3) the parse bound -------------------------------------------------------
note "parse bound (runtime/json.c, and yajl)"
for p in nasm acsm; do
    reps=$REPS
    [ "$p" = nasm ] && reps=$BEST_REPS
    # shellcheck disable=SC2086
    timed "$reps" "parse-$p" $TASKSET "$BIN/parsebench" "$W/$p.jsonl" > "$W/t/parse-$p.out" ||
        bad "parsebench $p: bad lines"
    lines=$(cut -f 2 "$W/t/parse-$p.out")
    [ "$lines" = "$N" ] && ok "parse bound $p read $N lines" || bad "parse bound $p read $lines lines"
    # shellcheck disable=SC2086
    timed "$reps" "parse-yajl-$p" $TASKSET "$BIN/parsebench" --yajl "$W/$p.jsonl" > "$W/t/parse-yajl-$p.out" ||
        bad "parsebench --yajl $p: bad lines"
    lines=$(cut -f 2 "$W/t/parse-yajl-$p.out")
    [ "$lines" = "$N" ] && ok "yajl parse $p read $N lines" || bad "yajl parse $p read $lines lines"
done

# ---- (4) peers -----------------------------------------------------------------
note "peers: $PEERS"
"$BIN/project" < "$W/out/polc-nasm.jsonl" > "$W/out/polc-nasm.tsv" || bad "project polc output"
sed -e "s#@RECORDS@#$NASM#" -e "s#@AS_OF@#$AS_OF#" bench/peers/nasm.sql > "$W/nasm.sql"
run_peer() { # name command...  (standard input: the NASM records)
    peer=$1
    shift
    # shellcheck disable=SC2086
    timed 1 "peer-$peer" $TASKSET "$@" > "$W/out/$peer.tsv"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        bad "peer $peer exit $rc"
    elif cmp -s "$W/out/polc-nasm.tsv" "$W/out/$peer.tsv"; then
        ok "peer $peer: status, window, units, card, fees equal ours on all $N records"
    else
        bad "peer $peer differs from polc eval:"
        diff "$W/out/polc-nasm.tsv" "$W/out/$peer.tsv" | head -n 6
    fi
}
have "$SQLITE" && run_peer sqlite "$SQLITE" -init /dev/null -batch < "$W/nasm.sql"
have "$PYTHON" && run_peer python "$PYTHON" bench/peers/nasm.py "$AS_OF" < "$NASM"
have "$NODE" && run_peer node "$NODE" bench/peers/nasm.js "$AS_OF" < "$NASM"

# ---- (6) polc build and the C compiler on large policies -----------------------
note "polc build and cc on generated policies"
for k in 10 100 1000; do
    [ "$SMOKE" = 1 ] && [ "$k" != 10 ] && continue
    sh bench/genpol.sh "$k" > "$W/pol/gen-$k.pol"
    if timed 5 "build-$k" "$POLC" build "$W/pol/gen-$k.pol" -o "$W/pol/gen-$k.c" 2> "$W/pol/gen-$k.log"; then
        ok "polc build, $k credentials"
    else
        bad "polc build, $k credentials"
        cat "$W/pol/gen-$k.log"
    fi
    # shellcheck disable=SC2086
    if timed 1 "cc-$k" $CC $STD -O2 -Iruntime -c "$W/pol/gen-$k.c" -o "$W/pol/gen-$k.o" 2> "$W/pol/gen-$k.cc.log" &&
        [ ! -s "$W/pol/gen-$k.cc.log" ]; then
        ok "generated C for $k credentials compiles warning-free"
    else
        bad "generated C for $k credentials: warnings or errors"
        head -n 5 "$W/pol/gen-$k.cc.log"
    fi
done

# ---- (7) two workers ----------------------------------------------------------
note "two workers"
if "$POLC" eval --jobs 1 policies/nasm-cpt.pol /dev/null > /dev/null 2>&1; then
    JOBS=1
    for j in 1 2; do
        cpus=$CPU
        [ "$j" = 2 ] && cpus=0,1
        timed "$REPS" "jobs-$j" taskset -c "$cpus" "$POLC" eval --jobs "$j" policies/nasm-cpt.pol "$NASM" \
            --as-of "$AS_OF" > "$W/out/jobs-$j.jsonl"
        if cmp -s "$W/out/polc-nasm.jsonl" "$W/out/jobs-$j.jsonl"; then
            ok "--jobs $j: byte-identical to one worker, in input order"
        else
            bad "--jobs $j output differs from one worker"
        fi
    done
else
    # What exists: the file cut in two at a line boundary, two processes, the
    # outputs concatenated (right only without bad lines: line numbers restart).
    JOBS=0
    split -n l/2 -d "$NASM" "$W/half-"
    timed "$REPS" jobs-split split -n l/2 -d "$NASM" "$W/half-"
    cat > "$W/two.sh" <<EOF
taskset -c 0 "$POLC" eval policies/nasm-cpt.pol "$W/half-00" --as-of $AS_OF > "$W/out/half-00.jsonl" &
taskset -c 1 "$POLC" eval policies/nasm-cpt.pol "$W/half-01" --as-of $AS_OF > "$W/out/half-01.jsonl"
wait
EOF
    timed "$REPS" jobs-2proc sh "$W/two.sh"
    timed "$REPS" jobs-1proc taskset -c 0,1 "$POLC" eval policies/nasm-cpt.pol "$NASM" --as-of "$AS_OF" \
        > /dev/null
    if cat "$W/out/half-00.jsonl" "$W/out/half-01.jsonl" | cmp -s - "$W/out/polc-nasm.jsonl"; then
        ok "two processes on two halves, concatenated: byte-identical to one"
    else
        bad "two processes on two halves differ from one"
    fi
    rm -f "$W/half-00" "$W/half-01" "$W/out/half-00.jsonl" "$W/out/half-01.jsonl"
fi

if [ "$SMOKE" = 1 ]; then
    finish
fi

# ---- the table -------------------------------------------------------------------
note "writing $RESULTS"
rate() { calc "$1 / $2"; }         # records, seconds
mbs() { calc "$1 / 1048576 / $2" .0f; }
verdict() { # condition-as-awk-expression
    if awk "BEGIN { exit !($1) }"; then echo met; else echo "**missed**"; fi
}
row() { # label records cpu wall bytes [rss_kib [others]]
    r=$(rate "$2" "$3")
    m=$(mbs "$5" "$3")
    rss="-"
    [ -n "${6:-}" ] && [ "${6:-}" != "-" ] && rss=$(calc "$6 / 1024" .1f)
    printf '| %s | %s | %.2f | %.2f | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$r" "$m" "$rss" "${7:--}"
}
trow() { # label timed-label bytes: a row from timeit's figures
    row "$1" "$N" "$(col "$2" 2)" "$(col "$2" 1)" "$3" "$(col "$2" 5)" "$(col "$2" 7)"
}
t_eval_polc_nasm=$(evx nasm polc 5)
t_eval_direct=$(evx nasm direct 5)
t_eval_polc_acsm=$(evx acsm polc 5)
t_e2e=$(col eval-nasm 2)
t_parse=$(col parse-nasm 2)
t_sql=$(col peer-sqlite 2)
t_py=$(col peer-python 2)
t_node=$(col peer-node 2)
r_e2e=$(rate "$N" "$t_e2e")
r_parse=$(rate "$N" "$t_parse")
rss1=$(col eval-nasm 5)
rss10=$(col eval-nasm-tenth 5)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2> /dev/null)
{
    echo "# Benchmark results"
    echo
    echo "Written by \`make bench N=$N\` (\`sh bench/run.sh $B $N\`) on $(date -u +%Y-%m-%d) at $(date -u +%H:%M) UTC,"
    echo "polc at commit $(git rev-parse --short HEAD 2> /dev/null || echo unknown)$(git diff --quiet HEAD -- runtime compiler 2> /dev/null || echo ' (runtime or compiler modified)')."
    echo "What each figure means, how to reproduce it and what the misses are due to: \`docs/performance.md\`."
    echo
    echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores,"
    echo "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r),"
    echo "Debian $(cat /etc/debian_version 2> /dev/null), $($CC --version | head -n 1), yajl $(dpkg-query -W -f '${Version}' libyajl-dev 2> /dev/null),"
    echo "sqlite3 $($SQLITE --version | cut -d ' ' -f 1), $($PYTHON --version 2>&1), Node.js $($NODE --version)."
    echo "Load average at the start: $LOAD0; at the end: $load. Rates use CPU time (user + sys, best of"
    echo "several runs), which moves far less than wall time on a shared machine; \"others\" is how many"
    echo "cores the rest of the machine kept busy during the run (0 on a quiet machine, 2 at most)."
    echo "One-core runs pinned with \`taskset -c $CPU\`. Records: \`gen-records\` without bad lines, seed $SEED:"
    echo "NASM $(mb "$NASM_BYTES") MiB ($(calc "$NASM_BYTES / $N") B/record), ACSM $(mb "$ACSM_BYTES") MiB ($(calc "$ACSM_BYTES / $N") B/record)."
    echo
    echo "## Throughput, one core"
    echo
    echo "| what | records | CPU s | wall s | records/s | MB/s | max RSS MiB | others |"
    echo "|---|---|---|---|---|---|---|---|"
    eo=$(col evalbench-nasm 7)
    row "(1) polc_eval, NASM table, records in memory" "$N" "$t_eval_polc_nasm" "$(evx nasm polc 6)" "$NASM_BYTES" - "$eo"
    row "(1) nasm_direct (hand-written C), same records" "$N" "$t_eval_direct" "$(evx nasm direct 6)" "$NASM_BYTES" - "$eo"
    row "(1) polc_eval, ACSM table, records in memory" "$N" "$t_eval_polc_acsm" "$(evx acsm polc 6)" "$ACSM_BYTES" - "$(col evalbench-acsm 7)"
    row "the reader alone (polc_read_record), NASM" "$N" "$(ev nasm reader 4)" "$(ev nasm reader 5)" "$NASM_BYTES" - "$eo"
    row "the reader alone (polc_read_record), ACSM" "$N" "$(ev acsm reader 4)" "$(ev acsm reader 5)" "$ACSM_BYTES" - "$(col evalbench-acsm 7)"
    trow "(2) \`polc eval\` NASM, JSONL to JSONL" eval-nasm "$NASM_BYTES"
    trow "(2) \`polc eval\` ACSM, JSONL to JSONL" eval-acsm "$ACSM_BYTES"
    trow "(2) embedded example, NASM" embed-nasm "$NASM_BYTES"
    trow "(2) embedded example, ACSM" embed-acsm "$ACSM_BYTES"
    trow "(3) parse bound: runtime/json.c, every check of records.md's Lines, NASM" parse-nasm "$NASM_BYTES"
    trow "(3) parse bound, ACSM" parse-acsm "$ACSM_BYTES"
    trow "(3) yajl 2.1 + depth, dup keys, number copy (the runtime's parser before), NASM" parse-yajl-nasm "$NASM_BYTES"
    trow "(3) yajl, ACSM" parse-yajl-acsm "$ACSM_BYTES"
    trow "(4) SQLite JSON functions (\`sqlite3\`), NASM" peer-sqlite "$NASM_BYTES"
    trow "(4) Python \`json\` module, NASM" peer-python "$NASM_BYTES"
    trow "(4) Node.js \`JSON.parse\`, NASM" peer-node "$NASM_BYTES"
    echo
    echo "Every peer's output equals ours on every record, on every field it computes (id, expiry, window,"
    echo "status, required, earned, missing, CPR/AED, fee lines, fee total); \`nasm_direct\` equals \`polc_eval\`"
    echo "on every field of the decision and on the JSON it prints; the embedded example's output is"
    echo "byte-identical to \`polc eval\`'s."
    echo
    echo "## Memory, \`polc eval\` NASM"
    echo
    echo "| records | max RSS KiB |"
    echo "|---|---|"
    echo "| $N10 | $rss10 |"
    echo "| $N | $rss1 |"
    echo
    echo "## \`polc build\` and the C compiler, generated policies (\`bench/genpol.sh K\`)"
    echo
    echo "| credentials | .pol bytes | polc build ms (wall, best of 5) | .c bytes | cc -O2 ms (wall) | warnings |"
    echo "|---|---|---|---|---|---|"
    for k in 10 100 1000; do
        printf '| %s | %s | %s | %s | %s | %s |\n' "$k" "$(wc -c < "$W/pol/gen-$k.pol")" \
            "$(calc "$(col "build-$k" 1) * 1000" .1f)" "$(wc -c < "$W/pol/gen-$k.c")" \
            "$(calc "$(col "cc-$k" 1) * 1000" .0f)" "$(wc -l < "$W/pol/gen-$k.cc.log")"
    done
    echo
    echo "## Two workers, NASM"
    echo
    if [ "$JOBS" = 1 ]; then
        echo "\`polc eval --jobs N\`, output compared byte for byte with one worker's."
        echo
        echo "| workers | wall s | CPU s | speed-up (wall) | max RSS MiB | others |"
        echo "|---|---|---|---|---|---|"
        echo "| 1 (\`taskset -c $CPU\`) | $(col jobs-1 1) | $(col jobs-1 2) | 1.00 | $(calc "$(col jobs-1 5) / 1024" .1f) | $(col jobs-1 7) |"
        echo "| 2 (\`taskset -c 0,1\`) | $(col jobs-2 1) | $(col jobs-2 2) | $(calc "$(col jobs-1 1) / $(col jobs-2 1)" .2f) | $(calc "$(col jobs-2 5) / 1024" .1f) | $(col jobs-2 7) |"
    else
        echo "\`polc eval --jobs N\` does not exist in this build. What exists, measured instead: one \`polc eval\`"
        echo "on the whole file (free to run on both cores), against the file cut in two at a line boundary"
        echo "(\`split -n l/2\`) and two \`polc eval\` processes pinned one to each core, outputs concatenated"
        echo "(byte-identical here only because no line is bad: line numbers would restart)."
        echo
        echo "| run | wall s | CPU s | speed-up (wall) | others |"
        echo "|---|---|---|---|---|"
        echo "| 1 process | $(col jobs-1proc 1) | $(col jobs-1proc 2) | 1.00 | $(col jobs-1proc 7) |"
        echo "| 2 processes on two halves | $(col jobs-2proc 1) | $(col jobs-2proc 2) | $(calc "$(col jobs-1proc 1) / $(col jobs-2proc 1)" .2f) | $(col jobs-2proc 7) |"
        echo "| (cutting the file in two) | $(col jobs-split 1) | $(col jobs-split 2) | | |"
    fi
    echo
    echo "## Targets"
    echo
    echo "| target | figure | verdict |"
    echo "|---|---|---|"
    # Verdicts on the unrounded ratios; the table shows them rounded.
    v="$t_eval_polc_nasm / $t_eval_direct"
    echo "| evaluation only within 1.3x of hand-written C | polc_eval takes $(calc "$v" .2f)x nasm_direct's time | $(verdict "$v <= 1.3") |"
    v="$t_sql / $t_e2e"
    echo "| end to end >= 20x the SQLite query | $(calc "$v" .1f)x | $(verdict "$v >= 20") |"
    v="$t_py / $t_e2e"
    echo "| end to end >= 10x the Python script | $(calc "$v" .1f)x | $(verdict "$v >= 10") |"
    x=$(calc "$t_node / $t_e2e" .1f)
    echo "| (no target) end to end against the Node.js script | ${x}x | - |"
    v="$r_e2e / $r_parse"
    echo "| end to end >= half the parse bound's records/s | $r_e2e against $r_parse records/s: $(calc "$v" .3f) | $(verdict "$v >= 0.5") |"
    x=$(calc "$(col parse-yajl-nasm 2) / $t_e2e" .2f)
    echo "| (no target) end to end against yajl merely parsing the file | ${x}x | - |"
    if [ "$JOBS" = 1 ]; then
        v="$(col jobs-1 1) / $(col jobs-2 1)"
        echo "| --jobs 2 at least 1.7x one worker, output identical | $(calc "$v" .2f)x (others: $(col jobs-2 7) cores busy) | $(verdict "$v >= 1.7") |"
    else
        x=$(calc "$(col jobs-1proc 1) / $(col jobs-2proc 1)" .2f)
        echo "| --jobs 2 at least 1.7x one worker, output identical | \`--jobs\` missing; two processes by hand: ${x}x | **missed** (missing) |"
    fi
    v="$rss1 / $rss10"
    echo "| max RSS at $N within 10% of $N10, under 32 MiB | $rss1 KiB against $rss10 KiB ($(calc "$v" .3f)) | $(verdict "$v <= 1.1 && $rss1 < 32768") |"
    v="$(col build-1000 1) * 1000"
    echo "| 1,000 credentials: polc build under 100 ms | $(calc "$v" .1f) ms | $(verdict "$v < 100") |"
    w=$(wc -l < "$W/pol/gen-1000.cc.log")
    echo "| 1,000 credentials: C compiles warning-free | $w lines of warnings | $(verdict "$w == 0") |"
    echo
    echo "Checks: $pass passed, $fail failed."
} > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
finish
