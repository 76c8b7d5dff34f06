#!/bin/sh
# tests/suites/diff.sh BUILD WORKDIR - `polc diff`, end to end.
#
#   1. every case of tests/diff/cases: `polc diff OLD NEW RECORDS --as-of
#      2025-06-30` prints exactly tests/diff/NAME.txt, and with
#      --format=json exactly tests/diff/NAME.json (hand-reviewed goldens, see
#      tests/diff/README.md; this suite never rewrites them), with the exit
#      status the case names (0: nothing changed, 1: something did); the JSON
#      parses, and its counts agree with themselves;
#   2. the late window shortened to 60 days moves exactly the records applied
#      on expiry + 61 .. + 90 from late to reinstatement (checked against two
#      plain `polc eval` runs, independently of the goldens);
#   3. exit status 2 when the records cannot be read (a missing file, a
#      directory);
#   4. under AddressSanitizer + UBSan (BUILD/asan/polc, when built), the
#      cases give the same text and JSON.
#
# Run from the repository root; ends with "N passed, N failed".
set -u
B=${1:-build}
W=${2:-$B/test-work}/diff
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

if ! "$POLC" diff --help > "$W/help.out" 2>&1; then
    echo "FAIL: '$POLC diff --help' fails: 'polc diff' is not wired into compiler/main.c yet"
    echo "      (compiler/diff.h has diff_run() for it)"
    sed 's/^/      /' "$W/help.out" | head -n 5
    echo "0 passed, 1 failed"
    exit 1
fi
ok "polc diff --help"

have_python=0
command -v python3 > /dev/null 2>&1 && have_python=1
[ "$have_python" -eq 1 ] || bad "python3 not installed: JSON output not checked"

# ---- 1. the goldens -----------------------------------------------------
n_cases=0
while read -r name old new recs want; do
    case $name in ''|'#'*) continue ;; esac
    n_cases=$((n_cases + 1))
    for fmt in txt json; do
        out=$W/$name.$fmt
        if [ "$fmt" = json ]; then
            "$POLC" diff "$old" "$new" "$recs" --as-of "$AS_OF" --format=json > "$out" 2> "$out.err"
        else
            "$POLC" diff "$old" "$new" "$recs" --as-of "$AS_OF" > "$out" 2> "$out.err"
        fi
        rc=$?
        exp=tests/diff/$name.$fmt
        if [ "$rc" -ne "$want" ]; then
            bad "diff $name ($fmt): exit status $rc, expected $want"
            head -n 5 "$out.err"
        else
            ok "diff $name ($fmt): exit status $rc"
        fi
        if [ ! -f "$exp" ]; then
            bad "diff $name ($fmt): no golden $exp"
        elif cmp -s "$out" "$exp"; then
            ok "diff $name ($fmt): equals $exp"
        else
            bad "diff $name ($fmt): differs from $exp"
            diff -u "$exp" "$out" | head -n 30
        fi
    done
    [ "$have_python" -eq 1 ] || continue
    # The JSON parses; transitions add up to the changed records, examples
    # are at most 3 per transition and really differ; "changed" matches the
    # exit status.
    if python3 - "$W/$name.json" "$want" > "$W/$name.check" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
want = int(sys.argv[2])
r = d["records"]
assert sum(t["count"] for t in d["transitions"]) == r["changed"], "transitions"
assert r["changed"] + r["unchanged"] == r["lines"], "lines"
for side in ("before", "after"):
    s = d[side]
    assert s["renewable"] + s["incomplete"] + s["expired"] + s["errors"] == r["lines"], side
for t in d["transitions"]:
    assert len(t["examples"]) == min(3, t["count"]), "examples"
    for e in t["examples"]:
        o, n = dict(e["old"]), dict(e["new"])
        o.pop("policy", None)
        n.pop("policy", None)
        assert o != n, "example %d does not differ" % e["line"]
assert d["changed"] == (want == 1), "changed"
assert d["changed"] == bool(d["structure"] or r["changed"]), "changed flag"
EOF
    then
        ok "diff $name: JSON parses and adds up"
    else
        bad "diff $name: JSON output"
        tail -n 5 "$W/$name.check"
    fi
