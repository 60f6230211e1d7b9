"""End to end through Discord payloads and the real engine (real embedder, embedded Chroma).

Each test uses fresh guild ids on the session's engine, so tests never see each other's articles.
"""

from __future__ import annotations

import re

import discord
import pytest

from bot.discord import progress as progress_module
from tests.support.data import PAGES
from tests.support.discord_harness import (
    MEMBER,
    Attachment,
    Where,
    assert_no_pings,
    last,
    quoted_text,
    snowflake,
    unescape,
)
from tests.support.httpserver import LocalHTTPServer

pytestmark = pytest.mark.anyio

CRANE_TITLE = "At least 107 killed in Mecca crane collapse"
MANAGER = discord.Permissions(MEMBER | discord.Permissions(manage_messages=True).value).value

HARBOUR = """Harbour festival moves to Sunday

The organisers sent a notice to @everyone in the town chat on Friday saying the harbour festival would move to Sunday because of a storm warning for Saturday.

Mayor Lina Ortiz told <@123456789012345678> and @here that the fireworks would still start at nine o'clock on Sunday evening, weather permitting.

Fishing boats will stay in port until Monday, the harbour master said. Stalls selling smoked fish and local cider will open at noon.
"""

LIGHTHOUSE = """Lighthouse keeper rescues stranded kayakers

The keeper of the Varnholm lighthouse, Edda Lund, rescued four kayakers from the rocks below the tower on Tuesday night after their boats capsized in strong currents.

Lund said she heard shouting at about eleven o'clock and launched the station's rescue dinghy. All four kayakers were treated for mild hypothermia at the harbour clinic.
"""


def article_id_in(text: str) -> str:
    found = re.search(r"`(a[0-9a-f]{6,})`", text)
    assert found, text
    return found.group(1)


def assert_quotes_verbatim(engine, namespace: str, descriptions: list[str]) -> None:
    """The one promise, as the reader sees it: every quoted line is a verbatim slice of a stored article."""
    texts = " ".join(" ".join(a.text.split()) for a in (engine.article(namespace, i.article_id) for i in engine.sources(namespace)))
    for d in descriptions:
        for line in d.split("\n"):
            if line.startswith("> "):
                shown = " ".join(unescape(line[2:]).split())
                assert shown in texts, shown


async def add_crane(h, where: Where) -> str:
    data = (PAGES / "crane.html").read_bytes()
    mark = await h.slash("add", file=Attachment("crane.html", data, "text/html"), where=where)
    done = last(h.recorder.after(mark), "edit")
    assert done.embeds[0]["title"] == "✅ Article added", done.text
    assert CRANE_TITLE in done.embeds[0]["description"]
    return article_id_in(done.embeds[0]["description"])


