#!/usr/bin/env bash
# Fuzzes every target for SECONDS (default 600) each, JOBS targets at a time (default 2), and
# prints one line per target: its runs, coverage and whether it crashed. Crashing inputs land in
# fuzz/artifacts/TARGET/; copy them to tests/fixtures/fuzz-regressions/TARGET/ once fixed.
#   fuzz/run_all.sh [SECONDS] [JOBS] [TARGET...]   (all targets when none is named)
set -u
cd "$(dirname "$0")"
seconds=${1:-600}
jobs=${2:-2}
shift $(( $# < 2 ? $# : 2 ))
mkdir -p logs
cargo +nightly fuzz build || exit 2
run() {
    local target=$1
    mkdir -p "corpus/$target"
    cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 \
        > "logs/$target.log" 2>&1
    local rc=$?
    local last
    last=$(grep -E '^#[0-9]+' "logs/$target.log" | tail -1)
    echo "$target: exit $rc; $last"
}
export -f run
export seconds
{ if [ $# -gt 0 ]; then printf '%s\n' "$@"; else cargo +nightly fuzz list; fi; } | xargs -P "$jobs" -I{} bash -c 'run {}'
