"""/feed through the real command tree and the real engine, with a real local feed server; the polling loop."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from index.feeds.service import utc_now
from tests.support.discord_harness import MEMBER, Channel, Where, assert_no_pings, last, snowflake, unescape
from tests.support.feeds import expected, page_entry, rss, serve_pages
from tests.support.httpserver import LocalHTTPServer

pytestmark = pytest.mark.anyio

ADMIN = discord.Permissions(MEMBER | discord.Permissions(manage_guild=True).value).value


@pytest.fixture
def server():
    with LocalHTTPServer() as srv:
        serve_pages(srv)
        yield srv


def make_due(engine, namespace: str) -> None:
    """Move every feed of ``namespace`` to due now (instead of waiting out its interval)."""
    for sub in engine.feeds.subscriptions(namespace):
        engine.feeds.states.save(namespace, sub.with_changes(next_poll_at=utc_now() - timedelta(seconds=1)))


async def test_feed_add_list_poll_announce_and_the_loop(make_harness, engine, server):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    namespace = f"guild-{where.guild_id}"
    news = Channel("breaking-news")
    server.add("/feed.xml", rss([page_entry("crane", server), page_entry("asylum", server)],
                                title="@everyone *Desk* news"), content_type="application/rss+xml", etag='"1"')
    url = server.url("/feed.xml")

    # A member without Manage Server is refused, privately, and nothing is followed.
    mark = await h.slash("feed add", url=url, announce_channel=news, where=where, permissions=MEMBER)
    [refusal] = h.recorder.after(mark)
    assert refusal.ephemeral and "Manage Server" in refusal.content
    assert engine.feeds.subscriptions(namespace) == []

    mark = await h.slash("feed add", url=url, announce_channel=news, every=10, where=where, permissions=ADMIN)
    added = last(h.recorder.after(mark), "edit").embeds[0]
    assert added["title"] == "📰 Feed added"
    assert "every 10 min" in added["description"] and f"<#{news.id}>" in added["description"]
    [sub] = engine.feeds.subscriptions(namespace)

    # Anyone may list the feeds (privately).
    mark = await h.slash("feed list", where=where, user="bob", permissions=MEMBER)
    listing = last(h.recorder.after(mark), "edit")
    assert h.recorder.after(mark)[0].data.get("flags") == 64
    assert f"`{sub.id}`" in listing.embeds[0]["description"] and "not yet" in listing.embeds[0]["description"]

    # /feed poll: the articles arrive, and are announced in the chosen channel.
    mark = await h.slash("feed poll", where=where, permissions=ADMIN)
    sent = h.recorder.after(mark)
    result = last(sent, "edit").embeds[0]
    assert result["title"] == "Polled 1 feed(s): 2 new article(s)"
    announcement = last(sent, "channel")
    assert announcement.channel_id == news.id
    text = announcement.embeds[0]
    assert unescape(text["title"]).replace("\u200b", "") == "📰 2 new articles from @everyone *Desk* news"
    assert "@everyone" not in text["title"] and "@\u200beveryone" in text["title"]  # never a ping
    for slug in ("crane", "asylum"):
        assert expected(slug)["title"] in text["description"]
    ids = {i.article_id for i in engine.sources(namespace)}
    assert len(ids) == 2 and all(f"`{i}`" in text["description"] for i in ids)

    # The loop: only servers this process can see, only feeds that are due.
    other = Where.guild(snowflake())
    server.add("/other.xml", rss([page_entry("korea", server)]), content_type="application/rss+xml")
    engine.feeds.add(f"guild-{other.guild_id}", server.url("/other.xml"))  # a server of another shard
    server.add("/feed.xml", rss([page_entry("korea", server), page_entry("crane", server), page_entry("asylum", server)]),
               content_type="application/rss+xml", etag='"2"')
    cog = h.bot.get_cog("Feeds")
    assert cog.poll_loop.is_running()
    h.join(where.guild_id)
    mark = h.mark()
    assert await cog.poll_due() == []  # not due yet
    make_due(engine, namespace)
    make_due(engine, f"guild-{other.guild_id}")
    requests_before = len(server.requests)
    [report] = await cog.poll_due()
    assert [r.meta.title for r in report.added] == [expected("korea")["title"]]
    assert "/other.xml" not in [r.path for r in server.requests[requests_before:]]
    [loop_announcement] = [s for s in h.recorder.after(mark) if s.kind == "channel"]
    assert loop_announcement.embeds[0]["title"].startswith("📰 1 new article from")

    # Remove (autocomplete by title), then it is never polled again.
    choices = await h.autocomplete("feed remove", "feed", where=where, permissions=ADMIN, feed="desk")
    assert [c["value"] for c in choices] == [sub.id]
    mark = await h.slash("feed remove", feed=sub.id, where=where, permissions=MEMBER)
    assert "Manage Server" in h.recorder.after(mark)[-1].content
    mark = await h.slash("feed remove", feed=sub.id, where=where, permissions=ADMIN)
    assert last(h.recorder.after(mark), "edit").embeds[0]["title"] == "🗑️ Feed removed"
    polls_before = server.paths_requested().count("/feed.xml")
    make_due(engine, namespace)
    assert await cog.poll_due() == []
    assert server.paths_requested().count("/feed.xml") == polls_before
    assert_no_pings(h.sent)


async def test_feed_errors_are_answered_and_shown_in_the_list(make_harness, engine, server):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    mark = await h.slash("feed add", url="http://10.0.0.7/rss", where=where, permissions=ADMIN)
    note = h.recorder.after(mark)[-1]
    assert note.ephemeral and "private address" in note.content

    server.add("/feed.xml", rss([page_entry("crane", server)]), content_type="application/rss+xml")
    await h.slash("feed add", url=server.url("/feed.xml"), where=where, permissions=ADMIN)
    server.add("/feed.xml", "<rss><channel><item><title>cut", content_type="application/rss+xml")
    mark = await h.slash("feed poll", where=where, permissions=ADMIN)
    polled = last(h.recorder.after(mark), "edit").embeds[0]
    assert polled["title"] == "Polled 1 feed(s): 0 new article(s), 1 failed" and "not well-formed XML" in polled["description"]
    assert not [s for s in h.recorder.after(mark) if s.kind == "channel"]

    mark = await h.slash("feed list", where=where)
    listing = last(h.recorder.after(mark), "edit").embeds[0]["description"]
    assert "Last error (1 failed poll in a row)" in listing and "not well-formed XML" in listing
    mark = await h.slash("feed poll", feed="nope", where=where, permissions=ADMIN)
    assert "follows no feed" in h.recorder.after(mark)[-1].content
    mark = await h.slash("feed list", where=Where.guild(snowflake()))
    assert "No feeds yet" in last(h.recorder.after(mark), "edit").embeds[0]["description"]
    assert_no_pings(h.sent)
