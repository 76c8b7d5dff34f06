#!/bin/sh
# Editor support for .pol files:
#   - the TextMate grammar editors/textmate/pol.tmLanguage.json, run by npm's
#     vscode-tmgrammar-test 0.1.3 on the annotated samples
#     editors/textmate/tests/*.pol (# SYNTAX TEST "source.pol"), and on the seed
#     policies, where every character outside blanks must get a scope;
#   - the Vim syntax file editors/vim/syntax/pol.vim (with ftdetect and
#     ftplugin), checked headless token by token by editors/vim/test/check.vim
#     on the seed policies and the samples;
#   - every word of the language (compiler/lexer.l) is in both and in a sample.
# Each checker is also shown to fail on a broken copy of the file it checks.
#
#   sh tests/suites/editors.sh BUILD WORKDIR     ends with "N passed, N failed"
#
# Installs what is missing, as the Makefile does: vim (Debian), npm (Debian,
# when there is no npm at all) and vscode-tmgrammar-test (npm, into
# BUILD/npm).  Without the npm registry the grammar tests FAIL; they never
# pass silently.
set -u
B=${1:-build}
W=${2:-$B/test-work}/editors
POLC=$B/polc
TMGT_VERSION=0.1.3
NPM_DIR=$B/npm
TMGT=$NPM_DIR/node_modules/.bin/vscode-tmgrammar-test
TMGS=$NPM_DIR/node_modules/.bin/vscode-tmgrammar-snap
GRAMMAR=editors/textmate/pol.tmLanguage.json
SAMPLES=editors/textmate/tests
SEEDS="policies/nasm-cpt.pol policies/acsm.pol"
rm -rf "$W" && mkdir -p "$W"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
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

[ -x "$POLC" ] || { bad "$POLC is not built (run make)"; finish; }

# The words of the language, from the scanner's keyword table.
KEYWORDS=$(grep -o '{ "[a-z_0-9]*", [A-Z_0-9]* }' compiler/lexer.l | sed 's/{ "\([a-z_0-9]*\)".*/\1/')
[ -n "$KEYWORDS" ] || bad "no keywords found in compiler/lexer.l"

