"""Loose and misspelled questions: correct question words against the collection's own words.

"wat happend to irans presdent in the helicoptor" is asked as "what happened to iran president in
the helicopter". A word is left alone when the collection uses it or it is an English word (the
frequency list that ships with symspellpy); otherwise it becomes the closest word (optimal string
alignment distance, so a swap of two letters counts once) of the same first letter, preferring
words of the collection, then frequent ones. A few chat abbreviations are spelled out, and chat
filler ("lol", "lmao") is dropped. Names the collection knows ("Newsom", "lecanemab") are never
"corrected", because the collection uses them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

WORD = re.compile(r"[a-z][a-z0-9]*")
_VOWEL = re.compile(r"[aeiouy]")
_QUESTION_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?|\S")

CHAT = {
    "u": "you", "ur": "your", "r": "are", "ppl": "people", "abt": "about", "bc": "because", "cuz": "because",
    "govt": "government", "gov": "government", "wat": "what", "wut": "what", "wht": "what", "wen": "when",
    "whn": "when", "hw": "how", "yr": "year", "yrs": "years", "tho": "though", "pls": "please", "plz": "please",
    "smth": "something", "sth": "something", "b4": "before", "tmrw": "tomorrow", "pres": "president",
    "dept": "department", "intl": "international", "natl": "national", "w": "with", "wrt": "about",
    "wich": "which", "whitch": "which", "becuase": "because", "definately": "definitely",
    "lol": "", "lmao": "", "lmfao": "", "ngl": "", "tbh": "", "bruh": "", "fr": "",
    **{c.replace("'", ""): c for c in (
        "didn't", "doesn't", "don't", "isn't", "wasn't", "won't", "can't", "hasn't", "haven't", "aren't",
        "weren't", "shouldn't", "wouldn't", "couldn't", "i'm", "i've", "you're", "they're", "what's", "who's",
        "he's", "she's", "that's", "there's", "where's", "how's")},  # not "its": a word
}
"""Chat shorthand spelled out ("" drops a word that carries nothing)."""

MIN_LENGTH = 4  # shorter words are too ambiguous to correct
RARE_ENGLISH = 50_000  # an English word this rare (count in symspellpy's list; "when": 650 million) ...
LIKELIER = 1_000  # ... is taken for a typo of a collection word one edit away that is this many times as frequent


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """English words and their frequencies (the dictionary symspellpy ships)."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    words: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if word:
            words[word] = int(count or 0)
    return words


def collection_words(texts: Iterable[str]) -> Counter[str]:
    """The lower-cased words of some texts, counted."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD.findall(text.lower()))
    return counts


class Speller:
    """Corrects question words against one collection's words (``words``) and English."""

    def __init__(self, words: Counter[str]) -> None:
        self.words = words
        self._buckets: dict[str, list[str]] | None = None

    def correct(self, question: str) -> str:
        """The question with misspelled words replaced (unchanged when every word is known)."""
        out: list[str] = []
        changed = False
        for match in _QUESTION_WORD.finditer(question):
            token = match.group()
            fixed = self._word(token)
            changed |= fixed != token
            if fixed:
                out.append(fixed)
        return " ".join(out) if changed else question

    def _word(self, token: str) -> str:
        lower = token.lower()
        if lower in CHAT:
            return CHAT[lower]
        if not lower.isalpha() or len(lower) < MIN_LENGTH:
            return token
        if self._known(lower):
            return self._likelier(lower) or token
        if not _VOWEL.search(lower):  # "pmqs": an abbreviation the collection spells out, not a typo of "pms"
            return token
        if lower.endswith("s") and lower[:-1] in self.words:  # "irans" -> "iran", a possessive typed without '
            return lower[:-1]
        fixed = self._closest(lower)
        if fixed is None and lower.endswith("s"):  # "wnedys" -> "wendy": a misspelled possessive typed without '
            stem = self._closest(lower[:-1])
            fixed = stem if stem in self.words else None
        return fixed or token

    def _likelier(self, word: str) -> str | None:
        """A far more frequent word of the collection one edit away, when ``word`` is a rare English word the
        collection does not use: "say wheen Meta announced" is a typo of "when", not the Scots word."""
        frequency = english_words().get(word, 0)
        if word in self.words or frequency >= RARE_ENGLISH:
            return None
        likelier = [candidate for candidate, _ in self._within(word, 1)
                    if candidate in self.words and english_words().get(candidate, 0) >= max(frequency, 1) * LIKELIER]
        return max(likelier, key=lambda candidate: self.words[candidate]) if likelier else None

    def _known(self, word: str) -> bool:
        return word in self.words or word in english_words()

    def _closest(self, word: str) -> str | None:
        limit = 1 if len(word) <= 6 else 2
        best: tuple[int, int, int, str] | None = None
        for candidate, distance in self._within(word, limit):
            key = (distance, 0 if candidate in self.words else 1,
                   -(self.words.get(candidate, 0) * 1000 + english_words().get(candidate, 0) // 10**6), candidate)
            if best is None or key < best:
                best = key
        return best[3] if best else None

    def _within(self, word: str, edits: int) -> list[tuple[str, int]]:
        """Up to 20 words of the collection or English, of the same first letter, at most ``edits`` edits away."""
        return [(candidate, int(distance)) for candidate, distance, _ in
                process.extract(word, self._bucket(word[0]), scorer=OSA.distance, score_cutoff=edits, limit=20)]

    def _bucket(self, first: str) -> list[str]:
        if self._buckets is None:
            buckets: dict[str, list[str]] = {}
            for word in [*self.words, *english_words()]:
                if len(word) >= MIN_LENGTH - 1 and word.isalpha():
                    buckets.setdefault(word[0], []).append(word)
            self._buckets = {k: list(dict.fromkeys(v)) for k, v in buckets.items()}
        return self._buckets.get(first, [])
