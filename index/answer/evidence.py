"""Evidence coverage: the names and numbers a question hinges on, and whether a passage mentions them.

"Did IHOP add an egg surcharge?" hinges on "IHOP": a sentence about Waffle House, however close in
meaning, cannot answer it. A name or number of the question that appears nowhere near a candidate
sentence is a strong "no" for the calibration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from index.answer.speaker import asked_speaker
from index.quotes.normalize import fold

QUESTION_WORDS = frozenset({
    "What", "Which", "Who", "Whom", "Whose", "When", "Where", "Why", "How", "In", "On", "The", "A", "An", "Is", "Are",
    "Was", "Were", "Did", "Do", "Does", "According", "After", "Before", "During", "For", "To", "Of", "By", "With", "At",
    "From", "As", "This", "That", "These", "Those", "If", "Can", "Could", "Will", "Would", "Has", "Have", "Had", "Q",
})


_TOKEN = re.compile(r"\d(?:[\d,.]*\d)?|[^\W\d_][\w'’\-.]*")
# the adjective of a place or people ("Filipino", "British"): an article may name it otherwise ("the Philippines", "UK")
_ADJECTIVE_OF_PLACE = re.compile(r"(?:ish|ian|ese|ino|ean|ican)$")
_WORD = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_ENDS = ".?!:;\"“("  # what a sentence (or a quotation, or an aside) starts after
# small words a question capitalises only in title case ("What Did Trump Say About Tariffs?")
_FUNCTION_WORDS = frozenset({
    "about", "after", "and", "are", "before", "did", "does", "for", "from", "has", "have", "his", "her", "in", "into",
    "is", "it", "its", "of", "on", "or", "over", "said", "say", "says", "than", "that", "the", "their", "they", "this",
    "to", "was", "were", "what", "when", "who", "will", "with",
})
TITLE_CASE_FUNCTION_WORDS = 2  # capitalised where no sentence starts: the capitals mark nothing
SHOUTING_SHARE = 0.6  # of the question's words in capitals: it is shouted, and capitals mark nothing
# a compass word before a name says where, not who: "East German" students are German ones, "South Korea" is Korea
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"})
MIN_NUMBER_DIGITS = 2  # a lone digit is as often written as a word ("three") as not
LETTERS_PER_TYPO = 5  # a misspelt word is one edit (a swap is one) per five letters from the article's
MIN_STEM = 4  # letters an adjective shares with the name it comes from ("Indian" / "India", "British" / "Britain")


def question_names(question: str) -> list[str]:
    """The names and numbers the question hinges on: words capitalised where no sentence starts (a word that opens
    the question or a sentence in it counts only in capitals, "IHOP"), a run of them one name ("World Cup"), and
    numbers of two digits or more. Question words, capitalised openers ("Along with…", "Besides…") and the
    adjectives of places are left out."""
    names: list[str] = []
    capitals, acronyms = _what_capitals_mark(question)
    last_end = -1  # where the previous name ended, when the last token was part of it
    for m in _TOKEN.finditer(question):
        name = re.sub(r"['’]s$", "", m.group(0).rstrip(".-'’"))
        named = bool(name) and name not in QUESTION_WORDS
        if named and name[0].isdigit():
            named = sum(ch.isdigit() for ch in name) >= MIN_NUMBER_DIGITS
        elif named:
            opens_sentence = _opens_sentence(question, m.start())
            acronym = acronyms and len(name) > 1 and name.isupper()
            named = acronym or (capitals and name[0].isupper() and not _ADJECTIVE_OF_PLACE.search(name)
                                and not opens_sentence)
        if not named:
            last_end = -1
        elif last_end >= 0 and question[last_end: m.start()] == " " and not name[0].isdigit():
            names[-1] = f"{names[-1]} {name}"
            last_end = m.start() + len(name)
        else:
            names.append(name)
            last_end = m.start() + len(name) if not name[0].isdigit() else -1
    return names


@lru_cache(maxsize=1024)
def hinged_names(question: str) -> tuple[str, ...]:
    """What the ranker looks for around a candidate: :func:`question_names`, but for the person whose words the
    question asks for ("What did Shapiro say about the officer?" hinges on no name there). A quotation seldom names
    its speaker in the sentence or the next; whether it is theirs is the speaker rule's to judge."""
    names = question_names(question)
    speaker = asked_speaker(question)
    if speaker:
        said_by = set(_WORD.findall(fold(speaker)))
        names = [n for n in names if not set(_WORD.findall(fold(n))) <= said_by]
    return tuple(names)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3): start].rstrip()
    return not before or before[-1] in _SENTENCE_ENDS


