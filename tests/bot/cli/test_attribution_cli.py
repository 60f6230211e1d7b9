"""`quotedesk check` with a name, and `quotedesk quotes NAME [TOPIC]`: issue 14's seed-article examples."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.data import SEED_FILE

runner = CliRunner()
IRAQ = "Iraq is preparing for possible Israeli attacks on its territory if the current confrontation widens."
OFFICIAL = "an unnamed government official"


@pytest.fixture
def cli(tmp_path, embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "store"), *args])
        result.flat = " ".join(result.output.split())
        return result

    assert invoke("add", str(SEED_FILE)).exit_code == 0
    return invoke


def only_verdict(output: str) -> tuple[str, str | None, str | None]:
    """The claim's overall kind, with its one fragment's speaker and attributed_to (``check --json``)."""
    claim = json.loads(output)
    (fragment,) = claim["fragments"]
    assert fragment["verdict"]["kind"] == claim["kind"]
    return claim["kind"], fragment["verdict"]["speaker"], fragment["verdict"]["attributed_to"]


def test_check_a_named_claim_and_an_unnamed_quote(cli) -> None:
    result = cli("check", f'Reuters said "{IRAQ}"', "--json")
    assert result.exit_code == 0, result.output
    assert only_verdict(result.stdout) == ("misattributed", OFFICIAL, "Reuters")
    assert only_verdict(cli("check", IRAQ, "--json").stdout) == ("exact", OFFICIAL, None)
    assert only_verdict(cli("check", IRAQ, "--speaker", "Reuters", "--json").stdout)[0] == "misattributed"

    human = cli("check", f'Reuters said "{IRAQ}"')
    assert "MISATTRIBUTED" in human.flat and f"Said by (the article): {OFFICIAL}" in human.flat


def test_quotes_lists_what_the_official_said(cli) -> None:
    result = cli("quotes", "government official", "--json")
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert said["total"] == 1 and said["quotes"][0]["text"].startswith(IRAQ)
    assert said["quotes"][0]["speaker"] == OFFICIAL and said["sources"][0]["meta"]["outlet"] == "Orinoco Tribune"

    human = cli("quotes", "government official", "Israeli attacks")
    assert IRAQ in human.flat and "[1]" in human.flat and "Orinoco Tribune" in human.flat
    assert "No direct quotations attributed to Reuters" in cli("quotes", "Reuters").flat
