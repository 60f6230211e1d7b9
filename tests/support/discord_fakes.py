"""A small stand-in for :class:`index.library.Library`, for plumbing tests only (no model, no store)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from index.answer.followup import Conversation
from index.config import Settings
from index.errors import UnknownArticle
from index.models import (
    AddResult,
    AddStatus,
    Answer,
    ArticleInfo,
    ArticleMeta,
    ClaimCheck,
    FragmentCheck,
    Quote,
    Source,
    Span,
    Verdict,
    VerdictKind,
)


def make_answer(question: str, quote_texts: list[str], *, title: str = "A long report") -> Answer:
    """An answer quoting ``quote_texts`` (each its own paragraph) from one article."""
    text = "\n\n".join(quote_texts)
    quotes, pos = [], 0
    for i, q in enumerate(quote_texts):
        span = Span("a1", pos, pos + len(q), q)
        quotes.append(Quote(span=span, citation=1, paragraph=i + 1, context=span))
        pos += len(q) + 2
    assert all(text[q.span.start : q.span.end] == q.text for q in quotes)
    meta = ArticleMeta(title=title, outlet="The Gazette", published=date(2024, 5, 1), url="https://example.org/report")
    return Answer(question=question, quotes=tuple(quotes), sources=(Source(1, "a1", meta),))


@dataclass
class FakeLibrary:
    """Returns canned results; ``raises`` makes a method raise; ``calls`` records (method, namespace, arg)."""

    answer: Answer | None = None
    infos: list[ArticleInfo] = field(default_factory=list)
    raises: dict[str, BaseException] = field(default_factory=dict)
    calls: list[tuple[str, str, object]] = field(default_factory=list)
    conversations: list[Conversation | None] = field(default_factory=list)  # what each ask was given
    on_add: Callable[[Callable[[str, dict], None] | None], None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    settings: Settings = field(default_factory=lambda: Settings(_env_file=None))

    def _enter(self, name: str, namespace: str, arg: object) -> None:
        with self.lock:
            self.calls.append((name, namespace, arg))
        if name in self.raises:
            raise self.raises[name]

    def ask(self, namespace: str, question: str, *, conversation: Conversation | None = None, **_: object) -> Answer:
        self._enter("ask", namespace, question)
        self.conversations.append(conversation)
        return self.answer or Answer(question=question, quotes=(), sources=(), abstained=True, reason="Nothing matched.")

    def check(self, namespace: str, quote: str, *, article_id: str | None = None,
              attributed_to: str | None = None) -> Verdict:
        self._enter("check", namespace, quote)
        return Verdict(VerdictKind.NOT_FOUND, quote, "No article here contains this quote.")

    def check_claim(self, namespace: str, claim: str, *, article_id: str | None = None) -> ClaimCheck:
        self._enter("check", namespace, claim)
        verdict = Verdict(VerdictKind.NOT_FOUND, claim, "No article here contains this quote.")
        return ClaimCheck(claim, verdict.kind, verdict.message, (FragmentCheck(claim, 0, len(claim), None, verdict),))

    def sources(self, namespace: str, query: str | None = None) -> list[ArticleInfo]:
        self._enter("sources", namespace, query)
        return [i for i in self.infos if not query or query.casefold() in i.meta.title.casefold()]

    def remove(self, namespace: str, article_id: str) -> ArticleInfo:
        self._enter("remove", namespace, article_id)
        for info in self.infos:
            if info.article_id == article_id:
                self.infos.remove(info)
                return info
        raise UnknownArticle(f"No article {article_id!r} in this collection.")

    def _added(self, namespace: str, what: str, progress) -> AddResult:
        self._enter("add", namespace, what)
        if self.on_add is not None:
            self.on_add(progress)
        return AddResult(AddStatus.ADDED, "a1", ArticleMeta(title=what), 3)

    def add_text(self, namespace: str, text: str, *, meta=None, progress=None) -> AddResult:
        return self._added(namespace, (meta.title if meta and meta.title else text[:20]), progress)

    def add_bytes(self, namespace: str, data: bytes, *, filename: str, content_type=None, added_by=None, progress=None) -> AddResult:
        return self._added(namespace, filename, progress)

    def add_url(self, namespace: str, url: str, *, added_by=None, progress=None) -> AddResult:
        self._enter("add_url", namespace, url)
        raise NotImplementedError
