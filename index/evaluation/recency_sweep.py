"""Choose the recency prior's strength: document recall of dated news questions asked "as of" their date.

``python -m index.evaluation.recency_sweep [--split dev] [--limit N]`` ingests the RealTimeQA weeks of
the split once (into a throwaway store, first stage only) and reports doc@1 / doc@5 of every fusion
and recency weight on the same store. Choose on ``dev``; the chosen unit is ``RECENCY_UNIT`` in
index/retrieval/hybrid.py.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from index.config import Settings
from index.evaluation.data import dataset_dir
from index.evaluation.qa_sets import QASet, load_realtimeqa
from index.library import Library
from index.retrieval.hybrid import RECENCY_UNIT

SETTINGS: tuple[tuple[str, tuple[float, ...]], ...] = (("rrf", (0.0, 0.5)), ("score", (0.0, 0.5, 1, 2, 3, 4, 6, 8)))
UNIT_BEFORE = 0.05  # the score-fusion unit the weights below are expressed in (0.5 was the default)


def sweep(library: Library, qa: QASet, *, namespace: str = "recency") -> list[tuple[str, float, float, float]]:
    """(fusion, weight, doc@1, doc@5) of every setting; weights of "score" are in units of ``UNIT_BEFORE``."""
    keys = list(qa.documents)
    added = library.add_documents(namespace, [qa.documents[k] for k in keys], added_by="eval")
    key_of = {r.article_id: k for r, k in zip(added, keys)}
    vectors = library.encode([item.question for item in qa.items])
    searcher = library.searcher
    unit = RECENCY_UNIT["score"]
    rows = []
    for fusion, weights in SETTINGS:
        searcher.fusion = fusion
        for weight in weights:
            searcher.recency_weight = weight * UNIT_BEFORE / unit if fusion == "score" else weight
            at1 = at5 = 0
            for item, vector in zip(qa.items, vectors):
                hits = searcher.search(namespace, item.question, k=20, as_of=item.as_of, query_vector=vector)
                docs = list(dict.fromkeys(key_of.get(h.chunk.record.article_id) for h in hits))
                at1 += bool(docs) and docs[0] in item.gold_docs
                at5 += any(d in item.gold_docs for d in docs[:5])
            rows.append((fusion, weight, at1 / len(qa.items), at5 / len(qa.items)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    qa = load_realtimeqa(dataset_dir("realtimeqa-dev"), split=args.split, limit=args.limit)
    with tempfile.TemporaryDirectory(prefix="quotedesk-recency-") as tmp:
        library = Library(Settings(data_dir=Path(tmp), answer_ranker=False, _env_file=None))
        print(f"{len(qa.documents)} articles, {len(qa.items)} questions ({args.split})")
        for fusion, weight, at1, at5 in sweep(library, qa):
            added = weight * (UNIT_BEFORE if fusion == "score" else RECENCY_UNIT["rrf"])
            print(f"{fusion:5s} weight {weight:4.1f} (+{added:.3f} same day)  doc@1 {at1:.3f}  doc@5 {at5:.3f}")


if __name__ == "__main__":
    main()
