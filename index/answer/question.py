"""What shape of answer a question wants: one fact, or several parts ("who won and by how much?")."""

from __future__ import annotations

import re

_WH = r"(?:who|whom|whose|what|when|where|which|why|how(?:\s+(?:many|much|long|old|far))?)"
_TWO_QUESTIONS = re.compile(rf"\b{_WH}\b.*\b(?:and|&|,)\s+{_WH}\b", re.IGNORECASE)
_LIST = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:are|were)\b|\b(?:list|name)\s+(?:the|all)\b|"
                   r"\bwhat\s+(?:countries|people|companies|states|cities|teams|players|measures|reasons|changes)\b",
                   re.IGNORECASE)


def is_multi_part(question: str) -> bool:
    """Whether ``question`` asks for more than one thing (two questions in one, or a list)."""
    return bool(_TWO_QUESTIONS.search(question) or _LIST.search(question))


_WANTS_NUMBER = re.compile(r"\bhow\s+(?:many|much|long|old|far|often|big|large|tall|high)\b|"
                          r"\bwhat\s+(?:percent(?:age)?|number|amount|age|price|share|proportion)\b", re.IGNORECASE)
_WANTS_TIME = re.compile(r"^\W*when\b|\bwhen\s+(?:did|does|do|is|was|were|will|are|has|have|had)\b|"
                        r"\bwhat\s+(?:year|date|day|time|month)\b|\bhow\s+long\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|hundreds?|thousands?|millions?|billions?|dozens?|half)\b", re.IGNORECASE)
_TIME = re.compile(r"\d|\b(?:(?:Jan|Febr)uary|March|April|May|June|July|August|September|October|November|"
                   r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
                   r"tomorrow|last|next|ago|since|until)\b", re.IGNORECASE)
TYPE_BONUS = 0.08  # first-stage bonus for a sentence of the kind of answer asked for
ECHO_PENALTY = 0.15  # first-stage penalty for a sentence that is itself a question (an FAQ heading)


def answer_shape_bonus(question: str, sentence: str) -> float:
    """A small first-stage adjustment: + for a number/date when one is asked for, - for a question echo."""
    bonus = 0.0
    if (_WANTS_NUMBER.search(question) and _NUMBER.search(sentence)) or (
            _WANTS_TIME.search(question) and _TIME.search(sentence)):
        bonus += TYPE_BONUS
    if sentence.rstrip().rstrip("\"'”’)").endswith("?"):
        bonus -= ECHO_PENALTY
    return bonus
