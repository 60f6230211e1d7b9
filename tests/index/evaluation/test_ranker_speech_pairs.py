"""Synthetic "what did X say" pairs: the asked speaker's quotation is the positive, other speakers' are negatives."""

from __future__ import annotations

import random

from index.evaluation.ranker.speech_pairs import article_pairs

ARTICLE = (
    "The city council voted on Tuesday to close the Elm Street library.\n\n"
    "Mayor Jane Ortiz defended the library closure at a packed meeting.\n\n"
    "“We cannot keep the library open with a budget this small,” Ortiz said.\n\n"
    "Ortiz was elected in 2019 after two terms on the council.\n\n"
    "Councillor Tom Reyes opposed the closure of the library.\n\n"
    "“Closing a library is the last thing a city should cut,” Reyes said.\n\n"
    "The library will close in March.")


def test_the_asked_speakers_quotation_is_the_only_positive() -> None:
    for seed in range(6):
        pairs = article_pairs(ARTICLE, random.Random(seed), title="Council votes to close library")
        assert pairs and {p.source for p in pairs} == {"speech"}
        by_question: dict[str, list[tuple[str, int]]] = {}
        for p in pairs:
            by_question.setdefault(p.question, []).append((p.sentence, p.label))
        assert len(by_question) == 2  # one question per speaker
        for question, rows in by_question.items():
            asked = "Ortiz" if "Ortiz" in question else "Reyes"
            other = "Reyes" if asked == "Ortiz" else "Ortiz"
            positives = [s for s, label in rows if label]
            assert len(positives) == 1 and positives[0].startswith("“") and f"{asked} said" in positives[0]
            assert any(not label and f"{other} said" in s for s, label in rows)


def test_a_sentence_naming_the_speaker_without_their_words_is_a_negative() -> None:
    rows = [(p.question, p.sentence, p.label) for seed in range(8)
            for p in article_pairs(ARTICLE, random.Random(seed), title="Council votes to close library")]
    biography = [label for q, s, label in rows if "Ortiz" in q and s.startswith("Ortiz was elected")]
    assert biography and not any(biography)


def test_questions_name_the_speaker_without_titles_and_ask_about_a_word_of_the_story() -> None:
    questions = {p.question for seed in range(10)
                 for p in article_pairs(ARTICLE, random.Random(seed), title="Council votes to close library")}
    assert not any("Mayor" in q or "Councillor" in q for q in questions)
    assert any("library" in q for q in questions)
    assert all(q.split()[0] in {"What", "what", "How"} for q in questions)


def test_an_article_without_attributed_quotations_gives_no_pairs() -> None:
    assert article_pairs("The library will close in March.\n\nIt opened in 1901.", random.Random(0)) == []
