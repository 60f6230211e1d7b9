"""Polling feeds end to end: a real local HTTP server, the real fetcher, extractor, model and Chroma."""

from __future__ import annotations

from datetime import timedelta

import pytest

from index.errors import BadInput, BlockedAddress, NotAFeed
from index.feeds.poller import ITEM_ATTEMPTS, backoff
from index.feeds.service import utc_now
from index.library import Library
from index.models import AddStatus
from tests.support.checks import assert_verbatim
from tests.support.data import PAGES
from tests.support.feeds import atom, expected, full_content, json_feed, page_entry, rss

NS = "guild-1"


def feed_paths(server) -> list[str]:
    return [p for p in server.paths_requested() if p.startswith("/feed")]


def page_paths(server) -> list[str]:
    return [p for p in server.paths_requested() if p.startswith("/news/")]


def test_a_feed_that_changes_between_polls(feed_library: Library, server) -> None:
    feeds = feed_library.feeds
    server.add("/feed.xml", rss([page_entry("crane", server), page_entry("asylum", server)]),
               content_type="application/rss+xml; charset=utf-8", etag='"v1"')
    sub = feeds.add(NS, server.url("/feed.xml"), added_by="test")
    assert sub.title == "Wikinews test desk" and sub.etag is None  # validated, nothing stored yet
    assert feed_library.sources(NS) == []

    [first] = feeds.poll(NS)
    assert [r.status for r in first.added] == [AddStatus.ADDED, AddStatus.ADDED] and first.error is None
    stored = {i.meta.title: i for i in feed_library.sources(NS)}
    for slug in ("crane", "asylum"):
        info = stored[expected(slug)["title"]]
        assert feed_library.article(NS, info.article_id).text == expected(slug)["text"]  # extracted like /add url
        assert info.meta.added_by == f"feed {sub.url}"

    # A third item appears: only it is fetched and added.
    server.add("/feed.xml", rss([page_entry("korea", server), page_entry("crane", server), page_entry("asylum", server)]),
               content_type="application/rss+xml", etag='"v2"')
    before = len(server.requests)
    [second] = feeds.poll(NS)
    assert [r.meta.title for r in second.added] == [expected("korea")["title"]]
    assert [r.path for r in server.requests[before:]] == ["/feed.xml", "/news/korea"]
    assert server.requests[before].header("If-None-Match") == '"v1"'

    # Unchanged: a 304, nothing else fetched, nothing added.
    before = len(server.requests)
    [third] = feeds.poll(NS)
    assert third.not_modified and third.added == ()
    assert [r.path for r in server.requests[before:]] == ["/feed.xml"]
    assert len(feed_library.sources(NS)) == 3

    answer = feed_library.ask(NS, "What did North Korea put its military in?")
    assert "quasi-state of war" in " ".join(q.text for q in answer.quotes)
    assert_verbatim(feed_library, NS, answer)
    [state] = feeds.subscriptions(NS)
    assert state.etag == '"v2"' and state.articles_added == 3 and state.last_error is None


def test_a_malformed_feed_records_a_clear_error_and_stores_nothing(feed_library: Library, server) -> None:
    feeds = feed_library.feeds
    good = rss([page_entry("crane", server)])
    server.add("/feed.xml", good, content_type="application/rss+xml")
    sub = feeds.add(NS, server.url("/feed.xml"))
    server.add("/feed.xml", good[:400], content_type="application/rss+xml")  # cut off mid-document
    now = utc_now()
    [report] = feeds.poll(NS, now=now)
    assert report.error is not None and "not well-formed XML" in report.error
    assert page_paths(server) == [] and feed_library.sources(NS) == []
    [state] = feeds.subscriptions(NS)
    assert state.last_error == report.error and state.failures == 1
    assert state.next_poll_at == now + timedelta(minutes=2 * sub.interval_minutes)  # backed off

    with pytest.raises(NotAFeed, match="not well-formed"):  # and such a feed cannot be added at all
        feeds.add(NS, server.url("/feed.xml") + "?again")


