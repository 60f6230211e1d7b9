"""The lexical side of retrieval: BM25 (bm25s) over every ready chunk of a namespace."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from index.retrieval.spelling import Speller, collection_words
from index.store.chroma import StoredChunk

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
    """BM25 over every ready chunk of one namespace (with each chunk's tokens, for cheap updates)."""

    chunks: list[StoredChunk]
    tokens: list[list[str]]
    retriever: bm25s.BM25 | None
    words: Counter[str]  # the collection's words as written (lower-cased), for spelling correction

    @classmethod
    def build(cls, chunks: Sequence[StoredChunk], tokens: list[list[str]] | None = None,
              words: Counter[str] | None = None) -> LexicalIndex:
        """Index chunks; ``tokens`` (one list per chunk) and ``words`` skip re-reading chunks seen before."""
        if tokens is None:
            tokens = _chunk_tokens(chunks)
        if words is None:
            words = collection_words(_chunk_texts(chunks))
        if not chunks:
            return cls([], [], None, Counter())
        retriever = _bm25s().BM25()
        retriever.index([t or [""] for t in tokens], show_progress=False)
        return cls([_slim(c) for c in chunks], tokens, retriever, words)

    def updated(self, added: Sequence[StoredChunk], removed_article: str | None) -> LexicalIndex:
        """A new index with ``added`` chunks and without ``removed_article``'s (or ``added``'s old copies)."""
        replaced = {c.id for c in added}
        keep = [i for i, c in enumerate(self.chunks)
                if c.record.article_id != removed_article and c.id not in replaced]
        return self._rebuilt(keep, list(added))

    def synced(self, current_ids: set[str], fetch: Callable[[list[str]], list[StoredChunk]]) -> LexicalIndex:
        """The index brought up to date with the store's ids: removed chunks dropped, new ones fetched."""
        keep = [i for i, c in enumerate(self.chunks) if c.id in current_ids]
        known = {self.chunks[i].id for i in keep}
        added = [c for c in fetch(sorted(current_ids - known)) if c.record.ready]
        if len(keep) == len(self.chunks) and not added:
            return self
        return self._rebuilt(keep, added)

    def _rebuilt(self, keep: list[int], added: list[StoredChunk]) -> LexicalIndex:
        kept = set(keep)
        words = self.words - collection_words(_chunk_texts([c for i, c in enumerate(self.chunks) if i not in kept]))
        words.update(collection_words(_chunk_texts(added)))
        return LexicalIndex.build([self.chunks[i] for i in keep] + added,
                                  [self.tokens[i] for i in keep] + _chunk_tokens(added), words)

    @cached_property
    def speller(self) -> Speller:
        """Spelling correction against this collection's words (built on first use)."""
        return Speller(self.words)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no term is known)."""
        if self.retriever is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self.retriever.vocab_dict
        terms = [t for t in tokenize([query])[0] if t in vocab]
        if not terms:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(terms), dtype=np.float32)


def _slim(chunk: StoredChunk) -> StoredChunk:
    """The chunk without its sentence vectors (kept in Chroma, fetched for the few chunks an answer reads)."""
    if chunk.record.sentence_vectors is None:
        return chunk
    return replace(chunk, record=replace(chunk.record, sentence_vectors=None))


def _chunk_texts(chunks: Sequence[StoredChunk]) -> list[str]:
    return [f"{c.record.meta.title}\n{c.text}" for c in chunks]


def _chunk_tokens(chunks: Sequence[StoredChunk]) -> list[list[str]]:
    return tokenize(_chunk_texts(chunks)) if chunks else []
