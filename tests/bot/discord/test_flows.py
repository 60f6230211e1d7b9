"""Discord plumbing through the bot's own CommandTree and view store, with a fake engine.

Every request the bot makes is checked against Discord's limits by the recorder; these tests check
what the user sees: pages and buttons, private errors, cooldowns, permissions, progress, threads.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import date

import discord
import pytest

from bot.discord import progress as progress_module
from bot.discord import views
from bot.discord.errors import GENERIC
from index.config import Settings
from index.models import ArticleInfo, ArticleMeta
from tests.support.discord_fakes import FakeLibrary, make_answer
from tests.support.discord_harness import (
    BOT_PERMS,
    MEMBER,
    Attachment,
    Where,
    assert_no_pings,
    last,
    quoted_text,
    snowflake,
)

pytestmark = pytest.mark.anyio

MANAGER = discord.Permissions(MEMBER | discord.Permissions(manage_messages=True).value).value


def long_fake() -> FakeLibrary:
    sentence = "The council said the new bridge would cost {n} million and open in spring. "
    quotes = ["".join(sentence.format(n=100 * k + i) for i in range(40)).strip() for k in range(4)]
    return FakeLibrary(answer=make_answer("What about the bridge?", quotes))


async def test_long_answer_pages_with_buttons(make_harness):
    library = long_fake()
    h = await make_harness(library)
    where = Where.guild(snowflake())
    mark = await h.slash("ask", question="What about the bridge?", where=where, thread=False)
    sent = h.recorder.after(mark)
    assert sent[0].kind == "defer"
    message = last(sent, "edit")
    labels = [b["label"] for b in message.buttons]
    total = int(labels[1].split("/")[1])
    assert labels == ["◀ Previous", f"1/{total}", "Next ▶", "Show context"]
    assert total > 1 and message.button("Previous")["disabled"]

    descriptions = [message.embeds[0]["description"]]
    for page in range(2, total + 1):
        await h.click(message, "Next", where=where)
        message = last(h.sent, "update")
        assert message.button("/")["label"] == f"{page}/{total}"
        assert message.embeds[0]["footer"]["text"].startswith(f"Page {page}/{total}")
        descriptions.append(message.embeds[0]["description"])
    assert message.button("Next")["disabled"]
    assert quoted_text(descriptions) == " ".join(q.text for q in library.answer.quotes)

    await h.click(message, "Previous", where=where)
    assert last(h.sent, "update").button("/")["label"] == f"{total - 1}/{total}"
    assert_no_pings(h.sent)


async def test_someone_else_paging_gets_a_private_copy(make_harness):
    h = await make_harness(long_fake())
    where = Where.guild(snowflake())
    mark = await h.slash("ask", question="What about the bridge?", where=where, thread=False)
    message = last(h.recorder.after(mark), "edit")
    mark = await h.click(message, "Next", user="bob", where=where)
    [reply] = h.recorder.after(mark)
    assert reply.kind == "response" and reply.ephemeral
    assert reply.button("/")["label"].startswith("2/")
    assert h.recorder.messages[message.message_id]["embeds"] == message.embeds  # alice's message unchanged


async def test_show_context_is_private_and_bolds_the_quote(make_harness):
    h = await make_harness(FakeLibrary(answer=make_answer("Who?", ["Only this sentence is quoted here."])))
    where = Where.guild(snowflake())
    mark = await h.slash("ask", question="Who said it?", where=where, thread=False)
    message = last(h.recorder.after(mark), "edit")
    assert [b["label"] for b in message.buttons] == ["Show context"]
    mark = await h.click(message, "Show context", user="bob", where=where)
    [reply] = h.recorder.after(mark)
    assert reply.kind == "response" and reply.ephemeral
    assert "**Only this sentence is quoted here.**" in reply.embeds[0]["description"]
    assert_no_pings(h.sent)


async def test_unexpected_errors_are_logged_and_reported_privately(make_harness, caplog):
    h = await make_harness(FakeLibrary(raises={"ask": RuntimeError("index exploded")}))
    where = Where.guild(snowflake())
    with caplog.at_level(logging.ERROR, logger="bot.discord"):
        mark = await h.slash("ask", question="Anything?", where=where)
    kinds = [s.kind for s in h.recorder.after(mark)]
    assert kinds == ["defer", "delete", "followup"]  # the public "thinking…" is replaced by a private note
    note = h.recorder.after(mark)[-1]
    assert note.ephemeral and note.content == GENERIC
    assert any("index exploded" in (r.exc_text or "") for r in caplog.records)


async def test_user_errors_are_shown_as_they_are(make_harness):
    h = await make_harness(FakeLibrary())
    where = Where.guild(snowflake())
    mark = await h.slash("add", where=where)  # neither url, file nor text
    [reply] = h.recorder.after(mark)
    assert reply.kind == "response" and reply.ephemeral and "exactly one of" in reply.content

    mark = await h.slash("remove", article="no such article", where=where, permissions=MANAGER)
    note = h.recorder.after(mark)[-1]
    assert note.ephemeral and "No article here matches" in note.content
    assert_no_pings(h.sent)


async def test_cooldown_says_when_to_try_again(make_harness):
    library = FakeLibrary()
    h = await make_harness(library, ask_cooldown_seconds=30)
    where = Where.guild(snowflake())
    await h.slash("ask", question="First question?", where=where)
    mark = await h.slash("ask", question="Second question?", where=where)
    [reply] = h.recorder.after(mark)
    assert reply.kind == "response" and reply.ephemeral
    assert "try again in 30 s" in reply.content
    assert [c[0] for c in library.calls] == ["ask"]
    await h.slash("ask", question="Bob's question?", user="bob", where=where)  # per user
    assert [c[0] for c in library.calls] == ["ask", "ask"]


async def test_remove_requires_manage_messages_at_run_time(make_harness, caplog):
    info = ArticleInfo("a42", ArticleMeta(title="Harbour plans", outlet="Gazette", published=date(2024, 3, 1)), 5)
    library = FakeLibrary(infos=[info])
    h = await make_harness(library)
    where = Where.guild(snowflake())
    mark = await h.slash("remove", article="a42", where=where, permissions=MEMBER)
    [reply] = h.recorder.after(mark)
    assert reply.ephemeral and "You need the Manage Messages permission" in reply.content
    assert not any(c[0] == "remove" for c in library.calls)

    with caplog.at_level(logging.INFO, logger="bot.discord"):
        mark = await h.slash("remove", article="a42", where=where, permissions=MANAGER)
    done = last(h.recorder.after(mark), "edit")
    assert "Article removed" in done.embeds[0]["title"] and "Harbour plans" in done.embeds[0]["description"]
    assert any("a42" in r.getMessage() and "removed" in r.getMessage() and "alice" in r.getMessage() for r in caplog.records)


async def test_add_shows_progress_then_the_result(make_harness, monkeypatch):
    monkeypatch.setattr(progress_module, "DEFAULT_INTERVAL", 0.01)

    def slow_stages(progress):
        for stage, counts in [("extracting", {}), ("chunking", {"chunks": 2}), ("embedding", {"done": 1, "total": 2}),
                              ("embedding", {"done": 2, "total": 2}), ("stored", {"chunks": 2})]:
            progress(stage, counts)
            time.sleep(0.15)

    h = await make_harness(FakeLibrary(on_add=slow_stages))
    where = Where.guild(snowflake())
    mark = await h.slash("add", text="Some article text. " * 20, title="Night bus", where=where)
    edits = [s for s in h.recorder.after(mark) if s.kind == "edit"]
    progress = [e.content for e in edits if e.content]
    assert any("**chunking (2 passages)**" in p for p in progress)
    assert any("**embedding 1/2**" in p or "**embedding 2/2**" in p for p in progress)
    assert edits[-1].data.get("content") is None and "Article added" in edits[-1].embeds[0]["title"]
    assert_no_pings(h.sent)


async def test_oversized_attachment_is_refused_before_download(make_harness):
    library = FakeLibrary(settings=Settings(_env_file=None, max_upload_bytes=2048))
    h = await make_harness(library)
    where = Where.guild(snowflake())
    mark = await h.slash("add", file=Attachment("big.txt", b"x" * 5000, "text/plain"), where=where)
    [reply] = h.recorder.after(mark)
    assert reply.ephemeral and "limit is 2,048" in reply.content
    assert library.calls == []


async def test_dms_use_a_private_collection(make_harness):
    library = FakeLibrary()
    h = await make_harness(library)
    guild = snowflake()
    await h.slash("ask", question="In a server?", where=Where.guild(guild))
    await h.slash("ask", question="In a DM?", where=Where.dm())
    assert [c[1] for c in library.calls] == [f"guild-{guild}", f"user-{h.user_ids['alice']}"]


async def test_autocomplete_offers_at_most_25_short_titles(make_harness):
    infos = [ArticleInfo(f"a{i}", ArticleMeta(title=f"Election night {i} " + "long " * 40, outlet="Wire"), 3) for i in range(40)]
    h = await make_harness(FakeLibrary(infos=infos))
    choices = await h.autocomplete("check", "article", where=Where.guild(snowflake()), quote="x", article="election")
    assert len(choices) == 25 and all(len(c["name"]) <= 100 for c in choices)
    assert choices[0]["value"] == "a0"


async def test_answer_opens_a_thread_when_allowed(make_harness):
    h = await make_harness(FakeLibrary(answer=make_answer("q", ["A quote."])))
    where = Where.guild(snowflake())
    mark = await h.slash("ask", question="Where is the new bridge going?", where=where)
    thread = last(h.recorder.after(mark), "thread")
    assert thread.data["name"] == "Where is the new bridge going?"
    assert thread.message_id == last(h.recorder.after(mark), "edit").message_id

    no_perms = discord.Permissions(BOT_PERMS & ~discord.Permissions(create_public_threads=True).value).value
    mark = await h.slash("ask", question="And without permission?", where=where, app_permissions=no_perms)
    assert not [s for s in h.recorder.after(mark) if s.kind == "thread"]
    mark = await h.slash("ask", question="And when not wanted?", where=where, thread=False)
    assert not [s for s in h.recorder.after(mark) if s.kind == "thread"]


async def test_mentions_are_answered_and_other_messages_ignored(make_harness):
    library = FakeLibrary(answer=make_answer("q", ["A quote about @everyone."]))
    h = await make_harness(library)
    where = Where.guild(snowflake())
    mark = await h.message("just chatting", where=where)
    assert h.recorder.after(mark) == [] and library.calls == []

    mark = await h.message("<@700000000000000001> what about the bridge?", where=where, mention_bot=True)
    reply = last(h.recorder.after(mark), "channel")
    assert library.calls == [("ask", f"guild-{where.guild_id}", "what about the bridge?")]
    assert "@\u200beveryone" in reply.embeds[0]["description"]
    assert reply.data["message_reference"]["message_id"]
    assert [b["label"] for b in reply.buttons] == ["Show context"]

    mark = await h.message("<@700000000000000001>", where=where, mention_bot=True)
    assert "Ask me a question" in last(h.recorder.after(mark), "channel").content
    assert_no_pings(h.sent)


async def test_view_timeout_removes_the_buttons(make_harness):
    h = await make_harness(FakeLibrary())
    answer = make_answer("q", ["A quote."])
    from bot.discord import render

    view = views.AnswerView(answer, render.answer(answer), owner_id=1, timeout=0.05)
    edits: list[dict] = []

    async def edit(**kwargs):
        edits.append(kwargs)

    view.attach(edit)
    h.bot._connection.store_view(view, snowflake())
    await asyncio.sleep(0.3)
    assert edits == [{"view": None}]


@pytest.mark.parametrize(("test_guild", "sync_global", "expected"), [
    (555, False, [555]),
    (555, True, [555, None]),
    (None, False, []),
])
async def test_commands_sync_to_the_test_guild_and_globally_only_when_asked(test_guild, sync_global, expected):
    from bot.discord.client import QuoteDeskBot
    from bot.discord.settings import BotSettings

    bot = QuoteDeskBot(FakeLibrary(), BotSettings(_env_file=None, discord_test_guild=test_guild), sync_global=sync_global)
    synced: list[int | None] = []

    async def sync(*, guild=None):
        synced.append(guild.id if guild else None)
        return []

    bot.tree.sync = sync  # type: ignore[method-assign]
    await bot.setup_hook()
    assert synced == expected
    commands = {"ask", "add", "check", "quotes", "sources", "remove", "feed", "Check quotes"}
    assert {c.name for c in bot.tree.get_commands()} == commands
    assert [c.name for c in bot.tree.get_commands(type=discord.AppCommandType.message)] == ["Check quotes"]
    if test_guild:
        assert {c.name for c in bot.tree.get_commands(guild=discord.Object(test_guild))} == commands


async def test_follow_ups_in_the_answers_thread_and_in_dms_carry_the_conversation(make_harness):
    library = FakeLibrary(answer=make_answer("q", ["A quote."]))
    h = await make_harness(library)
    guild = snowflake()
    mark = await h.slash("ask", question="Where is the new bridge going?", where=Where.guild(guild))
    thread_id = last(h.recorder.after(mark), "thread").message_id
    assert library.conversations == [None]  # a first question in a channel stands alone

    await h.message("<@700000000000000001> and when does it open?", mention_bot=True,
                    where=Where.guild(guild, thread_id, channel_type=11))
    follow_up = library.conversations[-1]
    assert follow_up is not None and [t.question for t in follow_up.turns] == ["q"]
    assert follow_up.cited == ("a1",)

    await h.message("<@700000000000000001> what about elsewhere?", mention_bot=True, where=Where.guild(guild))
    assert library.conversations[-1] is None  # the channel itself is not a conversation

    dm = Where.dm()
    await h.message("who built the bridge?", where=dm)
    await h.message("and who paid for it?", where=dm)
    assert library.conversations[-2] is None
    later = library.conversations[-1]
    assert later is not None and len(later.turns) == 1