async def test_upload_ask_context_check_and_sources(make_harness, engine, monkeypatch):
    monkeypatch.setattr(progress_module, "DEFAULT_INTERVAL", 0.0)
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    namespace = f"guild-{where.guild_id}"

    # /add file: progress edits of the deferred response, then the result.
    mark = h.mark()
    article_id = await add_crane(h, where)
    sent = h.recorder.after(mark)
    assert sent[0].kind == "defer"
    assert any(s.content.startswith("⏳ Adding crane.html") for s in sent if s.kind == "edit")

    # The same file again is reported as a duplicate, with the existing id.
    mark = await h.slash("add", file=Attachment("copy.html", (PAGES / "crane.html").read_bytes(), "text/html"), where=where)
    again = last(h.recorder.after(mark), "edit").embeds[0]
    assert f"already in the collection as `{article_id}`" in again["description"]

    # /ask: cited verbatim quotes, a sources list, Show context, and a thread for follow-ups.
    mark = await h.slash("ask", question="How many people were killed when the crane fell?", where=where)
    answer = last(h.recorder.after(mark), "edit")
    embed = answer.embeds[0]
    assert "killing 107" in unescape(embed["description"])
    assert "**[1]**" in embed["description"] and "**Sources**" in embed["description"]
    assert f"[{CRANE_TITLE}](https://en.wikinews.org/wiki/At_least_107_killed_in_Mecca_crane_collapse) — Wikinews, 2015-09-12" in embed["description"]
    assert_quotes_verbatim(engine, namespace, [embed["description"]])
    thread = last(h.recorder.after(mark), "thread")

    mark = await h.click(answer, "Show context", user="bob", where=where)
    [context] = h.recorder.after(mark)
    assert context.ephemeral and "**" in context.embeds[0]["description"]
    assert_quotes_verbatim(engine, namespace, [context.embeds[0]["description"].replace("**", "")])

    # A follow-up in the answer's thread that mentions the bot is answered there.
    in_thread = Where.guild(where.guild_id, thread.message_id, channel_type=11)
    mark = await h.message("<@700000000000000001> Why did the crane fall?", where=in_thread, mention_bot=True)
    reply = last(h.recorder.after(mark), "channel")
    assert reply.channel_id == thread.message_id
    cause = unescape(reply.embeds[0]["description"])  # either sentence of the article that gives the cause
    assert "strong winds" in cause or "A storm yesterday caused a crane to fall" in cause

    # /check: exact, then a misquote with the changed number called out.
    mark = await h.slash("check", quote="Had it happened an hour later it would have been much worse", where=where)
    assert last(h.recorder.after(mark), "edit").embeds[0]["title"] == "✅ Exact quote"
    mark = await h.slash("check", quote="Had it happened two hours later it would have been much worse", where=where)
    verdict = last(h.recorder.after(mark), "edit").embeds[0]
    assert verdict["title"].startswith("⚠️")
    assert "~~two hours~~ **an hour**" in verdict["description"] and "❗" in verdict["description"]

    # /check article: autocomplete on titles, then the chosen id.
    choices = await h.autocomplete("check", "article", where=where, quote="x", article="crane")
    assert choices == [{"name": f"{CRANE_TITLE} — Wikinews, 2015-09-12", "value": article_id}]
    mark = await h.slash("check", quote="There are no casualties left at the location.", article=article_id, where=where)
    assert last(h.recorder.after(mark), "edit").embeds[0]["title"] == "✅ Exact quote"

    # /sources: private, with ids.
    mark = await h.slash("sources", where=where)
    listing = last(h.recorder.after(mark), "edit")
    assert h.recorder.after(mark)[0].data.get("flags") == 64
    assert f"`{article_id}`" in listing.embeds[0]["description"] and CRANE_TITLE in listing.embeds[0]["description"]
    assert_no_pings(h.sent)


