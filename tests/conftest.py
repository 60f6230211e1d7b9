"""Shared fixtures: the real embedding model (loaded once) and libraries on temporary stores."""

from __future__ import annotations

from pathlib import Path

import pytest

import index  # noqa: F401  (offline switches first)
from index.config import Settings
from index.embed import SentenceEmbedder, shared_embedder
from index.library import Library

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED_FILE = Path(__file__).resolve().parents[1] / "index" / "data" / "demo" / "seed-article.txt"


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


def assert_verbatim(library: Library, namespace: str, answer) -> None:
    """Every quote of an answer is exactly ``text[start:end]`` of its stored article."""
    for quote in answer.quotes:
        article = library.article(namespace, quote.span.article_id)
        assert article.text[quote.span.start : quote.span.end] == quote.span.text
        assert article.text[quote.context.start : quote.context.end] == quote.context.text
        assert quote.context.start <= quote.span.start and quote.span.end <= quote.context.end