def _what_capitals_mark(question: str) -> tuple[bool, bool]:
    """Whether a capital marks a name in ``question``, and whether a word in capitals is an acronym: neither when the
    question is shouted, only acronyms in title case."""
    words = list(_LETTERS.finditer(question))
    if words and sum(len(m.group(0)) > 1 and m.group(0).isupper() for m in words) >= SHOUTING_SHARE * len(words):
        return False, False
    titled = sum(1 for m in words if m.group(0)[0].isupper() and m.group(0).lower() in _FUNCTION_WORDS
                 and not _opens_sentence(question, m.start()))
    return titled < TITLE_CASE_FUNCTION_WORDS, True


def unmentioned(question: str, texts: list[str]) -> list[str]:
    """The names and numbers of ``question`` that none of ``texts`` mentions, a misspelling or the adjective of a
    name ("Indian" for India) tolerated. "Did IHOP add an egg surcharge?" over articles about Waffle House: IHOP."""
    names = question_names(question)
    if not names:  # nothing to look for: the articles are not read
        return []
    vocabularies = [_vocabulary(text) for text in texts]
    words = frozenset().union(*(w for w, _ in vocabularies))
    digits = " ".join(d for _, d in vocabularies)
    return [name for name in names if not _mentioned(name, words, digits)]


def missing_names(names: Sequence[str], context: str) -> int:
    """How many of ``names`` ``context`` does not mention, as :func:`unmentioned` judges a mention."""
    if not names:
        return 0
    words, digits = _folded_words(context)  # a candidate's context is read once: not cached
    return sum(1 for name in names if not _mentioned(name, words, digits))


@lru_cache(maxsize=256)
def _vocabulary(text: str) -> tuple[frozenset[str], str]:
    """An article's :func:`_folded_words`, kept (folding costs ~20 ms for a dozen articles, and the same few articles
    are asked about again and again)."""
    return _folded_words(text)


def _folded_words(text: str) -> tuple[frozenset[str], str]:
    """A text's folded words, and its folded text without thousands commas."""
    folded = fold(text).replace("’", "'")
    return frozenset(_WORD.findall(folded)), folded.replace(",", "")


def _mentioned(name: str, words: frozenset[str], digits: str) -> bool:
    if name[0].isdigit():
        return re.search(rf"(?<![\d.]){re.escape(name.replace(',', ''))}(?![\d])", digits) is not None
    parts = _WORD.findall(fold(name))
    return all(_word_mentioned(part, words) for part in [p for p in parts if p not in _COMPASS] or parts)


def _word_mentioned(word: str, words: frozenset[str]) -> bool:
    """Whether ``words`` has ``word``, a word it is the adjective of or sharing its stem, or it misspelt."""
    if word in words or len(word) < 3:
        return True
    stem = word[: max(MIN_STEM, len(word) - 3)]
    if any(w.startswith(stem) for w in words):
        return True
    typos = len(word) // LETTERS_PER_TYPO
    if typos and process.extractOne(word, words, scorer=OSA.distance, score_cutoff=typos) is not None:
        return True
    # a shorter word survives a letter dropped, doubled or swapped ("Trmp"), not one replaced ("IHOP" is not "shop")
    return len(word) >= MIN_STEM and any(_dropped_doubled_or_swapped(word, w) for w in words
                                         if abs(len(w) - len(word)) <= 1 and w[:1] == word[:1])


def _dropped_doubled_or_swapped(typed: str, word: str) -> bool:
    if len(typed) != len(word):
        return Indel.distance(typed, word, score_cutoff=1) <= 1
    return sorted(typed) == sorted(word) and OSA.distance(typed, word, score_cutoff=1) <= 1
