"""`sintesi evaluate topics` against ../shared/peers/topic_eval.py on one corpus: parity of the
scores (gensim per topic and the peer's means) and time (sintesi's whole process against
BERTopic's fit for the same k, as topic_eval.py fits it).

    /work/.venv-topics/bin/python benches/compare_topics.py CORPUS [--k 10,50] [--seed 0]
        [--repeat 3] [--stop english] [-- sintesi options…]

For each k: sintesi finds and scores its topics (`evaluate topics --json`, median wall time of
--repeat runs, reading and scoring included); BERTopic is fitted --repeat times (imports done
before timing; median); then sintesi's topics are written to a {"topics": …} file, scored by
`sintesi evaluate topics --topics` and by gensim (per topic, and the means through
topic_eval.py's own score()), and the largest differences are printed. The load average is
printed with every timing: the development machine is shared.

Needs the venv of ../shared/peers/setup_topics_venv.sh and a release build (cargo build --release).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "peers"))
import topic_eval  # noqa: E402  (the peer)

BIN = os.path.join(ROOT, "target", "release", "sintesi")
MEASURES = {"npmi": "c_npmi", "c_v": "c_v", "umass": "u_mass"}


def load():
    return os.getloadavg()[0]


def sintesi(args):
    out = subprocess.run([BIN, "evaluate", "topics", *args, "--json", "-q"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def gensim_per_topic(topics, texts, dictionary):
    """gensim's per-topic values, topics prepared as topic_eval.score() prepares them."""
    from gensim.models.coherencemodel import CoherenceModel
    topics = [[w.lower() for w in t[:10]] for t in topics]
    kept = [i for i, t in enumerate(topics) if sum(w in dictionary.token2id for w in t) >= 2]
    words = [[w for w in topics[i] if w in dictionary.token2id] for i in kept]
    out = {}
    for name, measure in MEASURES.items():
        cm = CoherenceModel(topics=words, texts=texts, dictionary=dictionary, coherence=measure,
                            topn=10)
        out[name] = dict(zip(kept, cm.get_coherence_per_topic()))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--k", default="10,50")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stop", default="english")
    ap.add_argument("extra", nargs="*", help="options for sintesi evaluate topics")
    a = ap.parse_args()

    docs = topic_eval.load_docs(a.corpus)
    texts, dictionary = topic_eval.reference(docs)
    import bertopic  # noqa: F401  (imports outside the timed fits)
    import sklearn.cluster  # noqa: F401

    for k in map(int, a.k.split(",")):
        args = [a.corpus, "--k", str(k), "--seed", str(a.seed), *a.extra]
        times = []
        for _ in range(a.repeat):
            before, t0 = load(), time.perf_counter()
            ours = sintesi(args)
            times.append((time.perf_counter() - t0, before))
        bert = []
        for _ in range(a.repeat):
            before, t0 = load(), time.perf_counter()
            topic_eval.bertopic_topics(docs, k, a.seed, topic_eval.stop_words(a.stop))
            bert.append((time.perf_counter() - t0, before))
        s_med = statistics.median(t for t, _ in times)
        b_med = statistics.median(t for t, _ in bert)
        print(f"k={k}: sintesi evaluate topics (whole process) {s_med:.2f} s, "
              f"BERTopic fit {b_med:.2f} s, ratio {b_med / s_med:.1f}x "
              f"(load {min(l for _, l in times + bert):.1f}-{max(l for _, l in times + bert):.1f}; "
              f"runs sintesi {[round(t, 2) for t, _ in times]}, BERTopic {[round(t, 2) for t, _ in bert]})")

        topics = [t["words"] for t in ours["topics"]]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"topics": topics}, f)
        given = sintesi([a.corpus, "--topics", f.name, *a.extra])
        os.unlink(f.name)
        peer = topic_eval.score(topics, texts, dictionary)
        per_topic = gensim_per_topic(topics, texts, dictionary)
        worst = 0.0
        for name in MEASURES:
            worst = max(worst, abs(given[name] - peer[name]))
            for i, value in per_topic[name].items():
                worst = max(worst, abs(given["topics"][i][name] - value))
        worst = max(worst, abs(given["diversity"] - peer["diversity"]))
        assert given["unscored_words"] == peer["unscored_words"]
        print(f"  means  sintesi: NPMI {given['npmi']:.12f} C_V {given['c_v']:.12f} "
              f"UMass {given['umass']:.12f} diversity {given['diversity']:.6f}")
        print(f"  means  gensim:  NPMI {peer['npmi']:.12f} C_V {peer['c_v']:.12f} "
              f"UMass {peer['umass']:.12f} diversity {peer['diversity']:.6f}")
        print(f"  largest difference over {len(topics)} topics x 3 measures and the means: "
              f"{worst:.1e}")


if __name__ == "__main__":
    main()
