#!/bin/sh
# tests/suites/valgrind.sh BUILD WORKDIR - Valgrind memcheck over the plain
# (not sanitized) build: polc check, build, eval and test on the seed
# policies, broken policies, the conformance records and hostile record
# lines, then the unit test binaries in BUILD/tests/.  Each run must report
# no invalid access, no use of uninitialised memory and no definite or
# indirect leak (valgrind exits 9 when it does).  About two minutes.
set -u
B=$1
W=$2/valgrind
rm -rf "$W" && mkdir -p "$W"
POLC=$B/polc
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if ! command -v valgrind > /dev/null 2>&1; then
    bad "valgrind is not installed (make test-deps installs it)"
    echo "$pass passed, $fail failed"
    exit 1
fi
VG="valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect"
VG="$VG --track-origins=yes --trace-children=no"

# vg NAME "STATUSES" CMD...: CMD under memcheck ends with one of STATUSES
# (never 9) and valgrind printed nothing.
vg() {
    _name=$1
    _want=$2
    shift 2
    timeout 300 $VG --log-file="$W/$_name.vg" "$@" < "${VG_IN:-/dev/null}" > "$W/$_name.out" 2> "$W/$_name.err"
    rc=$?
    if [ "$rc" -eq 9 ] || [ -s "$W/$_name.vg" ]; then
        bad "$_name: valgrind reports (exit $rc)"
        head -n 30 "$W/$_name.vg"
        return 1
    fi
    case " $_want " in
    *" $rc "*) ok; return 0 ;;
    esac
    bad "$_name: exit $rc, expected $_want"
    head -n 10 "$W/$_name.err"
    return 1
}

# ---- the seed policies: check, build, eval, test ---------------------------
for pol in policies/*.pol; do
    n=$(basename "$pol" .pol)
    vg "check-$n" "0" "$POLC" check "$pol"
    vg "check-json-$n" "0" "$POLC" check --format=json "$pol"
    vg "build-$n" "0" "$POLC" build "$pol" -o "$W/$n.c"
    if [ -f "tests/conformance/$n/records.jsonl" ]; then
        vg "eval-$n" "0 1" "$POLC" eval "$pol" "tests/conformance/$n/records.jsonl" --as-of 2025-06-30 --summary
        vg "eval-no-as-of-$n" "0 1" "$POLC" eval "$pol" "tests/conformance/$n/records.jsonl"
    fi
    if [ -f "examples/$n.jsonl" ]; then
        head -n 300 "examples/$n.jsonl" > "$W/$n-300.jsonl"
        vg "eval-jobs-$n" "0 1" "$POLC" eval "$pol" "$W/$n-300.jsonl" --as-of 2025-06-30 --jobs 3
    fi
    vg "eval-D-$n" "0 1 2" "$POLC" eval -D renewal_fee=110.00 "$pol" "tests/conformance/$n/records.jsonl" --as-of 2025-06-30
done
vg test-policies "0 1" "$POLC" test policies
[ -f tests/polc-test/failing.test ] && vg test-failing "1" "$POLC" test tests/polc-test/failing.test

# ---- broken policies: every golden one in one run, and in the other formats --
vg check-broken "1" "$POLC" check --color=never tests/check/*.pol
vg check-broken-sarif "1" "$POLC" check --format=sarif tests/check/*.pol
vg check-broken-werror "1" "$POLC" check --werror tests/check/unused-declarations.pol policies/nasm-cpt.pol
vg build-broken "1" "$POLC" build tests/check/missing-cycle.pol -o "$W/broken.c"
vg eval-broken "2" "$POLC" eval tests/check/missing-cycle.pol tests/conformance/nasm-cpt/records.jsonl
vg check-missing "2" "$POLC" check "$W/no-such-file.pol"
printf '\000\377 policy "x" { title "\300" }\n{{{{ } } = , + 1.5x 2. "open\n' > "$W/junk.pol"
vg check-junk "1" "$POLC" check "$W/junk.pol"
for r in tests/regression/*.pol; do
    [ -f "$r" ] || continue
    vg "check-regression-$(basename "$r" .pol)" "0 1" "$POLC" check "$r"
done

# ---- hostile record lines ---------------------------------------------------
{
    cat tests/conformance/nasm-cpt/records.jsonl
    printf '{\n{"id":"a","id":"b"}\n[1]\n{"id":"\\ud800"}\n{"id":"\377"}\n\n   \r\n'
    printf '{"id":"a","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n'
    printf '{"id":"k","k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k9":0}\n'
    printf '{"id":"m","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":1e999999,"unit":"CEU","provider":"x"}]}\n'
    head -c 1100000 /dev/zero | tr '\0' 'x'
    printf '\n{"id":"last","credentials":["CPT"],"cycle_start":"2023-05-14"}'
} > "$W/hostile.jsonl"
vg eval-hostile "1" "$POLC" eval policies/nasm-cpt.pol "$W/hostile.jsonl" --as-of 2025-06-30
vg eval-hostile-jobs "1" "$POLC" eval policies/nasm-cpt.pol "$W/hostile.jsonl" --as-of 2025-06-30 --jobs 2
VG_IN=$W/hostile.jsonl vg eval-stdin "1" "$POLC" eval policies/acsm.pol - --as-of 2025-06-30
unset VG_IN
vg eval-bad-as-of "2" "$POLC" eval policies/nasm-cpt.pol "$W/hostile.jsonl" --as-of 0000-00-00

# ---- the unit tests ------------------------------------------------------------
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    vg "unit-$(basename "$t")" "0" "$t"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
