"""The answer ranker's training pairs: positives hold the answer, headings are negatives, splits are respected."""

from __future__ import annotations

import random
from pathlib import Path

from index.evaluation.ranker.pairs import Pair, document_sentences, is_heading, question_pairs, squad_pairs
from tests.support.data import write_jsonl

NEWS = ("The tour ended on Sunday.\n\nHow many shows were there in the Eras Tour?\n\n"
        "There were 149 concerts across 51 cities.\n\nMore: Who is Travis Kelce?\n\nTickets sold out in minutes.")


def test_headings_and_link_lines_are_recognised() -> None:
    assert is_heading("How many shows were there?", "How many shows were there?")
    assert is_heading("More: Who is Travis Kelce?", "More: Who is Travis Kelce? And more.")
    assert not is_heading("There were 149 concerts across 51 cities.", "There were 149 concerts across 51 cities.")


def test_the_sentence_after_a_heading_is_a_positive_with_the_heading_as_context() -> None:
    sentences = document_sentences(NEWS)
    assert [s.heading for s in sentences] == [False, True, False, True, False]
    pairs = question_pairs("How many shows were there in the Eras Tour?", ["149"], sentences, [], "t", random.Random(1))
    positives = [p for p in pairs if p.label]
    assert positives[0].sentence == "There were 149 concerts across 51 cities."
    assert positives[0].previous == "How many shows were there in the Eras Tour?"
    assert positives[0].second == f"{positives[0].sentence} [SEP] {positives[0].previous}"
    negatives = {p.sentence for p in pairs if not p.label}
    assert "How many shows were there in the Eras Tour?" in negatives
    # a heading that contains the answer string is still a negative
    tricky = question_pairs("Who is Travis Kelce dating?", ["Travis Kelce"], sentences, [], "t", random.Random(1))
    assert all(not p.label for p in tricky if p.sentence.startswith("More:"))


def test_unanswerable_questions_give_only_negatives() -> None:
    pairs = question_pairs("How many shows were cancelled?", [], document_sentences(NEWS), [], "t", random.Random(0))
    assert pairs and not any(p.label for p in pairs)


def test_squad_pairs_leave_the_test_and_dev_titles_out(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "paragraphs.jsonl", [
        {"paragraph_id": "1", "title": "Train_title", "text": "The castle was built in 1200. It burned in 1500."},
        {"paragraph_id": "2", "title": "Warsaw", "text": "Warsaw has 1.7 million people. It is on the Vistula."},
        {"paragraph_id": "3", "title": "Oxygen", "text": "Oxygen is element 8. It was found in 1774."},
    ])
    write_jsonl(tmp_path / "questions.jsonl", [
        {"id": "a", "question": "When was the castle built?", "title": "Train_title", "gold_paragraph_id": "1",
         "answers": ["1200"]},
        {"id": "b", "question": "How many people live in Warsaw?", "title": "Warsaw", "gold_paragraph_id": "2",
         "answers": ["1.7 million"]},
        {"id": "c", "question": "When was oxygen found?", "title": "Oxygen", "gold_paragraph_id": "3",
         "answers": ["1774"]},
    ])
    pairs = squad_pairs(tmp_path, random.Random(0))
    assert {p.question for p in pairs} == {"When was the castle built?"}
    assert [p.sentence for p in pairs if p.label] == ["The castle was built in 1200."]
    assert all(isinstance(p, Pair) for p in pairs)
