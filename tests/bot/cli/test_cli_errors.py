"""CLI failure paths (issue 11): the store down, errors as JSON, hostile text printed verbatim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.chroma_server import free_port
from tests.support.data import SEED_FILE

runner = CliRunner()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # no stray .env or data folder from the repo

    def invoke(*args: str):
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "store"), *args])
        result.flat = " ".join(result.output.split())
        return result

    return invoke


def test_add_with_the_store_down_says_so_and_exits_3(cli) -> None:
    down = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    result = cli("--chroma-url", down, "add", str(SEED_FILE))
    assert result.exit_code == 3, result.output
    assert "Cannot open the Chroma store" in result.flat
    assert result.exception is None or isinstance(result.exception, SystemExit)


EVIL = "[/x] Evil title [bold red]here"


def test_bracketed_titles_and_messages_print_verbatim(cli, embedder) -> None:
    added = cli("add", "--text", "The council met on Monday and approved the new harbour budget after a long debate.",
                "--title", EVIL, "--json")
    assert added.exit_code == 0, added.output
    listed = cli("sources")
    assert listed.exit_code == 0, listed.output
    assert "[/x] Evil title [bold red]here" in listed.output  # a title is text, never markup
    article_id = json.loads(cli("sources", "--json").stdout)[0]["article_id"]
    removed = cli("remove", article_id)
    assert removed.exit_code == 0, removed.output
    assert f"Removed {article_id}: {EVIL}" in removed.flat
    refused = cli("add", "http://[fd00::2]/")
    assert refused.exit_code == 1
    assert "[fd00::2]" in refused.flat  # the URL in the message keeps its brackets


def test_emoji_codes_in_titles_are_not_replaced(cli, embedder) -> None:
    cli("add", "--text", "Fans cheered as the team won the cup final in the last minute of extra time.",
        "--title", "Cup :thumbs_up: final")
    assert "Cup :thumbs_up: final" in cli("sources").output


def test_json_errors_are_json(cli) -> None:
    cases = [(("remove", "a000000000000", "--json"), "No article"),
             (("ask", "What happened?", "--since", "yesterday", "--json"), "Not a date"),
             (("ask", " ", "--json"), "Ask a question"),
             (("check", "", "--json"), "Paste the quote"),
             (("add", "--json"), "Nothing to add")]
    for args, message in cases:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        error = json.loads(result.stdout)
        assert message in error["error"] and error["exit_code"] == 1, args
    down = cli("--chroma-url", f"http://127.0.0.1:{free_port()}", "sources", "--json")
    assert down.exit_code == 3 and json.loads(down.stdout)["exit_code"] == 3


def test_remove_json_reports_the_chunks_removed(cli, embedder) -> None:
    added = json.loads(cli("add", str(SEED_FILE), "--json").stdout)[0]["result"]
    assert added["chunks"] > 1
    removed = json.loads(cli("remove", added["article_id"], "--json").stdout)
    assert removed["article_id"] == added["article_id"] and removed["chunks"] == added["chunks"]
