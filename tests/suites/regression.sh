#!/bin/sh
# tests/suites/regression.sh BUILD WORKDIR - replays tests/regression/ (issue
# 7, docs/robustness.md): every crash, hang or wrong answer found by fuzzing
# or by the hostile tests stays fixed.
#
#   NAME.pol      polc check (plain and ASan) ends 0 or 1, within the time
#                 limit, without a sanitizer report; with NAME.err, its
#                 diagnostics and exit status are exactly those; a policy that
#                 checks is built and its C compiles with gcc -Werror (into
#                 the file name NAME.build holds, when there is one).  The
#                 policy is also replayed through the front-end and gen fuzz
#                 targets.
#   NAME.jsonl    polc eval NAME.pol (or the policy NAME.policy names, or
#                 policies/nasm-cpt.pol) --as-of
#                 2025-06-30, plain and ASan: one valid output line for every
#                 non-blank line; with NAME.expected, exactly those bytes; also
#                 replayed through the record fuzz target, whole and by line.
#   NAME.num      replayed through the date and decimal fuzz target.
#   NAME.pol.sh, NAME.jsonl.sh   print NAME.pol / NAME.jsonl, made here when
#                 too large to keep (then as above).
#
# The fuzz targets are built with cc and the sanitizers from fuzz/*.c and
# fuzz/replay.c (no libFuzzer needed); they also replay the seed policies,
# the golden broken policies and the conformance records.
set -u
B=$1
W=$2/regression
rm -rf "$W" && mkdir -p "$W/gen" "$W/tables"
R=tests/regression
LIMIT=${REGRESSION_TIMEOUT:-60}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME "STATUSES" CMD...: as in hostile.sh.
run() {
    _name=$1
    _want=$2
    shift 2
    timeout "$LIMIT" "$@" > "$W/$_name.out" 2> "$W/$_name.err"
    rc=$?
    if [ "$rc" -eq 124 ]; then
        bad "$_name: no answer within ${LIMIT}s"
        return 1
    fi
    if grep -q -e '^==[0-9]*==ERROR: ' -e '^SUMMARY: [A-Za-z]*Sanitizer' -e '^fuzz invariant: ' \
            -e '^[^ ]*\.[ch]:[0-9]*:[0-9]*: runtime error: ' "$W/$_name.err"; then
        bad "$_name: sanitizer report or broken invariant (exit $rc)"
        grep -m 8 -e 'ERROR' -e 'runtime error' -e 'invariant' -e '#[0-4] ' "$W/$_name.err"
        return 1
    fi
    case " $_want " in
    *" $rc "*) ok; return 0 ;;
    esac
    bad "$_name: exit $rc, expected $_want"
    head -c 600 "$W/$_name.err"
    return 1
}

# ---- the fuzz targets, without libFuzzer ----------------------------------
CC=${CC:-cc}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -Iruntime -Icompiler -I$B/gen -Ifuzz"
for pol in nasm-cpt acsm; do
    "$B/polc" build "policies/$pol.pol" -o "$W/tables/$pol.c" 2> "$W/tables.log" || bad "build $pol for the record target"
done
built=
for t in front gen record numbers; do
    extra=
    [ "$t" = record ] && extra="$W/tables/nasm-cpt.c $W/tables/acsm.c"
    if $CC $FLAGS $SAN -o "$W/replay_$t" "fuzz/fuzz_$t.c" fuzz/check_json.c fuzz/replay.c $extra \
           "$B/asan/libpolcc.a" "$B/asan/libpolcrt.a" -lyajl -lpthread 2> "$W/replay_$t.log"; then
        ok
        built="$built $t"
    else
        bad "the $t fuzz target does not build with $CC"
        head -n 20 "$W/replay_$t.log"
    fi
done
has_target() { case " $built " in *" $1 "*) return 0 ;; esac; return 1; }
if $CC -std=c11 -D_POSIX_C_SOURCE=200809L -Ifuzz -Iruntime fuzz/jsonl-check.c fuzz/check_json.c \
       "$B/libpolcrt.a" -lyajl -o "$W/jsonl-check" 2> "$W/jsonl-check.log"; then ok; else bad "jsonl-check does not build"; fi

# replay TARGET NAME [--lines] FILE...: the inputs through a fuzz target.
replay() {
    t=$1
    n=$2
    shift 2
    has_target "$t" || return 0
    run "replay-$t-$n" "0" "$W/replay_$t" "$@"
}

