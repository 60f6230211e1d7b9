"""Quotes sliced from the stored text and numbered by first use: one builder for every answerer.

The extractive answerer and the language-model answerer both hand over
``(article_id, start, end, score)`` picks; this module slices each quote from
the stored article (never retyped), adds the sentence before when one would
mislead alone, drops overlaps, and numbers the sources by first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.ingest.segment import paragraph_around, paragraph_number, sentences
from index.models import Answer, Article, Quote, Source, Span

LoadArticle = Callable[[str], Article]

_NEEDS_CONTEXT = re.compile(
    r"^[\"“‘']?(he|she|it|they|this|that|these|those|his|her|its|their|there|however|but|and|also|"
    r"meanwhile|still|yet|so|thus|therefore|instead|then|the group|the company|the move|such)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pick:
    """A chosen span of a stored article, before it becomes a numbered quote."""

    article_id: str
    start: int
    end: int
    score: float = 0.0
    corrected: bool = False  # a model's misquote repaired to the real span
    with_context: bool = True  # add the sentence before when this one would mislead alone


class Citations:
    """Numbers sources by first use and slices quotes from the stored articles (each loaded once)."""

    def __init__(self, load_article: LoadArticle) -> None:
        self._load = load_article
        self._articles: dict[str, Article] = {}
        self._numbers: dict[str, int] = {}
        self._taken: list[tuple[str, int, int]] = []
        self.quotes: list[Quote] = []

    def article(self, article_id: str) -> Article:
        if article_id not in self._articles:
            self._articles[article_id] = self._load(article_id)
        return self._articles[article_id]

    def number(self, article_id: str) -> int:
        """The citation number of an article (the next free one on first use)."""
        return self._numbers.setdefault(article_id, len(self._numbers) + 1)

    def add(self, pick: Pick) -> Quote | None:
        """Quote ``pick`` (sliced from the store); None when it overlaps a quote already shown."""
        article = self.article(pick.article_id)
        start, end = _with_context(article.text, pick.start, pick.end) if pick.with_context else (pick.start, pick.end)
        if any(a == pick.article_id and s < end and start < e for a, s, e in self._taken):
            return None
        self._taken.append((pick.article_id, start, end))
        p_start, p_end = paragraph_around(article.text, start, end)
        quote = Quote(
            span=Span(pick.article_id, start, end, article.text[start:end]),
            citation=self.number(pick.article_id),
            paragraph=paragraph_number(article.text, start),
            context=Span(pick.article_id, p_start, p_end, article.text[p_start:p_end]),
            score=pick.score,
            corrected=pick.corrected,
        )
        self.quotes.append(quote)
        return quote

    def sources(self) -> tuple[Source, ...]:
        """The numbered sources, in number order."""
        ordered = sorted(self._numbers.items(), key=lambda item: item[1])
        return tuple(Source(number=n, article_id=aid, meta=self.article(aid).meta) for aid, n in ordered)


def build_answer(question: str, picks: Sequence[Pick], load_article: LoadArticle) -> Answer:
    """Turn picks into quotes sliced from the stored text, cited by first use."""
    citations = Citations(load_article)
    for pick in picks:
        citations.add(pick)
    return Answer(question=question, quotes=tuple(citations.quotes), sources=citations.sources())


def _with_context(text: str, start: int, end: int) -> tuple[int, int]:
    """Include the previous sentence of the same paragraph when this one would mislead alone."""
    sentence = text[start:end]
    if not (_NEEDS_CONTEXT.match(sentence) or len(sentence) < 40):
        return start, end
    p_start, _ = paragraph_around(text, start, end)
    if p_start >= start:
        return start, end
    before = [s for s in sentences(text, p_start, start) if s[1] <= start]
    return (before[-1][0], end) if before else (start, end)
