#!/bin/bash
# Near-duplicates: sintesi duplicates against datasketch MinHashLSH (the peer), whole processes
# timed in the same run, on DICE, BBC News and Reuters R8 with labelled copies (seeds 0-2), and
# the one-million-document scale test. Corpora are built in $WORK (default /tmp/sintesi-dedup).
#
#   benches/duplicates.sh            # all; PYTHON=... to pick the interpreter with datasketch
#   benches/duplicates.sh quick      # DICE seed 0 only
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
peers=$here/../shared/peers
data=$here/../shared/data
work=${WORK:-/tmp/sintesi-dedup}
python=${PYTHON:-$( [[ -x /work/.venv-topics/bin/python ]] && echo /work/.venv-topics/bin/python || echo /work/.venv-dedup/bin/python )}
sintesi=$here/target/release/sintesi
mkdir -p "$work"
(cd "$here" && cargo build --release -q)

score() { "$python" "$peers/dedup_eval.py" score "$1" "$2" |
  jq -c '{pairs: .predicted_pairs, precision: (.precision*1000|round/1000), recall: (.recall*1000|round/1000), f1: (.f1*1000|round/1000)}'; }
now() { date +%s.%N; }

run() { # name corpus-source seed
  local name=$1 src=$2 seed=$3 c=$work/$1-$3.jsonl
  [[ -s $c ]] || "$python" "$peers/dedup_eval.py" make "$src" "$c" --seed "$seed" >/dev/null
  echo "== $name seed $seed ($(wc -l < "$c") documents) load: $(uptime | sed 's/.*load average: //')"
  local t0 t1 t2
  t0=$(now); "$sintesi" duplicates "$c" --json > "$work/sx.json"; t1=$(now)
  "$python" "$peers/dedup_eval.py" datasketch "$c" > "$work/ds.json"; t2=$(now)
  jq -c '{groups: [.groups[].members]}' "$work/sx.json" > "$work/sx-groups.json"
  printf 'sintesi    %6.2f s  %s\n' "$(echo "$t1 - $t0" | bc)" "$(score "$c" "$work/sx-groups.json")"
  printf 'datasketch %6.2f s  %s\n' "$(echo "$t2 - $t1" | bc)" "$(score "$c" "$work/ds.json")"
  # The generated gold leaves the source's own near-identical documents apart: the precision
  # any tool can reach at recall 1, and both tools against a gold that groups those too.
  printf 'gold       %s\n' "$(python3 "$here/benches/dedup_gold_ceiling.py" "$c" sintesi="$work/sx.json" datasketch="$work/ds.json")"
}

run dice "$data/dice-italian-crime-news/texts.jsonl.gz" 0
[[ ${1:-} == quick ]] && exit 0
for seed in 1 2; do run dice "$data/dice-italian-crime-news/texts.jsonl.gz" $seed; done
for seed in 0 1 2; do run bbc "$data/bbc-news" $seed; done
for seed in 0 1 2; do run r8 "$data/reuters-r8/data.jsonl.gz" $seed; done

echo "== BBC News as published: exact duplicate pairs (SOURCE.md: 98) found"
"$sintesi" duplicates "$data/bbc-news" --json | jq -c '{documents, groups: (.groups|length), pairs: ([.groups[].members|length|.*(.-1)/2]|add)}'

echo "== scale: 1,000,000 documents load: $(uptime | sed 's/.*load average: //')"
[[ -s $work/million.jsonl ]] || python3 "$peers/make_million.py" "$work/million.jsonl" >/dev/null
/usr/bin/time -f '%e s wall, %M KB peak' "$sintesi" duplicates "$work/million.jsonl" --json |
  jq -c '{documents, seconds, groups: (.groups|length)}'
