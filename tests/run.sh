#!/bin/sh
# Runs every test suite and ends with "N passed, N failed".
#   tests/run.sh BUILD [SUITE...]     suites: unit golden conformance build asan
# With ACCEPT=1 the golden suites rewrite their expected files instead of
# comparing (make accept); nothing else ever writes them.
set -u
B=${1:-build}
shift
SUITES=${*:-unit golden conformance build asan extra}
POLC=$B/polc
T=$B/test-work
rm -rf "$T" && mkdir -p "$T"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Compares a produced file with its golden; ACCEPT=1 rewrites the golden.
golden() { # name produced expected
    if [ "${ACCEPT:-0}" = 1 ]; then
        cp "$2" "$3"
        ok
    elif [ ! -f "$3" ]; then
        bad "$1: no golden file $3 (run make accept and review it)"
    elif cmp -s "$2" "$3"; then
        ok
    else
        bad "$1: differs from $3"
        diff -u "$3" "$2" | head -n 20
    fi
}

# ---- cmocka unit tests ---------------------------------------------------
run_cmocka() { # dir label
    for t in "$1"/test_*; do
        [ -x "$t" ] || continue
        out=$T/$(basename "$t").$2.out
        "$t" > "$out" 2>&1
        rc=$?
        p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
        f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
        pass=$((pass + ${p:-0}))
        if [ -n "$f" ] || [ "$rc" -ne 0 ] || [ -z "$p" ]; then
            fail=$((fail + ${f:-1}))
            echo "FAIL: $2 $(basename "$t")"
            grep -E 'FAILED|ERROR|error|Sanitizer' "$out" | head -n 20
        fi
    done
}

# ---- diagnostics goldens: tests/check/NAME.pol -> NAME.err ----------------
suite_golden() {
    for pol in tests/check/*.pol; do
        [ -f "$pol" ] || continue
        base=${pol%.pol}
        out=$T/$(basename "$base").err
        "$POLC" check --color=never "$pol" > /dev/null 2> "$out"
        echo "exit status $?" >> "$out"
        golden "check $(basename "$pol")" "$out" "$base.err"
    done
}

# ---- conformance: each policy's records against hand-derived decisions ----
strip_messages() {
    sed 's/,"message":"\([^"\\]\|\\.\)*"//g' "$1"
}

compare_lines() { # label produced expected
    strip_messages "$2" > "$2.stripped"
    n=$(wc -l < "$3")
    if [ "$(wc -l < "$2.stripped")" -ne "$n" ]; then
        bad "$1: $(wc -l < "$2.stripped") output lines, $n expected"
        return
    fi
    i=0
    while [ "$i" -lt "$n" ]; do
        i=$((i + 1))
        exp=$(sed -n "${i}p" "$3")
        got=$(sed -n "${i}p" "$2.stripped")
        if [ "$exp" = "$got" ]; then
            ok
        else
            bad "$1 line $i"
            echo "  expected: $exp"
            echo "  got:      $got"
        fi
    done
}

suite_conformance() { # polc label
    for dir in tests/conformance/*/; do
        name=$(basename "$dir")
        out=$T/conf-$name.$2.jsonl
        "$1" eval "policies/$name.pol" "$dir/records.jsonl" --as-of 2025-06-30 > "$out" 2> "$out.err"
        rc=$?
        if [ "$rc" -ne 1 ] && [ "$rc" -ne 0 ]; then
            bad "$2 conformance $name: polc eval exit $rc"
            cat "$out.err"
            continue
        fi
        compare_lines "$2 conformance $name" "$out" "$dir/expected.jsonl"
    done
}

# ---- generated C: goldens, -Werror under gcc and clang, embedding -----------
compile_generated() { # cc c-file
    "$1" -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -c "$2" -o "$2.$1.o" 2> "$2.$1.log"
}

