#!/usr/bin/env bash
# Times `sintesi vectorise` and scikit-learn's TfidfVectorizer (../shared/peers/tfidf_bench.py)
# on the same corpus in one run, and prints both throughputs and the ratio: sintesi's whole
# process (reading included) against scikit-learn's reading + fit_transform, with and without
# Snowball stemming (PyStemmer) on the Python side.
#
#   benches/compare_sklearn.sh CORPUS [sintesi options...]
#
# CORPUS: a folder of .txt files or a .jsonl[.gz|.zst] file with a "text" field.
#   benches/compare_sklearn.sh gutenberg     makes (once) and uses the Gutenberg corpus cut
#                                             into ~2 KB documents as tfidf_bench.py
#                                             --chunk-chars 2000 does: target/bench-data/
#                                             gutenberg/chunks.jsonl (81,833 documents)
#   benches/compare_sklearn.sh gutenberg-files   the first 20,000 of them as .txt files
# Options after CORPUS go to `sintesi vectorise` (default: --language english, which is what
# the Python side assumes too).
#
# Python: $PY if set, else $ROOT/.venv-peers (created from ../shared/peers/requirements.txt
# when missing), else ../.venv-peers. REPEAT (default 3) runs of each; the median is used.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared"
REPEAT="${REPEAT:-3}"

if [ -z "${PY:-}" ]; then
  if [ -x "$ROOT/.venv-peers/bin/python" ]; then PY="$ROOT/.venv-peers/bin/python"
  elif [ -x "$ROOT/../.venv-peers/bin/python" ]; then PY="$ROOT/../.venv-peers/bin/python"
  else
    echo "creating $ROOT/.venv-peers from $SHARED/peers/requirements.txt" >&2
    python3 -m venv "$ROOT/.venv-peers"
    "$ROOT/.venv-peers/bin/pip" install -q -r "$SHARED/peers/requirements.txt"
    PY="$ROOT/.venv-peers/bin/python"
  fi
fi

[ $# -ge 1 ] || { sed -n '2,20p' "$0"; exit 2; }
CORPUS="$1"; shift
DATA="$ROOT/target/bench-data/gutenberg"
if [ "$CORPUS" = gutenberg ] || [ "$CORPUS" = gutenberg-files ]; then
  if [ ! -f "$DATA/chunks.jsonl" ]; then
    "$PY" "$ROOT/benches/make_chunks.py" "$SHARED/data/gutenberg-top100-en/gutenberg.jsonl.zst" "$DATA" >&2
  fi
  if [ "$CORPUS" = gutenberg ]; then CORPUS="$DATA/chunks.jsonl"; else CORPUS="$DATA/files"; fi
fi
OPTS=("$@")
[ ${#OPTS[@]} -gt 0 ] || OPTS=(--language english)

BIN="$ROOT/target/release/sintesi"
(cd "$ROOT" && cargo build --release --quiet)
TIME=(/usr/bin/time -f "%e %M")
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# sintesi: whole process, wall clock and peak RSS; median of REPEAT runs.
runs=()
for _ in $(seq "$REPEAT"); do
  out=$("${TIME[@]}" -o /tmp/sintesi-time.$$ "$BIN" vectorise "$CORPUS" --json "${OPTS[@]}")
  read -r wall rss < /tmp/sintesi-time.$$
  runs+=("$wall $rss $out")
done
rm -f /tmp/sintesi-time.$$
SINTESI=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (REPEAT + 1) / 2 ))p")

# scikit-learn: reading + fit_transform, default analyzer and with PyStemmer stemming.
PEER=$("$PY" "$SHARED/peers/tfidf_bench.py" "$CORPUS" --stem snowball-english --repeat "$REPEAT")

"$PY" - "$SINTESI" "$PEER" "$CORPUS" <<'PYEOF'
import json, sys
wall, rss, out = sys.argv[1].split(" ", 2)
s = json.loads(out); p = json.loads(sys.argv[2]); wall = float(wall)
nbytes = p["bytes"]  # the peer's UTF-8 bytes of the same documents (CRLF kept)
print(f"corpus: {sys.argv[3]}: {p['docs']} documents, {nbytes/1e6:.1f} MB")
print(f"sintesi vectorise: {s['documents']} docs, {s['terms']} terms, {s['nnz']} nnz, "
      f"{wall:.2f} s whole process ({s['seconds']:.2f} s inside), {nbytes/1e6/wall:.1f} MB/s, "
      f"peak RSS {int(rss)/1024:.0f} MiB, {s['threads']} threads")
for name, v in p["variants"].items():
    total = p["read_seconds"] + v["seconds_median"]
    print(f"scikit-learn {name}: {v['vocabulary_size']} terms, {v['nnz']} nnz, {total:.2f} s "
          f"(read {p['read_seconds']:.2f} + fit_transform {v['seconds_median']:.2f}), "
          f"{nbytes/1e6/total:.1f} MB/s -> ratio {total/wall:.1f}x")
PYEOF
