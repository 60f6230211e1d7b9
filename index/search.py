"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

The BM25 index of a namespace is built from its ready chunks on first use and
cached; the library invalidates it on add/remove, and a change of the chunk count
(another process wrote to the store) rebuilds it too.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import bm25s
import numpy as np

from index.models import SearchFilters
from index.store import Store, StoredChunk

RRF_K = 60

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the ranks it had in each retriever."""

    chunk: StoredChunk
    score: float
    dense_similarity: float | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None


@lru_cache(maxsize=1)
def _stem_words():
    import Stemmer

    return Stemmer.Stemmer("english").stemWords


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens (the same for corpus and queries)."""
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stem_words(), return_ids=False, show_progress=False)


@dataclass
class LexicalIndex:
    """BM25 over every ready chunk of one namespace (with each chunk's tokens, for cheap updates)."""

    chunks: list[StoredChunk]
    tokens: list[list[str]]
    retriever: bm25s.BM25 | None
    chunk_count: int

    @classmethod
    def build(cls, chunks: list[StoredChunk], chunk_count: int, tokens: list[list[str]] | None = None) -> "LexicalIndex":
        """Index chunks; ``tokens`` (one list per chunk) skips re-tokenising chunks seen before."""
        if tokens is None:
            tokens = tokenize([f"{c.meta.get('title', '')}\n{c.text}" for c in chunks]) if chunks else []
        if not chunks:
            return cls([], [], None, chunk_count)
        retriever = bm25s.BM25()
        retriever.index([t or [""] for t in tokens], show_progress=False)
        return cls(chunks, tokens, retriever, chunk_count)

    def updated(self, added: list[StoredChunk], removed_article: str | None) -> "LexicalIndex":
        """A new index with ``added`` chunks and without ``removed_article``'s, reusing known tokens.

        Its ``chunk_count`` is what the store should now hold, if nobody else wrote to it."""
        keep = [i for i, c in enumerate(self.chunks) if c.meta.get("article_id") != removed_article]
        new_tokens = tokenize([f"{c.meta.get('title', '')}\n{c.text}" for c in added]) if added else []
        chunks = [self.chunks[i] for i in keep] + list(added)
        tokens = [self.tokens[i] for i in keep] + list(new_tokens)
        expected = self.chunk_count - (len(self.chunks) - len(keep)) + len(added)
        return LexicalIndex.build(chunks, expected, tokens)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no term is known)."""
        if self.retriever is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self.retriever.vocab_dict
        terms = [t for t in tokenize([query])[0] if t in vocab]
        if not terms:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(terms), dtype=np.float32)


def where_clause(filters: SearchFilters | None, as_of: date | None = None) -> dict[str, Any] | None:
    """The Chroma ``where`` filter for the given restrictions."""
    clauses: list[dict[str, Any]] = []
    if filters:
        if filters.article_id:
            clauses.append({"article_id": filters.article_id})
        if filters.outlet:
            clauses.append({"outlet": filters.outlet})
        if filters.since:
            clauses.append({"published_day": {"$gte": day_number(filters.since)}})
        if filters.until:
            clauses.append({"published_day": {"$lte": day_number(filters.until)}})
    if as_of:
        clauses.append({"published_day": {"$lte": day_number(as_of)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def day_number(day: date) -> int:
    """A date as an int YYYYMMDD (Chroma filters compare numbers)."""
    return day.year * 10000 + day.month * 100 + day.day


def recency(published_day: int | None, as_of: date, half_life_days: float = 7.0) -> float:
    """A 0-1 prior for news asked about "as of" a date, scaled like a rank-1 RRF score:
    1/(RRF_K+1) for an article of that day, half that a week earlier, 0 when the date is unknown."""
    if not published_day:
        return 0.0
    published = date(published_day // 10000, published_day // 100 % 100, published_day % 100)
    age = max((as_of - published).days, 0)
    return 0.5 ** (age / half_life_days) / (RRF_K + 1)


def matches(meta: dict[str, Any], where: dict[str, Any] | None) -> bool:
    """Evaluate a ``where_clause`` on a metadata dict (for the lexical side)."""
    if not where:
        return True
    if "$and" in where:
        return all(matches(meta, clause) for clause in where["$and"])
    (key, condition), = where.items()
    value = meta.get(key)
    if isinstance(condition, dict):
        (op, bound), = condition.items()
        if value is None:
            return False
        return {"$gte": value >= bound, "$lte": value <= bound, "$eq": value == bound}[op]
    return value == condition


class HybridSearcher:
    """Dense + BM25 retrieval over one store, fused with reciprocal rank fusion."""

    def __init__(self, store: Store, embed, *, candidates: int = 30, recency_weight: float = 0.0) -> None:
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

    def note_change(self, namespace: str, *, added: list[StoredChunk] = (), removed_article: str | None = None) -> None:
        """Record an add or remove made through this process; applied to the cached index on next use,
        re-using the tokens of every other chunk instead of re-reading and re-tokenising the store."""
        with self._lock:
            if namespace in self._lexical:
                self._pending.setdefault(namespace, []).append((list(added), removed_article))

    def lexical_index(self, namespace: str) -> LexicalIndex:
        count = self._store.count(namespace)
        with self._lock:
            cached = self._lexical.get(namespace)
            pending = self._pending.pop(namespace, [])
        if cached is not None:
            for added, removed in pending:
                cached = cached.updated(added, removed)
            if cached.chunk_count == count:
                with self._lock:
                    self._lexical[namespace] = cached
                return cached
        # First use, or another process changed the store: read everything.
        index = LexicalIndex.build(self._store.get(namespace), count)
        with self._lock:
            self._lexical[namespace] = index
        return index

    def dense(self, namespace: str, query_vector: np.ndarray, k: int, where: dict[str, Any] | None) -> list[tuple[StoredChunk, float]]:
        return self._store.query(namespace, query_vector, k, where)

    def lexical(self, namespace: str, query: str, k: int, where: dict[str, Any] | None) -> list[tuple[StoredChunk, float]]:
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
            if matches(chunk.meta, where):
                hits.append((chunk, float(scores[i])))
        return hits

    def search(self, namespace: str, query: str, *, k: int = 8, filters: SearchFilters | None = None,
               as_of: date | None = None, query_vector: np.ndarray | None = None, mode: str = "hybrid") -> list[Hit]:
        """The top ``k`` chunks for ``query``; ``mode`` is hybrid, dense or lexical (for baselines)."""
        where = where_clause(filters, as_of)
        if query_vector is None and mode != "lexical":
            query_vector = self._embed([query])[0]
        dense = self.dense(namespace, query_vector, self._candidates, where) if mode != "lexical" else []
        lexical = self.lexical(namespace, query, self._candidates, where) if mode != "dense" else []
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
                hit.score += self.recency_weight * recency(hit.chunk.meta.get("published_day"), as_of)
        return sorted(fused.values(), key=lambda h: -h.score)[:k]
