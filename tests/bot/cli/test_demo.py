"""`quotedesk demo` (what `make demo` runs): add, ask, check on the bundled articles, with real output."""

from __future__ import annotations

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def test_demo_adds_asks_and_checks(tmp_path, embedder, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "store"), "demo"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Added At least 107 killed in Mecca crane collapse" in flat
    assert "killing 107 or more and wounding 238" in flat  # the crane question is answered from its article
    assert ("Q: Who won the 2018 World Cup? The stored articles do not answer this question: none of the articles on "
            "this mentions 2018 or World Cup.") in flat
    # asked what someone said: the official's own words, with the attribution
    official = flat.split("Q: What did the government official say about Israel?")[1].split("Q: ")[0]
    assert "Iraq is preparing for possible Israeli attacks" in official and "government official told" in official
    assert "EXACT Exact — the article says this word for word" in flat
    assert "negation changed" in flat
    assert "MISATTRIBUTED" in flat and "[Iraqi officials] stands for ‘They’" in flat
