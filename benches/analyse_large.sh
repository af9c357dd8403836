#!/usr/bin/env bash
# Whole `sintesi analyse` on the 20,000-file Gutenberg folder (the issue's large-corpus case:
# it must finish in under 30 s), and `sintesi evaluate clusters` on BBC News against the
# scikit-learn peer pipeline's vectorise + fit for one seed, measured in the same run.
#
#   benches/analyse_large.sh            REPEAT runs of each (default 3), medians printed
#
# The files are made by benches/compare_sklearn.sh's data step (benches/make_chunks.py) when
# missing. Python: as compare_sklearn.sh ($PY, else .venv-peers).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared"
REPEAT="${REPEAT:-3}"
PY="${PY:-$ROOT/.venv-peers/bin/python}"
[ -x "$PY" ] || PY="$ROOT/../.venv-peers/bin/python"
[ -x "$PY" ] || { echo "no Python with the peers' requirements: set PY or create .venv-peers" >&2; exit 2; }
[ -d "$SHARED/data" ] || { echo "skipped: $SHARED/data is absent" >&2; exit 0; }
DATA="$ROOT/target/bench-data/gutenberg"
[ -d "$DATA/files" ] || "$PY" "$ROOT/benches/make_chunks.py" \
  "$SHARED/data/gutenberg-top100-en/gutenberg.jsonl.zst" "$DATA" >&2
BIN="$ROOT/target/release/sintesi"
(cd "$ROOT" && cargo build --release --quiet)
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }

analyse=$(for _ in $(seq "$REPEAT"); do wall "$BIN" -q analyse "$DATA/files" --output "$OUT/r" --force; done | median)
ours=$(for _ in $(seq "$REPEAT"); do
  wall "$BIN" -q evaluate clusters "$SHARED/data/bbc-news" --k 5 --seed 0 --json; done | median)
peer=$(for _ in $(seq "$REPEAT"); do
  (cd "$SHARED" && "$PY" peers/cluster_eval.py data/bbc-news --k 5 --seeds 1 --lsa 100 \
     --vectorizer tuned --n-init 10 2>/dev/null) | "$PY" -c 'import json,sys; d=json.load(sys.stdin)
print(d["vectorize_seconds"] + d["results"]["tfidf+lsa100+kmeans"]["fit_seconds"]["mean"])'
done | median)
echo "analyse, 20,000 files: ${analyse} s (limit 30 s)"
echo "evaluate clusters, BBC News: sintesi ${ours} s (whole process) vs scikit-learn vectorise + fit ${peer} s: $(echo "scale=2; $peer / $ours" | bc)x"
