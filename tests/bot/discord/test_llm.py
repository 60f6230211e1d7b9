"""/ask in language-model mode: the "writing…" state, and only verified quotes in the embed."""

from __future__ import annotations

import json

import pytest

from bot.discord import progress as progress_module
from index.answer.llm.answerer import LLMAnswerer
from index.config import Settings
from index.library import Library
from tests.support.data import SEED_FILE
from tests.support.discord_harness import Where, last, snowflake
from tests.support.llm_fakes import ScriptedModel

pytestmark = pytest.mark.anyio

REAL = "came under heavy bombardment by Iraqi resistance factions"


async def test_ask_shows_writing_then_only_verified_quotes(make_harness, embedder, tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "DEFAULT_INTERVAL", 0.0)
    library = Library(Settings(_env_file=None, data_dir=tmp_path / "llm-store"), embedder=embedder)
    where = Where.guild(snowflake())
    library.add_file(f"guild-{where.guild_id}", SEED_FILE)
    reply = json.dumps({
        "answerable": True,
        "answer": "US bases were bombarded [1]. The Pentagon admitted 40 deaths [2].",
        "quotes": [
            {"marker": 1, "passage": 1, "text": REAL.replace("heavy", "intense")},  # a changed word: repaired
            {"marker": 2, "passage": 1, "text": "The Pentagon admitted that 40 soldiers died."},  # invented: dropped
        ],
    })
    library.llm_answerer = LLMAnswerer(ScriptedModel(messages=iter([reply])), fallback=library.answerer, name="fake")
    h = await make_harness(library)
    mark = await h.slash("ask", question="Which bases came under attack?", where=where)
    sent = h.recorder.after(mark)
    assert any("Writing an answer" in (s.content or "") for s in sent if s.kind == "edit")
    final = last(sent, "edit").embeds[0]["description"]
    assert "heavy bombardment" in final and "intense" not in final
    assert "40 soldiers" not in final and "40 deaths" not in final
    assert "repaired" in final.lower() or "corrected" in final.lower()
    assert "dropped" in final.lower()
