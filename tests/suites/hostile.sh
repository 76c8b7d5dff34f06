#!/bin/sh
# tests/suites/hostile.sh BUILD WORKDIR - hostile policies and records
# (issue 7, docs/robustness.md).  Every input below gets a clear diagnostic,
# a clear error line or correct output from build/polc and build/asan/polc,
# never a crash, a sanitizer report or a hang; the large inputs are
# generated here, in WORKDIR/hostile, not kept in the repository.
set -u
B=$1
W=$2/hostile
rm -rf "$W" && mkdir -p "$W"
POLC=$B/polc
APOLC=$B/asan/polc
LIMIT=${HOSTILE_TIMEOUT:-120}
NASM=policies/nasm-cpt.pol
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME "STATUSES" CMD...: runs CMD with a time limit, keeping its output
# in $W/NAME.out and $W/NAME.err; passes when it ends with one of STATUSES
# and no sanitizer spoke.
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
    if grep -q -e '^==[0-9]*==ERROR: ' -e '^SUMMARY: [A-Za-z]*Sanitizer' \
            -e '^[^ ]*\.[ch]:[0-9]*:[0-9]*: runtime error: ' "$W/$_name.err"; then
        bad "$_name: sanitizer report (exit $rc)"
        grep -m 5 -e 'ERROR' -e 'runtime error' -e '#[0-3] ' "$W/$_name.err"
        return 1
    fi
    case " $_want " in
    *" $rc "*) ok; return 0 ;;
    esac
    bad "$_name: exit $rc, expected $_want"
    head -c 600 "$W/$_name.err"
    return 1
}

# has NAME TEXT: the last run of NAME said TEXT on stderr.
has() {
    if grep -q -F -e "$2" "$W/$1.err"; then ok; else bad "$1: no diagnostic saying '$2'"; head -c 600 "$W/$1.err"; fi
}
# out_has NAME TEXT: ... on stdout.
out_has() {
    if grep -q -F -e "$2" "$W/$1.out"; then ok; else bad "$1: output does not say '$2'"; head -c 600 "$W/$1.out"; fi
}

