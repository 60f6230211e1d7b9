"""Plain data objects shared by the engine and its front ends."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

log = logging.getLogger(__name__)

Progress = Callable[[str, dict[str, Any]], None]
"""Called with a stage and counts while work goes on: ``("embedding", {"done": 64, "total": 120})``.

Adding reports "fetching", "extracting", "chunking", "embedding", "stored"; asking with a
language model reports "writing" and "checking".
"""


def emit(progress: Progress | None, stage: str, **counts: Any) -> None:
    """Report a stage; a broken progress display never breaks the work it reports on."""
    if progress is None:
        return
    try:
        progress(stage, counts)
    except Exception:
        log.exception("progress callback failed at %s", stage)


@dataclass(frozen=True)
class ArticleMeta:
    """What we know about an article besides its text."""

    title: str
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    license: str | None = None
    added_by: str | None = None
    added_at: datetime | None = None
    canonical_url: str | None = None
    version_of: str | None = None  # id of the article this one is a newer version of
    duplicate_urls: tuple[str, ...] = ()  # other URLs that served exactly this text
    version: int = 1  # 1 for the first text seen at a URL, 2 for the next change, ...
    superseded_by: str | None = None  # id of the newer version, when the page changed since

    def dateline(self) -> str:
        """``Outlet, 2024-05-01`` (either part may be missing; empty when both are)."""
        return ", ".join(p for p in (self.outlet, self.published.isoformat() if self.published else None) if p)

    def heading(self) -> str:
        """``Title — Outlet, 2024-05-01``: how an article is named everywhere."""
        dateline = self.dateline()
        return self.title + (f" — {dateline}" if dateline else "")


@dataclass(frozen=True)
class Article:
    """An article as stored: its id, its exact text, and its metadata."""

    id: str
    text: str
    meta: ArticleMeta


@dataclass(frozen=True)
class ExtractedDocument:
    """The result of extraction: text exactly as it will be stored, plus metadata."""

    text: str
    meta: ArticleMeta


@dataclass(frozen=True)
class Chunk:
    """A slice ``text[start:end]`` of an article; chunks of an article tile its text."""

    article_id: str
    seq: int
    start: int
    end: int
    paragraph: int  # 1-based index of the paragraph the chunk starts in
    text: str

    @property
    def id(self) -> str:
        return chunk_id(self.article_id, self.seq)


def chunk_id(article_id: str, seq: int) -> str:
    """The deterministic store id of chunk ``seq`` of ``article_id``."""
    return f"{article_id}:{seq:05d}"


@dataclass(frozen=True)
class Span:
    """A verbatim span of a stored article: always ``article.text[start:end]``."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    """A numbered citation: which article, and how to show it."""

    number: int
    article_id: str
    meta: ArticleMeta

    def label(self) -> str:
        """``title — outlet, date, URL`` as one line."""
        head = self.meta.heading()
        if self.meta.version > 1 or self.meta.superseded_by:
            head += f" (version {self.meta.version}" + (", since updated" if self.meta.superseded_by else "") + ")"
        return head + (f", {self.meta.url}" if self.meta.url else "")


@dataclass(frozen=True)
class Quote:
    """One quote in an answer: a verbatim span, its citation number and where it sits."""

    span: Span
    citation: int
    paragraph: int  # 1-based paragraph of the article the quote starts in
    context: Span  # the surrounding paragraph, for "show context"
    score: float = 0.0
    corrected: bool = False  # repaired from a model's misquote to the real span
    also: tuple[tuple[int, Span], ...] = ()  # the same words in other articles (wire copies): (citation, span)

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def citations(self) -> tuple[int, ...]:
        """Every source this quote is cited to: its own, then the other articles with the same words."""
        return (self.citation, *(number for number, _ in self.also))


@dataclass(frozen=True)
class Answer:
    """An answer made of quotes (and, in LLM mode, prose citing them)."""

    question: str
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    abstained: bool = False
    reason: str | None = None  # why we abstained, or notices (e.g. LLM fallback)
    prose: str | None = None  # LLM mode: text with [n] markers
    notices: tuple[str, ...] = ()
    related: Quote | None = None  # when abstaining: the closest passage, which does NOT answer (shown as such)


@dataclass(frozen=True)
class Said:
    """A direct quotation the collection attributes to someone: the verbatim span, who said it, the citation."""

    span: Span  # the quoted words, inside the quotation marks
    speaker: str  # as the article gives it (a name, or a description)
    cue: str | None  # "said", "told", …
    citation: int  # number of its source in :attr:`SaidBy.sources`
    paragraph: int  # 1-based paragraph of the article
    context: Span  # the sentence around it (with the attribution)

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(frozen=True)
class SaidBy:
    """What the collection quotes a person saying (optionally on a topic), newest first."""

    person: str
    topic: str | None
    quotes: tuple[Said, ...]
    sources: tuple[Source, ...]
    total: int  # quotations found before the limit


class AddStatus(str, Enum):
    ADDED = "added"
    ALREADY_PRESENT = "already_present"
    DUPLICATE_LINKED = "duplicate_linked"
    NEW_VERSION = "new_version"


@dataclass(frozen=True)
class AddResult:
    """What happened when an article was added."""

    status: AddStatus
    article_id: str
    meta: ArticleMeta
    chunks: int
    message: str = ""
    near_duplicates: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleInfo:
    """A row of the sources list."""

    article_id: str
    meta: ArticleMeta
    chunks: int
    chars: int = 0


@dataclass
class SearchFilters:
    """Restrict retrieval to an article, an outlet, or a published-date range."""

    article_id: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None


class VerdictKind(str, Enum):
    """How a quote relates to the collection (see index/quotes.py)."""

    EXACT = "exact"
    ELIDED = "elided"
    NEAR_MISS = "near_miss"
    STITCHED = "stitched"
    OTHER_ARTICLE = "other_article"
    PARAPHRASE = "paraphrase"
    UNSUPPORTED = "unsupported"  # a similar sentence exists, but numbers / names / claims in the text are not in it
    NOT_FOUND = "not_found"
    TOO_SHORT = "too_short"
    MISATTRIBUTED = "misattributed"  # the words are there, but the article gives them to someone else


@dataclass(frozen=True)
class DiffOp:
    """One step of a word-level diff from the user's quote to the article's words."""

    op: str  # "equal" | "replace" | "insert" (only in the article) | "delete" (only in the quote)
    quoted: str  # the words as the user typed them ("" for insert)
    actual: str  # the words in the article ("" for delete)


@dataclass(frozen=True)
class CriticalChange:
    """A change that alters meaning: a number, a negation or a name."""

    kind: str  # "number" | "negation" | "name"
    quoted: str
    actual: str


@dataclass(frozen=True)
class Verdict:
    """The quote checker's answer for one quote."""

    kind: VerdictKind
    quote: str
    message: str  # one plain sentence a user can read
    spans: tuple[Span, ...] = ()  # the real span(s) in the article, in quote order
    source: Source | None = None  # citation of the article the spans come from
    paragraph: int | None = None  # 1-based paragraph of the first span
    context: Span | None = None  # the sentence around the (first) span
    diff: tuple[DiffOp, ...] = ()
    critical: tuple[CriticalChange, ...] = ()
    similarity: float | None = None  # 0-1 (fuzzy alignment score or cosine for paraphrase)
    speaker: str | None = None  # who the article attributes the words to (index/ingest/attribution.py), if anyone
    editorial: tuple[Editorial, ...] = ()  # the writer's conventions, accepted and not counted as differences
    unsupported: tuple[str, ...] = ()  # paraphrase: numbers, names and words the source sentence does not have
    attributed_to: str | None = None  # who the user said said them, if they named someone


