"""Where tests find their data: the bundled seed article, and ``../shared/data`` (via the engine's one finder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.evaluation.data import shared_data_dir

SHARED_DATA = shared_data_dir()
SEED_FILE = Path(__file__).resolve().parents[2] / "index" / "data" / "demo" / "seed-article.txt"
PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def shared(*parts: str) -> Path:
    """A path under the shared data folder; the test is skipped when it is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():  # pragma: no cover - CI has the data beside the checkout
        pytest.skip(f"{path} not available (set QUOTEDESK_SHARED_DATA)")
    return path
