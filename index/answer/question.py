"""What shape of answer a question wants: one fact, or several parts ("who won and by how much?")."""

from __future__ import annotations

import re

from index.answer.answer_type import has_kind, wanted_kind

_WH = r"(?:who|whom|whose|what|when|where|which|why|how(?:\s+(?:many|much|long|old|far))?)"
_TWO_QUESTIONS = re.compile(rf"\b{_WH}\b.*\b(?:and|&|,)\s+{_WH}\b", re.IGNORECASE)
_LIST = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:are|were)\b|\b(?:list|name)\s+(?:the|all)\b|"
                   r"\bwhat\s+(?:countries|people|companies|states|cities|teams|players|measures|reasons|changes)\b",
                   re.IGNORECASE)


def is_multi_part(question: str) -> bool:
    """Whether ``question`` asks for more than one thing (two questions in one, or a list)."""
    return bool(_TWO_QUESTIONS.search(question) or _LIST.search(question))


TYPE_BONUS = 0.08  # first-stage bonus for a sentence of the kind of answer asked for
ECHO_PENALTY = 0.15  # first-stage penalty for a sentence that is itself a question (an FAQ heading)


def answer_shape_bonus(question: str, sentence: str) -> float:
    """A small first-stage adjustment: + for a number/date when one is asked for, - for a question echo."""
    bonus = 0.0
    kind = wanted_kind(question)
    if kind in ("number", "time") and has_kind(sentence, kind):
        bonus += TYPE_BONUS
    if sentence.rstrip().rstrip("\"'”’)").endswith("?"):
        bonus -= ECHO_PENALTY
    return bonus
