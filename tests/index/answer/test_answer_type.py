"""Answer-type match: the question's wanted type (number, date, name) against the sentence."""

from __future__ import annotations

from index.answer.answer_type import answer_type_match


def test_answer_type_match() -> None:
    question = "How many people were wounded when the crane fell?"
    assert answer_type_match(question, "It killed 107 or more and wounded 238.") == 1.0
    assert answer_type_match(question, "The accident was caused by strong winds.") == 0.0
    assert answer_type_match("When did the embargo begin?", "It began in October.") == 1.0
    assert answer_type_match("Who leads the party?", "It is led by Friedrich Merz.") == 1.0
    assert answer_type_match("Who leads the party?", "it is led by nobody at all.") == 0.0
    assert answer_type_match("What did the mayor say?", "Anything.") == 0.5
