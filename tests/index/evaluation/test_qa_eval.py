"""`quotedesk eval` on tiny slices of each supported format (the full runs are in BENCHMARKS.md)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.data import SHARED_DATA, write_jsonl

WIKINEWS = [json.loads(line) for line in (SHARED_DATA / "wikinews" / "articles.jsonl").read_text().splitlines()]


@pytest.fixture
def squad_dir(tmp_path):
    folder = tmp_path / "squad"
    folder.mkdir()
    paragraphs = list(map(json.loads, (SHARED_DATA / "squad-dev" / "paragraphs.jsonl").open()))[:6]
    wanted = {p["paragraph_id"] for p in paragraphs}
    questions = [q for q in map(json.loads, (SHARED_DATA / "squad-dev" / "questions.jsonl").open())
                 if q["gold_paragraph_id"] in wanted][:8]
    # an unanswerable question: its title is held out
    held = {"paragraph_id": "zz_000", "title": "Held_out", "text": "The quarry closed in 1911 after a flood."}
    write_jsonl(folder / "paragraphs.jsonl", [*paragraphs, held])
    write_jsonl(folder / "questions.jsonl", [*questions, {"id": "q-held", "question": "When did the quarry close?",
                                                           "title": "Held_out", "gold_paragraph_id": "zz_000",
                                                           "answers": ["1911"]}])
    return folder


@pytest.fixture
def realtimeqa_dir(tmp_path):
    folder = tmp_path / "rtqa"
    folder.mkdir()
    rows = [r for r in WIKINEWS if r["id"] in ("gum-news-crane", "gum-news-stampede", "gum-news-korea")]
    write_jsonl(folder / "articles.jsonl.gz", [
        {"doc_id": r["id"], "url": r["url"], "title": r["title"], "publish_date": r["published"].replace("-", "/"),
         "authors": [], "weeks": ["20150925"], "paragraphs": r["text"].split("\n\n")} for r in rows])
    write_jsonl(folder / "questions.jsonl", [
        {"question_id": "20150925_0", "question_date_iso": "2015-09-24",
         "question": "How many people were killed when a crane fell into the Grand Mosque?",
         "answer_text": "107", "eval_positive_doc_ids": ["gum-news-crane"],
         "eval_positive_paragraphs": [["gum-news-crane", 0]]},
    ])
    return folder


def test_eval_reports_every_figure_on_squad_and_realtimeqa(squad_dir, realtimeqa_dir, embedder, tmp_path) -> None:
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "unused"), "eval", str(squad_dir),
                                      str(realtimeqa_dir), "--holdout", "1", "--json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    squad = reports[f"squad:{squad_dir}"]
    assert squad["questions"] == 9 and squad["overall"]["answerable"] == 8 and squad["documents"] == 6
    for mode in ("hybrid", "lexical", "dense"):
        recall = squad["recall"][mode]
        assert 0 <= recall["doc@1"] <= recall["doc@5"] <= recall["doc@20"] <= 1
    assert squad["recall"]["hybrid"]["doc@20"] == 1.0  # six paragraphs: every gold one is in the top 20
    assert squad["exact_span_share"] == 1.0 and squad["quotes_shown"] > 0
    assert squad["overall"]["unanswerable"] == 1 and squad["by_tag"]["held-out title"]["unanswerable"] == 1
    assert squad["quotes_per_answer"] >= 1 and squad["mean_quote_chars"] > 20
    assert squad["latency_ms"]["p50"] <= squad["latency_ms"]["p95"]
    rtqa = reports[f"realtimeqa:{realtimeqa_dir}"]
    assert rtqa["recall"]["hybrid"]["doc@5"] == 1.0 and rtqa["recall"]["hybrid"]["para@5"] == 1.0
    assert rtqa["overall"]["answer_in_any_quote"] == 1.0
    assert not (tmp_path / "unused").exists(), "eval uses a throwaway store"


def test_eval_runs_the_quote_checker_on_polnear(embedder, tmp_path) -> None:
    folder = SHARED_DATA / "polnear-dev"
    result = CliRunner().invoke(app, ["eval", str(folder), "--limit", "4", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[f"polnear:{folder}"]
    assert report["confusion_by_label"]["real"] == {"exact": 4}  # real quotes are verified as exact
    assert report["confusion_by_label"]["named_other"] == {"other_article": 4}
    assert list(report["confusion_by_label"]["fabricated"]) == ["not_found"]
    assert report["n"] > 4 and 0.9 <= report["accuracy"] <= 1.0


def test_eval_refuses_an_unknown_folder(tmp_path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1 and "no known QA set" in " ".join(result.output.split())
