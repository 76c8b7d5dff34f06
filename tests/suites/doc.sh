#!/bin/sh
# polc doc: the pages of the seed policies against their goldens
# (tests/doc/), well-formed XHTML, escaping of a hostile policy, and the NASM
# page rendered by headless Chromium into a PNG that is checked not blank.
#   sh tests/suites/doc.sh BUILD WORKDIR      (from the repository's root)
# With ACCEPT=1 the goldens and docs/images/nasm-cpt-doc.png are rewritten.
# Ends with "N passed, N failed"; exits non-zero on a failure.
set -u
B=$1
mkdir -p "$2/doc"
W=$(cd "$2/doc" && pwd)
POLC=$B/polc
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

# 0. Until compiler/main.c has the command, there is nothing to test.
if ! "$POLC" doc --help > "$W/help.out" 2>&1; then
    bad "'$POLC doc --help' fails: polc doc is not wired into compiler/main.c yet (compiler/doc.h: doc_html, doc_markdown)"
    head -n 3 "$W/help.out"
    finish
fi
ok

# Debian packages this suite needs, installed when missing (as the
# Makefile's need_pkgs does).
need_pkg() { # package command
    command -v "$2" > /dev/null 2>&1 && return 0
    if ! command -v dpkg > /dev/null 2>&1; then
        echo "polc: $2 is missing and this is not a Debian system"
        return 1
    fi
    dpkg -s "$1" > /dev/null 2>&1 && command -v "$2" > /dev/null 2>&1 && return 0
    echo "polc: installing missing package: $1 (apt-get)"
    if [ "$(id -u)" != 0 ]; then
        echo "polc: run as root, or install: $1"
        return 1
    fi
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1"; }; } \
        > "$W/apt-$1.log" 2>&1
    command -v "$2" > /dev/null 2>&1 && return 0
    echo "polc: could not install $1:"
    tail -n 5 "$W/apt-$1.log"
    return 1
}

golden() { # label produced expected
    if [ "${ACCEPT:-0}" = 1 ]; then
        cp "$2" "$3"
        ok
    elif [ ! -f "$3" ]; then
        bad "$1: no golden file $3 (run ACCEPT=1 sh $0 ... and review it)"
    elif cmp -s "$2" "$3"; then
        ok
    else
        bad "$1: differs from $3"
        diff -u "$3" "$2" | head -n 20
    fi
}

# 1. The seed policies: goldens, exit status, the same bytes twice.
for name in nasm-cpt acsm; do
    pol=policies/$name.pol
    for fmt in html md; do
        out=$W/$name.$fmt
        if "$POLC" doc --format=$fmt "$pol" -o "$out" 2> "$out.err"; then ok; else
            bad "polc doc --format=$fmt $pol: exit $?"
            cat "$out.err"
            continue
        fi
        golden "doc $name.$fmt" "$out" "tests/doc/$name.$fmt"
        "$POLC" doc --format=$fmt "$pol" -o "$out.again" 2> /dev/null
        if cmp -s "$out" "$out.again"; then ok; else bad "polc doc $name.$fmt: not deterministic"; fi
    done
    # HTML is the default format.
    "$POLC" doc "$pol" -o "$W/$name.default" 2> /dev/null
    if cmp -s "$W/$name.html" "$W/$name.default"; then ok; else bad "polc doc $pol without --format is not the HTML page"; fi
done

# 2. A policy whose strings are markup: the page stays inert.
"$POLC" doc tests/doc/hostile.pol -o "$W/hostile.html" 2> "$W/hostile.err" &&
    "$POLC" doc --format=md tests/doc/hostile.pol -o "$W/hostile.md" 2>> "$W/hostile.err"
rc=$?
if [ "$rc" -eq 0 ]; then ok; else bad "polc doc tests/doc/hostile.pol: exit $rc"; cat "$W/hostile.err"; fi
for f in hostile.html hostile.md; do
    if grep -n -i -E '<(script|img|em|b|i|u|card|path|!--|!\[CDATA)[ >]|<a href=.javascript|</td></tr></table>' \
            "$W/$f" > "$W/$f.inject"; then
        bad "$f: markup from the policy's strings came through"
        head -n 5 "$W/$f.inject"
    else
        ok
    fi
