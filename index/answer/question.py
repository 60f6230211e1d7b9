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
