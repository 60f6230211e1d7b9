"""The shipped answer ranker: present, wired, ranks the answer above a question echo, abstains off topic."""

from __future__ import annotations

import json

import pytest

from index.answer.candidates import Candidate
from index.answer.ranker import FEATURES, MODEL_FOLDER, NO_AMOUNT_FACTOR, AnswerRanker, feature_matrix
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
    raw = ranker.calibration.probabilities(feature_matrix(question, ranker.logits(question, [none, money]),
                                                          [none, money]))
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