def test_a_feed_on_a_private_address_is_refused(feed_library: Library, server) -> None:
    server.add("/feed.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml")
    with pytest.raises(BlockedAddress, match="private address"):
        feed_library.feeds.add(NS, "http://10.0.0.1/feed.xml")
    with pytest.raises(BlockedAddress, match="loopback"):  # only the literal 127.0.0.1 is allowed in this test
        feed_library.feeds.add(NS, server.url("/feed.xml", host="localhost"))
    assert feed_paths(server) == [] and feed_library.feeds.subscriptions(NS) == []


def test_a_removed_feed_is_never_polled_again(feed_library: Library, server) -> None:
    feeds = feed_library.feeds
    server.add("/feed-a.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml")
    server.add("/feed-b.xml", atom([page_entry("asylum", server)]), content_type="application/atom+xml")
    a = feeds.add(NS, server.url("/feed-a.xml"))
    feeds.add(NS, server.url("/feed-b.xml"))
    assert feeds.remove(NS, a.id).url == a.url
    before = len(server.requests)
    reports = feeds.poll(NS) + feeds.poll(NS, due_only=True, now=utc_now() + timedelta(days=30))
    assert {r.url for r in reports} == {server.url("/feed-b.xml")}
    assert "/feed-a.xml" not in [r.path for r in server.requests[before:]]
    assert [i.meta.title for i in feed_library.sources(NS)] == [expected("asylum")["title"]]


def test_an_item_whose_page_is_gone_is_stored_from_its_own_content(feed_library: Library, server) -> None:
    gone = server.url("/news/withdrawn")
    server.add("/news/withdrawn", "Gone", status=410, content_type="text/plain")
    entries = [page_entry("clock", server, link=gone, content=full_content("clock"), author="Jane Reporter"),
               page_entry("crane", server, link=server.url("/news/teaser"), summary="Only a teaser of the story.")]
    server.add("/feed.json", json_feed(entries), content_type="application/feed+json")
    feeds = feed_library.feeds
    feeds.add(NS, server.url("/feed.json"))
    [report] = feeds.poll(NS)
    [added] = report.added
    article = feed_library.article(NS, added.article_id)
    assert article.text == expected("clock")["text"]
    assert (article.meta.title, article.meta.url, article.meta.author, article.meta.outlet, str(article.meta.published)) == (
        expected("clock")["title"], gone, "Jane Reporter", "Wikinews test desk", expected("clock")["published"])
    [(link, why)] = report.failed
    assert link == server.url("/news/teaser") and "404" in why and "no full text" in why
    assert "1 item(s) could not be added" in (feeds.subscriptions(NS)[0].last_error or "")

    # The teaser's page is retried at the next polls, then given up.
    for _ in range(ITEM_ATTEMPTS - 1):
        feeds.poll(NS)
    assert page_paths(server).count("/news/teaser") == ITEM_ATTEMPTS
    [last] = feeds.poll(NS)
    assert last.failed == () and page_paths(server).count("/news/teaser") == ITEM_ATTEMPTS


def test_limits_items_per_poll_and_feeds_per_namespace(feed_settings, embedder, server) -> None:
    library = Library(feed_settings.model_copy(update={"feed_max_items_per_poll": 2, "feed_max_per_namespace": 1}),
                      embedder=embedder)
    entries = [page_entry(slug, server) for slug in ("crane", "asylum", "korea")]  # published 09-12, 05-18, 08-21
    server.add("/feed.xml", rss(entries), content_type="application/rss+xml", etag='"same"')
    library.feeds.add(NS, server.url("/feed.xml"))
    [first] = library.feeds.poll(NS)
    assert [r.meta.title for r in first.added] == [expected("korea")["title"], expected("crane")["title"]]  # newest two
    assert first.waiting == 1 and library.feeds.subscriptions(NS)[0].etag is None  # no 304 while items wait
    [second] = library.feeds.poll(NS)
    assert [r.meta.title for r in second.added] == [expected("asylum")["title"]] and second.waiting == 0
    assert library.feeds.poll(NS)[0].not_modified

    server.add("/other.xml", rss(entries[:1]), content_type="application/rss+xml")
    with pytest.raises(BadInput, match="already follows 1 feed, the most allowed"):
        library.feeds.add(NS, server.url("/other.xml"))
    with pytest.raises(BadInput, match="every 5 to 10,080 minutes, not 4"):
        library.feeds.add("guild-2", server.url("/feed.xml"), every_minutes=4)
    assert library.feeds.subscriptions("guild-2") == []


