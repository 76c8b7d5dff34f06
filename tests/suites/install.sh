#!/bin/sh
# make install / make uninstall, and building against the installed copy:
#   - `make install DESTDIR=TMP PREFIX=/usr/local` puts exactly the files of
#     mk/install.mk where they belong (shared library with its soname and only
#     the POLC_API symbols exported, pkg-config file, man pages, completion,
#     polc.mk, PolcConfig.cmake);
#   - examples/embed/main.c built against it through pkg-config alone (shared
#     and static) decides exactly as `polc eval`;
#   - the man pages pass `mandoc -Tlint -W warning` and document every command,
#     option and keyword; the bash completion loads from where bash-completion
#     looks and completes;
#   - the test projects in tests/install/ (polc.mk, CMake) build, do nothing
#     the second time, and rebuild when the policy is touched;
#   - `make uninstall` removes exactly what was installed.
#
#   sh tests/suites/install.sh BUILD WORKDIR     ends with "N passed, N failed"
#
# Installs what is missing (pkg-config, cmake, mandoc, bash-completion) with
# apt-get, as the Makefile does.
set -u
B=${1:-build}
mkdir -p "${2:-$B/test-work}/install"
W=$(cd "${2:-$B/test-work}/install" && pwd)
TOP=$(pwd)
POLC=$TOP/$B/polc
PREFIX=/usr/local
D=$W/dest
P=$D$PREFIX
AS_OF=2025-06-30
RECORDS=tests/conformance/nasm-cpt/records.jsonl
rm -rf "$W" && mkdir -p "$W"
# Not the outer make's jobserver or flags: this suite runs make on its own.
unset MAKEFLAGS MFLAGS MAKELEVEL

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description command...
    d=$1
    shift
    if "$@" > "$W/check.out" 2>&1; then ok "$d"; else bad "$d"; head -n 20 "$W/check.out"; fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ] && exit 0
    exit 1
}

# As the Makefile's need_pkgs: apt-get install what dpkg does not have
# installed (a package removed but not purged counts as missing), saying so.
need_pkgs() {
    command -v dpkg > /dev/null 2>&1 || return 0
    missing=""
    for p in "$@"; do
        dpkg-query -W -f '${Status}' "$p" 2> /dev/null | grep -q 'ok installed' || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "polc: installing missing packages:$missing (apt-get)"
    if [ "$(id -u)" != 0 ]; then
        echo "polc: run as root, or install:$missing" >&2
        return 1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing > /dev/null
}
need_pkgs pkg-config cmake mandoc man-db bash-completion || bad "cannot install the tools this suite needs"
[ -x "$POLC" ] || { bad "$POLC is not built (run make)"; finish; }

VERSION=$(sed -n 's/^#define POLC_VERSION_STRING "\(.*\)"$/\1/p' runtime/polc.h)
TABLE=$(sed -n 's/^#define POLC_TABLE_VERSION \([0-9]*\).*/\1/p' runtime/polc.h)

# ---- make install ----------------------------------------------------------------
if make -s install DESTDIR="$D" PREFIX="$PREFIX" BUILD="$B" > "$W/install.log" 2>&1; then
    ok "make install DESTDIR=... PREFIX=$PREFIX"
    # As if installed a while ago, so that the builds below are newer.
    find "$D" -exec touch -h -d '3 hours ago' {} +
else
    bad "make install"
    tail -n 30 "$W/install.log"
    finish
fi

make -s print-installed PREFIX="$PREFIX" BUILD="$B" | sed "s|^|$D|" | sort > "$W/expected.list"
(find "$D" -type f -o -type l) | sort > "$W/installed.list"
if cmp -s "$W/expected.list" "$W/installed.list"; then
    ok "installed exactly the $(wc -l < "$W/expected.list") files of mk/install.mk"
else
    bad "installed files differ from make print-installed"
    diff "$W/expected.list" "$W/installed.list" | head -n 20
