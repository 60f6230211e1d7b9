"""The extractive answerer: the sentence that answers, quoted verbatim and cited — or "no answer".

1. Every sentence of the retrieved passages is a candidate, scored cheaply (index/answer/candidates.py).
2. The answer ranker reads the question with the best candidates and gives each a calibrated
   probability of answering, and the order to quote them in (index/answer/ranker.py); without the
   ranker the cheap score is used for both.
3. A name or number the question hinges on that no retrieved article mentions ("Did IHOP…" over articles
   about Waffle House, index/answer/evidence.py), or nothing reaching the threshold: abstain, offering the
   closest passage labelled as not an answer.
4. Otherwise one quote, the best; a further one only when it is another part of a multi-part
   question, or the same answer from another outlet; the same words in several articles (a wire
   copy) are one quote citing all of them.
5. Each quote carries the context it needs (index/answer/context.py) and is sliced from the store;
   asked what someone said, a sentence that only reports it brings the quotation that follows, and
   only their words answer (index/answer/their_words.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from index.answer.answer_type import asks_for_words
from index.answer.candidates import Candidate, gather
from index.answer.citations import Citations, LoadArticle, Pick, build_answer
from index.answer.evidence import unmentioned
from index.answer.question import answer_shape_bonus, is_multi_part
from index.answer.ranker import AnswerRanker, asks_or_points
from index.answer.speaker import asked_speaker, asks_for_thoughts, named_nowhere
from index.answer.their_words import (
    Scored,
    asked_person,
    brings_others_words,
    no_words_reason,
    theirs_first,
    whose_words,
)
from index.models import Answer, Article
from index.quotes.normalize import normalize
from index.retrieval.hybrid import Hit

Embed = Callable[[list[str]], np.ndarray]

NO_ANSWER = "The stored articles do not answer this question."
FOLLOWER_RATIO = 0.8  # a further quote must score at least this share of the best one
SAME_WORDS_RATIO = 95  # rapidfuzz ratio of normalised sentences that are "the same words"
LENGTH_SLACK = 0.8  # raw lengths further apart than this cannot be the same words (normalising shortens little)
FOLLOW_UP_RELIEF = 0.85  # a follow-up ("who founded it?") names less: the relevance fallback asks less of it
# ... and the ranker, which reads the follow-up without the conversation that gives "it" its subject, less still
# (its candidates come first from the articles the conversation already cited)
FOLLOW_UP_RANKER_RELIEF = 0.4


class ExtractiveAnswerer:
    """Answers with quotes only: no language model."""

    def __init__(self, embed: Embed, *, ranker: Callable[[], AnswerRanker | None] | None = None,
                 min_relevance: float = 0.38, max_quotes: int = 3, cache_size: int = 20_000) -> None:
        self._embed = embed
        self._ranker = ranker or (lambda: None)
        self.min_relevance = min_relevance
        self.max_quotes = max_quotes
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # sentence text -> vector (LRU)
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """Vectors of sentences stored without them (an older store), reusing those seen before."""
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

    def rank(self, query: str, candidates: Sequence[Candidate], *,
             follow_up: bool = False) -> tuple[list[Scored], float]:
        """The candidates the second stage read, in the order to quote them, and the threshold the best
        probability must reach."""
        ranker = self._ranker()
        if ranker is None or not candidates:
            scored = [Scored(c, c.relevance + answer_shape_bonus(query, c.text)) for c in candidates]
            relief = FOLLOW_UP_RELIEF if follow_up else 1.0
            return sorted(scored, key=lambda s: -s.score), self.min_relevance * relief
        top = candidates[: ranker.top_k]
        ranking = ranker.rank(query, top)
        order = np.argsort(-ranking.order, kind="stable")
        ranked = [Scored(top[i], float(ranking.probabilities[i])) for i in order]
        return ranked, ranker.threshold * (FOLLOW_UP_RANKER_RELIEF if follow_up else 1.0)

    def answer(self, question: str, question_vector: np.ndarray, hits: Sequence[Hit], load_article: LoadArticle,
               *, query: str | None = None, follow_up: bool = False, speaker: str | None = None) -> Answer:
        """Quote what answers ``question`` (``query``: the question as searched, e.g. spelling corrected;
        ``follow_up``: it continues a conversation, whose articles ``hits`` start with; ``speaker``: whom its
        "he" or "she" stands for, index/answer/followup.py)."""
        query = query or question
        articles = hit_articles(hits, load_article)
        asked = asked_person(query, articles, speaker=speaker)
        candidates = gather(query, question_vector, hits, articles, self.sentence_vectors)
        absent = _unmentioned_reason(question, asked, articles)
        if absent:  # what the question hinges on is nowhere in what was found: no sentence of it answers
            return self._abstain(question, [Scored(c, c.relevance) for c in candidates], load_article, reason=absent)
        if asked is not None:  # asked what someone said: their words are read first
            candidates = theirs_first(asked, candidates, articles)
        everything, threshold = self.rank(query, candidates, follow_up=follow_up)
        ranked = whose_words(asked, everything, articles, threshold, words_only=not asks_for_thoughts(query))
        if not ranked or max(s.score for s in ranked) < threshold:  # nothing answers
            reason = no_words_reason(asked, articles, shown=asked and asked_speaker(question))
            return self._abstain(question, everything, load_article, reason=reason)
        chosen = self._choose(question, ranked, threshold, articles)
        words = asks_for_words(question)
        picks = [Pick(c.article_id, c.start, c.end, score, also=_same_words(c, candidates, articles),
                      words_asked=words and not (asked and brings_others_words(asked, c, articles[c.article_id])))
                 for c, score in chosen]
        return build_answer(question, picks, load_article)

    def _choose(self, question: str, ranked: list[Scored], threshold: float,
                articles: dict[str, Article]) -> list[tuple[Candidate, float]]:
        best = ranked[0]
        chosen = [(best.candidate, best.score)]
        multi = is_multi_part(question)
        bar = max(threshold, FOLLOWER_RATIO * max(s.score for s in ranked))
        for scored in ranked[1:]:
            if len(chosen) >= self.max_quotes:
                break
            c = scored.candidate
            if scored.score < bar:
                continue
            if any(_same(c, other) or _overlaps(c, other) for other, _ in chosen):
                continue
            other_outlet = _outlet(articles, c) != _outlet(articles, best.candidate)
            if multi or other_outlet:
                chosen.append((c, scored.score))
        return chosen

    def _abstain(self, question: str, ranked: list[Scored], load_article: LoadArticle,
                 reason: str | None = None) -> Answer:
        reason = f"{NO_ANSWER[:-1]}: {reason}" if reason else NO_ANSWER
        # a heading that asks ("What did the papers say?") or a link line is closest in wording, and tells nothing
        closest = max((s.candidate for s in ranked if not asks_or_points(s.candidate.text)),
                      key=lambda c: c.relevance, default=None)
        if closest is None or closest.relevance < self.min_relevance:  # nothing even close: nothing to offer
            return Answer(question=question, quotes=(), sources=(), abstained=True, reason=reason)
        citations = Citations(load_article)
        related = citations.add(Pick(closest.article_id, closest.start, closest.end, closest.relevance))
        return Answer(question=question, quotes=(), sources=citations.sources(), abstained=True, reason=reason,
                      related=related)


def hit_articles(hits: Sequence[Hit], load_article: LoadArticle) -> dict[str, Article]:
    """The articles of ``hits``, by id, in the order they are first hit."""
    return {aid: load_article(aid) for aid in dict.fromkeys(h.chunk.record.article_id for h in hits)}


def _unmentioned_reason(question: str, asked: str | None, articles: dict[str, Article]) -> str | None:
    """Why no sentence found can answer, when a name or number of the question (as the user wrote it: a spelling
    correction may have replaced a name with a word of the collection) is in none of the articles; else None."""
    texts = [_all_words(a) for a in articles.values()]
    absent = unmentioned(question, texts) if texts else []
    if not absent:
        return None
    if asked is not None and named_nowhere(asked, texts):  # "what did von der Leyen say": named as asked
        return no_words_reason(asked, articles, shown=asked_speaker(question))
    return f"none of the articles on this mentions {' or '.join(absent)}."


def _all_words(article: Article) -> str:
    """Every word stored with an article: its heading (title, outlet, date), author, address and text."""
    return " ".join(filter(None, (article.meta.heading(), article.meta.author, article.meta.url, article.text)))


def _same(a: Candidate, b: Candidate) -> bool:
    shorter, longer = sorted((len(a.text), len(b.text)))
    if shorter < LENGTH_SLACK * longer:  # far apart in length: the ratio cannot reach the cut-off
        return False
    return bool(fuzz.ratio(_normal(a.text), _normal(b.text), score_cutoff=SAME_WORDS_RATIO))


@lru_cache(maxsize=8192)
def _normal(text: str) -> str:
    return normalize(text)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def _outlet(articles: dict[str, Article], candidate: Candidate) -> str:
    return articles[candidate.article_id].meta.outlet or candidate.article_id


def _same_words(quote: Candidate, candidates: Sequence[Candidate],
                articles: dict[str, Article]) -> tuple[tuple[str, int, int], ...]:
    """Where else the quoted sentence stands word for word among the retrieved ones (wire copies in other
    articles, read by the ranker or not)."""
    seen = {quote.article_id}
    found = []
    for c in candidates:
        if c.article_id not in seen and c.article_id in articles and _same(quote, c):
            seen.add(c.article_id)
            found.append((c.article_id, c.start, c.end))
    return tuple(found)