# ---- the samples are policies ------------------------------------------------
for f in "$SAMPLES"/*.pol; do
    name=$(basename "$f")
    head -n 1 "$f" | grep -q '^# SYNTAX TEST "source.pol"' || bad "$name: no SYNTAX TEST header"
    "$POLC" check --color=never "$f" > /dev/null 2> "$W/$name.check"
    rc=$?
    case $name in
    invalid.pol)
        if [ "$rc" -eq 1 ]; then ok "polc check rejects $name"; else bad "polc check $name: exit $rc, 1 expected"; fi ;;
    *)
        if [ "$rc" -eq 0 ] && [ ! -s "$W/$name.check" ]; then
            ok "polc check: $name is a clean policy"
        else
            bad "polc check $name: exit $rc"
            head -n 10 "$W/$name.check"
        fi ;;
    esac
done

# ---- every word of the language is covered -------------------------------------
missing_tm="" missing_vim="" missing_sample=""
for k in $KEYWORDS; do
    grep -q "[^a-z_0-9]$k[^a-z_0-9]" "$GRAMMAR" || missing_tm="$missing_tm $k"
    grep -v '^[[:space:]]*"' editors/vim/syntax/pol.vim | grep -qw -- "$k" || missing_vim="$missing_vim $k"
    grep -hv '^[[:space:]]*#' "$SAMPLES"/*.pol | grep -qw -- "$k" || missing_sample="$missing_sample $k"
done
if [ -z "$missing_tm" ]; then ok "every keyword is in the TextMate grammar"; else bad "not in $GRAMMAR:$missing_tm"; fi
if [ -z "$missing_vim" ]; then ok "every keyword is in the Vim syntax"; else bad "not in editors/vim/syntax/pol.vim:$missing_vim"; fi
if [ -z "$missing_sample" ]; then ok "every keyword is in a sample"; else bad "in no sample of $SAMPLES:$missing_sample"; fi

# ---- TextMate grammar ------------------------------------------------------------
if ! command -v node > /dev/null 2>&1; then
    need_pkgs nodejs || bad "cannot install nodejs"
fi
if ! command -v npm > /dev/null 2>&1; then
    need_pkgs npm || bad "cannot install npm"
fi
if node -e '
    const fs = require("fs");
    const g = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    if (g.scopeName !== "source.pol" || !(g.fileTypes || []).includes("pol")) throw "grammar";
    const m = JSON.parse(fs.readFileSync("editors/textmate/package.json", "utf8"));
    const l = m.contributes.languages[0], t = m.contributes.grammars[0];
    if (!l.extensions.includes(".pol") || t.scopeName !== "source.pol" ||
        t.path !== "./pol.tmLanguage.json" || t.language !== l.id) throw "manifest";
    JSON.parse(fs.readFileSync("editors/textmate/" + l.configuration, "utf8"));
' "$GRAMMAR" 2> "$W/json.err"; then
    ok "$GRAMMAR (scope source.pol, .pol files) and its VS Code manifest are consistent JSON"
else
    bad "$GRAMMAR or editors/textmate/package.json: not JSON, or not source.pol for .pol files"
    cat "$W/json.err"
fi

have_tool() {
    [ -x "$TMGT" ] && [ -x "$TMGS" ] &&
        grep -q "\"version\": \"$TMGT_VERSION\"" "$NPM_DIR/node_modules/vscode-tmgrammar-test/package.json" 2> /dev/null
}
if ! have_tool && command -v npm > /dev/null 2>&1; then
    echo "polc: installing vscode-tmgrammar-test@$TMGT_VERSION into $NPM_DIR (npm)"
    mkdir -p "$NPM_DIR"
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error \
        "vscode-tmgrammar-test@$TMGT_VERSION" > "$W/npm.log" 2>&1 || tail -n 20 "$W/npm.log"
fi
if ! have_tool; then
    bad "vscode-tmgrammar-test $TMGT_VERSION is not available (npm install failed: is the npm registry reachable?); the TextMate grammar is NOT tested"
else
    ok "vscode-tmgrammar-test $TMGT_VERSION"
    # Through the VS Code manifest, which names the grammar for .pol files.
    "$TMGT" --config editors/textmate/package.json "$SAMPLES/*.pol" > "$W/tmgt.out" 2>&1
    rc=$?
    n=0
    for f in "$SAMPLES"/*.pol; do
        n=$((n + 1))
        if grep -q "✓ $f run successfuly" "$W/tmgt.out"; then
            ok "TextMate grammar: $f"
        else
            bad "TextMate grammar: $f"
        fi
    done
    if [ "$rc" -ne 0 ]; then
        bad "vscode-tmgrammar-test exit $rc"
        grep -v '^✓' "$W/tmgt.out" | head -n 40
    fi

    # The same run fails on a grammar that scopes comments wrongly.
    sed 's/comment\.line\.number-sign\.pol/comment.line.broken.pol/' "$GRAMMAR" > "$W/broken.tmLanguage.json"
    if "$TMGT" -g "$W/broken.tmLanguage.json" "$SAMPLES/*.pol" > "$W/tmgt-broken.out" 2>&1; then
        bad "vscode-tmgrammar-test passes a broken grammar: the samples test nothing"
    else
        ok "vscode-tmgrammar-test fails a broken grammar"
    fi

    # Seed policies: no character but blanks is left without a scope of its
    # own, and nothing is invalid.
    mkdir -p "$W/snap"
    for s in $SEEDS; do cp "$s" "$W/snap/"; done
    if "$TMGS" -g "$GRAMMAR" -s source.pol --updateSnapshot "$W/snap/*.pol" > "$W/snap.out" 2>&1; then
        for s in $SEEDS; do
            snap=$W/snap/$(basename "$s").snap
            awk '
                /^>/ { src = substr($0, 2); n++; next }
                /^#/ {
                    if (!match($0, /\^+/)) next
                    scopes = substr($0, RSTART + RLENGTH + 1)
                    text = substr(src, RSTART - 1, RLENGTH)
                    if (scopes ~ /invalid/ ||
                        ((scopes == "source.pol" || scopes == "source.pol meta.block.pol") && text ~ /[^ \t]/))
                        printf "line %d: \"%s\": %s\n", n, text, scopes
                }' "$snap" > "$W/$(basename "$s").unscoped"
            if [ -s "$snap" ] && [ ! -s "$W/$(basename "$s").unscoped" ]; then
                ok "TextMate grammar scopes every token of $s"
            else
                bad "TextMate grammar leaves tokens of $s unscoped or invalid"
                head -n 10 "$W/$(basename "$s").unscoped"
            fi
        done
    else
        bad "vscode-tmgrammar-snap on the seed policies"
        tail -n 10 "$W/snap.out"
    fi
fi

# ---- Vim -----------------------------------------------------------------------
need_pkgs vim || bad "cannot install vim"
vim_check() { # rtp file out
    POL_CHECK_OUT=$3 timeout 30 vim -Nu NONE -i NONE -es --cmd "set rtp^=$1" \
        -c 'filetype plugin on' -c 'syntax on' -c "edit $2" -S editors/vim/test/check.vim < /dev/null > /dev/null 2>&1
}
if ! command -v vim > /dev/null 2>&1; then
    bad "vim is not installed: the Vim syntax is NOT tested"
else
    i=0
    for f in $SEEDS "$SAMPLES"/*.pol; do
        i=$((i + 1))
        out=$W/vim-$i.out
        if vim_check editors/vim "$f" "$out" && grep -q '^ok [1-9]' "$out"; then
            ok "Vim syntax: $f ($(sed 's/^ok \([0-9]*\).*/\1/' "$out") tokens)"
        else
            bad "Vim syntax: $f"
            head -n 20 "$out" 2> /dev/null
        fi
    done
    # The checker fails on a syntax file that no longer knows comments.
    mkdir -p "$W/vim-broken/syntax" "$W/vim-broken/ftdetect"
    cp editors/vim/ftdetect/pol.vim "$W/vim-broken/ftdetect/"
    grep -v 'polComment *"#' editors/vim/syntax/pol.vim > "$W/vim-broken/syntax/pol.vim"
    if vim_check "$W/vim-broken" policies/nasm-cpt.pol "$W/vim-broken.out"; then
        bad "check.vim passes a broken syntax file: it tests nothing"
    else
        ok "check.vim fails a broken syntax file"
    fi
fi

finish