# polc_check NAME FILE "STATUSES" [TEXT]: polc check, plain and ASan.
polc_check() {
    for v in plain asan; do
        p=$POLC
        [ "$v" = asan ] && p=$APOLC
        if run "$1.$v" "$3" "$p" check --color=never "$2" && [ $# -ge 4 ]; then
            has "$1.$v" "$4"
        fi
    done
}

# Tools: the output checker (fuzz/check_json.c) and the string printer.
CC=${CC:-cc}
TOOLFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Ifuzz -Iruntime"
if $CC $TOOLFLAGS fuzz/jsonl-check.c fuzz/check_json.c "$B/libpolcrt.a" -lyajl \
        -o "$W/jsonl-check" 2> "$W/tools.log"; then ok; else bad "jsonl-check does not build"; cat "$W/tools.log"; fi

# valid NAME PLACES FILE: every line of FILE is a well-formed output line.
valid() {
    if "$W/jsonl-check" "$2" "$3" > "$W/$1.check" 2>&1; then ok; else bad "$1: $(cat "$W/$1.check")"; fi
}
# lines_match NAME IN OUT: as many output lines as non-blank input lines.
lines_match() {
    n_in=$(tr -d '\r' < "$2" | grep -c '[^ 	]')
    n_out=$(wc -l < "$3")
    if [ "$n_in" -eq "$n_out" ]; then ok; else bad "$1: $n_out output lines for $n_in non-blank input lines"; fi
}

# embed NAME POL SYM: builds POL, compiles OUT.c and OUT.h with gcc -Werror,
# and links fuzz/print-strings.c against it as $W/NAME.print.
embed() {
    mkdir -p "$W/$1.d"
    run "$1.build" "0" "$POLC" build "$2" -o "$W/$1.d/$1.c" || return 1
    if gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -c "$W/$1.d/$1.c" \
           -o "$W/$1.d/$1.o" 2> "$W/$1.gcc.log"; then ok; else bad "$1: gcc -Werror on the generated C"; head -n 20 "$W/$1.gcc.log"; return 1; fi
    printf '#include "%s.h"\n' "$1" > "$W/$1.d/use.c"
    if gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -I"$W/$1.d" -c "$W/$1.d/use.c" \
           -o "$W/$1.d/use.o" 2>> "$W/$1.gcc.log"; then ok; else bad "$1: gcc -Werror on the generated header"; head -n 20 "$W/$1.gcc.log"; return 1; fi
    if gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -DPOLICY="$3" -Iruntime fuzz/print-strings.c \
           "$W/$1.d/$1.o" "$B/libpolcrt.a" -lyajl -o "$W/$1.print" 2>> "$W/$1.gcc.log"; then ok; else bad "$1: print-strings does not link"; head -n 20 "$W/$1.gcc.log"; return 1; fi
}
# same NAME WHAT INDEX EXPECTED-FILE: the embedded string is those bytes.
same() {
    "$W/$1.print" "$2" "$3" > "$W/$1.$2$3.got"
    if cmp -s "$W/$1.$2$3.got" "$4"; then ok; else bad "$1: embedded $2 $3 differs from the .pol string"; od -c "$W/$1.$2$3.got" | head -n 4; fi
}

# The seed policy with its first body line replaced by LINE.
with_body() {
    sed "s/^    body .*/    body \"$1\"/" "$NASM"
}

# ======================================================================
# Hostile policies
# ======================================================================

# ---- strings: quotes, backslashes, newlines, */, ??/, UTF-8 -----------
# .pol escapes are \" \\ \n \t; the rest is raw UTF-8.
S1='q\"uote b\\ack nl\nend tab\t */ /* ??/ ??= ??'"'"' ?? // \\\" \\n ?\\'
U=$(printf 'e\303\251 \360\237\230\200 \342\202\254')
{
    printf 'policy "hostile-strings" {\n'
    printf '    title "%s %s"\n' "$S1" "$U"
    printf '    body "*/ #define x 1 /* \\\\"\n'
    printf '    currency USD\n}\n'
    printf 'unit CEU {\n    precision 0.1\n    hours 10\n    cite "??/"\n}\n'
    printf 'param note_only = 1.00 USD "%s"\n' "$S1"
    printf 'credential CPT {\n    title "\\\\"\n    requires 2.0 CEU\n    cite "*/"\n}\n'
    printf 'cycle {\n    length 2 years\n    expires day_before_anniversary\n    leap_day mar1\n}\n'
    printf 'courses {\n    accept provider "x\\"y\\\\z\\n??/"\n    count from cycle_start through expiry\n}\n'
    printf 'path ceu {\n    requires units\n}\n'
    printf 'after last window expired cite "%s"\n' "$S1"
} > "$W/strings.pol"
printf 'q"uote b\\ack nl\nend tab\t */ /* ??/ ??= ??'"'"' ?? // \\" \\n ?\\' > "$W/s1.expected"
{ cat "$W/s1.expected"; printf ' %s' "$U"; } > "$W/title.expected"
printf '*/ #define x 1 /* \\' > "$W/body.expected"
printf '??/' > "$W/cite0.expected"
printf '*/' > "$W/cite1.expected"
printf '\\' > "$W/cred.expected"
printf 'x"y\\z\n??/' > "$W/prov.expected"
polc_check strings "$W/strings.pol" "0"
if embed strings "$W/strings.pol" polc_policy_hostile_strings; then
    same strings title 0 "$W/title.expected"
    same strings body 0 "$W/body.expected"
    same strings cite 0 "$W/cite0.expected"
    same strings cite 1 "$W/cite1.expected"
    same strings cite 2 "$W/s1.expected"
    same strings credential 0 "$W/cred.expected"
    same strings provider 0 "$W/prov.expected"
    same strings param 0 "$W/s1.expected"
fi

# A cite of 108,000 bytes of the same (the generator's char-array form).
{
    sed '$d' "$W/strings.pol"
    printf 'after last window expired cite "'
    S="$S1 " awk 'BEGIN { for (i = 0; i < 2000; i++) printf "%s", ENVIRON["S"] }'
    printf '"\n'
} > "$W/longcite.pol"
awk -v n=2000 'BEGIN { for (i = 0; i < n; i++) printf "q\"uote b\\ack nl\nend tab\t */ /* ??/ ??= ??'"'"' ?? // \\\" \\n ?\\ " }' > "$W/longcite.expected"
polc_check longcite "$W/longcite.pol" "0"
if embed longcite "$W/longcite.pol" polc_policy_hostile_strings; then
    same longcite cite 2 "$W/longcite.expected"
fi

# Output and policy file names that cannot be written in an #include or a
# comment as they are.
mkdir -p "$W/names"
for out in 'what?.c' 'a"b.c' "it's.c" 'x??=.c' 'back\slash.c' 'sp ace.c'; do
    n=$(printf '%s' "$out" | tr -c 'A-Za-z0-9.\n' '_')
    if run "name-$n" "0" "$POLC" build "$NASM" -o "$W/names/$out" &&
       gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -I"$W/names" -c "$W/names/$out" \
           -o "$W/names/$n.o" 2> "$W/names/$n.log"; then
        ok
    else
        bad "build -o '$out' does not compile with gcc -Werror"
        head -n 5 "$W/names/$n.log" 2>/dev/null
    fi
done
weird=$(printf 'we\nird*??=??( \\')
cp "$NASM" "$W/names/$weird.pol"
if run name-policy-file "0" "$POLC" build "$W/names/$weird.pol" -o "$W/names/weird.c" &&
   gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iruntime -I"$W/names" -c "$W/names/weird.c" \
       -o "$W/names/weird.o" 2> "$W/names/weird.log"; then
    ok
else
    bad "a policy file named with a newline, *, ??= and a backslash gives C that does not compile"
    head -n 5 "$W/names/weird.log" 2>/dev/null
fi

# ---- NUL, invalid UTF-8, raw newline ----------------------------------
with_body 'NUL:\x00:here' > "$W/nul.pol"
polc_check nul "$W/nul.pol" "1" "string holds a NUL byte"
printf '\000policy' > "$W/nul-raw.pol"
polc_check nul-raw "$W/nul-raw.pol" "1" "unexpected byte 0x00"
i=0
for seq in '\377' '\300\257' '\355\240\200' '\342\202' '\364\220\200\200' '\370\210\200\200\200' '\200'; do
    i=$((i + 1))
    with_body "bad:$(printf "$seq"):utf8" > "$W/utf8-$i.pol"
    polc_check "utf8-$i" "$W/utf8-$i.pol" "1" "string is not valid UTF-8"
    for fmt in json sarif; do
        if run "utf8-$i.$fmt" "1" "$POLC" check --format=$fmt "$W/utf8-$i.pol"; then
            if "$W/jsonl-check" doc "$W/utf8-$i.$fmt.out" > /dev/null 2>&1; then ok; else bad "utf8-$i: --format=$fmt is not valid JSON"; fi
        fi
    done
done
printf 'policy "x" {\n    title "\377\376"\377\376 \303\n' > "$W/utf8-raw.pol"
polc_check utf8-raw "$W/utf8-raw.pol" "1" "unexpected byte 0xff"
with_body 'line' | sed 's/"line"/"line\
break"/' > "$W/newline.pol"
polc_check newline "$W/newline.pol" "1" "unterminated string"

# ---- identifiers of 100,000 characters ----------------------------------
long=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "A" }')
sed "s/^credential CPT/credential $long/" "$NASM" > "$W/longid.pol"
polc_check longid "$W/longid.pol" "1" "name too long (100000 characters; limit is 128)"
sed "s/charges late/charges $long/" "$NASM" > "$W/longref.pol"
polc_check longref "$W/longref.pol" "1" "name too long (100000 characters; limit is 128)"
sed "s/^policy \"nasm-cpt\"/policy \"$(printf '%s' "$long" | tr A a)\"/" "$NASM" > "$W/longname.pol"
polc_check longname "$W/longname.pol" "1" "a policy name is 1-64"
n128=$(awk 'BEGIN { for (i = 0; i < 128; i++) printf "B" }')
sed "s/^credential CPT/credential $n128/" "$NASM" > "$W/id128.pol"
polc_check id128 "$W/id128.pol" "0"
sed "s/^credential CPT/credential ${n128}C/" "$NASM" > "$W/id129.pol"
polc_check id129 "$W/id129.pol" "1" "name too long (129 characters; limit is 128)"