suite_build() {
    for pol in policies/*.pol; do
        name=$(basename "$pol" .pol)
        c=$T/$name.c
        if ! "$POLC" build "$pol" -o "$c" 2> "$T/$name.build.log"; then
            bad "build $name"
            cat "$T/$name.build.log"
            continue
        fi
        ok
        golden "generated $name.c" "$c" "tests/build/$name.c.golden"
        golden "generated $name.h" "$T/$name.h" "tests/build/$name.h.golden"
        mkdir -p "$T/again"
        "$POLC" build "$pol" -o "$T/again/$name.c" 2>/dev/null
        if cmp -s "$c" "$T/again/$name.c"; then ok; else bad "build $name: output not deterministic"; fi
        for cc in gcc clang; do
            command -v "$cc" > /dev/null || { bad "$cc not installed"; continue; }
            if compile_generated "$cc" "$c"; then ok; else bad "$cc -Werror on $name.c"; cat "$c.$cc.log"; fi
        done
        # A runtime header of another table format: a compile error naming both.
        mkdir -p "$T/v3"
        sed 's/^#define POLC_TABLE_VERSION 1$/#define POLC_TABLE_VERSION 3/' runtime/polc.h > "$T/v3/polc.h"
        if cc -std=c11 -I"$T/v3" -c "$c" -o "$T/v3/$name.o" 2> "$T/v3/$name.log"; then
            bad "$name.c compiles against a polc.h of table format 3"
        elif grep -q 'table format 1, but polc.h is table format 3' "$T/v3/$name.log"; then
            ok
        else
            bad "$name.c: the version error does not name both formats"
            cat "$T/v3/$name.log"
        fi
        sym=polc_policy_$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')
        emb=$T/embed-$name
        if cc -std=c11 -Wall -Wextra -Wpedantic -Werror -DPOLICY="$sym" -Iruntime -I"$T" \
              examples/embed/main.c "$c" "$B/libpolcrt.a" -lpthread -o "$emb" 2> "$emb.log"; then
            ok
        else
            bad "embed $name does not build"
            cat "$emb.log"
            continue
        fi
        for records in "tests/conformance/$name/records.jsonl" "examples/$name.jsonl"; do
            [ -f "$records" ] || continue
            "$emb" --as-of 2025-06-30 < "$records" > "$emb.out" 2>/dev/null
            "$POLC" eval "$pol" "$records" --as-of 2025-06-30 > "$emb.ref" 2>/dev/null
            if cmp -s "$emb.out" "$emb.ref"; then ok; else bad "embed $name differs from polc eval on $records"; fi
        done
    done
}

for s in $SUITES; do
    case $s in
    unit) run_cmocka "$B/tests" unit ;;
    golden) suite_golden ;;
    conformance) suite_conformance "$POLC" plain ;;
    build) suite_build ;;
    asan)
        run_cmocka "$B/asan/tests" asan
        suite_conformance "$B/asan/polc" asan
        POLC=$B/asan/polc
        suite_golden
        POLC=$B/polc
        ;;
    extra)
        # Each tests/suites/*.sh is run as: sh FILE BUILD WORKDIR and ends
        # with its own "N passed, N failed" line, which is added in.
        for x in tests/suites/*.sh; do
            [ -f "$x" ] || continue
            out=$T/suite-$(basename "$x").out
            sh "$x" "$B" "$T" > "$out" 2>&1
            rc=$?
            line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
            p=${line%% passed*}
            f=${line#*passed, }
            f=${f%% failed*}
            pass=$((pass + ${p:-0}))
            fail=$((fail + ${f:-0}))
            if [ -z "$line" ] || [ "${f:-0}" -ne 0 ] || [ "$rc" -ne 0 ]; then
                [ -z "$line" ] && fail=$((fail + 1))
                echo "FAIL: suite $(basename "$x") (exit $rc)"
                grep -v '^ok' "$out" | tail -n 20
            fi
        done
        ;;
    *) echo "unknown suite $s"; exit 2 ;;
    esac
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
