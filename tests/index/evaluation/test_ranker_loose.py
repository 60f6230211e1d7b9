"""Chat-style training questions: loosened questions keep their pairs' sentences and labels."""

from __future__ import annotations

import random

from index.evaluation.ranker.loose import loosen, loosen_pairs, mistype
from index.evaluation.ranker.pairs import Pair


def test_mistype_changes_one_letter_of_a_long_word_and_leaves_short_ones() -> None:
    rng = random.Random(3)
    for _ in range(50):
        typed = mistype("president", rng)
        assert typed != "president"
        assert abs(len(typed) - len("president")) <= 1
        assert typed[0] == "p"
    assert mistype("war", rng) == "war"


def test_loosen_always_changes_the_question() -> None:
    rng = random.Random(0)
    question = "What did the Prime Minister's office say about the strike?"
    variants = {loosen(question, rng) for _ in range(40)}
    assert question not in variants
    assert len(variants) > 10
    assert any(v == v.lower() for v in variants)
    assert any(not v.endswith("?") for v in variants)


def test_loosen_pairs_rewrites_a_share_of_questions_the_same_way_everywhere() -> None:
    questions = [f"Who won the election in district number {i}?" for i in range(200)]
    pairs = [Pair(q, f"sentence {j}", "", j % 2, "squad-dev") for q in questions for j in range(3)]
    loose = loosen_pairs(pairs, share=0.25, seed=1)
    assert [(p.sentence, p.label, p.source) for p in loose] == [(p.sentence, p.label, p.source) for p in pairs]
    changed = {a.question: b.question for a, b in zip(pairs, loose) if a.question != b.question}
    assert 30 <= len(changed) <= 70
    for a, b in zip(pairs, loose):
        assert b.question == changed.get(a.question, a.question)
    assert loosen_pairs(pairs, share=0.25, seed=1) == loose
    assert loosen_pairs(pairs, share=0.0) == pairs
