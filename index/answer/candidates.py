"""Candidate answer sentences: every sentence of the retrieved passages, with what the ranker reads.

Each candidate carries the sentence before and after it in its article (across paragraph breaks, so
a question-shaped heading is the sentence before the answer that follows it), its passage's rank, and
the cheap first-stage scores: cosine of its stored vector with the question's, and the share of the
question's terms it contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from index.models import Article
from index.retrieval.hybrid import Hit
from index.retrieval.lexical import tokenize
from index.store.vectors import unpack

COSINE_WEIGHT = 0.75  # first-stage relevance = 0.75 cosine + 0.25 term overlap (+ a small rank prior)
OVERLAP_WEIGHT = 0.25
PRIOR_WEIGHT = 0.05
CONTEXT_CHARS = 400  # how far back (or ahead) to look for the neighbouring sentence

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n")

Encode = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer, where it is, and its first-stage scores."""

    article_id: str
    start: int
    end: int
    text: str
    previous: str  # the sentence before it in the article ("" at the start)
    following: str  # the sentence after it
    passage_rank: int  # 0 for the best retrieved passage
    cosine: float
    overlap: float

    @property
    def relevance(self) -> float:
        """The first-stage relevance (0-1-ish)."""
        return COSINE_WEIGHT * self.cosine + OVERLAP_WEIGHT * self.overlap

    @property
    def first_stage(self) -> float:
        return self.relevance + PRIOR_WEIGHT / (1 + self.passage_rank)


def gather(query: str, vector: np.ndarray, hits: Sequence[Hit], articles: Mapping[str, Article],
           encode: Encode) -> list[Candidate]:
    """Every sentence of the hits' chunks, best first by first-stage score (each sentence once)."""
    rows: list[tuple[int, str, int, int]] = []
    vectors: list[np.ndarray | None] = []
    seen: set[tuple[str, int]] = set()
    dimension = len(vector)
    for rank, hit in enumerate(hits):
        record = hit.chunk.record
        if record.article_id not in articles:
            continue
        stored = unpack(record.sentence_vectors, dimension) if record.sentence_vectors else None
        if stored is not None and len(stored) != len(record.sentences):
            stored = None
        for k, (start, end) in enumerate(record.sentences):
            if (record.article_id, start) in seen:
                continue
            seen.add((record.article_id, start))
            rows.append((rank, record.article_id, start, end))
            vectors.append(stored[k] if stored is not None else None)
    if not rows:
        return []
    texts = [articles[aid].text[s:e] for _, aid, s, e in rows]
    missing = [i for i, v in enumerate(vectors) if v is None]
    if missing:  # chunks stored before sentence vectors were kept: encode their sentences now
        for i, fresh in zip(missing, encode([texts[i] for i in missing])):
            vectors[i] = fresh
    cosine = np.stack([v for v in vectors if v is not None]) @ np.asarray(vector, dtype=np.float32)
    question_terms = set(tokenize([query])[0])
    sentence_terms = tokenize(texts)
    candidates = []
    for (rank, article_id, start, end), text, cos, terms in zip(rows, texts, cosine, sentence_terms):
        article = articles[article_id].text
        overlap = len(question_terms & set(terms)) / len(question_terms) if question_terms else 0.0
        candidates.append(Candidate(article_id, start, end, text, previous_sentence(article, start),
                                    next_sentence(article, end), rank, float(cos), overlap))
    return sorted(candidates, key=lambda c: -c.first_stage)


def previous_sentence(text: str, start: int) -> str:
    """The sentence that ends just before ``start`` (across a paragraph break), roughly split."""
    before = text[max(0, start - CONTEXT_CHARS) : start].rstrip()
    if not before:
        return ""
    parts = _BOUNDARY.split(before)
    return parts[-1].strip() if parts else ""


def next_sentence(text: str, end: int) -> str:
    """The sentence that starts just after ``end`` (across a paragraph break), roughly split."""
    after = text[end : end + CONTEXT_CHARS].lstrip()
    if not after:
        return ""
    return _BOUNDARY.split(after, maxsplit=1)[0].strip()
