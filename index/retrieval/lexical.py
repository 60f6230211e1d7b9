"""The lexical side of retrieval: BM25 (bm25s) over every ready chunk of a namespace.

The index keeps, per chunk, only its id, its token ids and what filters need (article, outlet,
publication day); texts stay in Chroma, and the few chunks an answer reads are fetched by id. It
can be updated without re-reading the store (this process's own adds and removes), synced with
the store by comparing ids (another process wrote), and saved and loaded (index/retrieval/
lexical_files.py), so a restart does not re-read and re-tokenise the whole namespace.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from index.retrieval.spelling import Speller, collection_words
from index.store.chroma import StoredChunk
from index.store.filters import ChunkFilter

if TYPE_CHECKING:
    import bm25s


@lru_cache(maxsize=1)
def _bm25s() -> ModuleType:
    """bm25s, imported on first use (it is not needed to list or remove articles)."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG
    return bm25s


@lru_cache(maxsize=1)
def _stem_words() -> Callable[[list[str]], list[str]]:
    import Stemmer

    stem: Callable[[list[str]], list[str]] = Stemmer.Stemmer("english").stemWords
    return stem


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens (the same for corpus and queries)."""
    tokens: list[list[str]] = _bm25s().tokenize(texts, stopwords="en", stemmer=_stem_words(), return_ids=False,
                                               show_progress=False)
    return tokens


@dataclass
class LexicalIndex:
    """BM25 over the ready chunks of one namespace, with what it takes to update it cheaply."""

    ids: list[str] = field(default_factory=list)
    tokens: list[np.ndarray] = field(default_factory=list)  # per chunk: int32 ids into ``vocab``
    vocab: dict[str, int] = field(default_factory=lambda: {"": 0})
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str | None] = field(default_factory=list)
    days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # YYYYMMDD, 0 when unknown
    words: Counter[str] = field(default_factory=Counter)  # surface words, for spelling correction (only grows)
    marker: str = ""  # the store's change marker this index reflects
    retriever: bm25s.BM25 | None = None

    @classmethod
    def build(cls, chunks: Sequence[StoredChunk], marker: str = "") -> LexicalIndex:
        """Index chunks read from the store."""
        return cls(marker=marker).updated(chunks, set())

    def __len__(self) -> int:
        return len(self.ids)

    def updated(self, added: Sequence[StoredChunk], removed_articles: set[str] | None = None,
                removed_ids: set[str] | None = None) -> LexicalIndex:
        """A new index without the chunks of ``removed_articles``, ``removed_ids`` and the old copies of
        ``added``, and with ``added``."""
        dropped = {c.id for c in added} | (removed_ids or set())
        gone_articles = removed_articles or set()
        keep = [i for i, (cid, aid) in enumerate(zip(self.ids, self.article_ids))
                if aid not in gone_articles and cid not in dropped]
        if len(keep) == len(self.ids) and not added:
            return self
        vocab = dict(self.vocab)
        texts = [f"{c.record.meta.title}\n{c.text}" for c in added]
        new_tokens = [np.array([vocab.setdefault(t, len(vocab)) for t in tokens], dtype=np.int32)
                      for tokens in tokenize(texts)] if added else []
        words = Counter(self.words)
        words.update(collection_words(texts))
        index = LexicalIndex(
            ids=[self.ids[i] for i in keep] + [c.id for c in added],
            tokens=[self.tokens[i] for i in keep] + new_tokens,
            vocab=vocab,
            article_ids=[self.article_ids[i] for i in keep] + [c.record.article_id for c in added],
            outlets=[self.outlets[i] for i in keep] + [c.record.meta.outlet for c in added],
            days=np.concatenate([self.days[keep], np.array([c.record.published_day or 0 for c in added],
                                                           dtype=np.int32)]),
            words=words,
            marker=self.marker,
        )
        index.retriever = index.fit()
        return index

    def synced(self, current_ids: set[str], fetch: Callable[[list[str]], list[StoredChunk]],
               marker: str) -> LexicalIndex:
        """The index brought up to date with the store's ids: removed chunks dropped, new ones fetched."""
        gone = set(self.ids) - current_ids
        added = [c for c in fetch(sorted(current_ids - set(self.ids))) if c.record.ready]
        return replace(self.updated(added, removed_ids=gone), marker=marker)

    def fit(self) -> bm25s.BM25 | None:
        """The BM25 model of these chunks (None when there are none)."""
        if not self.ids:
            return None
        bm25s = _bm25s()
        retriever = bm25s.BM25()
        ids = [t.tolist() or [0] for t in self.tokens]  # token 0 is the empty token bm25s expects
        retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=self.vocab), show_progress=False)
        return retriever

    def top(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[tuple[str, float]]:
        """The ``k`` best chunk ids for ``query`` with their BM25 scores (only chunks ``flt`` accepts)."""
        if self.retriever is None:
            return []
        terms = [t for t in tokenize([query])[0] if t in self.vocab]
        if not terms:
            return []
        scores = np.asarray(self.retriever.get_scores(terms), dtype=np.float32)
        if flt is not None:
            scores = np.where(self._accepted(flt), scores, 0.0)
        order = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0]

    def day_of(self, chunk_id: str) -> int | None:
        """The publication day (YYYYMMDD) of a chunk's article, if known."""
        row = self._rows.get(chunk_id)
        return int(self.days[row]) or None if row is not None else None

    @cached_property
    def _rows(self) -> dict[str, int]:
        return {cid: i for i, cid in enumerate(self.ids)}

    def _accepted(self, flt: ChunkFilter) -> np.ndarray:
        ok = np.ones(len(self.ids), dtype=bool)
        if flt.article_id:
            ok &= np.array([a == flt.article_id for a in self.article_ids])
        if flt.outlet:
            ok &= np.array([o == flt.outlet for o in self.outlets])
        if flt.since_day is not None:
            ok &= (self.days > 0) & (self.days >= flt.since_day)
        if flt.until_day is not None:
            ok &= (self.days > 0) & (self.days <= flt.until_day)
        return ok

    @cached_property
    def speller(self) -> Speller:
        """Spelling correction against this collection's words (built on first use)."""
        return Speller(self.words)
