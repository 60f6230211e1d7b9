"""Quotes sliced from the stored text and numbered by first use: one builder for every answerer.

The extractive answerer and the language-model answerer both hand over
``(article_id, start, end, score)`` picks; this module slices each quote from
the stored article (never retyped), adds the context a sentence needs
(index/answer/context.py), drops overlaps, and numbers the sources by first use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.answer.context import with_context
from index.ingest.segment import paragraph_around, paragraph_number
from index.models import Answer, Article, Quote, Source, Span

LoadArticle = Callable[[str], Article]

@dataclass(frozen=True)
class Pick:
    """A chosen span of a stored article, before it becomes a numbered quote."""

    article_id: str
    start: int
    end: int
    score: float = 0.0
    corrected: bool = False  # a model's misquote repaired to the real span
    with_context: bool = True  # add the sentence before when this one would mislead alone
    words_asked: bool = False  # the question asks what someone said: bring the quotation a reporting sentence announces
    also: tuple[tuple[str, int, int], ...] = ()  # the same words in other articles: (article_id, start, end)


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
        start, end = (with_context(article.text, pick.start, pick.end, words_asked=pick.words_asked) if pick.with_context
                      else (pick.start, pick.end))
        if any(a == pick.article_id and s < end and start < e for a, s, e in self._taken):
            return None
        self._taken.append((pick.article_id, start, end))
        p_start, p_end = paragraph_around(article.text, start, end)
        number = self.number(pick.article_id)
        also = tuple((self.number(aid), Span(aid, s, e, self.article(aid).text[s:e])) for aid, s, e in pick.also)
        quote = Quote(
            span=Span(pick.article_id, start, end, article.text[start:end]),
            citation=number,
            paragraph=paragraph_number(article.text, start),
            context=Span(pick.article_id, p_start, p_end, article.text[p_start:p_end]),
            score=pick.score,
            corrected=pick.corrected,
            also=also,
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