@dataclass(frozen=True)
class Editorial:
    """A journalist's convention in a quote, shown as such: ``[Iraqi officials]`` standing for "They".

    ``kind``: "substitution" (bracketed words replace the article's), "clarification" (bracketed words
    added), "alteration" (``[T]he``), "sic", "starts_mid_sentence", "ends_mid_sentence", "punctuation".
    """

    kind: str
    written: str  # as the user wrote it ("[Iraqi officials]", "," …); "" for mid-sentence notes
    actual: str = ""  # the article's words it stands for ("They"); "" when it stands for nothing


@dataclass(frozen=True)
class FragmentCheck:
    """One quoted fragment of a pasted claim and its verdict; ``claim[start:end]`` is where it was pasted."""

    text: str
    start: int
    end: int
    attributed_to: str | None
    verdict: Verdict


@dataclass(frozen=True)
class ClaimCheck:
    """A pasted claim checked: one verdict per quoted fragment, the framing, and what joins them."""

    claim: str
    kind: VerdictKind  # the overall verdict (the worst fragment's; "stitched" for a frankenquote)
    message: str
    fragments: tuple[FragmentCheck, ...]  # in the order pasted; the whole text when it has no quotation marks
    framing: str = ""  # the words outside the quotation marks, each fragment shown as “…”
    attributed_to: str | None = None  # the speaker the claim names (None: none, or several)
    framing_unsupported: tuple[str, ...] = ()  # words of the framing's paraphrase not in the passage quoted
    stitched: str | None = None  # fragments from different places / articles: where each is from
    more: int = 0  # fragments beyond the ones checked (counted, named in ``message``)
