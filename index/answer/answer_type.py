"""Answer-type match: "how many" wants a number, "when" a date, "who" a name. Does the sentence have one?"""

from __future__ import annotations

import re

_NUMBER_Q = re.compile(r"\b(how (many|much|old|long|far|big|large|tall|often)|what (number|percent|percentage|share|amount)"
                       r"|how many)\b", re.I)
_WHEN_Q = re.compile(r"\b(when|what (year|date|day|month|time|century|decade)|which (year|date|day|month|century))\b", re.I)
_WHO_Q = re.compile(r"\b(who|whom|whose)\b", re.I)
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|hundred|"
                     r"hundreds|thousand|thousands|million|millions|billion|billions|half|twice|percent)\b", re.I)
_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
                    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|century|decade)\b")
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")


def answer_type_match(question: str, sentence: str) -> float:
    """1.0: the sentence has what the question asks for (a number, a date, a name); 0.0: it has not; 0.5: no type."""
    if _NUMBER_Q.search(question):
        return float(bool(_NUMBER.search(sentence)))
    if _WHEN_Q.search(question):
        return float(bool(re.search(r"\d", sentence) or _MONTH.search(sentence)))
    if _WHO_Q.search(question):
        return float(bool(_NAME.search(sentence)))
    return 0.5
