"""Two processes on one store: what one writes or removes, the other sees at its next ask.

A long-lived "bot" process and a "CLI" process (each a real Library in its own Python process,
tests/support/library_worker.py) share one embedded store, then one `chroma run` server. A removed
article is never quoted, listed or checked again from either process, and an article added by the
other process is found, even when the chunk count stays the same (the change marker, not the count).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.chroma_server import chroma_server

pytestmark = pytest.mark.engine

NS = "shared"
BRIDGE = ("Harbor Bridge reopens", "The Harbor Bridge reopened to traffic on Monday after eleven weeks of repairs. "
          "Engineers replaced 42 steel cables and resurfaced the entire deck, the city's transport office said.")
LANTERN = ("Lantern festival draws record crowd", "The river lantern festival drew a record crowd of 80,000 visitors "
           "on Saturday night. Organisers floated 5,000 paper lanterns down the canal, the tourism board said.")
BRIDGE_QUOTE = "Engineers replaced 42 steel cables and resurfaced the entire deck"
LANTERN_QUOTE = "Organisers floated 5,000 paper lanterns down the canal"


class Worker:
    """A Library in a subprocess, one JSON command at a time."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.support.library_worker", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     cwd=Path(__file__).resolve().parents[3])
        assert self.call_raw() == {"ready": True}

    def call_raw(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the worker died"
        return json.loads(line)

    def __call__(self, op: str, **kwargs: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, "namespace": NS, **kwargs}) + "\n")
        self.proc.stdin.flush()
        reply = self.call_raw()
        assert "error" not in reply, reply["error"]
        return reply

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _pair(*args: str) -> Iterator[tuple[Worker, Worker]]:
    bot, cli = Worker(*args), Worker(*args)
    try:
        yield bot, cli
    finally:
        bot.close()
        cli.close()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[Worker, Worker]]:
    yield from _pair(str(tmp_path / "store"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Worker, Worker]]:
    with chroma_server(tmp_path / "server") as url:
        yield from _pair(str(tmp_path / "unused"), url)


def quoted_from(answer: dict[str, Any]) -> set[str]:
    return {article for article, _text in answer["quotes"]}


@pytest.mark.parametrize("store", ["embedded", "server"])
def test_a_removal_in_one_process_is_seen_by_the_other(store: str, request: pytest.FixtureRequest) -> None:
    bot, cli = request.getfixturevalue(store)
    bridge = cli("add", title=BRIDGE[0], text=BRIDGE[1])["article_id"]
    # the bot has been answering (its vector index and BM25 index are warm) ...
    assert quoted_from(bot("ask", question="How many steel cables did engineers replace on the bridge?")) == {bridge}
    # ... then the CLI removes that article and adds another of the same size (same chunk count)
    cli("remove", article_id=bridge)
    lantern = cli("add", title=LANTERN[0], text=LANTERN[1])
    assert lantern["chunks"] == 1
    # the bot never quotes, lists or confirms the removed article again
    answer = bot("ask", question="How many steel cables did engineers replace on the bridge?")
    assert bridge not in quoted_from(answer)
    assert bridge not in bot("sources")["ids"]
    assert bot("check", quote=BRIDGE_QUOTE)["kind"] != "exact"
    # and it finds the new one, by meaning and by its words
    assert quoted_from(bot("ask", question="How many paper lanterns were floated down the canal?")) == {lantern["article_id"]}
    assert bot("check", quote=LANTERN_QUOTE) == {"kind": "exact", "articles": [lantern["article_id"]]}
    # and the other way round: the bot removes, the CLI process no longer serves it
    bot("remove", article_id=lantern["article_id"])
    assert cli("sources")["ids"] == []
    assert cli("ask", question="How many paper lanterns were floated down the canal?")["abstained"]
