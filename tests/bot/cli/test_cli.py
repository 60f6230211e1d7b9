"""The `quotedesk` CLI: commands, --json output, exit codes and error messages."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.data import SEED_FILE

runner = CliRunner()


@pytest.fixture
def cli(tmp_path, embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env or data folder from the repo

    def invoke(*args: str):
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "store"), *args])
        result.flat = " ".join(result.output.split())  # rich wraps long lines in a narrow terminal
        return result

    return invoke


def test_add_ask_sources_remove_roundtrip(cli, tmp_path) -> None:
    md = tmp_path / "note.md"
    md.write_text("# Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after two years of repairs, "
                  "the city council said. Engineers replaced all 212 cables and repainted the towers.\n\n"
                  "Traffic is expected to return to normal levels within a week, according to the transport office. "
                  "Cyclists get a new protected lane on the eastern side of the deck.\n", encoding="utf-8")
    result = cli("add", str(SEED_FILE), str(md), "--json")
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)
    assert [r["result"]["status"] for r in added] == ["added", "added"]
    seed_id = added[0]["result"]["article_id"]

    result = cli("ask", "Which bases came under attack?", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    quote = answer["quotes"][0]
    assert "Ain al-Asad" in quote["span"]["text"] and quote["citation"] == 1
    assert answer["sources"][0]["meta"]["outlet"] == "Orinoco Tribune"

    human = cli("ask", "How many cables did engineers replace?")
    assert human.exit_code == 0 and "212 cables" in human.flat and "Harbour bridge reopens" in human.flat

    listed = json.loads(cli("sources", "--json").stdout)
    assert {row["article_id"] for row in listed} == {seed_id, added[1]["result"]["article_id"]}

    assert cli("remove", seed_id).exit_code == 0
    gone = json.loads(cli("ask", "Which bases came under attack?", "--json").stdout)
    assert all(q["span"]["article_id"] != seed_id for q in gone["quotes"])


def test_abstention_is_printed_plainly(cli) -> None:
    assert cli("add", str(SEED_FILE)).exit_code == 0
    result = cli("ask", "Who won the 2018 World Cup?")
    assert result.exit_code == 0
    assert "do not answer" in result.flat


def test_check_reports_verdict_and_source(cli) -> None:
    cli("add", str(SEED_FILE))
    result = cli("check", "Tuesday's attacks \"did cause casualties or damage.\"")
    assert result.exit_code == 0, result.output
    assert "NEAR MISS" in result.flat and "negation" in result.flat
    claim = json.loads(cli("check", "Tuesday's attacks \"did not cause casualties or damage.\"", "--json").stdout)
    assert claim["kind"] == "exact" and claim["framing"] == ""  # verbatim with its inner quotation: one quote
    (fragment,) = claim["fragments"]
    verdict = fragment["verdict"]
    assert verdict["kind"] == "exact" and verdict["source"]["meta"]["title"].startswith("Airstrikes")
    assert verdict["spans"][0]["text"] == "Tuesday’s attacks “did not cause casualties or damage.”"


def test_check_reads_a_pasted_claim(cli) -> None:
    cli("add", str(SEED_FILE))
    claim = ('"[Iraqi officials] do not want to become a new version of Syria, subject to repeated Israeli strikes '
             'without a response," a government official said.')
    result = json.loads(cli("check", claim, "--json").stdout)
    assert result["kind"] == "exact" and result["attributed_to"] == "a government official"
    assert result["framing"] == "“…” a government official said."
    (fragment,) = result["fragments"]
    assert fragment["attributed_to"] == fragment["verdict"]["attributed_to"] == "a government official"
    assert fragment["verdict"]["editorial"] == [{"kind": "substitution", "written": "[Iraqi officials]", "actual": "They"}]
    assert fragment["verdict"]["spans"][0]["text"].startswith("They do not want")
    human = cli("check", claim)
    assert "[Iraqi officials] stands for “They”" in human.flat and "Framing" in human.flat


def test_errors_have_messages_and_exit_codes(cli, tmp_path) -> None:
    missing = cli("add", str(tmp_path / "missing.txt"))
    assert missing.exit_code == 1 and "No such file" in missing.flat
    empty = cli("add", "--text", "   ")
    assert empty.exit_code == 1 and "empty" in empty.flat
    unknown = cli("remove", "a000000000000")
    assert unknown.exit_code == 1 and "No article" in unknown.flat
    nothing = cli("add")
    assert nothing.exit_code == 1 and "Nothing to add" in nothing.flat
    bad_date = cli("ask", "What happened?", "--since", "yesterday")
    assert bad_date.exit_code == 1 and "Not a date" in bad_date.flat


def test_batch_add_continues_after_a_failure(cli, tmp_path) -> None:
    result = cli("add", str(tmp_path / "missing.txt"), str(SEED_FILE))
    assert result.exit_code == 1
    assert "1 of 2 added" in result.flat
    assert len(json.loads(cli("sources", "--json").stdout)) == 1
