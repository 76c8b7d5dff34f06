#!/bin/sh
# fuzz/run.sh BUILD TARGET... - seeds, runs and reports the fuzz targets
# (make fuzz).  Each target runs FUZZ_SECONDS (default 60) on its corpus in
# BUILD/fuzz/corpus/TARGET, seeded from the repository; the last stats line
# of each run (executions, cov, ft, corpus) is printed and kept in
# BUILD/fuzz/TARGET.log.  Afterwards a sample of the generated C that the gen
# target kept is compiled and run (fuzz/gen-compile.sh).  Exits 1 when a
# target found a crash, a leak, a timeout or an out-of-memory (its input is
# in BUILD/fuzz/artifacts/), or when a generated sample fails.
set -u
B=$1
shift
F=$B/fuzz
S=${FUZZ_SECONDS:-60}
J=${FUZZ_JOBS:-1}
mkdir -p "$F/artifacts" "$F/corpus" "$F/seed" "$F/gen-out"

# One file per seed: policies, broken policies, record lines, numbers.
seed_front() {
    d=$F/seed/$1
    rm -rf "$d" && mkdir -p "$d"
    for p in policies/*.pol tests/check/*.pol tests/fmt/*.pol tests/diag-formats/*.pol \
             tests/regression/*.pol examples/embed/*.pol; do
        [ -f "$p" ] && cp "$p" "$d/$(echo "$p" | tr '/' '_')"
    done
    # A small policy with every kind of block, for mutations to start near.
    cat > "$d/all-blocks.pol" <<'EOF'
policy "p" {
    title "T"
    body "B"
    currency USD
}
unit CEU {
    precision 0.1
    hours 10
}
param fee1 = 10.00 USD
param rate1 = 5% assumed "n"
param units1 = 1.0 CEU
credential A { requires units1
    fee 5.00 USD }
credential B { requires 2.0 CEU
    fee 6.00 USD }
together {
    units sum
    fees highest
}
cycle {
    length 24 months
    expires end_of_month
    leap_day feb28
}
courses {
    accept any
    accept provider "X \"q\" \\ ??/ */"
    accept petitions any
    count from cycle_start + 1 month through expiry + 1 year
}
cpr_aed {
    valid on expiry
    credit 0.1 CEU
}
category core {
    at least 0.5 CEU
    at most 1.5 CEU
}
fee base = fee1
fee per_c per credential cite "each"
fee pet = 1.00 USD per petition
path units {
    requires units
    requires cpr_aed
    charges base, pet, per_c
}
path exam {
    requires exam from cycle_start through expiry
    charges base
}
window w1 {
    from expiry + 1 day
    before expiry + 2 months
    charges base
}
window w2 {
    from expiry + 2 months
    through expiry + 3 years
    fees replacing
}
after last window expired cite "gone"
audit {
    rate rate1
    documents due application + 30 days
}
EOF
}

seed_records() {
    d=$F/seed/record
    rm -rf "$d" && mkdir -p "$d"
    i=0
    for f in tests/conformance/*/records.jsonl tests/regression/*.jsonl; do
        [ -f "$f" ] || continue
        while IFS= read -r line; do
            i=$((i + 1))
            printf '%s\n' "$line" > "$d/r$i"
        done < "$f"
    done
    for f in examples/*.jsonl; do
        [ -f "$f" ] || continue
        head -n 40 "$f" | while IFS= read -r line; do
            echo "$line" > "$d/$(basename "$f")-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
        done
    done
    # A few lines as one stream: blank lines, CR LF, a bad line between.
    printf '%s\r\n\n   \n{"id":1}\n%s' "$(head -n 1 examples/nasm-cpt.jsonl)" \
        "$(sed -n 2p examples/nasm-cpt.jsonl)" > "$d/stream"
}

seed_numbers() {
    d=$F/seed/numbers
    rm -rf "$d" && mkdir -p "$d"
    i=0
    for v in 0 1 0.5 5e-1 1.500000000 999999.999999 1000000 9223372036854.775807 \
             9223372036854.775808 1e12 1E+6 0.0000001 00012 -0 -1 1. .5 0e999999999999 \
             1e-7 12345678901234567890 2024-02-29 2025-02-29 0000-00-00 0001-01-01 \
             9999-12-31 1970-01-01 2000-02-29 1900-02-29; do
        i=$((i + 1))
        printf '%s' "$v" > "$d/n$i"
    done
    grep -ho '"[0-9][0-9.eE+-]*"\|:[0-9][0-9.eE+-]*' tests/conformance/*/records.jsonl \
        examples/nasm-cpt.jsonl 2>/dev/null | tr -d '":' | sort -u | head -n 200 |
    while IFS= read -r v; do
        printf '%s' "$v" > "$d/x-$(printf '%s' "$v" | cksum | cut -d' ' -f1)"
    done
    for f in tests/regression/*.num; do
        [ -f "$f" ] && cp "$f" "$d/regression-$(basename "$f")"
    done
    # int64/int32 pairs for the arithmetic half.
    printf '\377\377\377\377\377\377\377\177\002\000\000\000\000\000\000\000\006' > "$d/max"
    printf '\000\000\000\000\000\000\000\200\377\377\377\377\377\377\377\377\003' > "$d/min"
}

for t in "$@"; do
    case $t in
    front|gen) seed_front "$t" ;;
    record) seed_records ;;
    numbers) seed_numbers ;;
    json) seed_records && rm -rf "$F/seed/json" && cp -R "$F/seed/record" "$F/seed/json" ;;
    esac
done

stamp=$F/.run-stamp-$$
touch "$stamp"
trap 'rm -f "$stamp"' EXIT
status=0
printf '%-8s %12s %8s %8s %8s  %s\n' target executions cov ft corpus findings
for t in "$@"; do
    bin=$F/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz: $bin is not built"; status=1; continue; }
    mkdir -p "$F/corpus/$t"
    dict=
    case $t in
    front|gen) dict=-dict=fuzz/pol.dict ;;
    record|json) dict=-dict=fuzz/json.dict ;;
    esac
    log=$F/$t.log
    par=
    [ "$J" -gt 1 ] && par="-fork=$J -ignore_crashes=0"
    POLC_FUZZ_GEN_OUT=$F/gen-out "$bin" $dict $par -max_total_time="$S" -timeout=10 \
        -rss_limit_mb=2560 -max_len=16384 -artifact_prefix="$F/artifacts/$t-" \
        -print_final_stats=1 "$F/corpus/$t" "$F/seed/$t" > "$log" 2>&1
    rc=$?
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    execs=$(grep 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    found=$(find "$F/artifacts" -name "$t-*" -newer "$stamp" | wc -l)
    printf '%-8s %12s %8s %8s %8s  %s\n' "$t" "$execs" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
        "$( [ "$found" -eq 0 ] && [ "$rc" -eq 0 ] && echo none || echo "$found (exit $rc, see $log)")"
    if [ "$found" -ne 0 ] || [ "$rc" -ne 0 ]; then
        status=1
        find "$F/artifacts" -name "$t-*" -newer "$stamp" | sed 's/^/  /'
    fi
done

case " $* " in
*" gen "*) sh fuzz/gen-compile.sh "$B" "$F/gen-out" "${FUZZ_GEN_SAMPLE:-100}" || status=1 ;;
esac
exit $status
