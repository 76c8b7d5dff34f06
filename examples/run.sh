#!/bin/sh
# The main job: both seed policies on the example records.  Decisions go to
# build/decisions/POLICY.jsonl; a summary table goes to the terminal.
set -u
polc=${1:-build/polc}
out=build/decisions
mkdir -p "$out"
status=0
for policy in nasm-cpt acsm; do
    "$polc" eval "policies/$policy.pol" "examples/$policy.jsonl" --summary \
        > "$out/$policy.jsonl" 2> "$out/$policy.summary"
    rc=$?
    # 1 means some record lines were bad (the examples hold a few on purpose).
    if [ "$rc" -gt 1 ]; then
        cat "$out/$policy.summary" >&2
        echo "polc eval failed on $policy (exit $rc)" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] || exit 1
echo
head -n 1 "$out/nasm-cpt.summary"
for policy in nasm-cpt acsm; do sed -n 2p "$out/$policy.summary"; done
echo
echo "fees due: the fee totals of the renewable decisions. Parameters used:"
for policy in nasm-cpt acsm; do sed -n "3,\$p" "$out/$policy.summary"; done
echo
echo "Decisions: $out/nasm-cpt.jsonl, $out/acsm.jsonl (one line per record;"
echo "bad lines are reported in place, with their line number and field)."
