"""Subscriptions live in Chroma: shared by every process on one `chroma run` server, gone with the namespace."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from index.config import Settings
from index.feeds.state import Subscription
from index.library import Library
from tests.support.chroma_server import chroma_server
from tests.support.feeds import page_entry, rss


def test_a_subscription_round_trips_through_chroma_metadata() -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    sub = Subscription(id="f1", url="https://example.org/rss", next_poll_at=now, interval_minutes=30, title="T",
                       etag='"x"', seen=("a", "b@2024"), retries={"c": 2}, last_error="boom", failures=1)
    assert Subscription.from_metadata(sub.to_metadata()) == sub
    cleared = sub.with_changes(last_error=None, etag=None)
    assert cleared.to_metadata(unset=True)["last_error"] is None  # sent as None: Chroma deletes the key
    assert "last_error" not in cleared.to_metadata()


@pytest.mark.engine
def test_two_processes_on_one_chroma_server_share_the_feeds(tmp_path, embedder, server) -> None:
    server.add("/feed.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml", etag='"s"')
    with chroma_server(tmp_path / "chroma") as url:
        settings = Settings(_env_file=None, chroma_url=url, fetch_allow_hosts=["127.0.0.1"])
        shard_a, shard_b = Library(settings, embedder=embedder), Library(settings, embedder=embedder)
        sub = shard_a.feeds.add("guild-7", server.url("/feed.xml"), announce_to="99")
        assert [s.id for s in shard_b.feeds.subscriptions("guild-7")] == [sub.id]
        assert shard_b.feeds.namespaces() == ["guild-7"]
        [report] = shard_b.feeds.poll("guild-7")
        assert len(report.added) == 1
        assert shard_a.feeds.poll("guild-7")[0].not_modified  # the validators shard B stored
        shard_a.store.drop("guild-7")
        assert shard_b.feeds.subscriptions("guild-7") == [] and shard_b.feeds.namespaces() == []
