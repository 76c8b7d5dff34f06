#!/bin/sh
# polc check --format=json and --format=sarif.
#   sh tests/suites/diag-formats.sh BUILD WORKDIR      (from the repo root)
# - goldens: tests/diag-formats/NAME.json and NAME.sarif, compared byte for byte
#   (ACCEPT=1 rewrites them instead);
# - every SARIF log written here is validated against the vendored OASIS
#   SARIF 2.1.0 schema (tests/sarif/validate.py, Debian python3-jsonschema);
# - the validator rejects broken logs (level "fatal", startLine 0, ...);
# - for every tests/check/*.pol (and the policies here and in policies/) the
#   text, JSON and SARIF forms report the same diagnostics.
# Installs python3-jsonschema and python3-rfc3987 when missing (apt-get, as
# root).  Ends with "N passed, N failed"; exits 1 on any failure.
set -u
B=${1:-build}
W=${2:-$B/test-work}
POLC=$B/polc
D=tests/diag-formats
V=tests/sarif/validate.py
PY=/usr/bin/python3          # Debian's, where python3-jsonschema installs
T=$W/diag-formats
rm -rf "$T" && mkdir -p "$T" || exit 2
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

# ---- what the checks need -------------------------------------------------
PKGS="python3 python3-jsonschema python3-rfc3987"
if command -v dpkg > /dev/null 2>&1; then
    missing=""
    for p in $PKGS; do dpkg -s "$p" > /dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
        echo "diag-formats: installing missing packages:$missing (apt-get)"
        if [ "$(id -u)" != 0 ]; then
            bad "packages missing:$missing (run as root, or install them)"
        elif apt-get -o DPkg::Lock::Timeout=300 update -qq > "$T/apt.log" 2>&1 &&
             DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
                 install -y -qq $missing >> "$T/apt.log" 2>&1; then
            ok "installed$missing"
        else
            bad "apt-get install$missing failed"
            tail -n 5 "$T/apt.log"
        fi
    fi
fi
# Whatever installed it, the validator must run: otherwise every check
# below that needs it fails (none is skipped).
if "$PY" -c 'import jsonschema, rfc3987' > "$T/py.log" 2>&1; then
    ok "validator dependencies"
else
    bad "$PY cannot import jsonschema and rfc3987"
    cat "$T/py.log"
fi
if [ ! -x "$POLC" ]; then
    bad "no $POLC (make $POLC)"
    finish
fi

# ---- helpers ----------------------------------------------------------------
golden() { # label produced expected
    if [ "${ACCEPT:-0}" = 1 ]; then
        cp "$2" "$3" && ok "$1 (accepted)"
    elif [ ! -f "$3" ]; then
        bad "$1: no golden file $3 (run ACCEPT=1 sh $0 $B $W and review it)"
    elif cmp -s "$2" "$3"; then
        ok "$1"
    else
        bad "$1: differs from $3"
        diff -u "$3" "$2" | head -n 30
    fi
}

