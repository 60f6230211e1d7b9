"""Choose how dense and BM25 results are fused: paragraph recall@k of each setting on a SQuAD split.

Both retrievers' candidate lists are computed once per question; every fusion setting is then scored
on the same lists (``quotedesk tune-fusion``). Choose on ``--split dev``, report on ``--split test``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from index.evaluation.qa_sets import QASet
from index.library import Library
from index.retrieval.hybrid import rank_fusion, score_fusion

Ranking = Sequence[tuple[str, float]]
Fuse = Callable[[Ranking, Ranking], dict[str, float]]
WEIGHTS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.7, 1.0)
AT = (1, 5, 8)


@dataclass
class FusionReport:
    """Recall@k per fusion setting ("dense", "bm25", "rrf", "score w=…") over ``questions``."""

    name: str
    questions: int
    recall: dict[str, dict[int, float]] = field(default_factory=dict)

    def best_score_weight(self) -> float:
        """The score-fusion weight with the best recall@1 (then @5)."""
        scored = [(self.recall[k][1], self.recall[k][5], float(k.split("=")[1])) for k in self.recall
                  if k.startswith("score")]
        return max(scored)[2]


def _documents(ranked_chunks: Sequence[str], doc_of: dict[str, str]) -> list[str]:
    """Documents in the order their first chunk appears."""
    return list(dict.fromkeys(doc_of[chunk_id] for chunk_id in ranked_chunks))


def _score_fusion_at(weight: float, limit: int) -> Fuse:
    return lambda dense, lexical: score_fusion(dense, lexical, weight, limit=limit)


def sweep(library: Library, qa: QASet, *, weights: Sequence[float] = WEIGHTS,
          progress: Callable[[int, int], None] | None = None) -> FusionReport:
    """Ingest ``qa`` into a throwaway namespace and score every fusion setting on its answerable questions."""
    namespace = f"fusion-{uuid.uuid4().hex[:8]}"
    keys = list(qa.documents)
    try:
        results = library.add_documents(namespace, [qa.documents[k] for k in keys], added_by="eval")
        key_of = {r.article_id: k for r, k in zip(results, keys)}
        items = [i for i in qa.items if i.answerable]
        lists = []
        for n, item in enumerate(items, start=1):
            vector = library.encode([item.question])[0]
            dense = library.searcher.dense(namespace, vector, library.settings.candidates, None)
            lexical = library.searcher.lexical_index(namespace).top(item.question, library.settings.candidates, None)
            doc_of = {c.id: key_of[c.record.article_id] for c, _ in dense}
            unknown = [cid for cid, _ in lexical if cid not in doc_of]
            doc_of.update((c.id, key_of[c.record.article_id]) for c in library.store.get_by_ids(namespace, unknown))
            lists.append((item.gold_docs, doc_of, [(c.id, float(s)) for c, s in dense], lexical))
            if progress:
                progress(n, len(items))
    finally:
        library.store.drop(namespace)
        library.searcher.invalidate(namespace)
    settings: dict[str, Fuse] = {"dense": lambda d, _l: dict(d), "bm25": lambda _d, lx: dict(lx), "rrf": rank_fusion}
    for w in weights:
        settings[f"score w={w}"] = _score_fusion_at(w, library.settings.candidates)
    report = FusionReport(qa.name, len(lists))
    for name, fuse in settings.items():
        hits = dict.fromkeys(AT, 0)
        for gold, doc_of, dense_chunks, lexical_chunks in lists:
            scores = fuse(dense_chunks, lexical_chunks)
            ranked = _documents(sorted(scores, key=lambda chunk_id: -scores[chunk_id]), doc_of)
            for k in AT:
                hits[k] += bool(gold & set(ranked[:k]))
        report.recall[name] = {k: round(v / max(len(lists), 1), 3) for k, v in hits.items()}
    return report
