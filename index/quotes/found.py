"""A finding of the quote checker in one article, before it becomes a :class:`~index.models.Verdict`."""

from __future__ import annotations

from dataclasses import dataclass

from index.models import Article, CriticalChange, DiffOp, VerdictKind


@dataclass
class Found:
    """One finding in one article (before it becomes a Verdict)."""

    kind: VerdictKind
    article: Article
    spans: list[tuple[int, int]]
    similarity: float | None = None
    diff: tuple[DiffOp, ...] = ()
    critical: tuple[CriticalChange, ...] = ()
    detail: str = ""  # extra message text
    distance: int = 0  # near miss: words that differ (word-level edit distance)
    span_articles: tuple[Article, ...] = ()
    unsupported: tuple[str, ...] = ()  # paraphrase: numbers / names / sweeping words the source lacks
