#!/bin/sh
# fuzz/gen-compile.sh BUILD DIR [N] - compiles a sample of N (100) of the
# generated files the gen target kept in DIR: each must compile with
# gcc -std=c11 -Wall -Wextra -Wpedantic -Werror, link with
# examples/embed/main.c and the runtime, and decide its records (DIR/NAME.jsonl)
# byte for byte as the in-memory tables did in the fuzzer (DIR/NAME.out).
set -u
B=$1
D=$2
N=${3:-100}
W=$B/fuzz/gen-work
rm -rf "$W" && mkdir -p "$W"
pass=0
fail=0
total=$(ls "$D"/*.c 2>/dev/null | wc -l)
for c in $(ls "$D"/*.c 2>/dev/null | head -n "$N"); do
    name=$(basename "$c" .c)
    if ! gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -I"$D" -c "$c" \
            -o "$W/$name.o" 2> "$W/$name.log"; then
        fail=$((fail + 1)); echo "FAIL: gcc -Werror on $c"; head -n 5 "$W/$name.log"; continue
    fi
    if ! cc -std=c11 -DPOLICY="$(cat "$D/$name.sym")" -Iruntime -I"$D" examples/embed/main.c \
            "$W/$name.o" "$B/libpolcrt.a" -lyajl -o "$W/$name" 2>> "$W/$name.log"; then
        fail=$((fail + 1)); echo "FAIL: embedding $c does not link"; head -n 5 "$W/$name.log"; continue
    fi
    "$W/$name" --as-of 2025-06-30 < "$D/$name.jsonl" > "$W/$name.got" 2>/dev/null
    if cmp -s "$W/$name.got" "$D/$name.out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: $c decides differently from the tables it came from"
    fi
    rm -f "$W/$name" "$W/$name.o"
done
echo "generated C: $total kept by the gen target, $((pass + fail)) compiled and run"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
