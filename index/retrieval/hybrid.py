"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

The BM25 index of a namespace is built from its ready chunks on first use and
cached; this process's own adds and removes are applied to it incrementally, and
when another process wrote to the store (its change marker moved) it is synced by
comparing chunk ids with the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from index.models import SearchFilters
from index.retrieval.lexical import LexicalIndex
from index.store.chroma import Store, StoredChunk
from index.store.filters import ChunkFilter

RRF_K = 60

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
    """A 0-1 prior for news asked about "as of" a date, scaled like a rank-1 RRF score:
    1/(RRF_K+1) for an article of that day, half that a week earlier, 0 when the date is unknown."""
    if not published_day:
        return 0.0
    published = date(published_day // 10000, published_day // 100 % 100, published_day % 100)
    age = max((as_of - published).days, 0)
    return 0.5 ** (age / half_life_days) / (RRF_K + 1)


class HybridSearcher:
    """Dense + BM25 retrieval over one store, fused with reciprocal rank fusion."""

    def __init__(self, store: Store, embed: Encode, *, candidates: int = 30, recency_weight: float = 0.0) -> None:
        self._store = store
        self.recency_weight = recency_weight  # in units of a rank-1 RRF score; used only with ``as_of``
        self._embed = embed  # texts -> unit vectors (np.ndarray)
        self._candidates = candidates
        self._lexical: dict[str, LexicalIndex] = {}
        self._pending: dict[str, list[tuple[list[StoredChunk], str | None]]] = {}
        self._lock = threading.Lock()

    def invalidate(self, namespace: str) -> None:
        """Forget the cached BM25 index of a namespace (it is rebuilt from the store on next use)."""
        with self._lock:
            self._lexical.pop(namespace, None)
            self._pending.pop(namespace, None)

    def note_change(self, namespace: str, *, added: Sequence[StoredChunk] = (),
                    removed_article: str | None = None) -> None:
        """Record an add or remove made through this process; applied to the cached index on next use,
        re-using the tokens of every other chunk instead of re-reading and re-tokenising the store."""
        with self._lock:
            if namespace in self._lexical:
                self._pending.setdefault(namespace, []).append((list(added), removed_article))

    def sync(self, namespace: str) -> None:
        """Another process wrote to the store: bring the cached index up to date by comparing ids."""
        with self._lock:
            cached = self._lexical.get(namespace)
        if cached is None:
            return
        fresh = self._with_pending(namespace, cached).synced(
            self._store.ready_ids(namespace), lambda ids: self._store.get_by_ids(namespace, ids))
        with self._lock:
            self._lexical[namespace] = fresh

    def lexical_index(self, namespace: str) -> LexicalIndex:
        """The namespace's BM25 index: built from the store on first use, then kept up to date."""
        with self._lock:
            cached = self._lexical.get(namespace)
        index = self._with_pending(namespace, cached) if cached else LexicalIndex.build(self._store.chunks(namespace))
        with self._lock:
            self._lexical[namespace] = index
        return index

    def _with_pending(self, namespace: str, index: LexicalIndex) -> LexicalIndex:
        with self._lock:
            pending = self._pending.pop(namespace, [])
        for added, removed in pending:
            index = index.updated(added, removed)
        return index

    def correct(self, namespace: str, question: str) -> str:
        """The question with words the collection does not know, and that are not English, spelled right."""
        return self.lexical_index(namespace).speller.correct(question)

    def dense(self, namespace: str, query_vector: np.ndarray, k: int,
              flt: ChunkFilter | None) -> list[tuple[StoredChunk, float]]:
        return self._store.query(namespace, query_vector, k, flt)

    def lexical(self, namespace: str, query: str, k: int, flt: ChunkFilter | None) -> list[tuple[StoredChunk, float]]:
        index = self.lexical_index(namespace)
        scores = index.scores(query)
        if scores.size == 0:
            return []
        order = np.argsort(-scores)
        hits: list[tuple[StoredChunk, float]] = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= k:
                break
            chunk = index.chunks[i]
            if flt is None or flt.accepts(chunk.record):
                hits.append((chunk, float(scores[i])))
        return hits

    def search(self, namespace: str, query: str, *, k: int = 8, filters: SearchFilters | None = None,
               as_of: date | None = None, query_vector: np.ndarray | None = None, mode: str = "hybrid") -> list[Hit]:
        """The top ``k`` chunks for ``query``; ``mode`` is hybrid, dense or lexical (for baselines)."""
        flt = ChunkFilter.build(filters, as_of)
        if query_vector is None and mode != "lexical":
            query_vector = self._embed([query])[0]
        dense = [] if mode == "lexical" or query_vector is None else self.dense(namespace, query_vector,
                                                                                self._candidates, flt)
        lexical = self.lexical(namespace, query, self._candidates, flt) if mode != "dense" else []
        fused: dict[str, Hit] = {}
        for rank, (chunk, similarity) in enumerate(dense, start=1):
            hit = fused.setdefault(chunk.id, Hit(chunk, 0.0))
            hit.score += 1.0 / (RRF_K + rank)
            hit.dense_similarity, hit.dense_rank = similarity, rank
        for rank, (chunk, _score) in enumerate(lexical, start=1):
            hit = fused.setdefault(chunk.id, Hit(chunk, 0.0))
            hit.score += 1.0 / (RRF_K + rank)
            hit.lexical_rank = rank
        if as_of is not None and self.recency_weight and mode == "hybrid":
            for hit in fused.values():
                hit.score += self.recency_weight * recency(hit.chunk.record.published_day, as_of)
        return sorted(fused.values(), key=lambda h: -h.score)[:k]
