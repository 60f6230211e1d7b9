"""Hybrid retrieval: dense (Chroma) and lexical (BM25) results fused by score (or by reciprocal rank).

Score fusion (the default): ``(1 - w) · cosine + w · BM25 / best BM25`` over the union of both
candidate lists; a chunk missing from one list gets that list's lowest score (it ranked below all of
them). With w = 0.3, chosen on the SQuAD dev split, held-out paragraph recall@1 is .812 against
.756 for reciprocal-rank fusion, .767 for BM25 alone and .665 for dense alone (BENCHMARKS.md).

The BM25 index of a namespace is built from its ready chunks on first use and
cached; this process's own adds and removes are applied to it incrementally, and
when another process wrote to the store (its change marker moved) it is synced by
comparing chunk ids with the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from index.models import SearchFilters
from index.retrieval.lexical import LexicalIndex
from index.retrieval.lexical_cache import LexicalCache
from index.store.chroma import Store, StoredChunk
from index.store.filters import ChunkFilter

RRF_K = 60
LEXICAL_WEIGHT = 0.3  # w of score fusion
# what a recency prior of 1 adds, per fusion. "score" was chosen on the RealTimeQA dev weeks: with the
# default weight 0.5, a same-day article got +0.025 under the earlier unit 0.05 (doc@1 0.742); anything
# from +0.15 to +0.4 gives 0.865 (RRF with its unit: 0.831). 0.35 x 0.5 = +0.175. See BENCHMARKS.md.
RECENCY_UNIT = {"score": 0.35, "rrf": 1.0 / (RRF_K + 1)}

Encode = Callable[[list[str]], np.ndarray]
"""Texts -> unit vectors."""


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the ranks it had in each retriever."""

    chunk: StoredChunk
    score: float
    dense_similarity: float | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None


