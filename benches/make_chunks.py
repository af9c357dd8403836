#!/usr/bin/env python3
"""Writes the Gutenberg corpus cut into ~2 KB documents, exactly as the peer benchmark does
(`tfidf_bench.py --chunk-chars 2000`, i.e. `_common.chunk_docs`), so that `sintesi vectorise`
and scikit-learn can be timed on the very same documents:

  make_chunks.py SOURCE OUTDIR [--chunk-chars 2000] [--files 20000]

writes OUTDIR/chunks.jsonl (one {"id", "text"} per chunk) and OUTDIR/files/ with the first
--files chunks as .txt files (000/00000.txt ...). SOURCE is anything `_common.load_corpus`
reads (default use: ../shared/data/gutenberg-top100-en/gutenberg.jsonl.zst).
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "peers"))
from _common import chunk_docs, load_corpus  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("outdir")
    ap.add_argument("--chunk-chars", type=int, default=2000)
    ap.add_argument("--files", type=int, default=20000)
    args = ap.parse_args()
    docs = chunk_docs(load_corpus(args.source), args.chunk_chars)
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "chunks.jsonl"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False))
            f.write("\n")
    files = os.path.join(args.outdir, "files")
    for i, d in enumerate(docs[: args.files]):
        sub = os.path.join(files, f"{i // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{i:05d}.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(d.text)
    print(json.dumps({"documents": len(docs), "files": min(len(docs), args.files),
                      "bytes": sum(len(d.text.encode("utf-8")) for d in docs)}))


if __name__ == "__main__":
    main()