# Queued, and validated in one run of the validator at the end.
TAB=$(printf '\t')
: > "$T/validate.queue"
validate() { # label file
    printf '%s\t%s\n' "$2" "$1" >> "$T/validate.queue"
}
validate_queued() {
    cut -f 1 "$T/validate.queue" > "$T/validate.list"
    "$PY" "$V" --from "$T/validate.list" > "$T/validate.log" 2>&1
    rc=$?
    while IFS=$TAB read -r f label; do
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
            bad "$label: cannot validate (validator exit $rc)"
        elif grep -Fxq "$f: invalid SARIF 2.1.0" "$T/validate.log"; then
            bad "$label: not valid SARIF 2.1.0"
            awk -v h="$f: invalid SARIF 2.1.0" '$0 == h { p = 1; next }
                p && /^  / { print; next } { p = 0 }' "$T/validate.log" | head -n 12
        else
            ok "$label: valid SARIF 2.1.0"
        fi
    done < "$T/validate.queue"
    [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || cat "$T/validate.log"
    n=$(wc -l < "$T/validate.queue")
    # Every queued log must have been looked at: exit 0 with no failures,
    # or exit 1 with at least one.
    if [ "$rc" -eq 1 ] && ! grep -q ': invalid SARIF 2.1.0$' "$T/validate.log"; then
        bad "validator exit 1 but no file reported invalid"
    fi
    echo "validated $n SARIF logs"
}

# JSON form: one document, {"diagnostics":[...]}, each with these keys.
json_shape() { # label file
    if "$PY" - "$2" > "$T/shape.log" 2>&1 <<'EOF'; then
import json, sys
keys = ["file", "line", "column", "end_line", "end_column", "severity", "rule", "message", "hint"]
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert list(doc) == ["diagnostics"], list(doc)
for d in doc["diagnostics"]:
    assert list(d) == keys, list(d)
    assert d["severity"] in ("error", "warning"), d
    assert all(isinstance(d[k], int) and d[k] >= 1 for k in keys[1:5]), d
    assert isinstance(d["rule"], str) and isinstance(d["message"], str), d
    assert d["hint"] is None or isinstance(d["hint"], str), d
EOF
        ok "$1: JSON shape"
    else
        bad "$1: JSON shape"
        cat "$T/shape.log"
    fi
}

# The same diagnostics in all three forms: text (stderr) and JSON report
# the same (line, column, severity, message, hint) multiset; SARIF has the
# same results in the same order, with columns in UTF-16 code units and the
# file name as a percent-encoded URI.
compare_forms() { # label name-as-reported source text json sarif
    if "$PY" - "$2" "$3" "$4" "$5" "$6" > "$T/compare.log" 2>&1 <<'EOF'; then
import json, re, sys
from urllib.parse import quote
name, source, text, js, sarif = sys.argv[1:]
src = open(source, "rb").read().split(b"\n")

txt, dropped = [], None
head = re.compile(r"^(\d+):(\d+): (error|warning): (.*)$")
for line in open(text, encoding="utf-8", errors="surrogateescape").read().split("\n"):
    if line.startswith(name + ":"):
        m = head.match(line[len(name) + 1:])
        if m:
            txt.append([int(m[1]), int(m[2]), m[3], m[4], None])
            continue
        if line.startswith(name + ": too many diagnostics"):
            dropped = line
            continue
    if line.startswith("      = hint: ") and txt:
        txt[-1][4] = line[len("      = hint: "):]
    elif line and not re.match(r"^( {5}| *\d+) \| ", line):
        sys.exit("text form: unexpected line %r" % line)

jd = json.load(open(js, encoding="utf-8"))["diagnostics"]
for d in jd:
    assert d["file"] == name, "JSON file %r, not %r" % (d["file"], name)
jsn = [[d["line"], d["column"], d["severity"], d["message"], d["hint"]] for d in jd]
if sorted(map(tuple, txt)) != sorted(map(tuple, jsn)):
    print("text has:", *sorted(map(tuple, txt)), sep="\n  ")
    print("JSON has:", *sorted(map(tuple, jsn)), sep="\n  ")
    sys.exit("text and JSON forms differ")

def utf16(line, col):
    b = src[line - 1] if line - 1 < len(src) else b""
    pre = b[:col - 1]
    units = len(pre.decode("utf-8", "surrogateescape").encode("utf-16-le", "surrogatepass")) // 2
    return units + 1 + max(0, col - 1 - len(b))

uri = ("file://" if name.startswith("/") else "") + quote(name, safe="/")
log = json.load(open(sarif, encoding="utf-8"))
run = log["runs"][0]
res = run["results"]
assert len(res) == len(jd), "SARIF has %d results, JSON %d diagnostics" % (len(res), len(jd))
for r, d in zip(res, jd):
    want = d["message"] + (" (hint: %s)" % d["hint"] if d["hint"] is not None else "")
    loc = r["locations"][0]["physicalLocation"]
    reg = loc["region"]
    got = (r["ruleId"], r["level"], r["message"]["text"], loc["artifactLocation"]["uri"],
           reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"])
    exp = (d["rule"], d["severity"], want, uri, d["line"], utf16(d["line"], d["column"]),
           d["end_line"], utf16(d["end_line"], d["end_column"]))
    assert got == exp, "SARIF result\n  %r\nexpected\n  %r" % (got, exp)
assert [a["location"]["uri"] for a in run.get("artifacts", [])] == [uri], run.get("artifacts")
notes = [n["message"]["text"] for i in run.get("invocations", [])
         for n in i.get("toolExecutionNotifications", [])]
assert notes == ([dropped] if dropped else []), (notes, dropped)
EOF
        ok "$1: text, JSON and SARIF agree"
    else
        bad "$1: text, JSON and SARIF disagree"
        tail -n 20 "$T/compare.log"
    fi
}

# ---- goldens: json and sarif for each case ---------------------------------
case_goldens() { # name want-status file...
    name=$1 want=$2
    shift 2
    for fmt in json sarif; do
        out=$T/$name.$fmt
        "$POLC" check --format=$fmt "$@" > "$out" 2> "$out.stderr"
        rc=$?
        if [ "$rc" -eq "$want" ] && [ ! -s "$out.stderr" ]; then
            ok "$name.$fmt: exit $rc, nothing on stderr"
        else
            bad "$name.$fmt: exit $rc (want $want)"
            head -n 5 "$out.stderr"
        fi
        golden "$name.$fmt" "$out" "$D/$name.$fmt"
        if [ "$fmt" = json ]; then json_shape "$name.json" "$out"; else validate "$name.sarif" "$out"; fi
    done
}

case_goldens clean 0 "$D/clean.pol"
case_goldens errors 1 "$D/errors.pol"
case_goldens two-files 1 "$D/clean.pol" "$D/errors.pol"
case_goldens space 1 "$D/my policy.pol"
case_goldens unicode 1 "$D/unicode.pol"
case_goldens all 1 "$D/clean.pol" "$D/errors.pol" "$D/my policy.pol" "$D/unicode.pol"

# ---- every policy: three forms agree, SARIF valid -----------------------------
POLC_ABS=$(cd "$(dirname "$POLC")" && pwd)/$(basename "$POLC")
ROOT=$(pwd)
case $T in /*) TA=$T ;; *) TA=$ROOT/$T ;; esac
# Runs polc check on input (default: source) in folder dir (default: here),
# with source on standard input.
forms() { # label name-as-reported source [input [dir]]
    label=$1 name=$2 pol=$3
    t=$TA/forms-$(echo "$label" | tr -c 'A-Za-z0-9.\n-' '_')
    in=${4:-$pol}
    src=$pol
    case $src in /*) ;; *) src=$ROOT/$src ;; esac
    cd "${5:-.}" || { bad "$label: no folder ${5:-.}"; return; }
    "$POLC_ABS" check --color=never "$in" > /dev/null 2> "$t.txt" < "$src"
    r1=$?
    "$POLC_ABS" check --format=json "$in" > "$t.json" 2> "$t.json.err" < "$src"
    r2=$?
    "$POLC_ABS" check --format=sarif "$in" > "$t.sarif" 2> "$t.sarif.err" < "$src"
    r3=$?
    cd "$ROOT" || exit 2
    if [ "$r1" -eq "$r2" ] && [ "$r1" -eq "$r3" ] && [ "$r1" -le 1 ] &&
       [ ! -s "$t.json.err" ] && [ ! -s "$t.sarif.err" ]; then
        ok "$label: exit $r1 in every format"
    else
        bad "$label: exit text $r1, json $r2, sarif $r3"
        head -n 5 "$t.json.err" "$t.sarif.err"
    fi
    compare_forms "$label" "$name" "$src" "$t.txt" "$t.json" "$t.sarif"
    validate "$label" "$t.sarif"
}

n=0
for pol in tests/check/*.pol "$D"/*.pol policies/*.pol; do
    [ -f "$pol" ] || continue
    forms "$pol" "$pol" "$pol"
    n=$((n + 1))
done
if [ "$n" -ge 40 ]; then ok "$n policies compared"; else bad "only $n policies found to compare"; fi

# Awkward names: bytes a URI must encode, ':' in a relative name's first
# segment (not a scheme), an absolute name (a file: URI); standard input.
mkdir -p "$T/odd dir"
odd="a:b #%ü.pol"
cp "$D/errors.pol" "$T/odd dir/$odd"
abs="$TA/odd dir/$odd"
forms "odd name, relative" "$odd" "$abs" "$odd" "$T/odd dir"
forms "odd name, folder" "odd dir/$odd" "$abs" "odd dir/$odd" "$T"
forms "odd name, absolute" "$abs" "$abs"
forms "standard input" "<stdin>" "$D/errors.pol" -

validate_queued

# ---- the validator rejects what it must --------------------------------------
if "$PY" - "$T/errors.sarif" "$T" > "$T/broken.log" 2>&1 <<'EOF'; then
import json, sys
base = json.load(open(sys.argv[1], encoding="utf-8"))
def broken(name, change):
    log = json.loads(json.dumps(base))
    change(log)
    with open("%s/broken-%s.sarif" % (sys.argv[2], name), "w", encoding="utf-8") as f:
        json.dump(log, f)
run = lambda log: log["runs"][0]
region = lambda log: run(log)["results"][0]["locations"][0]["physicalLocation"]["region"]
artifact = lambda log: run(log)["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
broken("level-fatal", lambda log: run(log)["results"][0].update(level="fatal"))
broken("start-line-0", lambda log: region(log).update(startLine=0))
broken("start-column-0", lambda log: region(log).update(startColumn=0))
broken("no-driver-name", lambda log: run(log)["tool"]["driver"].pop("name"))
broken("version-2.0", lambda log: log.update(version="2.0.0"))
broken("uri-with-space", lambda log: artifact(log).update(uri="my policy.pol"))
broken("information-uri-relative", lambda log: run(log)["tool"]["driver"].update(informationUri="polc"))
broken("column-kind", lambda log: run(log).update(columnKind="bytes"))
broken("unknown-property", lambda log: run(log)["results"][0].update(severity="error"))
# valid SARIF, wrong for polc: only the checks after the schema see these
broken("polc-rule-index", lambda log: run(log)["results"][0].update(ruleIndex=1))
broken("polc-no-rule", lambda log: run(log)["tool"]["driver"].update(rules=[]))
broken("polc-artifact-index", lambda log: artifact(log).update(index=5))
EOF
    ok "broken logs written"
else
    bad "cannot write broken logs"
    cat "$T/broken.log"
fi
# Exit 1 must come with a file reported invalid (and, given a pattern, a
# problem matching it), so that a crash cannot pass for a rejection.
expect_status() { # label want pattern args...
    label=$1 want=$2 pat=$3
    shift 3
    "$PY" "$V" "$@" > "$T/v.log" 2>&1
    rc=$?
    if [ "$rc" -eq "$want" ] && { [ "$want" -ne 1 ] ||
           { grep -q ': invalid SARIF 2.1.0$' "$T/v.log" && grep -qF -- "$pat" "$T/v.log"; }; }; then
        ok "$label: validator exit $rc"
    else
        bad "$label: validator exit $rc, want $want${pat:+ reporting \"$pat\"}"
        cat "$T/v.log"
    fi
}
expect_status "errors.sarif, schema only" 0 "" --schema-only "$T/errors.sarif"
expect_status "errors.sarif" 0 "" "$T/errors.sarif"
# name, then what the report must say
while read -r b pat; do
    f=$T/broken-$b.sarif
    if [ ! -f "$f" ]; then
        bad "broken-$b: not written"
        continue
    fi
    case $b in
    polc-*)
        expect_status "broken-$b passes the schema" 0 "" --schema-only "$f"
        expect_status "broken-$b rejected" 1 "$pat" "$f"
        ;;
    *) expect_status "broken-$b rejected by the schema" 1 "$pat" --schema-only "$f" ;;
    esac
done <<'EOF'
level-fatal /results/0/level: 'fatal' is not one of
start-line-0 /region/startLine: 0 is less than the minimum of 1
start-column-0 /region/startColumn: 0 is less than the minimum of 1
no-driver-name 'name' is a required property
version-2.0 /version: '2.0.0' is not one of
uri-with-space /artifactLocation/uri: 'my policy.pol' is not a 'uri-reference'
information-uri-relative /informationUri: 'polc' is not a 'uri'
column-kind /columnKind: 'bytes' is not one of
unknown-property Additional properties are not allowed ('severity'
polc-rule-index ruleIndex 1 does not name rule
polc-no-rule does not name rule
polc-artifact-index artifactLocation.index 5 does not name
EOF
printf '{"version":"2.1.0","runs":[' > "$T/broken-truncated.sarif"
expect_status "truncated log rejected" 1 "not a JSON document" "$T/broken-truncated.sarif"
printf '{"version":"2.1.0","version":"2.1.0","runs":[]}' > "$T/broken-duplicate-key.sarif"
expect_status "duplicate key rejected" 1 "duplicate key" "$T/broken-duplicate-key.sarif"

finish
