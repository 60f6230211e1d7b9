"""The "Check quotes" message command and /check on pasted claims, through the real command tree and engine.

Messages are delivered as a message command receives them (``data.resolved.messages``), which is how
the command works without the Message Content intent.
"""

from __future__ import annotations

import pytest

from bot.discord.cogs.check import MENU_NAME
from tests.support.data import SEED_FILE
from tests.support.discord_harness import Where, assert_no_pings, last, snowflake, unescape

pytestmark = pytest.mark.anyio


def add_seed(engine, where: Where) -> str:
    return engine.add_file(f"guild-{where.guild_id}", SEED_FILE).article_id


async def test_menu_checks_each_passage_privately_with_its_speaker(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    add_seed(engine, where)
    target = h.posted(
        'A government official said "[Iraqi officials] do not want to become a new version of Syria" and Reuters '
        'claims the attacks "caused heavy casualties and damage." Also: “the Pentagon regularly delays reporting on '
        'deaths and injuries among its troops”',
        where=where,
    )
    mark = await h.message_command(MENU_NAME, target, where=where)
    sent = h.recorder.after(mark)
    assert sent[0].kind == "defer" and sent[0].ephemeral
    reply = last(sent, "edit")
    text = unescape(reply.text)
    assert "3 passages checked" in reply.embeds[0]["title"]
    assert reply.embeds[0]["title"].startswith("❌ Not found in this collection")  # the worst passage
    assert "3 quoted passages: 2 exact, 1 not found." in text and "Stitched" not in text
    assert "**1.** “[Iraqi officials] do not want" in text and "attributed to **A government official**" in text
    assert "[Iraqi officials] stands for “They” (editorial substitution)" in text
    assert "**2.** “caused heavy casualties and damage.” — attributed to **Reuters**\n❌ Not found" in text
    assert "**3.** “the Pentagon regularly delays reporting on deaths and injuries among its troops”\n✅ Exact quote" in text
    assert "Airstrikes Pummel US Bases In Iraq And Syria" in text  # the citation
    assert reply.button("Post publicly")

    # Post publicly: a new public message with the same page; the private button is then disabled.
    mark = await h.click(reply, "Post publicly", where=where)
    public = [s for s in h.recorder.after(mark) if s.kind == "response"]
    assert public and not public[0].ephemeral and public[0].embeds[0]["title"] == reply.embeds[0]["title"]
    edited = last(h.recorder.after(mark), "edit")
    assert edited.button("Posted")["disabled"]
    assert_no_pings(h.sent)


async def test_menu_without_quote_marks_checks_the_whole_message(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    add_seed(engine, where)
    target = h.posted("US warplanes have also been conducting airstrikes on several locations inside Syria.", where=where)
    reply = last(h.recorder.after(await h.message_command(MENU_NAME, target, where=where)), "edit")
    assert reply.embeds[0]["title"] == "✅ Exact quote"


async def test_menu_reads_through_discord_markup_and_embeds(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    add_seed(engine, where)
    target = h.posted('<@900000000000000002> look: **"US warplanes have also been conducting airstrikes on several '
                      'locations inside ~~Iraq~~ Syria"** <:wow:123456789012345678>', where=where)
    reply = last(h.recorder.after(await h.message_command(MENU_NAME, target, where=where)), "edit")
    assert reply.embeds[0]["title"] == "⚠️ Close, but not the exact words"  # "Iraq Syria": the struck word counts
    embed_only = h.posted("", where=where, embeds=[{"type": "rich", "description":
                          "“US warplanes have also been conducting airstrikes on several locations inside Syria”"}])
    reply = last(h.recorder.after(await h.message_command(MENU_NAME, embed_only, where=where)), "edit")
    assert reply.embeds[0]["title"] == "✅ Exact quote"


async def test_menu_counts_and_names_passages_beyond_ten(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    add_seed(engine, where)
    quotes = " ".join(f'"number {n} of the quotes about bases"' for n in range(13))
    target = h.posted(f"They said {quotes}", where=where)
    reply = last(h.recorder.after(await h.message_command(MENU_NAME, target, where=where)), "edit")
    assert "10 passages checked" in reply.embeds[0]["title"]
    text = unescape(reply.text)
    assert "3 more quoted passages not checked: “number 10 of the quotes about bases”" in text
    assert "“number 12 of the quotes about bases”" in text


async def test_menu_on_a_message_without_text_says_so_privately(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    [note] = h.recorder.after(await h.message_command(MENU_NAME, h.posted("", where=where), where=where))
    assert note.ephemeral and "no text to check" in note.content


async def test_slash_check_reads_a_pasted_claim(make_harness, engine):
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    add_seed(engine, where)
    quote = 'The Pentagon "regularly delays reporting on deaths and injuries among its troops," the Tribune wrote.'
    reply = last(h.recorder.after(await h.slash("check", quote=quote, where=where)), "edit")
    text = unescape(reply.text)
    assert reply.embeds[0]["title"] == "✅ Exact quote" and not reply.ephemeral
    assert "attributed to **the Tribune**" in text and "Tribune wrote" not in text.split("Framing")[0]
    assert "starts mid-sentence" in text and "**Framing**" in text
