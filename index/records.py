"""Article metadata <-> the flat metadata dicts Chroma stores with every chunk."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from index.models import ArticleMeta
from index.search import day_number


def meta_to_record(meta: ArticleMeta) -> dict[str, Any]:
    """The article-level part of a chunk's metadata."""
    return {
        "title": meta.title,
        "outlet": meta.outlet,
        "author": meta.author,
        "published": meta.published.isoformat() if meta.published else None,
        "published_day": day_number(meta.published) if meta.published else None,
        "url": meta.url,
        "canonical_url": meta.canonical_url,
        "license": meta.license,
        "added_by": meta.added_by,
        "added_at": meta.added_at.isoformat() if meta.added_at else None,
        "version_of": meta.version_of,
        "duplicate_urls": "\n".join(meta.duplicate_urls) or None,
        "url_key": url_key(meta.canonical_url or meta.url) if (meta.canonical_url or meta.url) else None,
        "version": meta.version,
        "superseded_by": meta.superseded_by,
    }


def record_to_meta(record: dict[str, Any]) -> ArticleMeta:
    """Rebuild an ``ArticleMeta`` from a chunk's metadata."""
    published = record.get("published")
    added_at = record.get("added_at")
    duplicates = record.get("duplicate_urls") or ""
    return ArticleMeta(
        title=record.get("title") or "(untitled)",
        outlet=record.get("outlet"),
        author=record.get("author"),
        published=date.fromisoformat(published) if published else None,
        url=record.get("url"),
        canonical_url=record.get("canonical_url"),
        license=record.get("license"),
        added_by=record.get("added_by"),
        added_at=datetime.fromisoformat(added_at) if added_at else None,
        version_of=record.get("version_of"),
        duplicate_urls=tuple(u for u in duplicates.split("\n") if u),
        version=int(record.get("version") or 1),
        superseded_by=record.get("superseded_by"),
    )


def url_key(url: str) -> str:
    """A URL reduced to what identifies a page: no fragment, no default port, no trailing slash, lower-case host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/") or "/"
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")
