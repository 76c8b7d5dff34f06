#!/bin/sh
# polc test: the seed policies' tests and conformance suites run through it,
# and its own failure report, exit status and JUnit XML are checked.
set -u
B=$1
mkdir -p "$2/polc-test"
W=$(cd "$2/polc-test" && pwd)
case $B in /*) PB=$B ;; *) PB=$(pwd)/$B ;; esac
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# 1. Every case next to the policies and every conformance record.
"$B/polc" test --junit="$W/seed.xml" policies tests/conformance > "$W/seed.out" 2>&1
rc=$?
line=$(tail -n 1 "$W/seed.out")
p=${line%% passed*}
f=${line#*passed, }
f=${f%% failed*}
pass=$((pass + p))
fail=$((fail + f))
[ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || { bad "polc test policies tests/conformance (exit $rc)"; grep -v '^ok' "$W/seed.out" | head -n 40; }

# 2. A file of wrong expectations: the report, field by field, is golden.
(cd tests/polc-test && "$PB/polc" test --junit="$W/failing.xml" failing.test) > "$W/failing.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && ok || bad "polc test failing.test: exit $rc, expected 1"
if [ "${ACCEPT:-0}" = 1 ]; then cp "$W/failing.out" tests/polc-test/failing.expected; fi
if cmp -s "$W/failing.out" tests/polc-test/failing.expected; then ok; else
    bad "polc test failure report differs from tests/polc-test/failing.expected"
    diff -u tests/polc-test/failing.expected "$W/failing.out" | head -n 20
fi

# 3. The JUnit XML validates against Jenkins' schema.
if ! command -v xmllint > /dev/null 2>&1; then
    echo "polc: installing missing package: libxml2-utils (apt-get)"
    apt-get install -y -qq libxml2-utils > /dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq libxml2-utils > /dev/null; }
fi
for x in seed failing; do
    if xmllint --noout --schema tests/polc-test/schema/jenkins-junit.xsd "$W/$x.xml" 2> "$W/$x.lint"; then ok; else
        bad "JUnit XML $x.xml does not validate"; cat "$W/$x.lint"; fi
done

# 4. Misuse: a missing path exits 2.
"$B/polc" test no/such/path > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "polc test on a missing path should exit 2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
