"""What a question asks for: its kind of answer, the names and numbers it hinges on, yes/no or not.

Plain rules over the question's words (no model): enough to tell "how many" (a number), "when" (a
date), "who" (a person or group), "where" (a place), a yes/no question, and "what did X say" (a
quotation), and to list the capitalised names, numbers and rare words a sentence must mention to
answer it (evidence coverage for abstention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.retrieval.spelling import english_words

_WH = re.compile(r"^\W*(?:and\s+|so\s+|but\s+|then\s+|ok\s+)?(how many|how much|how long|how old|how far|when|"
                 r"what year|what time|what date|which year|who|whom|whose|where|why|how|what|which)\b", re.I)
_YES_NO = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?(is|are|was|were|do|does|did|has|have|had|can|could|will|would|"
                     r"should|shall|may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|hasn't|"
                     r"haven't|won't|wouldn't|can't|couldn't)\b", re.I)
_SAID = re.compile(r"\b(say|said|says|saying|tell|told|comment|commented|respond|responded|react|reacted|"
                   r"claim|claimed|call|called|describe|described|announce|announced|tweet|tweeted|post|posted|"
                   r"write|wrote|statement|quote|quoted)\b", re.I)
_NUMBER = re.compile(r"\b\d[\d,.]*%?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                     r"thirty|forty|fifty|hundred|thousand|million|billion|trillion)\b", re.I)
_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|de|von|van|al|bin)?\s*[A-Z][\w'’.-]*)*")
_WORD = re.compile(r"[a-z][a-z'’]+")
_STOP_CAPS = frozenset({"i", "what", "who", "when", "where", "why", "how", "which", "is", "are", "was", "were", "did",
                        "does", "do", "the", "a", "an", "in", "on", "if", "and", "so", "but", "has", "have", "can",
                        "will", "would", "should", "could", "tell", "any", "whats", "whos", "wat", "wen"})

KINDS = ("number", "date", "person", "place", "reason", "manner", "said", "yesno", "thing")


@dataclass(frozen=True)
class Question:
    """A question, analysed."""

    text: str
    kind: str  # one of KINDS
    names: tuple[str, ...]  # capitalised names in the question ("Shapiro", "Eras Tour")
    numbers: tuple[str, ...]  # numbers and years ("2024", "33")
    rare: tuple[str, ...]  # uncommon words the answer will likely repeat ("helicopter", "surcharge")

    @property
    def key_terms(self) -> tuple[str, ...]:
        """What a sentence that answers must mention (or its neighbours must)."""
        return self.names + self.numbers + self.rare


def analyse(text: str) -> Question:
    """The kind of answer ``text`` asks for, and the terms it hinges on."""
    return Question(text, _kind(text), _names(text), tuple(m.group() for m in _NUMBER.finditer(text)), _rare(text))


def _kind(text: str) -> str:
    if _SAID.search(text) and re.search(r"\b(what|how)\b", text, re.I):
        return "said"
    wh = _WH.match(text)
    if wh is None:
        return "yesno" if _YES_NO.match(text) else "thing"
    word = wh.group(1).lower()
    if word in ("how many", "how much", "how long", "how old", "how far"):
        return "number"
    if word in ("when", "what year", "what time", "what date", "which year"):
        return "date"
    if word in ("who", "whom", "whose"):
        return "person"
    return {"where": "place", "why": "reason", "how": "manner"}.get(word, "thing")


def _names(text: str) -> tuple[str, ...]:
    names = []
    for match in _NAME.finditer(text):
        words = [w for w in match.group().split() if w.lower().strip(".'’") not in _STOP_CAPS]
        if words and not (match.start() == 0 and len(words) == 1 and words[0].lower() in english_words()):
            names.append(" ".join(words).rstrip(".'’s"))
    return tuple(n for n in dict.fromkeys(names) if n)


def _rare(text: str) -> tuple[str, ...]:
    """Words a news story would repeat: not among the ~20,000 most common English words."""
    common = english_words()
    cutoff = 2_000_000  # occurrences in symspellpy's frequency list; "helicopter" ~ 8M is not rare enough
    return tuple(w for w in dict.fromkeys(_WORD.findall(text.lower())) if len(w) > 3 and common.get(w, 0) < cutoff)
