"""/quotes and /check with a speaker, through the bot's own command tree and the real engine."""

from __future__ import annotations

import pytest

from tests.support.data import SEED_FILE
from tests.support.discord_harness import Where, assert_no_pings, last, snowflake, unescape

pytestmark = pytest.mark.anyio

IRAQ = "Iraq is preparing for possible Israeli attacks on its territory if the current confrontation widens."


async def test_check_with_a_speaker_and_quotes_by_person(make_harness, engine) -> None:
    h = await make_harness(engine)
    where = Where.guild(snowflake())
    namespace = f"guild-{where.guild_id}"
    await engine_add(engine, namespace)

    mark = await h.slash("check", quote=IRAQ, speaker="Reuters", where=where)
    verdict = last(h.recorder.after(mark), "edit").embeds[0]
    assert verdict["title"] == "❌ Misattributed: someone else said it"
    text = unescape(verdict["description"])
    assert "an unnamed government official" in text and "You named:** Reuters" in text

    mark = await h.slash("check", quote=f'Reuters said "{IRAQ}"', where=where)  # the name inside the quote box
    assert last(h.recorder.after(mark), "edit").embeds[0]["title"].startswith("❌ Misattributed")

    mark = await h.slash("check", quote=IRAQ, where=where)
    verdict = last(h.recorder.after(mark), "edit").embeds[0]
    assert verdict["title"] == "✅ Exact quote" and "Said by (the article):** an unnamed government official" in \
        unescape(verdict["description"])

    mark = await h.slash("quotes", person="government official", topic="Israeli attacks", where=where)
    listing = last(h.recorder.after(mark), "edit").embeds[0]
    assert listing["title"] == "What government official said on “Israeli attacks”"
    shown = " ".join(unescape(listing["description"]).split())
    assert IRAQ in shown and "**[1]**" in listing["description"] and "Orinoco Tribune" in shown

    mark = await h.slash("quotes", person="Reuters", where=where)
    assert "No direct quotations attributed to" in last(h.recorder.after(mark), "edit").embeds[0]["description"]
    assert_no_pings(h.sent)


async def test_quotes_in_another_server_sees_nothing(make_harness, engine) -> None:
    h = await make_harness(engine)
    await engine_add(engine, f"guild-{snowflake()}")
    mark = await h.slash("quotes", person="government official", where=Where.guild(snowflake()))
    assert "No direct quotations" in last(h.recorder.after(mark), "edit").embeds[0]["description"]


async def engine_add(engine, namespace: str) -> None:
    import anyio

    await anyio.to_thread.run_sync(lambda: engine.add_file(namespace, SEED_FILE))
