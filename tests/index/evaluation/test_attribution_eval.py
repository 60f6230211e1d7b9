"""The who-said-it evaluation (index/evaluation/attribution_eval.py) on a tiny PolNeAR-style set written here."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bot.cli import app
from index.evaluation.attribution_eval import evaluate_attribution, half_of

TEXT = ("“We will rebuild the harbour bridge by the spring,” Mayor Lina Ortiz said on Monday.\n\n"
        "“It will cost less than the council feared last year,” she added.\n\n"
        "The council called the plan “a sensible and affordable compromise for everyone.”")


def write_set(folder) -> None:
    folder.mkdir()
    article = {"article_id": "demo_1", "annotator": "x1", "publisher": "demo", "title": "Bridge", "text": TEXT}
    (folder / "articles.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    rows = []
    for words, speaker, cue in [("We will rebuild the harbour bridge by the spring,", "Mayor Lina Ortiz", "said"),
                                ("It will cost less than the council feared last year,", "she", "added")]:
        start = TEXT.index(words)
        rows.append({"article_id": "demo_1", "annotator": "x1", "quote": words, "char_start": start,
                     "char_end": start + len(words), "speaker_mention": speaker, "cue": cue})
    (folder / "quotes.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_detection_speakers_pronouns_and_cues(tmp_path) -> None:
    write_set(tmp_path / "set")
    report = evaluate_attribution(tmp_path / "set", half="all")
    assert (report.gold, report.found, report.matched) == (2, 3, 2)  # the council's words are not annotated here
    rates = report.rates()
    assert rates["recall"] == 1.0 and round(rates["precision"], 3) == 0.667
    assert rates["speaker_named"] == 1.0 and rates["pronoun_resolution"] == 1.0 and rates["cue"] == 1.0
    assert any("spurious" in e for e in report.errors)


def test_halves_are_fixed_and_the_command_reports(tmp_path) -> None:
    assert half_of("demo_1") == half_of("demo_1") and {half_of(f"a{i}") for i in range(20)} == {"dev", "test"}
    write_set(tmp_path / "set")
    result = CliRunner().invoke(app, ["eval-attribution", str(tmp_path / "set"), "--half", "all", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recall"] == 1.0
    assert CliRunner().invoke(app, ["eval-attribution", str(tmp_path / "set"), "--half", "nope"]).exit_code == 1