done < tests/diff/cases
[ "$n_cases" -gt 0 ] || bad "no cases in tests/diff/cases"

# ---- 2. late60 against two plain evaluations ------------------------------
if [ "$have_python" -eq 1 ]; then
    "$POLC" eval policies/nasm-cpt.pol examples/nasm-cpt.jsonl --as-of "$AS_OF" > "$W/old.jsonl" 2> /dev/null
    "$POLC" eval tests/diff/nasm-cpt-late60.pol examples/nasm-cpt.jsonl --as-of "$AS_OF" > "$W/new.jsonl" 2> /dev/null
    if python3 - "$W/old.jsonl" "$W/new.jsonl" "$W/nasm-cpt-late60.json" > "$W/late60.check" 2>&1 <<'EOF'
import datetime, json, sys
old = [json.loads(l) for l in open(sys.argv[1])]
new = [json.loads(l) for l in open(sys.argv[2])]
d = json.load(open(sys.argv[3]))
day = datetime.date.fromisoformat
moved = 0
for a, b in zip(old, new):
    if "error" in a:
        assert a == b
        continue
    late = (day(a["as_of"]) - day(a["cycle"]["expires"])).days
    if 61 <= late <= 90:
        assert (a["window"], b["window"]) == ("late", "reinstatement"), a["id"]
        moved += 1
    else:
        assert a == b, a["id"]
assert len(old) == len(new) == d["records"]["lines"]
assert d["records"]["changed"] == d["records"]["window"] == moved, (moved, d["records"])
assert d["records"]["status"] == 0
for t in d["transitions"]:
    for e in t["examples"]:
        assert e["old"]["window"] == "late" and e["new"]["window"] == "reinstatement"
print(moved, "moved")
EOF
    then
        ok "diff nasm-cpt-late60: exactly the applications on expiry + 61..90 move ($(cat "$W/late60.check"))"
    else
        bad "diff nasm-cpt-late60: disagrees with two plain evaluations"
        tail -n 5 "$W/late60.check"
    fi
fi

# ---- 3. records that cannot be read ------------------------------------
"$POLC" diff policies/nasm-cpt.pol tests/diff/nasm-cpt-late60.pol "$W/no-such-file.jsonl" > "$W/missing.out" 2> "$W/missing.err"
rc=$?
if [ "$rc" -eq 2 ]; then ok "diff: missing records file: exit 2"; else bad "diff: missing records file: exit $rc, expected 2"; fi
"$POLC" diff policies/nasm-cpt.pol tests/diff/nasm-cpt-late60.pol tests/diff > "$W/dir.out" 2> "$W/dir.err"
rc=$?
if [ "$rc" -eq 2 ]; then ok "diff: a directory as records: exit 2"; else bad "diff: a directory as records: exit $rc, expected 2"; fi

# ---- 4. the same under the sanitizers -------------------------------------
SAN=$B/asan/polc
if [ -x "$SAN" ] && "$SAN" diff --help > /dev/null 2>&1; then
    while read -r name old new recs want; do
        case $name in ''|'#'*) continue ;; esac
        out=$W/$name.asan
        "$SAN" diff "$old" "$new" "$recs" --as-of "$AS_OF" > "$out.txt" 2> "$out.err"
        rc=$?
        "$SAN" diff "$old" "$new" "$recs" --as-of "$AS_OF" --format=json > "$out.json" 2>> "$out.err"
        rc2=$?
        if [ "$rc" -eq "$want" ] && [ "$rc2" -eq "$want" ] && [ ! -s "$out.err" ] &&
           cmp -s "$out.txt" "tests/diff/$name.txt" && cmp -s "$out.json" "tests/diff/$name.json"; then
            ok "diff $name under ASan+UBSan"
        else
            bad "diff $name under ASan+UBSan: exit $rc/$rc2 (expected $want), or output differs"
            head -n 20 "$out.err"
        fi
    done < tests/diff/cases
fi

finish
