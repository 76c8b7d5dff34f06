#!/bin/sh
# tests/suites/explain.sh BUILD WORKDIR - the decision explainer, end to end.
#
#   1. `polc explain POLICY.pol tests/explain/NAME.json --as-of DATE` (DATE in
#      NAME.as_of; the policy is the one in policies/ whose name starts NAME)
#      prints exactly tests/explain/NAME.expected.txt (hand-reviewed goldens,
#      see tests/explain/cases.md; this suite never rewrites them);
#   2. `polc eval --explain` adds a last key "explain" to every decision and
#      changes nothing else: each of its lines, with ,"explain":{...} removed,
#      equals the line of a plain `polc eval` (bad lines are equal as they are).
#
# Run from the repository root; ends with "N passed, N failed".
set -u
B=${1:-build}
W=${2:-$B/test-work}/explain
POLC=$B/polc
AS_OF=2025-06-30
mkdir -p "$W"
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

if ! "$POLC" explain --help > "$W/help.out" 2>&1; then
    echo "FAIL: '$POLC explain --help' fails: 'polc explain' is not wired into compiler/main.c yet"
    echo "      (compiler/explain.h has explain_text() and explain_json() for it)"
    sed 's/^/      /' "$W/help.out" | head -n 5
    echo "0 passed, 1 failed"
    exit 1
fi
ok "polc explain --help"

# The policy file for a case NAME: policies/P.pol where NAME is P-something.
policy_for() {
    for pol in policies/*.pol; do
        p=$(basename "$pol" .pol)
        case $1 in "$p"-*) echo "$pol"; return 0 ;; esac
    done
    return 1
}

# ---- 1. text traces against the goldens ----------------------------------
n_cases=0
for exp in tests/explain/*.expected.txt; do
    [ -f "$exp" ] || continue
    n_cases=$((n_cases + 1))
    name=$(basename "$exp" .expected.txt)
    rec=tests/explain/$name.json
    if ! pol=$(policy_for "$name"); then
        bad "explain $name: no policies/*.pol matches the case name"
        continue
    fi
    if [ ! -f "$rec" ] || [ ! -f "tests/explain/$name.as_of" ]; then
        bad "explain $name: $rec or tests/explain/$name.as_of is missing"
        continue
    fi
    as_of=$(cat "tests/explain/$name.as_of")
    out=$W/$name.txt
    "$POLC" explain "$pol" "$rec" --as-of "$as_of" > "$out" 2> "$out.err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        bad "explain $name: exit status $rc"
        head -n 10 "$out.err"
    elif cmp -s "$out" "$exp"; then
        ok "explain $name"
    else
        bad "explain $name: differs from $exp"
        diff -u "$exp" "$out" | head -n 40
    fi
done
[ "$n_cases" -gt 0 ] || bad "no golden traces in tests/explain/"

# ---- 2. eval --explain only appends a last key -----------------------------
for pol in policies/*.pol; do
    p=$(basename "$pol" .pol)
    recs=$W/$p.records.jsonl
    : > "$recs"
    [ -f "tests/conformance/$p/records.jsonl" ] && cat "tests/conformance/$p/records.jsonl" >> "$recs"
    for rec in tests/explain/"$p"-*.json; do
        [ -f "$rec" ] && cat "$rec" >> "$recs"
    done
    [ -s "$recs" ] || continue
    plain=$W/$p.plain.jsonl
    expl=$W/$p.explain.jsonl
    "$POLC" eval "$pol" "$recs" --as-of "$AS_OF" > "$plain" 2> "$plain.err"
    rc_plain=$?
    "$POLC" eval --explain "$pol" "$recs" --as-of "$AS_OF" > "$expl" 2> "$expl.err"
    rc_expl=$?
    if [ "$rc_plain" -ne "$rc_expl" ] || [ "$rc_expl" -gt 1 ]; then
        bad "eval --explain $p: exit status $rc_expl, plain eval $rc_plain"
        head -n 10 "$expl.err"
        continue
    fi
    n_plain=$(wc -l < "$plain")
    n_expl=$(wc -l < "$expl")
    if [ "$n_plain" -ne "$n_expl" ] || [ "$n_plain" -eq 0 ]; then
        bad "eval --explain $p: $n_expl lines, plain eval $n_plain"
        continue
    fi
    i=0
    while IFS= read -r a <&3 && IFS= read -r b <&4; do
        i=$((i + 1))
        case $a in
        '{"line":'*) stripped=$a ;;
        *',"explain":{'*'}}')
            stripped=$(printf '%s\n' "$a" | sed 's/,"explain":{.*}}$/}/') ;;
        *)
            bad "eval --explain $p line $i: no last key \"explain\""
            continue ;;
        esac
        if [ "$stripped" = "$b" ]; then
            ok "eval --explain $p line $i"
        else
            bad "eval --explain $p line $i: differs from plain eval once \"explain\" is removed"
            echo "  plain:    $b"
            echo "  stripped: $stripped"
        fi
    done 3< "$expl" 4< "$plain"
done

finish
