"""The extractive answerer: pick the sentences that answer, quote them verbatim, cite them.

Candidate sentences come from the fused top chunks; each is scored by its own
cosine similarity to the question and by how many of the question's terms it
contains. Below ``min_relevance`` the answerer abstains instead of quoting
something loosely related. A sentence that would mislead alone (it opens with a
pronoun or a connective such as "However") is quoted with the sentence before it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.answer.citations import LoadArticle, Pick, build_answer
from index.models import Answer
from index.retrieval.hybrid import Hit
from index.retrieval.lexical import tokenize
from index.store.vectors import unpack

Embed = Callable[[list[str]], np.ndarray]

NO_ANSWER = "The stored articles do not answer this question."

@dataclass(frozen=True)
class ScoredSentence:
    article_id: str
    start: int
    end: int
    relevance: float  # 0-1-ish: what the abstention threshold is compared to
    rank_score: float  # relevance plus a small prior from the chunk's fused rank


class ExtractiveAnswerer:
    """Answers with quotes only: no language model."""

    def __init__(self, embed: Embed, *, min_relevance: float = 0.38, max_quotes: int = 3,
                 cache_size: int = 20_000) -> None:
        self._embed = embed
        self.min_relevance = min_relevance
        self.max_quotes = max_quotes
        self.use_stored = False  # until the answer ranker lands: stand-alone sentence vectors, as before
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # sentence text -> vector (LRU)
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of sentences, reusing those seen in earlier questions."""
        with self._cache_lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            fresh = dict(zip(missing, self._embed(missing)))
            known.update(fresh)
            with self._cache_lock:
                self._vectors.update(fresh)
                while len(self._vectors) > self._cache_size:
                    self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def score_sentences(self, question: str, question_vector: np.ndarray, hits: Sequence[Hit]) -> list[ScoredSentence]:
        """Every sentence of the retrieved chunks, scored against the question."""
        rows: list[tuple[str, int, int, str, float]] = []
        vectors: list[np.ndarray | None] = []
        dimension = len(question_vector)
        for rank, hit in enumerate(hits):
            record = hit.chunk.record
            prior = 1.0 / (1 + rank)
            stored = unpack(record.sentence_vectors, dimension) if record.sentence_vectors and self.use_stored else None
            if stored is not None and len(stored) != len(record.sentences):
                stored = None
            for k, (start, end) in enumerate(record.sentences):
                local = hit.chunk.text[start - record.start : end - record.start]
                rows.append((record.article_id, start, end, local, prior))
                vectors.append(stored[k] if stored is not None else None)
        if not rows:
            return []
        missing = [i for i, v in enumerate(vectors) if v is None]
        if missing:  # a store built before sentence vectors were kept: encode them now
            for i, vector in zip(missing, self.sentence_vectors([rows[i][3] for i in missing])):
                vectors[i] = vector
        cosine = np.stack([v for v in vectors if v is not None]) @ np.asarray(question_vector, dtype=np.float32)
        question_terms = set(tokenize([question])[0])
        scored = []
        for (article_id, start, end, text, prior), cos in zip(rows, cosine):
            overlap = len(question_terms & set(tokenize([text])[0])) / len(question_terms) if question_terms else 0.0
            relevance = 0.75 * float(cos) + 0.25 * overlap
            scored.append(ScoredSentence(article_id, start, end, relevance, relevance + 0.05 * prior))
        return sorted(scored, key=lambda s: -s.rank_score)

    def answer(self, question: str, question_vector: np.ndarray, hits: Sequence[Hit], load_article: LoadArticle) -> Answer:
        """Quote the best sentences, or abstain when none is relevant enough."""
        scored = self.score_sentences(question, question_vector, hits)
        if not scored or scored[0].relevance < self.min_relevance:
            return Answer(question=question, quotes=(), sources=(), abstained=True, reason=NO_ANSWER)
        best = scored[0].relevance
        chosen: list[ScoredSentence] = []
        for candidate in scored:
            if len(chosen) >= self.max_quotes or candidate.relevance < max(self.min_relevance, best - 0.12):
                break
            if any(c.article_id == candidate.article_id and c.start == candidate.start for c in chosen):
                continue
            chosen.append(candidate)
        return build_answer(question, [Pick(c.article_id, c.start, c.end, c.relevance) for c in chosen], load_article)
