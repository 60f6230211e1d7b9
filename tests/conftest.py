"""Shared fixtures: the real embedding model (loaded once) and libraries on temporary stores.

Tests that need the model or Chroma are marked ``engine`` (automatically, by the
fixtures they use, or explicitly); ``make test-fast`` runs the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import index  # noqa: F401  (offline switches first)
from index.config import Settings
from index.library import Library
from index.retrieval.embed import SentenceEmbedder, shared_embedder
from tests.support.data import SEED_FILE

ENGINE_FIXTURES = frozenset({"embedder", "library", "seed_id", "engine", "web_library"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that loads the model or opens a Chroma store, by the fixtures it uses."""
    for item in items:
        if ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.engine)


@pytest.fixture(scope="session")
def embedder() -> SentenceEmbedder:
    """The real bundled all-MiniLM-L6-v2, loaded once per test session."""
    return shared_embedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "store", _env_file=None)


@pytest.fixture
def library(settings: Settings, embedder: SentenceEmbedder) -> Library:
    """A Library on a fresh embedded Chroma store in a temp folder."""
    return Library(settings, embedder=embedder)


@pytest.fixture
def seed_id(library: Library) -> str:
    """The seed article, added to the default namespace."""
    return library.add_file("default", SEED_FILE).article_id
