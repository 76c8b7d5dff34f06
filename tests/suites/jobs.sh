#!/bin/sh
# polc eval --jobs N writes exactly what one job writes, in input order, with
# the same exit status; on records with bad, blank and over-long lines too.
set -u
B=$1
W=$2/jobs
mkdir -p "$W"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# 30,000 lines: the example records ten times, a blank line and a line over
# 1 MiB in the middle, so batches end in every kind of line.
for i in 1 2 3 4 5; do cat examples/nasm-cpt.jsonl; done > "$W/in.jsonl"
printf '\n   \n' >> "$W/in.jsonl"
head -c 1100000 /dev/zero | tr '\0' 'x' >> "$W/in.jsonl"
printf '\n' >> "$W/in.jsonl"
for i in 1 2 3 4 5; do cat examples/nasm-cpt.jsonl; done >> "$W/in.jsonl"

"$B/polc" eval policies/nasm-cpt.pol "$W/in.jsonl" --as-of 2025-06-30 > "$W/one.out"
one=$?
[ "$one" -eq 1 ] && ok || bad "one job: exit $one, expected 1 (the input has bad lines)"
grep -c '"line_too_long"' "$W/one.out" | grep -qx 1 && ok || bad "one job: the long line has no error line"
for j in 2 3 8; do
    "$B/polc" eval policies/nasm-cpt.pol "$W/in.jsonl" --as-of 2025-06-30 --jobs "$j" > "$W/j$j.out"
    rc=$?
    [ "$rc" -eq "$one" ] && ok || bad "--jobs $j: exit $rc, one job gave $one"
    cmp -s "$W/one.out" "$W/j$j.out" && ok || bad "--jobs $j: output differs from one job"
done
"$B/polc" eval policies/nasm-cpt.pol "$W/in.jsonl" --jobs 0 > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--jobs 0 should be refused with exit 2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
