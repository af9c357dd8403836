#!/usr/bin/env python3
"""How high precision can go against dedup_eval.py's generated gold, and the scores against a
gold that also groups the source corpus's own near-identical documents.

dedup_eval.py's gold groups a source document with its generated copies, and source documents
only when they are identical (letters and digits, case folded). Source documents that differ by a
word or two (BBC News: sport/289.txt and sport/406.txt differ in "insisted"/"said") are separate
gold groups, so a tool that calls them duplicates, as it must, loses precision on them and on
every pair of their copies. This script

  1. finds source pairs outside the gold whose word 3-gram sets have Jaccard >= 0.9
     (near-identical), among the pairs the given tools report (so the ceiling below is an upper
     bound: a pair no tool reports is not counted against it);
  2. merges their gold groups, and prints the precision that merged gold itself scores against the
     generated gold: the ceiling for any tool at recall 1 that groups near-identical documents;
  3. scores each tool's output against the merged gold.

  dedup_gold_ceiling.py CORPUS.jsonl NAME=OUTPUT.json [NAME=OUTPUT.json ...]

OUTPUT.json is `sintesi duplicates --json` (its groups' `similarities`) or {"pairs": [[id, id], ...]}
(dedup_eval.py datasketch). Prints one JSON object.
"""
import collections, itertools, json, re, sys

WORD = re.compile(r"\w+")


def trigrams(text):
    w = WORD.findall(text.lower())
    return {tuple(w[k:k + 3]) for k in range(len(w) - 2)}


def pairs_of(output):
    if "groups" in output:
        return {tuple(sorted(map(str, s[:2]))) for g in output["groups"] for s in g["similarities"]}
    return {tuple(sorted(map(str, p[:2]))) for p in output["pairs"]}


def main():
    corpus, tools = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    text, group = {}, {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text[str(r["id"])], group[str(r["id"])] = r["text"], r["group"]
    predicted = {name: pairs_of(json.load(open(path))) for name, path in tools}

    parent = {}

    def root(g):
        while parent.setdefault(g, g) != g:
            g = parent[g]
        return g

    source = lambda i: i.split("~")[0]  # dedup_eval.py names a copy SOURCE~KIND N
    candidates = {tuple(sorted((source(a), source(b))))
                  for pairs in predicted.values() for a, b in pairs}
    near = 0
    for a, b in sorted(candidates):
        if group[a] == group[b]:
            continue
        x, y = trigrams(text[a]), trigrams(text[b])
        if x and y and len(x & y) / len(x | y) >= 0.9:
            near += 1
            parent[root(group[a])] = root(group[b])

    sizes = collections.Counter(group.values())
    gold = sum(n * (n - 1) // 2 for n in sizes.values())
    merged_sizes = collections.Counter()
    for g, n in sizes.items():
        merged_sizes[root(g)] += n
    merged = sum(n * (n - 1) // 2 for n in merged_sizes.values())

    def score(pairs):
        tp = sum(root(group[a]) == root(group[b]) for a, b in pairs)
        p, r = tp / max(1, len(pairs)), tp / max(1, merged)
        return {"precision": round(p, 3), "recall": round(r, 3),
                "f1": round(2 * p * r / max(1e-12, p + r), 3)}

    print(json.dumps({"gold_pairs": gold, "near_identical_source_pairs": near,
                      "merged_gold_pairs": merged,
                      "precision_ceiling": round(gold / max(1, merged), 3),
                      "against_merged_gold": {name: score(p) for name, p in predicted.items()}}))


if __name__ == "__main__":
    main()
