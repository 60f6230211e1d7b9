"""Where tests find their data: the bundled seed article, and ``../shared/data`` (via the engine's one finder)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from index.evaluation.data import shared_data_dir
from index.library import Library
from index.models import ArticleMeta

SHARED_DATA = shared_data_dir()
SEED_FILE = Path(__file__).resolve().parents[2] / "index" / "data" / "demo" / "seed-article.txt"
PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def shared(*parts: str) -> Path:
    """A path under the shared data folder; the test is skipped when it is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():  # pragma: no cover - CI has the data beside the checkout
        pytest.skip(f"{path} not available (set QUOTEDESK_SHARED_DATA)")
    return path


def write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> None:
    """Write ``rows`` as JSON Lines (gzipped when ``path`` ends in .gz), as the data sets are stored."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")


@cache
def wikinews() -> dict[str, dict]:
    """The bundled Wikinews articles by id."""
    rows = (shared("wikinews", "articles.jsonl")).read_text().splitlines()
    return {r["id"]: r for r in map(json.loads, rows)}


def add_wikinews(library: Library, namespace: str, *ids: str) -> dict[str, str]:
    added = {}
    for wid in ids:
        row = wikinews()[wid]
        meta = ArticleMeta(title=row["title"], outlet="Wikinews", published=date.fromisoformat(row["published"]),
                           url=row["url"], license=row["license"])
        added[wid] = library.add_text(namespace, row["text"], meta=meta).article_id
    return added