fi
for f in bin/polc include/polc.h lib/libpolcrt.a lib/libpolcrt.so.$VERSION lib/libpolcrt.so.0 lib/libpolcrt.so \
    lib/pkgconfig/polc.pc lib/cmake/polc/PolcConfig.cmake share/polc/polc.mk share/man/man1/polc.1 \
    share/man/man5/polc-pol.5 share/bash-completion/completions/polc; do
    [ -e "$P/$f" ] || bad "not installed: $PREFIX/$f"
done
check "bin/polc is executable" test -x "$P/bin/polc"
check "include/polc.h is the runtime's header" cmp runtime/polc.h "$P/include/polc.h"

# ---- the libraries ---------------------------------------------------------------------
check "libpolcrt.so.0 -> libpolcrt.so.$VERSION" test "$(readlink "$P/lib/libpolcrt.so.0")" = "libpolcrt.so.$VERSION"
check "libpolcrt.so -> libpolcrt.so.0" test "$(readlink "$P/lib/libpolcrt.so")" = "libpolcrt.so.0"
soname=$(readelf -d "$P/lib/libpolcrt.so.$VERSION" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "soname is libpolcrt.so.0 (got '$soname')" test "$soname" = libpolcrt.so.0
check "libpolcrt.so needs no JSON library" sh -c "! readelf -d '$P/lib/libpolcrt.so.$VERSION' | grep -q 'NEEDED.*yajl'"
sed -n 's/^POLC_API[^(]*[ *]\(polc_[a-z0-9_]*\)(.*/\1/p' runtime/polc.h | sort -u > "$W/api.list"
nm -D --defined-only "$P/lib/libpolcrt.so.$VERSION" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sort -u > "$W/exported.list"
if [ -s "$W/api.list" ] && cmp -s "$W/api.list" "$W/exported.list"; then
    ok "the shared library exports exactly the $(wc -l < "$W/api.list") POLC_API functions of polc.h"
else
    bad "exported symbols differ from polc.h's POLC_API functions (< polc.h, > exported)"
    diff "$W/api.list" "$W/exported.list" | head -n 20
fi
check "libpolcrt.a holds every POLC_API function" sh -c "nm -g --defined-only '$P/lib/libpolcrt.a' | awk '\$2 == \"T\" { print \$3 }' | sort -u | comm -23 '$W/api.list' - | grep -q . && exit 1 || exit 0"

# ---- the installed compiler -------------------------------------------------------------
"$P/bin/polc" --version > "$W/version.out" 2>&1
check "installed polc --version says polc $VERSION" sh -c "head -n 1 '$W/version.out' | grep -qx 'polc $VERSION'"
check "installed polc --version names table format $TABLE" grep -q "[Tt]able format $TABLE\\b" "$W/version.out"

# ---- pkg-config ---------------------------------------------------------------------------
PKG_CONFIG_PATH=$P/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$D
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
check "pkg-config --validate polc" pkg-config --validate polc
check "pkg-config --modversion polc is $VERSION" test "$(pkg-config --modversion polc)" = "$VERSION"
cflags=$(pkg-config --cflags polc)
libs=$(pkg-config --libs polc)
check "pkg-config --cflags polc: -I$P/include (got '$cflags')" sh -c "echo ' $cflags ' | grep -qF ' -I$P/include '"
check "pkg-config --libs polc: -L$P/lib -lpolcrt (got '$libs')" sh -c "echo ' $libs ' | grep -qF ' -L$P/lib -lpolcrt '"
check "pkg-config --static --libs polc: the runtime alone, with threads" sh -c "pkg-config --static --libs polc | grep -qw -- -pthread && ! pkg-config --static --libs polc | grep -q yajl"
check "pkg-config --variable=polc names the installed polc" test "$(pkg-config --variable=polc polc)" = "$P/bin/polc"
check "pkg-config --variable=polc_mk names the installed polc.mk" test "$(pkg-config --variable=polc_mk polc)" = "$P/share/polc/polc.mk"
check "pkg-config --variable=table_version polc is $TABLE" test "$(pkg-config --variable=table_version polc)" = "$TABLE"

# ---- examples/embed through pkg-config alone ------------------------------------------------
CC=${CC:-cc}
STRICT="-std=c11 -Wall -Wextra -Wpedantic -Werror"
"$POLC" eval policies/nasm-cpt.pol "$RECORDS" --as-of "$AS_OF" > "$W/reference.jsonl" 2> /dev/null
check "installed polc builds the policy" "$P/bin/polc" build policies/nasm-cpt.pol -o "$W/nasm-cpt.c"
if $CC $STRICT -M -DPOLICY=polc_policy_nasm_cpt $cflags examples/embed/main.c > "$W/embed.deps" 2>&1 &&
    grep -q "$P/include/polc.h" "$W/embed.deps" && ! grep -q "$TOP/runtime/polc.h" "$W/embed.deps"; then
    ok "examples/embed compiles against the installed polc.h"
else
    bad "examples/embed does not take polc.h from $P/include"
    head -n 5 "$W/embed.deps"
fi
if $CC $STRICT -DPOLICY=polc_policy_nasm_cpt examples/embed/main.c "$W/nasm-cpt.c" \
    $(pkg-config --cflags --libs polc) -o "$W/embed-shared" > "$W/embed-shared.log" 2>&1; then
    ok "examples/embed links with pkg-config --cflags --libs polc"
    check "embed needs libpolcrt.so.0" sh -c "readelf -d '$W/embed-shared' | grep -q 'NEEDED.*\\[libpolcrt.so.0\\]'"
    check "embed finds libpolcrt.so.0 in the installed copy" sh -c \
        "LD_LIBRARY_PATH='$P/lib' ldd '$W/embed-shared' | grep -q 'libpolcrt.so.0 => $P/lib/libpolcrt.so.0'"
    LD_LIBRARY_PATH=$P/lib "$W/embed-shared" --as-of "$AS_OF" < "$RECORDS" > "$W/embed-shared.jsonl" 2> /dev/null
    check "embed (shared runtime) decides as polc eval on $RECORDS" cmp "$W/reference.jsonl" "$W/embed-shared.jsonl"
else
    bad "examples/embed does not build with pkg-config --cflags --libs polc"
    head -n 20 "$W/embed-shared.log"
fi
# Static: the archive by name, and what pkg-config --static adds for it.
static_libs=$(pkg-config --static --libs polc | sed 's/-lpolcrt/-l:libpolcrt.a/')
if $CC $STRICT -DPOLICY=polc_policy_nasm_cpt examples/embed/main.c "$W/nasm-cpt.c" \
    $cflags $static_libs -o "$W/embed-static" > "$W/embed-static.log" 2>&1; then
    ok "examples/embed links the static runtime with pkg-config --static --libs polc"
    check "static embed does not need libpolcrt.so" sh -c "! readelf -d '$W/embed-static' | grep -q libpolcrt"
    "$W/embed-static" --as-of "$AS_OF" < "$RECORDS" > "$W/embed-static.jsonl" 2> /dev/null
    check "embed (static runtime) decides as polc eval on $RECORDS" cmp "$W/reference.jsonl" "$W/embed-static.jsonl"
else
    bad "examples/embed does not build with the static runtime"
    head -n 20 "$W/embed-static.log"
fi

# ---- docs/api.md: every function, and its programs compile against the installed header ----
undocumented=""
for f in $(cat "$W/api.list"); do grep -q "\\b$f\\b" docs/api.md || undocumented="$undocumented $f"; done
if [ -z "$undocumented" ]; then ok "docs/api.md names every POLC_API function"; else bad "docs/api.md does not name:$undocumented"; fi
awk -v dir="$W" '/^```c$/ { f = 1; n++; out = dir "/api-" n ".c"; next } /^```$/ { f = 0 } f { print > out }' docs/api.md
n=0
for f in "$W"/api-*.c; do
    [ -f "$f" ] && grep -q '#include <polc.h>' "$f" || continue
    n=$((n + 1))
    check "docs/api.md program $(basename "$f") compiles against the installed polc.h" \
        $CC $STRICT -DPOLICY=polc_policy_nasm_cpt $cflags -c "$f" -o "$f.o"
done
[ "$n" -gt 0 ] || bad "docs/api.md has no complete program"

# ---- man pages -------------------------------------------------------------------------------
for m in man1/polc.1 man5/polc-pol.5; do
    if mandoc -Tlint -W warning "$P/share/man/$m" > "$W/lint.out" 2>&1 && [ ! -s "$W/lint.out" ]; then
        ok "mandoc -Tlint -W warning $m"
    else
        bad "mandoc -Tlint -W warning $m"
        head -n 20 "$W/lint.out"
    fi
done
check "man finds polc(1) and polc-pol(5) in $PREFIX/share/man" sh -c \
    "test \"\$(man -M '$P/share/man' -w polc)\" = '$P/share/man/man1/polc.1' &&
     test \"\$(man -M '$P/share/man' -w 5 polc-pol)\" = '$P/share/man/man5/polc-pol.5'"
mandoc -Tascii man/polc.1 | col -b > "$W/polc.1.txt"
mandoc -Tascii man/polc-pol.5 | col -b > "$W/polc-pol.5.txt"
# Every command and every option that polc --help and polc COMMAND --help name.
commands=$("$POLC" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
undocumented=""
for c in $commands; do
    grep -q "^     polc $c\\b" "$W/polc.1.txt" || undocumented="$undocumented $c"
    for o in $("$POLC" "$c" --help | grep -o '^ *\(-[A-Za-z], \)\?--\?[A-Za-z][-A-Za-z]*' | sed 's/.* //'); do
        grep -q -- "$o\\b" "$W/polc.1.txt" || undocumented="$undocumented $c:$o"
    done
done
if [ -n "$commands" ] && [ -z "$undocumented" ]; then
    ok "polc.1 documents every command and option of polc --help ($(echo $commands))"
else
    bad "polc.1 does not document:$undocumented"
fi
missing=""
for k in $(grep -o '{ "[a-z_0-9]*", [A-Z_0-9]* }' compiler/lexer.l | sed 's/{ "\([a-z_0-9]*\)".*/\1/'); do
    grep -qw -- "$k" "$W/polc-pol.5.txt" || missing="$missing $k"
done
if [ -z "$missing" ]; then ok "polc-pol.5 names every keyword of the language"; else bad "polc-pol.5 does not name:$missing"; fi
sed -n '/^\.Sh EXAMPLES/,/^\.Ed/p' man/polc-pol.5 | sed '1,/^\.Bd/d; /^\.Ed/d' > "$W/man-example.pol"
check "the example in polc-pol.5 is a clean policy" sh -c \
    "'$POLC' check --color=never '$W/man-example.pol' 2>&1 >/dev/null | grep . && exit 1 || exit 0"

# ---- bash completion, loaded the way bash-completion loads it ----------------------------------
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
cat > "$W/complete.bash" << 'EOF'
. "$BASH_COMPLETION"
__load_completion polc || { echo "not loaded"; exit 1; }
complete -p polc | grep -q _polc || { echo "no _polc"; exit 1; }
c() { # the command line; prints the candidates, sorted
    COMP_LINE=$1
    COMP_POINT=${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _polc polc "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
    echo
}
c "polc "
c "polc b"
c "polc build -"
c "polc check --format"
c "polc eval --color"
c "polc eval policies/nasm-cpt.pol -D "
c "polc eval policies/nasm-cpt.pol -Dla"
c "polc eval policies/nasm"
c "polc eval policies/nasm-cpt.pol tests/conformance/nasm-cpt/rec"
EOF
if [ -f "$BASH_COMPLETION" ]; then
    XDG_DATA_DIRS=$P/share BASH_COMPLETION=$BASH_COMPLETION bash "$W/complete.bash" > "$W/complete.out" 2>&1
    params=$(sed -n 's/^[[:space:]]*param[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1=/p' policies/nasm-cpt.pol | LC_ALL=C sort | tr '\n' ' ')
    printf '%s\n' "build check eval explain fmt test " "build " "--color= --help --werror -D -MD -o " \
        "--format= " "--color= " "$params" "-Dlate_fee= " "policies/nasm-cpt.pol " \
        "tests/conformance/nasm-cpt/records.jsonl " > "$W/complete.expected"
    if cmp -s "$W/complete.expected" "$W/complete.out"; then
        ok "bash completion from $PREFIX/share/bash-completion/completions completes commands, options, -D parameters and files"
    else
        bad "bash completion (expected, got)"
        diff "$W/complete.expected" "$W/complete.out" | head -n 20
    fi
else
    bad "bash-completion is not installed: $BASH_COMPLETION"
fi

# ---- the polc.mk test project ---------------------------------------------------------------------
M=$W/make-project
cp -R tests/install/make "$M"
cp policies/nasm-cpt.pol "$M/"
touch -d '2 hours ago' "$M/nasm-cpt.pol"
if make -C "$M" > "$M/build1.log" 2>&1; then
    ok "polc.mk project builds"
    LD_LIBRARY_PATH=$P/lib "$M/demo" --as-of "$AS_OF" < "$RECORDS" > "$M/demo.jsonl" 2> /dev/null
    check "polc.mk project decides as polc eval" cmp "$W/reference.jsonl" "$M/demo.jsonl"
    check "polc.mk ran the installed polc" grep -q "^$P/bin/polc build .*-MD nasm-cpt.pol" "$M/build1.log"
    check "polc build -MD wrote nasm-cpt.pol.d, included by polc.mk" \
        sh -c "grep -q '^nasm-cpt.c nasm-cpt.h: nasm-cpt.pol' '$M/nasm-cpt.pol.d' &&
               make -C '$M' -pq 2>/dev/null | grep '^MAKEFILE_LIST' | grep -q 'nasm-cpt.pol.d'"
    check "cc -MMD's nasm-cpt.d and polc's nasm-cpt.pol.d both survive" grep -q '^nasm-cpt.o:' "$M/nasm-cpt.d"
    find "$M" -type f ! -name nasm-cpt.pol -exec touch -d '1 hour ago' {} +
    check "polc.mk project: a second make does nothing" make -C "$M" -q
    touch "$M/nasm-cpt.pol"
    if make -C "$M" -q > /dev/null 2>&1; then
        bad "polc.mk project: touching the policy does not make the tables out of date"
    else
        ok "polc.mk project: touching the policy makes it out of date"
    fi
    make -C "$M" > "$M/build2.log" 2>&1
    check "polc.mk project: the touched policy is compiled again, once" test "$(grep -c ' build .*-MD' "$M/build2.log")" = 1
    check "polc.mk project: ... and the program relinked" grep -q -- '-o demo main.o nasm-cpt.o' "$M/build2.log"
    check "polc.mk project: up to date afterwards" make -C "$M" -q
    make -C "$M" clean > /dev/null 2>&1
    make -C "$M" -j2 > "$M/build3.log" 2>&1
    check "polc.mk project: make -j2 runs polc once for both outputs" test "$(grep -c ' build .*-MD' "$M/build3.log")" = 1
    check "polc.mk project: make -j2 builds" test -x "$M/demo"
else
    bad "polc.mk project does not build"
    tail -n 20 "$M/build1.log"
fi

# ---- the CMake test project ----------------------------------------------------------------------
C=$W/cmake-project
cp -R tests/install/cmake "$C"
cp policies/nasm-cpt.pol "$C/"
touch -d '3 hours ago' "$C/nasm-cpt.pol"
"$POLC" eval -D late_fee=80.00 policies/nasm-cpt.pol "$RECORDS" --as-of "$AS_OF" > "$W/reference-80.jsonl" 2> /dev/null
if (cd "$C" && cmake -S . -B build -G "Unix Makefiles" -DCMAKE_PREFIX_PATH="$P" > configure.log 2>&1 &&
    cmake --build build > build1.log 2>&1); then
    ok "CMake project: find_package(Polc) and polc_add_policy build"
    check "CMake found the installed PolcConfig.cmake" grep -q "Polc_DIR:PATH=$P/lib/cmake/polc" "$C/build/CMakeCache.txt"
    "$C/build/demo" --as-of "$AS_OF" < "$RECORDS" > "$C/demo.jsonl" 2> /dev/null
    check "CMake project (shared runtime, DEFINE late_fee=80.00) decides as polc eval -D late_fee=80.00" \
        cmp "$W/reference-80.jsonl" "$C/demo.jsonl"
    check "CMake project links libpolcrt.so.0 from the installed copy" sh -c \
        "ldd '$C/build/demo' | grep -q 'libpolcrt.so.0 => $P/lib/libpolcrt.so.0'"
    "$C/build/demo_static" --as-of "$AS_OF" < "$RECORDS" > "$C/demo_static.jsonl" 2> /dev/null
    check "CMake project (Polc::polcrt_static) decides as polc eval" cmp "$W/reference.jsonl" "$C/demo_static.jsonl"
    check "CMake project: the static program does not need libpolcrt.so" sh -c "! readelf -d '$C/build/demo_static' | grep -q libpolcrt"
    gen=$C/build/polc/demo
    touch -d '1 hour ago' "$gen/nasm-cpt.c" "$gen/nasm-cpt.h"
    (cd "$C" && cmake --build build > build2.log 2>&1)
    check "CMake project: a second build runs no polc" sh -c "! grep -q 'polc build' '$C/build2.log'"
    touch "$C/nasm-cpt.pol"
    (cd "$C" && cmake --build build > build3.log 2>&1)
    check "CMake project: the touched policy is compiled again, for both targets" test "$(grep -c 'polc build nasm-cpt.pol' "$C/build3.log")" = 2
    check "CMake project: ... and the programs relinked" grep -q 'Linking C executable demo$' "$C/build3.log"
else
    bad "CMake project does not build"
    tail -n 20 "$C/configure.log" "$C/build1.log" 2> /dev/null
fi

# ---- make uninstall -----------------------------------------------------------------------------------
# Files of others in the same directories stay.
mkdir -p "$P/share/man/man1"
: > "$P/bin/other-tool"
: > "$P/lib/pkgconfig/other.pc"
: > "$P/share/man/man1/other.1"
if make -s uninstall DESTDIR="$D" PREFIX="$PREFIX" BUILD="$B" > "$W/uninstall.log" 2>&1; then
    ok "make uninstall"
else
    bad "make uninstall"
    tail -n 20 "$W/uninstall.log"
fi
(find "$D" -type f -o -type l) | sort > "$W/left.list"
printf '%s\n' "$P/bin/other-tool" "$P/lib/pkgconfig/other.pc" "$P/share/man/man1/other.1" | sort > "$W/others.list"
if cmp -s "$W/others.list" "$W/left.list"; then
    ok "make uninstall removes exactly what make install put"
else
    bad "make uninstall left or removed other files (< expected, > left)"
    diff "$W/others.list" "$W/left.list" | head -n 20
fi
check "make uninstall removes polc's own directories" sh -c "! test -e '$P/lib/cmake/polc' && ! test -e '$P/share/polc'"

finish
