"""Assertions every answer in the tests must pass: the quote promise and consistent citations."""

from __future__ import annotations

import re

from index.library import Library
from index.models import Answer


def assert_verbatim(library: Library, namespace: str, answer: Answer) -> None:
    """Every quote of an answer is exactly ``text[start:end]`` of its stored article."""
    for quote in answer.quotes:
        article = library.article(namespace, quote.span.article_id)
        assert article.text[quote.span.start : quote.span.end] == quote.span.text
        assert article.text[quote.context.start : quote.context.end] == quote.context.text
        assert quote.context.start <= quote.span.start and quote.span.end <= quote.context.end


def assert_citations_consistent(answer: Answer) -> None:
    """Inline [n] and footer agree; numbers are 1..k by first use (prose first, then quotes)."""
    numbers = [s.number for s in answer.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {q.citation for q in answer.quotes} == set(numbers)
    by_article = {s.article_id: s.number for s in answer.sources}
    for q in answer.quotes:
        assert by_article[q.span.article_id] == q.citation
    inline = [int(n) for n in re.findall(r"\[(\d+)\]", answer.prose or "")]
    assert set(inline) <= set(numbers)
    first_use = list(dict.fromkeys(inline + [q.citation for q in answer.quotes]))
    assert first_use == numbers