done
if grep -q '&lt;script&gt;alert(&quot;t&amp;t&quot;)&lt;/script&gt; &#39;q&#39;' "$W/hostile.html"; then ok; else
    bad "hostile.html: the title is not escaped as & < > \" ' entities"; fi
if grep -q '<' "$W/hostile.md"; then bad "hostile.md: a raw '<'"; grep -n '<' "$W/hostile.md" | head -n 3; else ok; fi

# 3. Every page is self-contained, script-free, well-formed XHTML.
for f in nasm-cpt.html acsm.html hostile.html; do
    if grep -n -i -E '<(script|link|iframe|object|embed|img)|<[a-z][^>]* (src|srcset)=|url\(|@import|<a [^>]*href="(https?:)?//' \
            "$W/$f" > "$W/$f.ext"; then
        bad "$f: a script or an external resource"
        head -n 5 "$W/$f.ext"
    else
        ok
    fi
done
if need_pkg libxml2-utils xmllint; then
    for f in nasm-cpt.html acsm.html hostile.html; do
        if xmllint --noout --nonet "$W/$f" 2> "$W/$f.lint"; then ok; else
            bad "$f is not well-formed XHTML"
            head -n 10 "$W/$f.lint"
        fi
    done
else
    bad "xmllint (libxml2-utils) is missing and could not be installed"
fi

# 4. Misuse: a missing file, a policy with errors.
"$POLC" doc no/such/policy.pol -o "$W/none.html" > /dev/null 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then ok; else bad "polc doc on a missing file exits 0"; fi
"$POLC" doc tests/check/missing-cycle.pol -o "$W/bad.html" > /dev/null 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then ok; else bad "polc doc on a policy with errors exits 0"; fi

# 5. The NASM page in headless Chromium: a PNG that is not blank.
png=$W/nasm-cpt.png
if need_pkg chromium chromium; then
    profile=$(mktemp -d)
    rm -f "$png"
    timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --screenshot="$png" --window-size=1200,2000 \
        "file://$W/nasm-cpt.html" > "$W/chromium.log" 2>&1
    rc=$?
    rm -rf "$profile"
    if [ "$rc" -eq 0 ] && [ -s "$png" ]; then ok; else
        bad "chromium did not render the NASM page (exit $rc)"
        tail -n 5 "$W/chromium.log"
    fi
    if [ -s "$png" ]; then
        magic=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
        if [ "$magic" = 89504e470d0a1a0a ]; then ok; else bad "$png is not a PNG ($magic)"; fi
        size=$(wc -c < "$png")
        if [ "$size" -gt 50000 ]; then ok; else bad "$png is $size bytes: a blank page?"; fi
        if command -v python3 > /dev/null 2>&1; then
            if python3 - "$png" > "$W/png.out" 2>&1 <<'EOF'
# Decodes the PNG (8-bit RGB or RGBA) and counts the pixels that are not
# white: a rendered page has text, tables and the timeline's colours.
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
pos, idat, ihdr = 8, b'', None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        ihdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
w, h, depth, ctype = ihdr[:4]
assert depth == 8 and ctype in (2, 6), 'unexpected PNG format %r' % (ihdr,)
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
other = colors = 0
seen = set()
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, w, 4):
            px = bytes(row[x * bpp:x * bpp + 3])
            seen.add(px)
            if min(px) < 200:
                other += 1
    prev = row
total = ((h + 3) // 4) * ((w + 3) // 4)
print('%dx%d, %d of %d sampled pixels not white, %d colours' % (w, h, other, total, len(seen)))
sys.exit(0 if (w, h) == (1200, 2000) and other * 100 > total and len(seen) > 16 else 1)
EOF
            then ok; else bad "$png looks blank or is not 1200x2000: $(cat "$W/png.out" | tail -n 1)"; fi
        elif file "$png" 2> /dev/null | grep -q 'PNG image data, 1200 x 2000'; then
            ok
        else
            bad "$png: not a 1200 x 2000 PNG (and no python3 to look at its pixels)"
        fi
        if [ "${ACCEPT:-0}" = 1 ]; then
            mkdir -p docs/images && cp "$png" docs/images/nasm-cpt-doc.png
        fi
    fi
else
    bad "chromium is missing and could not be installed: the NASM page was not rendered"
fi

finish
