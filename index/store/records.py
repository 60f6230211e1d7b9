"""The one typed chunk record: every key QuoteDesk stores with a chunk in Chroma.

Chroma keeps flat metadata (str / int / float / bool). :class:`ChunkRecord` is
the only place that knows the keys: :meth:`ChunkRecord.to_metadata` writes them,
:meth:`ChunkRecord.from_metadata` reads them back. Everything else in the
engine works with the typed record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from index.models import ArticleMeta

Metadata = dict[str, str | int | float | bool]
"""A chunk's metadata as Chroma stores it."""

SentenceSpans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ChunkRecord:
    """Where a chunk sits in its article, the article's metadata, and whether it is visible yet."""

    article_id: str
    seq: int
    start: int  # offsets of the chunk in the article text
    end: int
    paragraph: int  # 1-based paragraph the chunk starts in
    n_chunks: int  # chunks of the whole article
    chars: int  # length of the whole article text
    sentences: SentenceSpans  # article-level offsets of the sentences inside the chunk
    meta: ArticleMeta
    ready: bool = False  # False while an add is in progress: readers skip such chunks
    sentence_vectors: str | None = None  # the sentences' vectors, packed (index/store/vectors.py); None in old stores
    quotations: str | None = None  # first chunk only: who said what (index/ingest/attribution.py JSON); None in old stores

    def to_metadata(self) -> Metadata:
        """The flat metadata stored in Chroma (None values left out)."""
        meta = self.meta
        url = meta.canonical_url or meta.url
        values: dict[str, str | int | float | bool | None] = {
            "article_id": self.article_id,
            "seq": self.seq,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
            "n_chunks": self.n_chunks,
            "chars": self.chars,
            "sentences": format_spans(self.sentences),
            "ready": self.ready,
            "title": meta.title,
            "outlet": meta.outlet,
            "author": meta.author,
            "published": meta.published.isoformat() if meta.published else None,
            "published_day": day_number(meta.published) if meta.published else None,
            "url": meta.url,
            "canonical_url": meta.canonical_url,
            "url_key": url_key(url) if url else None,
            "license": meta.license,
            "added_by": meta.added_by,
            "added_at": meta.added_at.isoformat() if meta.added_at else None,
            "version_of": meta.version_of,
            "version": meta.version,
            "superseded_by": meta.superseded_by,
            "duplicate_urls": "\n".join(meta.duplicate_urls) or None,
            "sentence_vectors": self.sentence_vectors,
            "quotations": self.quotations,
        }
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_metadata(cls, values: Mapping[str, Any]) -> ChunkRecord:
        """Read a record back from Chroma's metadata."""
        return cls(
            article_id=str(values["article_id"]),
            seq=int(values.get("seq", 0)),
            start=int(values.get("start", 0)),
            end=int(values.get("end", 0)),
            paragraph=int(values.get("paragraph", 1)),
            n_chunks=int(values.get("n_chunks", 0)),
            chars=int(values.get("chars", 0)),
            sentences=parse_spans(str(values.get("sentences") or "")),
            meta=_article_meta(values),
            ready=bool(values.get("ready", False)),
            sentence_vectors=values.get("sentence_vectors") or None,
            quotations=values.get("quotations") or None,
        )

    @property
    def published_day(self) -> int | None:
        return day_number(self.meta.published) if self.meta.published else None

    def with_meta(self, **changes: Any) -> ChunkRecord:
        """The same chunk with some article metadata changed (e.g. ``superseded_by``)."""
        return replace(self, meta=replace(self.meta, **changes))


def _article_meta(values: Mapping[str, Any]) -> ArticleMeta:
    published = values.get("published")
    added_at = values.get("added_at")
    duplicates = str(values.get("duplicate_urls") or "")
    return ArticleMeta(
        title=str(values.get("title") or "(untitled)"),
        outlet=values.get("outlet"),
        author=values.get("author"),
        published=date.fromisoformat(published) if published else None,
        url=values.get("url"),
        canonical_url=values.get("canonical_url"),
        license=values.get("license"),
        added_by=values.get("added_by"),
        added_at=datetime.fromisoformat(added_at) if added_at else None,
        version_of=values.get("version_of"),
        duplicate_urls=tuple(u for u in duplicates.split("\n") if u),
        version=int(values.get("version") or 1),
        superseded_by=values.get("superseded_by"),
    )


def format_spans(spans: Sequence[tuple[int, int]]) -> str:
    """Sentence offsets as stored: ``"s:e,s:e"``."""
    return ",".join(f"{s}:{e}" for s, e in spans)


def parse_spans(value: str) -> SentenceSpans:
    """The inverse of :func:`format_spans`."""
    if not value:
        return ()
    return tuple((int(s), int(e)) for s, e in (pair.split(":") for pair in value.split(",")))


def day_number(day: date) -> int:
    """A date as an int YYYYMMDD (Chroma filters compare numbers)."""
    return day.year * 10000 + day.month * 100 + day.day


def url_key(url: str) -> str:
    """A URL reduced to what identifies a page: no fragment, no default port, no trailing slash, lower-case host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/") or "/"
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")
