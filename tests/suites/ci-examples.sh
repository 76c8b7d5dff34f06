#!/bin/sh
# examples/ci/pre-commit accepts the seed policies and refuses a commit with
# a broken, a badly laid out, or a failing policy.
set -u
B=$1
W=$2/ci-examples
rm -rf "$W" && mkdir -p "$W"
case $B in /*) POLC=$B/polc ;; *) POLC=$(pwd)/$B/polc ;; esac
export POLC
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
hook=$(pwd)/examples/ci/pre-commit

try() { # label expected-status
    (cd "$W/repo" && sh "$hook") > "$W/out" 2>&1
    rc=$?
    [ "$rc" -eq "$2" ] && ok || { bad "$1: hook exit $rc, expected $2"; cat "$W/out"; }
}

mkdir -p "$W/repo/policies"
cp policies/*.pol policies/*.test "$W/repo/policies/"
try "seed policies" 0
printf '\n\n\nparam   spare = 1.00 USD\n' >> "$W/repo/policies/acsm.pol"
try "an unused parameter (a warning under --werror)" 1
cp policies/acsm.pol "$W/repo/policies/acsm.pol"
sed 's/^    precision 0.1/      precision 0.1/' policies/nasm-cpt.pol > "$W/repo/policies/nasm-cpt.pol"
try "a policy out of layout" 1
grep -q 'nasm-cpt.pol' "$W/out" && ok || bad "the hook does not name the file out of layout"
cp policies/nasm-cpt.pol "$W/repo/policies/nasm-cpt.pol"
sed 's/"fee_total": "224.00"/"fee_total": "225.00"/' policies/nasm-cpt.test > "$W/repo/policies/nasm-cpt.test"
try "a failing test" 1
grep -q 'fee_total: expected "225.00", got "224.00"' "$W/out" && ok || bad "the failing test is not reported field by field"
grep -q 'polc check' examples/ci/polc-policies.yml && grep -q 'fmt --check' examples/ci/polc-policies.yml &&
    grep -q 'polc test' examples/ci/polc-policies.yml && ok || bad "the CI workflow misses a step"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
