"""The shipped answer ranker: present, wired, ranks the answer above a question echo, abstains off topic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.answer.candidates import Candidate
from index.answer.ranker import FEATURES, MODEL_FOLDER, NO_AMOUNT_FACTOR, AnswerRanker, features_of
from index.library import Library
from index.models import ArticleMeta

ARTICLE = (
    "Taylor Swift wrapped up the Eras Tour in Vancouver on Sunday night.\n\n"
    "How many shows were there in the Eras Tour?\n\n"
    "There were 149 concerts across 51 cities on five continents, according to her team.\n\n"
    "The tour grossed more than $2 billion, making it the highest-grossing tour of all time.\n\n"
    "More: Who is Travis Kelce?\n\n"
    "Swift thanked her dancers and crew in a long post on Instagram on Monday."
)
QUESTION = "How many shows were there in the Eras Tour?"


@pytest.fixture(scope="module")
def ranker() -> AnswerRanker:
    return AnswerRanker()


def test_the_ranker_ships_with_the_package() -> None:
    config = json.loads((MODEL_FOLDER / "ranker.json").read_text())
    assert tuple(config["calibration"]["features"]) == FEATURES
    model = MODEL_FOLDER / config["model_file"]
    assert model.is_file() and model.stat().st_size < 30_000_000
    assert 0.0 < config["threshold"] < 1.0


def test_the_answer_outranks_the_question_echo_heading(ranker: AnswerRanker) -> None:
    echo = Candidate("a", 0, 1, QUESTION, "Taylor Swift wrapped up the Eras Tour in Vancouver on Sunday night.",
                     "There were 149 concerts across 51 cities on five continents, according to her team.",
                     0, cosine=0.97, overlap=1.0)
    answer = Candidate("a", 2, 3, "There were 149 concerts across 51 cities on five continents, according to her team.",
                       QUESTION, "The tour grossed more than $2 billion.", 0, cosine=0.45, overlap=0.25)
    ranking = ranker.rank(QUESTION, [echo, answer])
    p_echo, p_answer = ranking.probabilities
    assert p_answer > p_echo
    assert p_answer >= ranker.threshold
    order_echo, order_answer = ranking.order
    assert order_answer > order_echo  # quoted first, too


def test_asked_what_something_cost_a_sentence_with_no_amount_is_damped(ranker: AnswerRanker) -> None:
    question = "How much did the Eras Tour earn?"
    sentences = ("The tour grossed more than $2 billion, making it the highest-grossing tour of all time.",
                 "The Eras Tour made Taylor Swift the biggest star of the year.")
    money, none = (Candidate("a", i, i + 1, s, "", "", 0, cosine=0.7, overlap=0.6) for i, s in enumerate(sentences))
    ranking = ranker.rank(question, [none, money])
    raw = ranker.calibration.probabilities(np.array([features_of(question, float(x), c) for x, c in
                                                      zip(ranker.logits(question, [none, money]), [none, money])]))
    assert ranking.probabilities[0] == pytest.approx(raw[0] * NO_AMOUNT_FACTOR, rel=1e-5)  # no amount: damped
    assert ranking.probabilities[1] == pytest.approx(raw[1], rel=1e-5)
    assert ranking.order[1] > ranking.order[0]  # the amount is quoted first


def test_the_library_quotes_the_answer_and_abstains_off_topic(library: Library) -> None:
    library.add_text("default", ARTICLE, meta=ArticleMeta(title="Eras Tour ends", outlet="Example News"))
    answer = library.ask("default", QUESTION)
    assert not answer.abstained
    assert "149 concerts" in answer.quotes[0].text
    off_topic = library.ask("default", "What is the boiling point of mercury at sea level?")
    assert off_topic.abstained
    assert not off_topic.quotes


def _ranker_with(tmp_path: Path, early_stop: dict[str, float] | None) -> AnswerRanker:
    config = json.loads((MODEL_FOLDER / "ranker.json").read_text())
    config.pop("early_stop", None)
    if early_stop is not None:
        config["early_stop"] = early_stop
    (tmp_path / "ranker.json").write_text(json.dumps(config))
    (tmp_path / config["model_file"]).symlink_to(MODEL_FOLDER / config["model_file"])
    return AnswerRanker(tmp_path)


def _eras_candidates() -> list[Candidate]:
    sentences = [s for s in ARTICLE.split("\n\n") if s != QUESTION]
    answer = sentences.pop(1)
    return [Candidate("a", i, i + 1, s, QUESTION if s == answer else "", "", i, cosine=0.5, overlap=0.3)
            for i, s in enumerate([answer, *sentences])]


def test_the_shipped_ranker_stops_early_only_above_its_threshold() -> None:
    early = json.loads((MODEL_FOLDER / "ranker.json").read_text())["early_stop"]
    assert 1 <= early["first"] < json.loads((MODEL_FOLDER / "ranker.json").read_text())["k"]
    assert AnswerRanker().threshold < early["sure"] <= 1.0


def test_sure_of_a_first_candidate_the_ranker_reads_no_further(tmp_path: Path) -> None:
    candidates = _eras_candidates()
    ranking = _ranker_with(tmp_path, {"first": 2, "sure": 0.0}).rank(QUESTION, candidates)
    assert len(ranking.probabilities) == len(ranking.order) == 2  # the rest were never read


def test_unsure_the_ranker_reads_every_candidate_as_without_early_stop(tmp_path: Path) -> None:
    candidates = _eras_candidates()
    (tmp_path / "early").mkdir()
    (tmp_path / "all").mkdir()
    staged = _ranker_with(tmp_path / "early", {"first": 2, "sure": 1.01}).rank(QUESTION, candidates)
    whole = _ranker_with(tmp_path / "all", None).rank(QUESTION, candidates)
    assert len(staged.probabilities) == len(candidates)
    # unsure after the first two, it reads all of them together: exactly what it reads without an early stop
    assert staged.probabilities.tolist() == whole.probabilities.tolist()
    assert staged.order.tolist() == whole.order.tolist()
    assert int(np.argmax(staged.order)) == 0