def test_errors_back_off_exponentially_and_success_resets(feed_library: Library, server) -> None:
    assert [backoff(30, n) for n in (0, 1, 2, 3)] == [timedelta(minutes=m) for m in (30, 60, 120, 240)]
    assert backoff(30, 12) == timedelta(hours=24)
    feeds = feed_library.feeds
    server.add("/feed.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml")
    sub = feeds.add(NS, server.url("/feed.xml"), every_minutes=10)
    server.add("/feed.xml", "overloaded", status=503, content_type="text/plain")
    now = utc_now()
    for failures in (1, 2):
        [report] = feeds.poll(NS, now=now)
        state = feeds.subscriptions(NS)[0]
        assert "503" in (report.error or "") and state.failures == failures
        assert state.next_poll_at == now + timedelta(minutes=10 * 2**failures)
    assert feeds.poll(NS, due_only=True, now=now + timedelta(minutes=39)) == []  # not due while backing off
    server.add("/feed.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml")
    [report] = feeds.poll(NS, due_only=True, now=now + timedelta(minutes=40))
    state = feeds.subscriptions(NS)[0]
    assert len(report.added) == 1 and state.failures == 0 and state.last_error is None
    assert state.next_poll_at == now + timedelta(minutes=50) and state.id == sub.id


def test_a_changed_article_becomes_a_new_version(feed_library: Library, server) -> None:
    feeds = feed_library.feeds
    server.add("/feed.xml", atom([page_entry("korea", server)]), content_type="application/atom+xml")
    feeds.add(NS, server.url("/feed.xml"))
    [first] = feeds.poll(NS).pop().added
    original = (PAGES / "korea.html").read_text(encoding="utf-8")
    assert "high alert" in original
    server.add("/news/korea", original.replace("high alert", "maximum alert"), content_type="text/html; charset=utf-8")
    server.add("/feed.xml", atom([page_entry("korea", server, updated="2015-08-22T09:00:00Z")]),
               content_type="application/atom+xml")
    [second] = feeds.poll(NS).pop().added
    assert second.status is AddStatus.NEW_VERSION and second.meta.version_of == first.article_id
    assert "maximum alert" in feed_library.article(NS, second.article_id).text


def test_state_survives_a_restart_and_goes_with_the_namespace(feed_library: Library, feed_settings, embedder,
                                                              server) -> None:
    server.add("/feed.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml", etag='"e"')
    feed_library.feeds.add(NS, server.url("/feed.xml"), announce_to="1234")
    feed_library.feeds.add("guild-2", server.url("/feed.xml"))
    feed_library.feeds.poll(NS)
    restarted = Library(feed_settings, embedder=embedder)
    [state] = restarted.feeds.subscriptions(NS)
    assert (state.etag, state.announce_to, state.articles_added) == ('"e"', "1234", 1) and len(state.seen) == 1
    assert restarted.feeds.poll(NS)[0].not_modified
    assert sorted(restarted.feeds.namespaces()) == [NS, "guild-2"]

    restarted.store.drop(NS)
    assert restarted.feeds.subscriptions(NS) == [] and restarted.feeds.namespaces() == ["guild-2"]
    assert restarted.feeds.poll(NS) == []
