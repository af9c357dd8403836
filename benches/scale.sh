#!/usr/bin/env bash
# `sintesi analyse` against `sintesi vectorise` on the two large corpora, in one run, whole
# process, with peak memory: the Gutenberg books cut into 2 KB documents (benches/make_chunks.py,
# one JSON Lines file) and one million short documents (../shared/peers/make_million.py), plus the
# first 62,500 of the million for the growth from 62,500 to 1,000,000 documents.
#
#   benches/scale.sh            prints a table: corpus, vectorise s / MB, analyse s / MB, ratio
#
# Check `uptime` first: a loaded machine inflates every figure (the load is printed).
# The corpora are built under target/bench-data/ when missing (needs zstd and python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared"
[ -d "$SHARED/data/gutenberg-top100-en" ] || { echo "skipped: $SHARED/data/gutenberg-top100-en is absent" >&2; exit 0; }
DATA="$ROOT/target/bench-data"
PY="${PY:-python3}"
mkdir -p "$DATA/gutenberg" "$DATA/million"
[ -f "$DATA/gutenberg/chunks.jsonl" ] || "$PY" "$ROOT/benches/make_chunks.py" \
  "$SHARED/data/gutenberg-top100-en/gutenberg.jsonl.zst" "$DATA/gutenberg" >&2
[ -f "$DATA/million/million.jsonl" ] || "$PY" "$SHARED/peers/make_million.py" "$DATA/million/million.jsonl" >&2
[ -f "$DATA/million/m62k.jsonl" ] || head -n 62500 "$DATA/million/million.jsonl" > "$DATA/million/m62k.jsonl"
(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/sintesi"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# Prints "seconds peak_MB" of one whole-process run of the command.
measure() {
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/stderr" || {
    echo "failed: $*" >&2; tail -3 "$OUT/stderr" >&2; exit 1; }
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$OUT/time"
}

echo "load before: $(uptime | sed 's/.*load average: //')"
printf "%-28s %10s %10s %10s %10s %8s %12s\n" corpus "vect s" "vect MB" "analyse s" "analyse MB" ratio "report.json"
for corpus in gutenberg/chunks.jsonl million/m62k.jsonl million/million.jsonl; do
  read -r vs vm < <(measure "$BIN" -q vectorise "$DATA/$corpus" --output "$OUT/matrix" --force)
  read -r as am < <(measure "$BIN" -q analyse "$DATA/$corpus" --output "$OUT/reports" --force)
  size=$(stat -c %s "$OUT/reports/report.json")
  printf "%-28s %10s %10s %10s %10s %8s %11sB\n" "$corpus" "$vs" "$vm" "$as" "$am" \
    "$(echo "scale=1; $as / $vs" | bc)x" "$size"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