# ---- 10,000 nested or repeated blocks ----------------------------------
{ cat "$NASM"; awk 'BEGIN { for (i = 0; i < 10000; i++) print "cycle {"; for (i = 0; i < 10000; i++) print "}" }'; } > "$W/nested.pol"
polc_check nested "$W/nested.pol" "1" "too many diagnostics (limit is 100)"
{ cat "$NASM"; awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{" }'; } > "$W/open.pol"
polc_check open-braces "$W/open.pol" "1" "error"
{ awk 'BEGIN { for (i = 0; i < 10000; i++) printf "}\n" }'; cat "$NASM"; } > "$W/close.pol"
polc_check close-braces "$W/close.pol" "1" "unexpected '}': no block is open here"
{ cat "$NASM"; awk 'BEGIN { for (i = 0; i < 10000; i++) print "cycle {\n    length 2 years\n}" }'; } > "$W/cycles.pol"
polc_check repeated-cycles "$W/cycles.pol" "1" "a second 'cycle' block"
{ cat "$NASM"; awk 'BEGIN { for (i = 0; i < 10000; i++) printf "window w%d {\n    from expiry + 1 day\n    through expiry + 2 days\n}\n", i }'; } > "$W/windows.pol"
polc_check windows-10000 "$W/windows.pol" "1" "too many windows (limit is 64)"
# Exactly at each limit: accepted; one more: refused.
gen_windows() { # N: the seed policy with N grace windows of 1 day each
    sed '/^window late/,$d' "$NASM"
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { printf "window w%d {\n    from expiry + %d days\n    through expiry + %d days\n", i, i + 1, i + 1; if (i) print "    fees cumulative"; print "}" } }'
    echo "after last window expired"
    sed -n '/^audit/,$p' "$NASM"
}
gen_windows 64 > "$W/windows64.pol"
polc_check windows-64 "$W/windows64.pol" "0 1"
if grep -q 'too many windows' "$W/windows-64.plain.err"; then bad "64 windows are refused"; else ok; fi
gen_windows 65 > "$W/windows65.pol"
polc_check windows-65 "$W/windows65.pol" "1" "too many windows (limit is 64)"
gen_creds() { # N: the seed policy with N credentials
    sed 's/^credential CPT/credential C0/' "$NASM"
    awk -v n="$1" 'BEGIN { for (i = 1; i < n; i++) printf "credential C%d { requires 2.0 CEU }\n", i; print "together {\n    units highest\n    fees each\n}" }'
}
gen_creds 10000 > "$W/creds10000.pol"
polc_check creds-10000 "$W/creds10000.pol" "0"
gen_creds 10001 > "$W/creds10001.pol"
polc_check creds-10001 "$W/creds10001.pol" "1" "too many credentials (limit is 10000)"
# A record listing all 10,000 credentials.
awk 'BEGIN { printf "{\"id\":\"all\",\"credentials\":["; for (i = 0; i < 10000; i++) printf "%s\"C%d\"", i ? "," : "", i; print "],\"cycle_start\":\"2023-05-14\",\"cpr_aed\":{\"valid_until\":\"2026-01-01\"}}" }' > "$W/allcreds.jsonl"
if run creds-eval "0" "$APOLC" eval "$W/creds10000.pol" "$W/allcreds.jsonl" --as-of 2025-05-01; then
    valid creds-eval 1 "$W/creds-eval.out"
    out_has creds-eval '"status":"incomplete"'
fi
# polc_limit NAME N DECL-FORMAT TEXT: N more declarations of one kind.
polc_limit() {
    { cat "$NASM"; awk -v n="$2" -v f="$3" 'BEGIN { for (i = 0; i < n; i++) printf f "\n", i }'; } > "$W/$1.pol"
    polc_check "$1" "$W/$1.pol" "1" "$4"
}
polc_limit fees-65 61 'fee f%d = 1.00 USD' "too many fees (limit is 64)"
polc_limit categories-65 65 'category k%d { at most 1.0 CEU }' "too many categories (limit is 64)"
polc_limit paths-33 32 'path p%d { requires units }' "too many paths (limit is 32)"
polc_limit units-65 64 'unit U%d {\n    precision 1\n    hours 1\n}' "too many units (limit is 64)"
polc_limit params-1025 1020 'param q%d = 1.00 USD' "too many parameters (limit is 1024)"
# 10,000 statements in one block, and 10,000 names in one list.
awk '{ print } /^    currency USD$/ { for (i = 0; i < 10000; i++) printf "    cite \"sentence %d\"\n", i }' "$NASM" > "$W/cites.pol"
polc_check cites-10000 "$W/cites.pol" "0"
if embed cites "$W/cites.pol" polc_policy_nasm_cpt; then
    n=$("$W/cites.print" count | cut -d' ' -f1)
    [ "$n" -ge 10000 ] && ok || bad "10,000 cites in one block: $n in the tables"
    printf 'sentence 9999' > "$W/cite9999.expected"
    same cites cite 9999 "$W/cite9999.expected"
fi
sed "s/charges late/charges late$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf ", late" }')/" "$NASM" > "$W/charges.pol"
polc_check charges-10000 "$W/charges.pol" "0" "fee 'late' is charged twice here"

# ---- a 10 MB file -------------------------------------------------------
{ cat "$NASM"; awk 'BEGIN { for (i = 0; i < 163840; i++) printf "# padding %054d\n", i }'; } > "$W/10mb-comments.pol"
polc_check 10mb-comments "$W/10mb-comments.pol" "0"
{ echo 'policy "big" {'; awk 'BEGIN { for (i = 0; i < 150000; i++) printf "    cite \"sentence %d of a very long policy, padded to seventy\"\n", i }'
  echo '    currency USD'; echo '}'; sed -n '/^unit CEU/,$p' "$NASM"; } > "$W/10mb-cites.pol"
polc_check 10mb-cites "$W/10mb-cites.pol" "0"
run 10mb-cites-build "0" "$POLC" build "$W/10mb-cites.pol" -o "$W/10mb-cites.c"
{ awk 'BEGIN { for (i = 0; i < 350000; i++) printf "credential C%d { requires 2.0 CEU }\n", i }'; } > "$W/10mb-decls.pol"
polc_check 10mb-decls "$W/10mb-decls.pol" "1" "too many credentials (limit is 10000)"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "- ! @ { = } , + \"x %d 1.5x 2. %% unit fee path\n", i }' > "$W/10mb-junk.pol"
polc_check 10mb-junk "$W/10mb-junk.pol" "1" "too many diagnostics (limit is 100)"
# The source limit: a policy file of 64 MiB or more is refused, as a read
# error, before anything is held for it.
head -c 67108864 /dev/zero | tr '\0' ' ' > "$W/64mib.pol"
run 64mib "2" "$POLC" check "$W/64mib.pol" && has 64mib "File too large"
run 64mib-stdin "2" sh -c "\"$POLC\" check - < \"$W/64mib.pol\"" && has 64mib-stdin "File too large"
rm -f "$W/64mib.pol"

