#!/bin/sh
# polc fmt against the goldens in tests/fmt/: NAME.pol formats to
# NAME.expected.pol on stdout, --check exits 1 and lists the files that would
# change, -w rewrites files in place (tried on copies in WORKDIR).  The layout
# rules themselves are unit-tested by BUILD/tests/test_fmt.
#   sh tests/suites/fmt.sh BUILD WORKDIR      (from the repository root)
# Ends with "N passed, N failed".
set -u
B=$1
mkdir -p "$2/fmt"
W=$(cd "$2/fmt" && pwd)
POLC=$B/polc
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if ! "$POLC" fmt --help > "$W/help.out" 2>&1; then
    echo "FAIL: 'polc fmt' is not wired into compiler/main.c yet ('$POLC fmt --help' fails:"
    sed 's/^/    /' "$W/help.out" | head -n 3
    echo "  ); fmt_text() itself is tested by $B/tests/test_fmt"
    echo "0 passed, 1 failed"
    exit 1
fi
ok

# Runs polc fmt ARGS...; sets rc, leaves stdout in $W/out and stderr in $W/err.
run() {
    "$POLC" fmt "$@" > "$W/out" 2> "$W/err"
    rc=$?
}

rm -rf "$W/w" "$W/multi"
mkdir -p "$W/w" "$W/multi"
pairs=0
for in in tests/fmt/*.pol; do
    case $in in *.expected.pol) continue ;; esac
    name=$(basename "$in" .pol)
    exp=tests/fmt/$name.expected.pol
    if [ ! -f "$exp" ]; then bad "$in has no $exp"; continue; fi
    pairs=$((pairs + 1))

    # 1. polc fmt FILE prints the canonical text.
    run "$in"
    if [ "$rc" -eq 0 ] && cmp -s "$W/out" "$exp"; then ok; else
        bad "polc fmt $in (exit $rc) differs from $exp"
        diff -u "$exp" "$W/out" | head -n 20
        head -n 5 "$W/err"
    fi

    # 2. The expected text is canonical already.
    run "$exp"
    if [ "$rc" -eq 0 ] && cmp -s "$W/out" "$exp"; then ok; else
        bad "polc fmt $exp (exit $rc) is not a fixed point"
        diff -u "$exp" "$W/out" | head -n 20
    fi

    # 3. --check: exit 1 naming the file if it would change, else 0 naming nothing.
    if cmp -s "$in" "$exp"; then want=0; else want=1; fi
    run --check "$in"
    if [ "$rc" -ne "$want" ]; then
        bad "polc fmt --check $in: exit $rc, expected $want"
    elif [ "$want" -eq 1 ] && ! grep -q -F -- "$in" "$W/out" "$W/err"; then
        bad "polc fmt --check $in: does not list the file"
    elif [ "$want" -eq 0 ] && [ -s "$W/out" ]; then
        bad "polc fmt --check $in: lists a file that would not change"
    else
        ok
    fi
    run --check "$exp"
    if [ "$rc" -eq 0 ] && ! grep -q -F -- "$exp" "$W/out"; then ok; else
        bad "polc fmt --check $exp: exit $rc, expected 0 and no listing"
        head -n 5 "$W/out" "$W/err"
    fi

    # 4. -w rewrites a copy in place to the expected text; again changes nothing.
    c=$W/w/$name.pol
    cp "$in" "$c"
    run -w "$c"
    if [ "$rc" -eq 0 ] && cmp -s "$c" "$exp"; then ok; else
        bad "polc fmt -w on a copy of $in (exit $rc) does not leave $exp"
        diff -u "$exp" "$c" | head -n 20
        head -n 5 "$W/err"
    fi
    run -w "$c"
    if [ "$rc" -eq 0 ] && cmp -s "$c" "$exp"; then ok; else bad "polc fmt -w twice on $name.pol (exit $rc)"; fi
    run --check "$c"
    if [ "$rc" -eq 0 ]; then ok; else bad "polc fmt --check after -w on $name.pol: exit $rc"; fi
    cp "$in" "$W/multi/$name.pol"
    cp "$exp" "$W/multi/$name.expected.pol"
done
if [ "$pairs" -ge 6 ]; then ok; else bad "only $pairs golden pairs in tests/fmt (want at least 6)"; fi

# 5. Several files: --check lists exactly those that would change, -w fixes
#    them all, and then --check is quiet.
run --check "$W"/multi/*.pol
if [ "$rc" -eq 1 ]; then ok; else bad "polc fmt --check on many files: exit $rc, expected 1"; fi
for f in "$W"/multi/*.pol; do
    name=$(basename "$f" .pol)
    case $name in
    *.expected)
        if grep -q -F -x -- "$f" "$W/out"; then bad "--check lists the canonical $name.pol"; else ok; fi ;;
    *)
        if cmp -s "tests/fmt/$name.pol" "tests/fmt/$name.expected.pol"; then continue; fi
        if grep -q -F -- "$f" "$W/out" "$W/err"; then ok; else bad "--check on many files does not list $name.pol"; fi ;;
    esac
done
run -w "$W"/multi/*.pol
if [ "$rc" -eq 0 ]; then ok; else bad "polc fmt -w on many files: exit $rc"; fi
for f in "$W"/multi/*.pol; do
    case $f in *.expected.pol) continue ;; esac
    name=$(basename "$f" .pol)
    if cmp -s "$f" "tests/fmt/$name.expected.pol"; then ok; else bad "-w on many files: $name.pol not rewritten"; fi
done
run --check "$W"/multi/*.pol
if [ "$rc" -eq 0 ] && [ ! -s "$W/out" ]; then ok; else bad "--check after -w on many files: exit $rc"; head -n 5 "$W/out"; fi

# 6. The seed policies are in canonical form.
run --check policies/*.pol
if [ "$rc" -eq 0 ] && [ ! -s "$W/out" ]; then ok; else
    bad "polc fmt --check policies/*.pol: exit $rc"; head -n 5 "$W/out" "$W/err"; fi
for p in policies/*.pol; do
    run "$p"
    if [ "$rc" -eq 0 ] && cmp -s "$W/out" "$p"; then ok; else bad "polc fmt $p changes it"; fi
done

# 7. A file fmt cannot format safely: an error, and -w leaves it as it was.
printf 'policy "t" {\n    title "no end\n}\n' > "$W/bad.pol"
cp "$W/bad.pol" "$W/bad.orig"
run "$W/bad.pol"
if [ "$rc" -ne 0 ] && [ -s "$W/err" ]; then ok; else bad "polc fmt on an unterminated string: exit $rc, no message"; fi
run --check "$W/bad.pol"
if [ "$rc" -ne 0 ]; then ok; else bad "polc fmt --check on an unterminated string: exit 0"; fi
run -w "$W/bad.pol"
if [ "$rc" -ne 0 ] && cmp -s "$W/bad.pol" "$W/bad.orig"; then ok; else bad "polc fmt -w on an unterminated string: exit $rc, or the file changed"; fi
printf 'a {\n}\n}\n' > "$W/stray.pol"
run "$W/stray.pol"
if [ "$rc" -ne 0 ]; then ok; else bad "polc fmt on a stray '}': exit 0"; fi

# 8. A file that cannot be read is trouble reading: exit 2.
run "$W/no-such-file.pol"
if [ "$rc" -eq 2 ]; then ok; else bad "polc fmt on a missing file: exit $rc, expected 2"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
