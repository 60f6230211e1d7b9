"""The facade every front end uses: add / ask / check / sources / remove, per namespace.

All methods are synchronous and may block (embedding, Chroma, fetching):
async callers run them in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from index.config import Settings
from index.models import AddResult, Answer, Article, ArticleInfo, ArticleMeta, SearchFilters, Verdict

ProgressFn = Callable[[str, dict], None]
"""Called with a stage ("extracting", "chunking", "embedding", "stored") and counts."""


class Library:
    """One QuoteDesk collection per namespace (a Discord guild, or the CLI's default)."""

    def __init__(self, settings: Settings | None = None, *, embedder=None, client=None) -> None:
        raise NotImplementedError

    def add_text(self, namespace: str, text: str, *, meta: ArticleMeta | None = None, progress: ProgressFn | None = None) -> AddResult:
        """Store raw text as an article (title taken from meta or the first line)."""
        raise NotImplementedError

    def add_file(self, namespace: str, path: Path, *, added_by: str | None = None, progress: ProgressFn | None = None) -> AddResult:
        """Store a .txt/.md/.html/.pdf file."""
        raise NotImplementedError

    def add_bytes(self, namespace: str, data: bytes, *, filename: str, content_type: str | None = None,
                  added_by: str | None = None, progress: ProgressFn | None = None) -> AddResult:
        """Store an uploaded file's bytes (e.g. a Discord attachment)."""
        raise NotImplementedError

    def add_url(self, namespace: str, url: str, *, added_by: str | None = None, progress: ProgressFn | None = None) -> AddResult:
        """Fetch a URL safely, extract the article and store it."""
        raise NotImplementedError

    def ask(self, namespace: str, question: str, *, filters: SearchFilters | None = None, as_of: date | None = None) -> Answer:
        """Answer with verbatim quotes, or abstain."""
        raise NotImplementedError

    def check(self, namespace: str, quote: str, *, article_id: str | None = None) -> Verdict:
        """Did the collection (or the named article) really say this?"""
        raise NotImplementedError

    def sources(self, namespace: str, query: str | None = None) -> list[ArticleInfo]:
        """Articles in the collection, newest first; ``query`` filters titles/outlets."""
        raise NotImplementedError

    def article(self, namespace: str, article_id: str) -> Article:
        """The full stored article (text reassembled from its chunks)."""
        raise NotImplementedError

    def remove(self, namespace: str, article_id: str) -> ArticleInfo:
        """Delete an article; it is never served again."""
        raise NotImplementedError
