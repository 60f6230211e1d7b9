"""Synthetic unanswerable questions: one detail of an answerable question changed, its answer sentence a negative."""

from __future__ import annotations

import random
from pathlib import Path

from index.evaluation.ranker.changed_pairs import changed_detail_pairs, changed_question
from tests.support.data import write_jsonl

ARTICLE = ("Tesla moved to Paris in 1882. He emigrated to the United States in 1884 to work for Thomas Edison. "
           "Later he worked with George Westinghouse in Pittsburgh.")
SENTENCE = "He emigrated to the United States in 1884 to work for Thomas Edison."


def test_a_number_the_sentence_shares_is_swapped_for_another_of_the_article() -> None:
    changed = {changed_question("Which year did Tesla emigrate to work for Thomas Edison?", SENTENCE, ARTICLE,
                                random.Random(seed)) for seed in range(20)}
    changed |= {changed_question("What did Tesla do in 1884?", SENTENCE, ARTICLE, random.Random(seed))
                for seed in range(20)}
    assert "What did Tesla do in 1882?" in changed
    assert "Which year did Tesla emigrate to work for George Westinghouse?" in changed
    # a name is swapped whole, for one of as many words that the sentence does not have, never for a sentence opener
    assert changed == {"What did Tesla do in 1882?", "Which year did Tesla emigrate to work for George Westinghouse?"}


def test_an_opposite_or_a_negation_changes_a_question_without_names() -> None:
    assert changed_question("What was the first castle built of?", "The first castle was built of wood.", "",
                            random.Random(0)) == "What was the last castle built of?"
    negated = {changed_question("What was built of wood?", "The castle was built of wood.", "", random.Random(seed))
               for seed in range(30)}
    assert negated == {None, "What was not built of wood?"}
    # a yes/no question is not negated: "Was not the castle…" asks nothing new
    assert {changed_question("Was the castle built of wood?", "The castle was built of wood.", "",
                             random.Random(seed)) for seed in range(30)} == {None}


def test_pairs_are_negatives_of_train_titles_answerable_questions_each_once(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "paragraphs.jsonl", [
        {"paragraph_id": "1", "title": "Train_title", "text": ARTICLE},
        {"paragraph_id": "2", "title": "Oxygen", "text": "Oxygen is element 8. It was found in 1774 and named in 1777."},
    ])
    write_jsonl(tmp_path / "questions.jsonl", [
        {"id": "a", "question": "What did Tesla do in 1884?", "title": "Train_title", "gold_paragraph_id": "1",
         "answers": ["emigrated to the United States"]},
        {"id": "b", "question": "What did Tesla do in 1884?", "title": "Train_title", "gold_paragraph_id": "1",
         "answers": ["emigrated"]},
        {"id": "c", "question": "Who did Tesla work for in 1890?", "title": "Train_title", "gold_paragraph_id": "1",
         "answers": [], "is_impossible": True},
        {"id": "d", "question": "When was oxygen found?", "title": "Oxygen", "gold_paragraph_id": "2",
         "answers": ["1774"]},
    ])
    pairs = changed_detail_pairs(tmp_path, random.Random(0))
    assert len(pairs) == 1
    assert pairs[0].question == "What did Tesla do in 1882?"
    assert (pairs[0].sentence, pairs[0].previous, pairs[0].label) == (SENTENCE, "Tesla moved to Paris in 1882.", 0)