# ---- generated inputs -------------------------------------------------------
for g in "$R"/*.pol.sh "$R"/*.jsonl.sh; do
    [ -f "$g" ] || continue
    out=$W/gen/$(basename "$g" .sh)
    if timeout "$LIMIT" sh "$g" > "$out" 2> "$out.log"; then ok; else bad "$g does not generate its input"; fi
done

# ---- policies -----------------------------------------------------------------
for pol in "$R"/*.pol "$W"/gen/*.pol; do
    [ -f "$pol" ] || continue
    name=$(basename "$pol" .pol)
    for v in plain asan; do
        p=$B/polc
        [ "$v" = asan ] && p=$B/asan/polc
        run "check-$name.$v" "0 1" "$p" check --color=never "$pol" || continue
        if [ -f "$R/$name.err" ]; then
            { cat "$W/check-$name.$v.err"; echo "exit status $rc"; } > "$W/check-$name.$v.golden"
            if cmp -s "$W/check-$name.$v.golden" "$R/$name.err"; then ok; else
                bad "check $name ($v): diagnostics differ from $R/$name.err"
                diff -u "$R/$name.err" "$W/check-$name.$v.golden" | head -n 20
            fi
        fi
    done
    if [ "$rc" -eq 0 ]; then
        out=$name.c
        [ -f "$R/$name.build" ] && out=$(cat "$R/$name.build")
        mkdir -p "$W/build-$name"
        if run "build-$name" "0" "$B/polc" build "$pol" -o "$W/build-$name/$out"; then
            if gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -I"$W/build-$name" \
                   -c "$W/build-$name/$out" -o "$W/build-$name/out.o" 2> "$W/build-$name.log"; then
                ok
            else
                bad "build $name: the generated C does not compile with gcc -Werror"
                head -n 10 "$W/build-$name.log"
            fi
        fi
    fi
    case $pol in "$W"/gen/*) continue ;; esac   # large: the targets saw its kind
    replay front "$name" "$pol"
    replay gen "$name" "$pol"
done

# ---- records ---------------------------------------------------------------------
for rec in "$R"/*.jsonl "$W"/gen/*.jsonl; do
    [ -f "$rec" ] || continue
    name=$(basename "$rec" .jsonl)
    pol=policies/nasm-cpt.pol
    [ -f "$R/$name.pol" ] && pol=$R/$name.pol
    [ -f "$W/gen/$name.pol" ] && pol=$W/gen/$name.pol
    [ -f "$R/$name.policy" ] && pol=$(cat "$R/$name.policy")
    places=$(sed -n '/^unit /,/}/s/^ *precision \(.*\)/\1/p' "$pol" | head -n 1 | awk '{ n = index($1, "."); print n ? length($1) - n : 0 }')
    for v in plain asan; do
        p=$B/polc
        [ "$v" = asan ] && p=$B/asan/polc
        run "eval-$name.$v" "0 1" "$p" eval "$pol" "$rec" --as-of 2025-06-30 || continue
        n_in=$(tr -d '\r' < "$rec" | grep -c '[^ 	]')
        n_out=$(wc -l < "$W/eval-$name.$v.out")
        [ "$n_in" -eq "$n_out" ] && ok || bad "eval $name ($v): $n_out output lines for $n_in non-blank lines"
        if "$W/jsonl-check" "$places" "$W/eval-$name.$v.out" > "$W/eval-$name.$v.check" 2>&1; then ok; else
            bad "eval $name ($v): $(cat "$W/eval-$name.$v.check")"
        fi
        if [ -f "$R/$name.expected" ]; then
            cmp -s "$W/eval-$name.$v.out" "$R/$name.expected" && ok ||
                { bad "eval $name ($v): differs from $R/$name.expected"; diff "$R/$name.expected" "$W/eval-$name.$v.out" | head -n 6; }
        fi
    done
    case $rec in "$W"/gen/*) continue ;; esac
    replay record "$name" "$rec"
    replay record "$name-lines" --lines "$rec"
done

# ---- numbers ------------------------------------------------------------------------
nums=$(ls "$R"/*.num 2>/dev/null)
[ -n "$nums" ] && replay numbers regression $nums

# ---- the seed inputs through the targets ------------------------------------------
replay front seeds policies/*.pol tests/check/*.pol
replay gen seeds policies/*.pol tests/check/*.pol
replay record seeds --lines tests/conformance/*/records.jsonl

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