# ---- numbers with a thousand digits ----------------------------------------
d1000=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "9" }')
f1000=$(awk 'BEGIN { printf "0."; for (i = 0; i < 999; i++) printf "0"; printf "1" }')
num_case() { # NAME SED-EXPRESSION TEXT
    sed "$2" "$NASM" > "$W/$1.pol"
    polc_check "$1" "$W/$1.pol" "1" "$3"
}
num_case num-requires "s/requires 2.0 CEU/requires $d1000 CEU/" "number out of range"
num_case num-fraction "s/requires 2.0 CEU/requires $f1000 CEU/" "number out of range"
num_case num-precision "s/precision 0.1/precision $f1000/" "a precision is 1, 0.1"
num_case num-hours "s/hours 10/hours $d1000/" "'hours' is the whole number"
num_case num-money "s/= 99.00 USD/= $d1000.00 USD/" "number out of range"
num_case num-percent "s/= 10%/= $d1000%/" "number out of range"
num_case num-length "s/length 2 years/length $d1000 years/" "a cycle lasts 1 to 100 years"
num_case num-days "s/expiry + 90 days/expiry + $d1000 days/" "expected a whole number from 0 to 1000"
num_case num-credit "s/credit 0.1 CEU/credit $d1000.5 CEU/" "number out of range"
num_case num-big-money "s/= 99.00 USD/= 1000000.00 USD/" "an amount of money must be below 1000000.00"
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    run "num-override.$v" "1" "$p" check -D "renewal_fee=$d1000" "$NASM" &&
        has "num-override.$v" "not a valid amount of money"
done

# ---- dates in a policy ----------------------------------------------------
num_case dates-in-policy "s/count from cycle_start through expiry + 90 days/count from 0000-00-00 through 9999-12-31/" "unexpected character '-'"

# ======================================================================
# Hostile records
# ======================================================================

# ---- dates: --as-of and every date field --------------------------------
for d in 0000-00-00 9999-13-01 2025-02-29 10000-01-01 2025-1-1; do
    run "as-of-$d" "2" "$POLC" eval "$NASM" tests/conformance/nasm-cpt/records.jsonl --as-of "$d" &&
        has "as-of-$d" "--as-of wants a date YYYY-MM-DD"
done
for d in 9999-12-31 0001-01-01; do
    for v in plain asan; do
        p=$POLC
        [ "$v" = asan ] && p=$APOLC
        for pol in nasm-cpt acsm; do
            places=1
            [ "$pol" = acsm ] && places=0
            if run "as-of-$d-$pol.$v" "0 1" "$p" eval "policies/$pol.pol" \
                   "tests/conformance/$pol/records.jsonl" --as-of "$d"; then
                valid "as-of-$d-$pol.$v" "$places" "$W/as-of-$d-$pol.$v.out"
                lines_match "as-of-$d-$pol.$v" "tests/conformance/$pol/records.jsonl" "$W/as-of-$d-$pol.$v.out"
            fi
        done
    done
done
R='"id":"d","credentials":["CPT"]'
C='"completed_on":"2024-01-10","amount":"1.0","unit":"CEU","provider":"approved"'
cat > "$W/dates.jsonl" <<EOF
{$R,"cycle_start":"0000-00-00"}
{$R,"cycle_start":"9999-12-31"}
{$R,"cycle_start":"9996-01-02"}
{$R,"cycle_start":"9996-01-01","applied_on":"9999-12-31"}
{$R,"cycle_start":"0001-01-01","applied_on":"0001-01-01"}
{$R,"cycle_start":"2023-05-14","applied_on":"0000-00-00"}
{$R,"cycle_start":"2023-05-14","applied_on":"9999-12-31"}
{$R,"cycle_start":"2023-05-14","cpr_aed":{"valid_until":"0000-00-00"}}
{$R,"cycle_start":"2023-05-14","cpr_aed":{"valid_until":"9999-12-31","completed_on":"0001-01-01"}}
{$R,"cycle_start":"2023-05-14","cpr_aed":{"valid_until":"9999-12-31","completed_on":"0000-00-00"}}
{$R,"cycle_start":"2023-05-14","courses":[{"completed_on":"9999-12-31","amount":"1.0","unit":"CEU","provider":"approved"}]}
{$R,"cycle_start":"2023-05-14","courses":[{"completed_on":"0000-00-00","amount":"1.0","unit":"CEU","provider":"approved"}]}
{$R,"cycle_start":"2023-05-14","exam_passed_on":"0000-00-00"}
{$R,"cycle_start":"2023-05-14","exam_passed_on":"9999-12-31"}
EOF
cat > "$W/dates.want" <<'EOF'
bad_date cycle_start
bad_date cycle_start
bad_date cycle_start
decision
decision
bad_date applied_on
decision
bad_date cpr_aed.valid_until
decision
bad_date cpr_aed.completed_on
decision
bad_date courses[0].completed_on
bad_date exam_passed_on
decision
EOF