async def test_remove_needs_manage_messages_and_then_forgets_the_article(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    article_id = await add_crane(h, where)

    mark = await h.slash("remove", article=article_id, where=where, permissions=MEMBER)
    [refusal] = h.recorder.after(mark)
    assert refusal.ephemeral and "Manage Messages" in refusal.content
    assert [i.article_id for i in engine.sources(f"guild-{where.guild_id}")] == [article_id]

    choices = await h.autocomplete("remove", "article", where=where, permissions=MANAGER, article="mecca")
    assert [c["value"] for c in choices] == [article_id]
    mark = await h.slash("remove", article=article_id, where=where, permissions=MANAGER)
    removed = last(h.recorder.after(mark), "edit").embeds[0]
    assert removed["title"] == "🗑️ Article removed" and f"<@{h.user_ids['alice']}>" in removed["description"]

    mark = await h.slash("ask", question="How many people were killed when the crane fell?", where=where)
    assert "Nothing in this collection answers that" in last(h.recorder.after(mark), "edit").embeds[0]["description"]
    assert_no_pings(h.sent)


async def test_nothing_leaks_between_guilds_or_into_dms(make_harness, engine):
    h = await make_harness(engine)
    guild_a, guild_b, dm = Where.guild(snowflake()), Where.guild(snowflake()), Where.dm()
    mark = await h.slash("add", text=LIGHTHOUSE, where=guild_a)
    article_id = article_id_in(last(h.recorder.after(mark), "edit").embeds[0]["description"])
    leaked = ("Varnholm", "Edda Lund", "Lighthouse keeper", "kayakers from")  # its title and words

    mark = await h.slash("ask", question="Who rescued the kayakers?", where=guild_a)
    assert "Edda Lund" in last(h.recorder.after(mark), "edit").text

    for where in (guild_b, dm):
        start = h.mark()
        await h.slash("ask", question="Who rescued the kayakers?", where=where, thread=False)
        assert "Nothing in this collection answers that" in last(h.recorder.after(start), "edit").text
        await h.slash("sources", where=where)
        assert "No articles yet" in last(h.recorder.after(start), "edit").text
        await h.slash("check", quote="Lund said she heard shouting at about eleven o'clock", where=where)
        assert last(h.recorder.after(start), "edit").embeds[0]["title"] == "❌ Not found in this collection"
        assert await h.autocomplete("check", "article", where=where, quote="x", article="light") == []
        mark = await h.slash("remove", article=article_id, where=where, permissions=MANAGER)
        assert "No article here matches" in h.recorder.after(mark)[-1].content  # (it echoes the id typed)
        await h.message("<@700000000000000001> who rescued the kayakers?", where=where, mention_bot=True)
        for s in h.recorder.after(start):
            assert not any(word in s.text for word in leaked), s

    # Guild A still has it, untouched.
    assert [i.article_id for i in engine.sources(f"guild-{guild_a.guild_id}")] == [article_id]
    assert_no_pings(h.sent)


async def test_everyone_in_an_article_never_pings(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    mark = await h.slash("add", text=HARBOUR, where=where)
    assert "Harbour festival moves to Sunday" in last(h.recorder.after(mark), "edit").text

    mark = await h.slash("ask", question="Why was the harbour festival moved to Sunday?", where=where)
    embed = last(h.recorder.after(mark), "edit").embeds[0]
    assert "@\u200beveryone" in embed["description"] and "@everyone" not in embed["description"]
    assert "notice to @everyone in the town chat" in quoted_text([embed["description"]])  # verbatim to the reader

    mark = await h.slash("ask", question="When will the fireworks start?", where=where)
    description = last(h.recorder.after(mark), "edit").embeds[0]["description"]
    assert "<@123456789012345678>" not in description and "@here" not in description
    assert "told <@123456789012345678> and @here that the fireworks" in quoted_text([description])

    await h.message("<@700000000000000001> why was the festival moved?", where=where, mention_bot=True)
    await h.slash("check", quote="The organisers sent a notice to @everyone in the town chat on Friday", where=where)
    for s in h.sent:
        assert "@everyone" not in s.text and "@here" not in s.text, s
    assert_no_pings(h.sent)


async def test_add_by_url(make_harness, engine, monkeypatch):
    monkeypatch.setattr(progress_module, "DEFAULT_INTERVAL", 0.0)
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    with LocalHTTPServer() as server:
        server.add_file("/news/crane", PAGES / "crane.html")
        mark = await h.slash("add", url=server.url("/news/crane"), where=where)
    sent = h.recorder.after(mark)
    done = last(sent, "edit").embeds[0]
    assert done["title"] == "✅ Article added" and CRANE_TITLE in done["description"]
    assert any("fetching" in s.content for s in sent if s.kind == "edit")

    mark = await h.slash("add", url="http://10.0.0.1/internal", where=where)  # the SSRF guard's message, privately
    note = h.recorder.after(mark)[-1]
    assert note.ephemeral and note.kind == "followup" and note.content


async def test_add_several_urls_reports_each_and_survives_a_failure(make_harness, engine, monkeypatch):
    monkeypatch.setattr(progress_module, "DEFAULT_INTERVAL", 0.0)
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    with LocalHTTPServer() as server:
        server.add_file("/a", PAGES / "crane.html")
        server.add("/gone", "no such page", status=404, content_type="text/plain")
        server.add_file("/b", PAGES / "korea.html")
        links = " ".join(server.url(p) for p in ("/a", "/gone", "/b"))
        mark = await h.slash("add", url=links, where=where)
    sent = h.recorder.after(mark)
    summary = last(sent, "edit").embeds[0]
    assert summary["title"] == "Added 2 of 3 links (1 failed)"
    assert CRANE_TITLE in summary["description"] and "404" in summary["description"]
    assert any("1/3" in s.content for s in sent if s.kind == "edit" and s.content)
    assert any("3/3" in s.content for s in sent if s.kind == "edit" and s.content)
    assert len(engine.sources(f"guild-{where.guild_id}")) == 2


async def test_a_question_about_someone_the_articles_never_mention_says_so(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    await h.slash("add", text=LIGHTHOUSE, where=where)
    mark = await h.slash("ask", question="Did the RNLI rescue the kayakers at Varnholm?", where=where, thread=False)
    description = last(h.recorder.after(mark), "edit").embeds[0]["description"]
    assert "Nothing in this collection answers that" in description
    assert "none of the articles on this mentions RNLI" in description
    # the keeper's rescue is offered as related, in italics under its label, never as a quote
    assert "Related, but it does **not** answer" in description
    assert not any(line.startswith("> ") for line in description.split("\n"))
    mark = await h.slash("ask", question="Who rescued the kayakers at Varnholm?", where=where, thread=False)
    assert "Edda Lund" in quoted_text([last(h.recorder.after(mark), "edit").embeds[0]["description"]])
    assert_no_pings(h.sent)
