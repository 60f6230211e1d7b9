"""The lexical side of retrieval: BM25 (bm25s) over every ready chunk of a namespace."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

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
    chunk_count: int

    @classmethod
    def build(cls, chunks: list[StoredChunk], chunk_count: int, tokens: list[list[str]] | None = None) -> LexicalIndex:
        """Index chunks; ``tokens`` (one list per chunk) skips re-tokenising chunks seen before."""
        if tokens is None:
            tokens = tokenize([f"{c.record.meta.title}\n{c.text}" for c in chunks]) if chunks else []
        if not chunks:
            return cls([], [], None, chunk_count)
        retriever = _bm25s().BM25()
        retriever.index([t or [""] for t in tokens], show_progress=False)
        return cls(chunks, tokens, retriever, chunk_count)

    def updated(self, added: list[StoredChunk], removed_article: str | None) -> LexicalIndex:
        """A new index with ``added`` chunks and without ``removed_article``'s, reusing known tokens.

        Its ``chunk_count`` is what the store should now hold, if nobody else wrote to it."""
        keep = [i for i, c in enumerate(self.chunks) if c.record.article_id != removed_article]
        new_tokens = tokenize([f"{c.record.meta.title}\n{c.text}" for c in added]) if added else []
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
