"""Evidence coverage: the names and numbers a question hinges on, and whether a passage mentions them.

"Did IHOP add an egg surcharge?" hinges on "IHOP": a sentence about Waffle House, however close in
meaning, cannot answer it. A name or number of the question that appears nowhere near a candidate
sentence is a strong "no" for the calibration.
"""

from __future__ import annotations

import re

from index.quotes.normalize import fold

_NAMEISH = re.compile(r"\b(?:[A-Z][a-zA-Z'’\-]+|\d[\d,.]*)\b")
QUESTION_WORDS = frozenset({
    "What", "Which", "Who", "Whom", "Whose", "When", "Where", "Why", "How", "In", "On", "The", "A", "An", "Is", "Are",
    "Was", "Were", "Did", "Do", "Does", "According", "After", "Before", "During", "For", "To", "Of", "By", "With", "At",
    "From", "As", "This", "That", "These", "Those", "If", "Can", "Could", "Will", "Would", "Has", "Have", "Had", "Q",
})


def key_names(question: str) -> list[str]:
    """Capitalised words and numbers of the question (question words left out)."""
    return [m.group(0) for m in _NAMEISH.finditer(question) if m.group(0) not in QUESTION_WORDS]


def missing_share(question: str, context: str) -> tuple[int, int]:
    """(names and numbers in the question, how many of them the context does not mention)."""
    names = key_names(question)
    text = fold(context)
    missing = sum(1 for name in names if fold(name).strip(".,") not in text)
    return len(names), missing
