#!/bin/sh
# The benchmark harness on 1,000 records, checks only (no timing
# assertions): its tools build, the hand-written NASM evaluator equals
# polc_eval on every record, the embedded example equals polc eval, and
# every peer (SQLite, Python, Node.js) equals polc eval on every field it
# computes.  Run by tests/run.sh as: sh FILE BUILD WORKDIR.
# Ends with "N passed, N failed"; exit status non-zero on a failure.
B=${1:-build}
T=${2:-$B/test-work}
exec sh bench/run.sh --smoke "$B" 1000 "$T/bench-smoke"
