"""Where the evaluation data lives, and reading it: the one place that knows the folder.

The data sets sit beside the checkout in ``../shared/data`` (see its README for
what each is and what may be copied); ``QUOTEDESK_SHARED_DATA`` points elsewhere.
RealTimeQA and PolNeAR texts are internal evaluation data: read at run time,
never copied into the project.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from index.models import ArticleMeta, ExtractedDocument

SHARED_DATA_ENV = "QUOTEDESK_SHARED_DATA"
_BESIDE_CHECKOUT = Path(__file__).resolve().parents[3] / "shared" / "data"

T = TypeVar("T")


def shared_data_dir() -> Path:
    """``$QUOTEDESK_SHARED_DATA``, else ``shared/data`` beside the checkout."""
    configured = os.environ.get(SHARED_DATA_ENV)
    return Path(configured).expanduser() if configured else _BESIDE_CHECKOUT


def dataset_dir(name: str) -> Path:
    """The folder of one data set (``squad-dev``, ``realtimeqa-dev``, …); FileNotFoundError if missing."""
    folder = shared_data_dir() / name
    if not folder.is_dir():
        raise FileNotFoundError(f"Evaluation data {name!r} not found at {folder} (set {SHARED_DATA_ENV}).")
    return folder


def jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSON Lines file (``.gz`` too)."""
    with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")) as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def spread(items: list[T], limit: int | None) -> list[T]:
    """``limit`` items spread evenly over the list (deterministic)."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def realtimeqa_paragraphs(row: dict[str, Any]) -> list[str]:
    """A RealTimeQA article's non-empty paragraphs, stripped."""
    return [p.strip() for p in row.get("paragraphs") or [] if p and p.strip()]


def realtimeqa_text(row: dict[str, Any]) -> str:
    """A RealTimeQA article's text: its paragraphs separated by blank lines."""
    return "\n\n".join(realtimeqa_paragraphs(row))


def realtimeqa_documents(folder: Path, *, weeks: Iterable[str] | None = None) -> Iterator[tuple[str, ExtractedDocument]]:
    """``(doc_id, document)`` for RealTimeQA articles (only those of ``weeks`` when given), in file order."""
    wanted = set(weeks) if weeks is not None else None
    for row in jsonl(folder / "articles.jsonl.gz"):
        if wanted is not None and not wanted & set(row.get("weeks") or []):
            continue
        paras = realtimeqa_paragraphs(row)
        if not paras:
            continue
        published = row.get("publish_date")
        meta = ArticleMeta(
            title=row.get("title") or paras[0][:80],
            outlet=_outlet(row.get("url") or ""),
            author=", ".join(row.get("authors") or []) or None,
            published=date.fromisoformat(published.replace("/", "-")) if published else None,
            url=row.get("url"),
        )
        yield row["doc_id"], ExtractedDocument("\n\n".join(paras), meta)


def _outlet(url: str) -> str | None:
    for host, name in (("cnn.com", "CNN"), ("usatoday.com", "USA Today"), ("theweek.com", "The Week")):
        if host in url:
            return name
    return None
