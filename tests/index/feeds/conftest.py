"""A library that may fetch from the loopback test server, and a server with the Wikinews pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.config import Settings
from index.library import Library
from tests.support.feeds import serve_pages
from tests.support.httpserver import LocalHTTPServer


@pytest.fixture
def feed_settings(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "store", fetch_allow_hosts=["127.0.0.1"], fetch_timeout=10.0)


@pytest.fixture
def feed_library(feed_settings: Settings, embedder) -> Library:
    return Library(feed_settings, embedder=embedder)


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as srv:
        serve_pages(srv)
        yield srv
