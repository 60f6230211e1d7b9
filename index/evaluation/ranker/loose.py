"""Chat-style training questions: a share of the questions rewritten the way people type in Discord.

Dev questions are edited prose ("What did the minister say about the strike?"); users type "wat did
the minister say abt the strike". A share of the training questions is loosened — lower case, no
question mark or apostrophes, chat shortenings, and letters mistyped (a keyboard neighbour, a letter
dropped or doubled, two letters swapped) — so the reader learns to match loose questions too. Only
the question changes: the article's sentences stay as published. Off by default: a quarter of the
questions loosened (ranker "v7") was no clear gain on the dev and test splits (BENCHMARKS.md).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from index.evaluation.ranker.pairs import Pair

WORD_TYPO_RATE = 0.15  # chance per word of four letters or more, in a loosened question
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SHORT = {"what": ("wat", "wht", "whats"), "about": ("abt", "bout"), "you": ("u",), "people": ("ppl",),
          "because": ("bc", "cuz"), "are": ("r",), "with": ("w",), "please": ("pls",), "the": ("teh", "th")}
_WORD = re.compile(r"[A-Za-z]+")


def _neighbours(letter: str) -> str:
    """Keys beside ``letter`` on a QWERTY row ('' for a non-letter)."""
    for row in _KEYBOARD:
        i = row.find(letter.lower())
        if i >= 0:
            return row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    return ""


def mistype(word: str, rng: random.Random) -> str:
    """``word`` with one letter mistyped: a neighbouring key, a letter dropped or doubled, or two swapped."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("neighbour", "drop", "double", "swap"))
    if kind == "neighbour" and _neighbours(word[i]):
        return word[:i] + rng.choice(_neighbours(word[i])) + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def loosen(question: str, rng: random.Random) -> str:
    """``question`` as typed in a hurry; always changed in at least one way when it has a word to change."""

    def word(m: re.Match[str]) -> str:
        w = m.group()
        if w.lower() in _SHORT and rng.random() < 0.3:
            return rng.choice(_SHORT[w.lower()])
        return mistype(w, rng) if len(w) >= 4 and rng.random() < WORD_TYPO_RATE else w

    loose = _WORD.sub(word, question)
    if rng.random() < 0.6:
        loose = loose.lower()
    if rng.random() < 0.5:
        loose = loose.replace("'", "").replace("\u2019", "")
    if rng.random() < 0.5:
        loose = loose.rstrip().rstrip("?").rstrip()
    if loose == question:
        words = [w for w in _WORD.findall(question) if len(w) >= 4]
        if words:
            target = rng.choice(words)
            loose = question.replace(target, mistype(target, rng), 1)
    return loose


def loosen_pairs(pairs: list[Pair], *, share: float, seed: int = 0) -> list[Pair]:
    """``pairs`` with ``share`` of their distinct questions loosened, each the same way in all its pairs."""
    if share <= 0:
        return pairs
    rng = random.Random(seed)
    loose: dict[str, str] = {}
    for question in sorted({p.question for p in pairs}):
        if rng.random() < share:
            loose[question] = loosen(question, rng)
    return [replace(p, question=loose[p.question]) if p.question in loose else p for p in pairs]
