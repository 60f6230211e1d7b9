"""Pairs from news headings that ask: the section's first sentence answers, the heading and other sections do not."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from index.evaluation.ranker.heading_pairs import article_heading_pairs, asked_heading, heading_pairs
from index.evaluation.ranker.pairs import document_sentences

EXPLAINER = (
    "Twitter is changing how accounts get a blue check mark.\n\n"
    "How much does Twitter verification cost?\n\n"
    "Verification will cost $8 a month, Elon Musk said on Tuesday.\n\n"
    "Accounts that already have a check mark will keep it for 90 days.\n\n"
    "Is the blue check mark still free for journalists?\n\n"
    "No, journalists will pay the same monthly price as everyone else.\n\n"
    "Musk bought Twitter for $44 billion in October.")
TRAIN_WEEK = "20220610"
TEST_WEEK = "20231201"


def test_a_heading_asks_a_question_only_when_it_stands_alone() -> None:
    assert asked_heading("How much does Twitter verification cost?") == "How much does Twitter verification cost?"
    assert asked_heading("2. What movies are playing in theaters?") == "What movies are playing in theaters?"
    assert asked_heading("More: Who is Friedrich Merz?") is None  # a link line
    assert asked_heading("TAX APPS: How much can you expect to pay?") is None  # a kicker
    assert asked_heading("Is he running for re-election?") is None  # leans on an earlier sentence
    assert asked_heading("What happens next?") is None  # names nothing
    assert asked_heading("Verification will cost $8 a month.") is None


def test_the_first_sentence_of_the_section_is_the_positive_and_the_heading_a_negative() -> None:
    pairs = article_heading_pairs(document_sentences(EXPLAINER))
    by_question: dict[str, list[tuple[str, int]]] = {}
    for p in pairs:
        by_question.setdefault(p.question, []).append((p.sentence, p.label))
    assert set(by_question) == {"How much does Twitter verification cost?",
                                "Is the blue check mark still free for journalists?"}
    cost = by_question["How much does Twitter verification cost?"]
    assert [s for s, label in cost if label] == ["Verification will cost $8 a month, Elon Musk said on Tuesday."]
    negatives = {s for s, label in cost if not label}
    assert "How much does Twitter verification cost?" in negatives
    # the rest of the section may answer too: never a negative; the other sections' sentences are
    assert "Accounts that already have a check mark will keep it for 90 days." not in negatives
    assert "No, journalists will pay the same monthly price as everyone else." in negatives
    yes_no = by_question["Is the blue check mark still free for journalists?"]
    assert [s for s, label in yes_no if label] == ["No, journalists will pay the same monthly price as everyone else."]
    assert all(p.source == "news-heading" and p.previous for p in pairs if p.label)


def test_boilerplate_headings_wire_copies_and_other_splits_are_left_out(tmp_path: Path) -> None:
    site = "Which stories were read most this week?\n\nThe list is updated every morning at six o'clock."
    rows = [{"doc_id": f"n{i}", "paragraphs": [f"Story number {i} opens here.", *site.split("\n\n")],
             "weeks": [TRAIN_WEEK]} for i in range(3)]
    rows.append({"doc_id": "a", "paragraphs": EXPLAINER.split("\n\n"), "weeks": [TRAIN_WEEK]})
    rows.append({"doc_id": "wire", "paragraphs": EXPLAINER.split("\n\n"), "weeks": [TRAIN_WEEK]})
    rows.append({"doc_id": "later", "paragraphs": ["When does the new Twitter price start?",
                                                    "The new price starts for every account in December."],
                 "weeks": [TEST_WEEK]})
    with gzip.open(tmp_path / "articles.jsonl.gz", "wt") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)
    pairs = heading_pairs(tmp_path)
    questions = [p.question for p in pairs if p.label]
    assert sorted(questions) == ["How much does Twitter verification cost?",
                                 "Is the blue check mark still free for journalists?"]
    assert heading_pairs(tmp_path, split="test")[0].question == "When does the new Twitter price start?"
