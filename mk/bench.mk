.PHONY: bench bench-smoke bench-deps
# ---- benchmark (issue 11, docs/performance.md) ------------------------------
#   make bench              1,000,000 records a policy; writes bench/results.md
#   make bench N=100000     a quick look; writes build/bench/results.md
#   make bench-smoke        the harness's checks on 1,000 records, no figures
# The peers it measures against need sqlite3, nodejs, and python3 (Debian's);
# GNU time is installed for reproducing the memory figures by hand.
DEB_BENCH := sqlite3 nodejs python3 time util-linux
BENCH_N = $(or $(N),1000000)

bench-deps: deps
	@if command -v dpkg >/dev/null 2>&1; then $(call need_pkgs,$(DEB_BENCH)); fi

# make test runs tests/suites/bench-smoke.sh, which needs the peers too.
test-deps: bench-deps

bench: all bench-deps
	@sh bench/run.sh $(BUILD) $(BENCH_N)

bench-smoke: all bench-deps
	@sh tests/suites/bench-smoke.sh $(BUILD) $(BUILD)/test-work