def recency(published_day: int | None, as_of: date, half_life_days: float = 7.0) -> float:
    """A 0-1 prior for news asked about "as of" a date: 1 for an article of that day, half that a
    week earlier, 0 when the date is unknown."""
    if not published_day:
        return 0.0
    published = date(published_day // 10000, published_day // 100 % 100, published_day % 100)
    age = max((as_of - published).days, 0)
    return float(0.5 ** (age / half_life_days))


def score_fusion(dense: Sequence[tuple[str, float]], lexical: Sequence[tuple[str, float]],
                 lexical_weight: float = LEXICAL_WEIGHT, *, limit: int | None = None) -> dict[str, float]:
    """``(1 - w) · cosine + w · BM25 / best BM25`` over both lists.

    A chunk absent from a list that was cut at ``limit`` ranked below all of it: it gets the list's
    lowest score; absent from a list that was not cut (fewer hits than asked), it scored nothing: 0.
    """
    cosine = dict(dense)
    best = max((score for _, score in lexical), default=0.0) or 1.0
    bm25 = {chunk_id: score / best for chunk_id, score in lexical}
    floor_cosine = min(cosine.values(), default=0.0) if limit is None or len(cosine) >= limit else 0.0
    floor_bm25 = min(bm25.values(), default=0.0) if limit is None or len(bm25) >= limit else 0.0
    return {cid: (1 - lexical_weight) * cosine.get(cid, floor_cosine) + lexical_weight * bm25.get(cid, floor_bm25)
            for cid in {*cosine, *bm25}}


def rank_fusion(dense: Sequence[tuple[str, float]], lexical: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Reciprocal rank fusion: the sum of 1 / (RRF_K + rank) over both lists."""
    scores: dict[str, float] = {}
    for ranking in (dense, lexical):
        for rank, (chunk_id, _score) in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return scores


class HybridSearcher:
    """Dense + BM25 retrieval over one store, fused by score (``fusion="score"``) or by rank (``"rrf"``)."""

    def __init__(self, store: Store, embed: Encode, *, candidates: int = 30, recency_weight: float = 0.0,
                 lexical_folder: Path | None = None, max_lexical_namespaces: int = 32,
                 fusion: str = "score", lexical_weight: float = LEXICAL_WEIGHT) -> None:
        self._store = store
        self.recency_weight = recency_weight  # in units of RECENCY_UNIT[fusion]; used only with ``as_of``
        self.fusion = fusion
        self.lexical_weight = lexical_weight
        self._embed = embed  # texts -> unit vectors (np.ndarray)
        self._candidates = candidates
        self.lexical_cache = LexicalCache(store, lexical_folder, max_namespaces=max_lexical_namespaces)

    def invalidate(self, namespace: str) -> None:
        """Forget the BM25 index of a namespace (it is rebuilt from the store on next use)."""
        self.lexical_cache.forget(namespace)

    def note_change(self, namespace: str, *, added: Sequence[StoredChunk] = (),
                    removed_article: str | None = None) -> None:
        """Record an add or remove made through this process; applied to the BM25 index on next use,
        re-using the tokens of every other chunk instead of re-reading and re-tokenising the store."""
        self.lexical_cache.note_change(namespace, added, removed_article)

    def sync(self, namespace: str, marker: str) -> None:
        """Another process wrote to the store: bring the BM25 index up to date by comparing ids."""
        self.lexical_cache.sync(namespace, marker)

    def lexical_index(self, namespace: str) -> LexicalIndex:
        """The namespace's BM25 index (loaded or built on first use, then kept up to date)."""
        return self.lexical_cache.get(namespace)

    def correct(self, namespace: str, question: str) -> str:
        """The question with words the collection does not know, and that are not English, spelled right."""
        return self.lexical_index(namespace).speller.correct(question)

    def dense(self, namespace: str, query_vector: np.ndarray, k: int,
              flt: ChunkFilter | None) -> list[tuple[StoredChunk, float]]:
        return self._store.query(namespace, query_vector, k, flt)

    def lexical(self, namespace: str, query: str, k: int, flt: ChunkFilter | None) -> list[tuple[StoredChunk, float]]:
        """The ``k`` best chunks by BM25, with their scores."""
        ranked = self.lexical_index(namespace).top(query, k, flt)
        chunks = {c.id: c for c in self._store.get_by_ids(namespace, [cid for cid, _ in ranked])}
        return [(chunks[cid], score) for cid, score in ranked if cid in chunks]

    def search(self, namespace: str, query: str, *, k: int = 8, filters: SearchFilters | None = None,
               as_of: date | None = None, query_vector: np.ndarray | None = None, mode: str = "hybrid") -> list[Hit]:
        """The top ``k`` chunks for ``query``; ``mode`` is hybrid, dense or lexical (for baselines)."""
        flt = ChunkFilter.build(filters, as_of)
        if query_vector is None and mode != "lexical":
            query_vector = self._embed([query])[0]
        dense = [] if mode == "lexical" or query_vector is None else self.dense(namespace, query_vector,
                                                                                self._candidates, flt)
        index = self.lexical_index(namespace) if mode != "dense" else None
        lexical = index.top(query, self._candidates, flt) if index is not None else []
        dense_scores = [(chunk.id, float(similarity)) for chunk, similarity in dense]
        if self.fusion == "rrf":
            scores = rank_fusion(dense_scores, lexical)
        else:
            weight = self.lexical_weight if mode == "hybrid" else 1.0 if mode == "lexical" else 0.0
            scores = score_fusion(dense_scores, lexical, weight, limit=self._candidates)
        if as_of is not None and self.recency_weight and mode == "hybrid":
            unit = self.recency_weight * RECENCY_UNIT.get(self.fusion, RECENCY_UNIT["score"])
            days = {chunk.id: chunk.record.published_day for chunk, _ in dense}
            for chunk_id in scores:
                day = days[chunk_id] if chunk_id in days else index.day_of(chunk_id) if index is not None else None
                scores[chunk_id] += unit * recency(day, as_of)
        best = sorted(scores, key=lambda cid: -scores[cid])[:k]
        chunks = {chunk.id: chunk for chunk, _ in dense}
        missing = [cid for cid in best if cid not in chunks]
        if missing:  # lexical-only hits: their text and record come from the store, in one read
            chunks.update((c.id, c) for c in self._store.get_by_ids(namespace, missing))
        dense_at = {chunk.id: (rank, similarity) for rank, (chunk, similarity) in enumerate(dense, start=1)}
        lexical_at = {chunk_id: rank for rank, (chunk_id, _) in enumerate(lexical, start=1)}
        return [Hit(chunks[cid], scores[cid], dense_at[cid][1] if cid in dense_at else None,
                    dense_at[cid][0] if cid in dense_at else None, lexical_at.get(cid))
                for cid in best if cid in chunks]