# codes NAME OUT WANT: each output line's error code and field (or
# "decision") is the one WANT expects, line by line.
codes() {
    sed -e 's/^{"line":[0-9]*,"id":.*,"error":{"code":"\([a-z_]*\)","field":"\([^"]*\)".*/\1 \2/' \
        -e 's/^{"line":[0-9]*,"id":.*,"error":{"code":"\([a-z_]*\)","field":null.*/\1/' \
        -e 's/^{"id":.*/decision/' "$2" > "$W/$1.codes"
    if cmp -s "$W/$1.codes" "$3"; then
        ok
    else
        bad "$1: error codes differ from the expected ones"
        diff "$3" "$W/$1.codes" | head -n 10
    fi
}
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    if run "dates.$v" "1" "$p" eval "$NASM" "$W/dates.jsonl" --as-of 2025-06-30; then
        valid "dates.$v" 1 "$W/dates.$v.out"
        codes "dates.$v" "$W/dates.$v.out" "$W/dates.want"
    fi
done
grep -q '"as_of":"9999-12-31","cycle":{"start":"9996-01-01","expires":"9997-12-31"}' "$W/dates.plain.out" && ok ||
    bad "cycle_start 9996-01-01 applied 9999-12-31: not the decision expected"

# ---- the malformed JSON of a JSON parser test suite ------------------------
# CODE<TAB>printf format of the line.  n_* cases of JSONTestSuite's kinds:
# truncated, bad escapes, invalid UTF-8, lone surrogates, numbers JSON does
# not have, comments, control characters, BOM, trailing garbage, duplicate
# keys (also after unescaping), deep nesting, huge numbers.
cat > "$W/json-cases.txt" <<'EOF'
bad_json	{
bad_json	{"id":"a"
bad_json	{"id":"a",}
bad_json	{"id":'a'}
bad_json	{id:"a"}
bad_json	{"id":"a\\x"}
bad_json	{"id":"a\\u12"}
bad_json	{"id":"a\\u12G4"}
bad_json	{"id":"\\ud800"}
bad_json	{"id":"\\udc00"}
bad_json	{"id":"\\ud800\\u0041"}
bad_json	{"id":"\\ud800\\ud800"}
bad_json	{"id":"\\uDBFF"}
bad_json	{"id":"a\tb"}
bad_json	{"id":"a\001b"}
bad_json	{"id":"\377"}
bad_json	{"id":"\300\257"}
bad_json	{"id":"\355\240\200"}
bad_json	{"id":"\342\202"}
bad_json	{"id":"\364\220\200\200"}
bad_json	{"id":"\370\210\200\200\200"}
bad_json	{"\377":1}
bad_json	\357\273\277{"id":"a"}
bad_json	{"a":1}x
bad_json	{"a":1}{"b":2}
bad_json	{"a":1},
bad_json	{"a":01}
bad_json	{"a":1.}
bad_json	{"a":.5}
bad_json	{"a":-}
bad_json	{"a":1e}
bad_json	{"a":1e+}
bad_json	{"a":+1}
bad_json	{"a":NaN}
bad_json	{"a":Infinity}
bad_json	{"a":-Infinity}
bad_json	{"a":0x10}
bad_json	{"a":1_000}
bad_json	{"a":tru}
bad_json	{"a":nul}
bad_json	{"a":True}
bad_json	{"a":[1,2}
bad_json	{"a":[1,]}
bad_json	{"a":[,1]}
bad_json	{"a":1]
bad_json	]
bad_json	}
bad_json	[
bad_json	{"a" 1}
bad_json	{"a"::1}
bad_json	{,}
bad_json	{"a":1,,"b":2}
bad_json	{1:2}
bad_json	{null:2}
bad_json	{"a":1 /* c */}
bad_json	{"a":1} // c
bad_json	{"a":1\v}
bad_json	{"a":1\f}
bad_json	{"id":"a"}\000
bad_json	{"id":"a\000b"}
bad_json	{"a":"\\
bad_json	{"a":"x
bad_json	"unterminated
bad_json	{"a":[
bad_json	{"a":{"b":
bad_json	{"a":"\\u00"}
bad_json	{"a":"\\U0041"}
bad_json	{"a":"\\a"}
bad_json	{"a":"\\'"}
not_an_object	[]
not_an_object	"str"
not_an_object	5
not_an_object	-0.0e-0
not_an_object	null
not_an_object	true
not_an_object	[{"id":"a"}]
duplicate_key	{"id":"a","id":"b"}
duplicate_key	{"id":"a","\\u0069d":"b"}
duplicate_key	{"id":"a","x":{"k":1,"k":2}}
duplicate_key	{"id":"a","x":[{"k":1},{"k":2,"k":3}]}
duplicate_key	{"id":"a","k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k1":0}
duplicate_key	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"unit":"CEU","unit":"CEU"}]}
duplicate_key	{"\\u00e9":1,"\303\251":2}
duplicate_key	{"\\ud83d\\ude00":1,"\360\237\230\200":2}
missing_field	{"\\u00e9":1,"\\u00c3\\u00a9":2}
missing_field	{}
missing_field	{"id":"a","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
too_deep	{"id":"a","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
too_deep	{"id":"a","id":"b","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
amount_out_of_range	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":1e999999999999999999999,"unit":"CEU","provider":"approved"}]}
amount_out_of_range	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":1e-999999999999999999999,"unit":"CEU","provider":"approved"}]}
amount_out_of_range	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":123456789012345678901234567890,"unit":"CEU","provider":"approved"}]}
amount_out_of_range	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":"0.0000001","unit":"CEU","provider":"approved"}]}
amount_out_of_range	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":1000000,"unit":"CEU","provider":"approved"}]}
bad_amount	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":"1e3","unit":"CEU","provider":"approved"}]}
bad_amount	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":-0.0,"unit":"CEU","provider":"approved"}]}
bad_amount	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":" 1","unit":"CEU","provider":"approved"}]}
decision	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","x":1e99999999999999999999,"y":[1,-0.0,true,null,{"z":"\\ud83d\\ude00"}]}
decision	{"id":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f\\ud83d\\ude00\303\251","credentials":["CPT"],"cycle_start":"2023-05-14"}
decision	{"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14","courses":[{"completed_on":"2024-01-01","amount":999999.999999000,"unit":"CEU","provider":"approved"}]}
decision	 \t {"id":"a","credentials":["CPT"],"cycle_start":"2023-05-14"} \t \r
EOF
: > "$W/json.jsonl"
: > "$W/json.want"
while IFS='	' read -r code fmt; do
    printf -- "$fmt\n" >> "$W/json.jsonl"
    echo "$code" >> "$W/json.want"
done < "$W/json-cases.txt"
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    if run "json.$v" "1" "$p" eval "$NASM" "$W/json.jsonl" --as-of 2025-06-30; then
        valid "json.$v" 1 "$W/json.$v.out"
        sed -e 's/^{"line":[0-9]*,"id":.*,"error":{"code":"\([a-z_]*\)".*/\1/' -e 's/^{"id":.*/decision/' \
            "$W/json.$v.out" > "$W/json.$v.codes"
        if cmp -s "$W/json.$v.codes" "$W/json.want"; then
            ok
        else
            bad "json.$v: error codes differ (expected < > got, by line)"
            diff "$W/json.want" "$W/json.$v.codes" | head -n 10
        fi
    fi
done
# Nesting 100,000 deep, balanced and not.
awk 'BEGIN { printf "{\"id\":\"deep\",\"x\":"; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' > "$W/deep.jsonl"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{\"a\":"; print "" }' >> "$W/deep.jsonl"
printf 'too_deep\nbad_json\n' > "$W/deep.want"
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    run "deep.$v" "1" "$p" eval "$NASM" "$W/deep.jsonl" --as-of 2025-06-30 &&
        codes "deep.$v" "$W/deep.$v.out" "$W/deep.want"
done

# ---- a 10 MB line, 100,000 courses, the 1 MiB limit ------------------------
GOOD='{"id":"after","credentials":["CPT"],"cycle_start":"2023-05-14"}'
{
    head -c 10485760 /dev/zero | tr '\0' 'x'; echo
    echo "$GOOD"
    head -c 10485760 /dev/zero | tr '\0' ' '; echo
    echo "$GOOD"
} > "$W/10mb-line.jsonl"
printf 'line_too_long\ndecision\ndecision\n' > "$W/10mb-line.want"
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    if run "10mb-line.$v" "1" "$p" eval "$NASM" "$W/10mb-line.jsonl" --as-of 2025-06-30; then
        codes "10mb-line.$v" "$W/10mb-line.$v.out" "$W/10mb-line.want"
        grep -q '^{"line":1,"id":null,"error":{"code":"line_too_long"' "$W/10mb-line.$v.out" && ok ||
            bad "10mb-line.$v: the long line's error does not name line 1"
    fi
done
# 100,000 courses (about 8 MB: too long), then the most courses that fit in
# 1 MiB (13,105 of these), padded to exactly 1,048,576 bytes, then one byte
# more, then the 1 MiB line with a CR before its LF.
HEAD='{"id":"big","credentials":["CPT"],"cycle_start":"2023-05-14","cpr_aed":{"valid_until":"2026-12-31"},"courses":['
COURSE='{"completed_on":"2024-01-10","amount":"0.1","unit":"CEU","provider":"approved"}'
awk -v h="$HEAD" -v c="$COURSE" '
function fit(end) {   # the 1 MiB line, then end
    printf "%s", h
    for (i = 0; i < n; i++) printf "%s%s", i ? "," : "", c
    printf "%s]}%s", pad, end
}
BEGIN {
    printf "%s", h; for (i = 0; i < 100000; i++) printf "%s%s", i ? "," : "", c; print "]}"
    n = int((1048576 - length(h) - 2 + 1) / (length(c) + 1))
    pad = ""; for (i = length(h) + n * (length(c) + 1) - 1 + 2; i < 1048576; i++) pad = pad " "
    fit("\n"); fit(" \n"); fit("\r\n")
    print "{\"id\":\"after\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\"}"
    print n > "/dev/stderr"
}' > "$W/courses.jsonl" 2> "$W/courses.n"
printf 'line_too_long\ndecision\nline_too_long\ndecision\ndecision\n' > "$W/courses.want"
[ "$(sed -n 2p "$W/courses.jsonl" | tr -d '\n' | wc -c)" -eq 1048576 ] && ok || bad "courses: the 1 MiB line is not 1,048,576 bytes"
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    if run "courses.$v" "1" "$p" eval "$NASM" "$W/courses.jsonl" --as-of 2025-06-30; then
        valid "courses.$v" 1 "$W/courses.$v.out"
        codes "courses.$v" "$W/courses.$v.out" "$W/courses.want"
        sed -n 2p "$W/courses.$v.out" | grep -q '"earned":"1310.6"' && ok ||
            bad "courses.$v: $(cat "$W/courses.n") courses of 0.1 CEU + the card do not earn 1310.6"
    fi
done
# The same courses all refused (each gets a reason): a large decision line.
sed -n 2p "$W/courses.jsonl" | sed 's/"approved"/"nobody"/g' > "$W/refused.jsonl"
if run refused "0" "$APOLC" eval "$NASM" "$W/refused.jsonl" --as-of 2025-06-30; then
    valid refused 1 "$W/refused.out"
    n=$(grep -o '"provider_not_accepted"' "$W/refused.out" | wc -l)
    [ "$n" -eq "$(cat "$W/courses.n")" ] && ok || bad "refused: $n course reasons for $(cat "$W/courses.n") courses"
fi

# ---- wrong types in every field --------------------------------------------
# Each line: the record with one field given a wrong value; the error code
# and field it must give.
X='"id":"w","credentials":["CPT"],"cycle_start":"2023-05-14"'
K='"completed_on":"2024-01-10","amount":"1.0","unit":"CEU","provider":"approved"'
: > "$W/types.jsonl"
: > "$W/types.want"
t() { echo "$1" >> "$W/types.jsonl"; echo "$2" >> "$W/types.want"; }
for v in 5 true '[]' '{}'; do
    t "{\"id\":$v,\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\"}" "wrong_type id"
    t "{\"id\":\"w\",\"credentials\":$v,\"cycle_start\":\"2023-05-14\"}" \
      "$([ "$v" = '[]' ] && echo "bad_value credentials" || echo "wrong_type credentials")"
    t "{\"id\":\"w\",\"credentials\":[$v],\"cycle_start\":\"2023-05-14\"}" "wrong_type credentials[0]"
    t "{\"id\":\"w\",\"credentials\":[\"CPT\"],\"cycle_start\":$v}" "wrong_type cycle_start"
    t "{$X,\"applied_on\":$v}" "wrong_type applied_on"
    t "{$X,\"cpr_aed\":$v}" "$([ "$v" = '{}' ] && echo "missing_field cpr_aed.valid_until" || echo "wrong_type cpr_aed")"
    t "{$X,\"cpr_aed\":{\"valid_until\":$v}}" "wrong_type cpr_aed.valid_until"
    t "{$X,\"cpr_aed\":{\"valid_until\":\"2026-01-01\",\"completed_on\":$v}}" "wrong_type cpr_aed.completed_on"
    t "{$X,\"courses\":$v}" "$([ "$v" = '[]' ] && echo decision || echo "wrong_type courses")"
    t "{$X,\"courses\":[$v]}" "$([ "$v" = '{}' ] && echo "missing_field courses[0].completed_on" || echo "wrong_type courses[0]")"
    t "{$X,\"courses\":[{$K,\"id\":$v}]}" "wrong_type courses[0].id"
    t "{$X,\"courses\":[{\"completed_on\":$v,\"amount\":1,\"unit\":\"CEU\",\"provider\":\"approved\"}]}" "wrong_type courses[0].completed_on"
    t "{$X,\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":$v,\"unit\":\"CEU\",\"provider\":\"approved\"}]}" \
      "$([ "$v" = 5 ] && echo decision || echo "wrong_type courses[0].amount")"
    t "{$X,\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":1,\"unit\":$v,\"provider\":\"approved\"}]}" "wrong_type courses[0].unit"
    t "{$X,\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":1,\"unit\":\"CEU\",\"provider\":$v}]}" "wrong_type courses[0].provider"
    t "{$X,\"courses\":[{$K,\"petition\":$v}]}" "wrong_type courses[0].petition"
    t "{$X,\"courses\":[{$K,\"category\":$v}]}" "wrong_type courses[0].category"
    t "{$X,\"exam_passed_on\":$v}" "wrong_type exam_passed_on"
done
# null: allowed only in cpr_aed and exam_passed_on.
t '{"id":null,"credentials":["CPT"],"cycle_start":"2023-05-14"}' "missing_field id"
t '{"id":"w","credentials":null,"cycle_start":"2023-05-14"}' "missing_field credentials"
t '{"id":"w","credentials":[null],"cycle_start":"2023-05-14"}' "missing_field credentials[0]"
t '{"id":"w","credentials":["CPT"],"cycle_start":null}' "missing_field cycle_start"
t "{$X,\"applied_on\":null}" "missing_field applied_on"
t "{$X,\"cpr_aed\":null}" "decision"
t "{$X,\"exam_passed_on\":null}" "decision"
t "{$X,\"courses\":null}" "missing_field courses"
t "{$X,\"courses\":[null]}" "missing_field courses[0]"
t "{$X,\"courses\":[{$K,\"category\":null}]}" "missing_field courses[0].category"
t "{$X,\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":null,\"unit\":\"CEU\",\"provider\":\"approved\"}]}" "missing_field courses[0].amount"
# Wrong values of the right type.
t '{"id":"w","credentials":["NOPE",5],"cycle_start":"2023-05-14"}' "unknown_credential credentials[0]"
t '{"id":"w","credentials":["CPT","CPT"],"cycle_start":"2023-05-14"}' "decision"
t '{"id":"w","credentials":["CPT"],"cycle_start":"2023-5-14"}' "bad_date cycle_start"
t '{"id":"w","credentials":["CPT"],"cycle_start":" 2023-05-14"}' "bad_date cycle_start"
t "{$X,\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":\"1.0\",\"unit\":\"CEU\",\"provider\":\"\"}]}" "bad_value courses[0].provider"
t "{$X,\"courses\":[{\"completed_on\":\"2024-01-10\",\"amount\":\"1.0\",\"unit\":\"CEU\",\"provider\":\"petition\"}]}" "missing_field courses[0].petition"
t "{$X,\"courses\":[{$K,\"petition\":\"maybe\"}]}" "bad_value courses[0].petition"
t "{$X,\"courses\":[{$K},{$K},{\"completed_on\":\"2024-01-10\",\"amount\":\"-1\",\"unit\":\"CEU\",\"provider\":\"x\"}]}" "bad_amount courses[2].amount"
t '{"credentials":["CPT"],"cycle_start":"2023-05-14"}' "missing_field id"
t '{"id":"w","cycle_start":"2023-05-14"}' "missing_field credentials"
t '{"id":"w","credentials":["CPT"]}' "missing_field cycle_start"
for v in plain asan; do
    p=$POLC
    [ "$v" = asan ] && p=$APOLC
    if run "types.$v" "1" "$p" eval "$NASM" "$W/types.jsonl" --as-of 2025-06-30; then
        valid "types.$v" 1 "$W/types.$v.out"
        codes "types.$v" "$W/types.$v.out" "$W/types.want"
    fi
done
run "types-no-as-of" "1" "$POLC" eval "$NASM" "$W/types.jsonl"
grep -q '"code":"no_application_date","field":"applied_on"' "$W/types-no-as-of.out" && ok ||
    bad "without --as-of a record without applied_on is not no_application_date"

# ---- 100,000 lines, one bad line in ten --------------------------------------
# Lines n = 1..100000: every tenth a bad line of one of nine kinds (line
# 50000 is over 1 MiB), every 5001st a blank one, the rest the example
# records in turn.  Every non-blank line has its output line, in order; each
# bad one is answered in its place with its own line number; every good one
# is decided exactly as when the bad lines are not there; --jobs 2 writes the
# same bytes.
awk -v big=1100000 '
BEGIN {
    bad[0] = "{\"id\":\"t\",\"credentials\":[\"CPT\"]"
    bad[1] = "{\"id\":\"e\\q\"}"
    bad[2] = "{\"id\":\"\377\"}"
    bad[3] = "{\"id\":\"d\",\"id\":\"d\"}"
    bad[4] = "[1,2,3]"
    bad[5] = "{\"id\":\"w\",\"credentials\":[\"CPT\"],\"cycle_start\":20230514}"
    bad[6] = "{\"id\":\"b\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-02-30\"}"
    bad[7] = "{\"id\":\"u\",\"credentials\":[\"NOPE\"],\"cycle_start\":\"2023-05-14\"}"
    bad[8] = "{\"id\":\"n\"} trailing"
}
FNR == NR { ex[FNR - 1] = $0; n_ex = FNR; next }
END {
    for (n = 1; n <= 100000; n++) {
        if (n == 50000) {
            s = "x"; while (length(s) < big) s = s s; print s; print n > "'"$W"'/big.bad"
        } else if (n % 10 == 0) {
            print bad[(n / 10) % 9]; print n > "'"$W"'/big.bad"
        } else if (n % 5001 == 0) {
            print "   "
        } else {
            print ex[(n - 1) % n_ex]; print ex[(n - 1) % n_ex] > "'"$W"'/big.good"
        }
    }
}' examples/nasm-cpt.jsonl examples/nasm-cpt.jsonl > "$W/big.jsonl"
[ "$(wc -l < "$W/big.jsonl")" -eq 100000 ] && ok || bad "big: the file does not have 100,000 lines"
if run big "1" "$POLC" eval "$NASM" "$W/big.jsonl" --as-of 2025-06-30; then
    lines_match big "$W/big.jsonl" "$W/big.out"
    valid big 1 "$W/big.out"
    # Pair each output line with its input line number.
    awk '/[^ \t\r]/ { print FNR }' "$W/big.jsonl" > "$W/big.nonblank"
    paste -d ' ' "$W/big.nonblank" "$W/big.out" > "$W/big.paired"
    awk 'NR == FNR { b[$1] = 1; next }
         ($1 in b) { if (index($0, $1 " {\"line\":" $1 ",") != 1) { print "line " $1 ": " substr($0, 1, 120); e++ } next }
         END { exit e > 0 }' "$W/big.bad" "$W/big.paired" > "$W/big.badcheck" && ok ||
        { bad "big: a bad line is not answered in its place with its line number"; head -n 5 "$W/big.badcheck"; }
    awk 'NR == FNR { b[$1] = 1; next } !($1 in b) { sub(/^[0-9]+ /, ""); print }' "$W/big.bad" "$W/big.paired" |
        sed 's/^{"line":[0-9]*,/{"line":0,/' > "$W/big.goodout"
    "$POLC" eval "$NASM" "$W/big.good" --as-of 2025-06-30 2>/dev/null | sed 's/^{"line":[0-9]*,/{"line":0,/' > "$W/big.ref"
    if cmp -s "$W/big.goodout" "$W/big.ref"; then ok; else bad "big: good lines are decided differently among bad ones"; fi
    nbad=$(grep -c '^{"line":' "$W/big.out")
    nref=$(( $(wc -l < "$W/big.bad") + $(grep -c '^{"line":' "$W/big.ref") ))
    [ "$nbad" -eq "$nref" ] && ok || bad "big: $nbad error lines, expected $nref"
    run big-jobs "1" "$POLC" eval "$NASM" "$W/big.jsonl" --as-of 2025-06-30 --jobs 2 &&
        { cmp -s "$W/big.out" "$W/big-jobs.out" && ok || bad "big: --jobs 2 output differs"; }
fi
run big-asan "1" "$APOLC" eval "$NASM" "$W/big.jsonl" --as-of 2025-06-30 &&
    { cmp -s "$W/big.out" "$W/big-asan.out" && ok || bad "big: the ASan build decides differently"; }
# The large inputs and outputs go; the small ones stay for a look.
rm -f "$W"/big.* "$W"/big-* "$W"/10mb-* "$W"/courses.* "$W"/refused.* "$W"/deep.* \
      "$W"/windows.pol "$W"/cycles.pol "$W"/nested.pol "$W"/creds1000*.pol "$W"/cites.pol
rm -rf "$W"/cites.d

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
