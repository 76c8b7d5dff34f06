#!/bin/sh
# ThreadSanitizer over the runtime's worker threads: polc eval --jobs and the
# evaluator unit test (many threads sharing one table) report no data race.
set -u
B=$1
W=$2/tsan
mkdir -p "$W"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

srcs="runtime/*.c $(ls compiler/*.c | grep -v '/main.c$') $B/gen/parser.c $B/gen/lexer.c"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -fsanitize=thread -Iruntime -Icompiler -I$B/gen"
# shellcheck disable=SC2086
if cc $cflags $srcs compiler/main.c -lyajl -lpthread -o "$W/polc" 2> "$W/build.log" &&
   cc $cflags $srcs tests/unit/test_eval.c -lyajl -lcmocka -lpthread -o "$W/test_eval" 2>> "$W/build.log"; then
    ok
else
    bad "cannot build with -fsanitize=thread"
    cat "$W/build.log"
    echo "$pass passed, $fail failed"
    exit 1
fi
for i in 1 2 3; do cat examples/nasm-cpt.jsonl; done > "$W/in.jsonl"
"$B/polc" eval policies/nasm-cpt.pol "$W/in.jsonl" > "$W/ref.out"
TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$W/polc" eval policies/nasm-cpt.pol "$W/in.jsonl" --jobs 4 > "$W/j4.out" 2> "$W/j4.err"
rc=$?
[ "$rc" -ne 66 ] && ! grep -q 'ThreadSanitizer' "$W/j4.err" && ok || { bad "data race in polc eval --jobs 4"; head -n 30 "$W/j4.err"; }
cmp -s "$W/ref.out" "$W/j4.out" && ok || bad "--jobs 4 under TSan differs from one job"
TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$W/test_eval" > "$W/unit.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && ok || { bad "test_eval under TSan (exit $rc)"; grep -A20 'ThreadSanitizer\|FAILED' "$W/unit.out" | head -n 30; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
