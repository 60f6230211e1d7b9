"""Whose words a question asks for, and whether a candidate quotes someone else instead.

"What did Shapiro say about the officer?" asks for Shapiro's words. A quotation the article
attributes to the mayor does not answer it, however close its topic: quoting it first would put
the mayor's words in Shapiro's mouth for a skimming reader. The speaker is read from the question
("what did X say / tell / think", "how did X react", "what was X's response"); a candidate is
someone else's words when the article's parser (index/ingest/attribution.py) attributes the
quotation it sits in to a speaker who is not X, named at the quotation (names compared as
index/quotes/names.py does, with a typo tolerated); a "she said" is not judged, since whom the pronoun
stands for is a guess, and neither is any quotation when X is a description ("Australia's environment
minister"), which the article may give by name. Sentences that report X's words without quotation
marks are not judged.
The rule applies only when the articles at hand name X: "what did the article say" asks no one.
When no article at hand has the word that identifies X (a surname), nothing there can be X's words:
no answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from rapidfuzz import fuzz

from index.ingest.attribution import Quotation
from index.quotes.names import PRONOUNS, name_words
from index.quotes.said import speaker_matches

MIN_IDENTIFYING = 4  # letters: a shorter word ("von", "der", "pm", "fbi") is not judged on its own
SAME_NAME_RATIO = 85  # rapidfuzz ratio of two name words that are the same name misspelled ("zuckerburg")
# speech verbs ("call" is left out: "what is X called" asks a name, not someone's words)
_VERB = (r"say|said|says|tell|told|think|thinks|thought|write|wrote|tweet|tweeted|post|posted|claim|claimed|"
         r"argue|argued|warn|warned|comment|commented|mean|meant|announce|announced|reveal|revealed")
_SAID = r"said|says|wrote|writes|told|tweeted|posted|thinks|thought|claimed|argued|warned|meant"
_AUXILIARY = re.compile(r"\b(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b", re.I)
_ASKED = (
    re.compile(rf"\bwhat\s+(?:did|does|do|has|have|had|is|was|were|would|will)\s+(?P<who>[^?,;]{{2,60}}?)\s+"
               rf"(?:(?:have|had|got|just|actually|really|then|later|first|even)\s+)*(?:to\s+)?(?:{_VERB})\b", re.I),
    re.compile(r"\bhow\s+(?:did|does|do|has|have)\s+(?P<who>[^?,;]{2,60}?)\s+"  # not "how is X described"
               r"(?:react|reacted|respond|responded|reply|replied|describe|described)\b", re.I),
    re.compile(r"\bwhat\s+(?:is|was|were|are)\s+(?P<who>[^?,;]{2,60}?)['’]s?\s+"
               r"(?:reaction|response|comments?|statement|message|view|take|reply|answer)\b", re.I),
    re.compile(rf"\bwhat\s+(?P<who>[^?,;]{{2,60}}?)\s+(?:{_SAID})\b", re.I),  # "what Biden said about…"
)
_ROLES = frozenset({"minister", "chief", "ceo", "cfo", "spokesman", "spokeswoman", "spokesperson", "lawyer",
                    "lawyers", "attorney", "official", "officer", "president", "director", "head", "secretary",
                    "mayor", "governor", "judge", "justice", "senator", "coach", "manager", "chairman", "chair",
                    "founder", "owner", "leader", "ambassador", "commissioner", "prosecutor",
                    "boss", "chancellor", "premier", "king", "queen", "pope", "representative", "rep", "sen"})
_NOT_A_SPEAKER = frozenset({"article", "articles", "story", "report", "reports", "piece", "text", "news", "paper",
                            "headline", "headlines", "it", "this", "that", "they", "people", "anyone", "someone",
                            "everyone", "experts", "officials", "critics", "analysts", "scientists", "residents",
                            "fans", "lawmakers", "observers", "economists", "doctors", "voters", "users", "politicians",
                            "leaders", "authorities", "police", "witnesses", "investors", "teachers", "parents"})


_THOUGHT = re.compile(r"\b(?:think|thinks|thought|believe|believes|believed|feel|feels|felt|mean|meant)\b", re.I)


def asks_for_thoughts(question: str) -> bool:
    """Whether ``question`` asks what someone thought or meant, which an article may report without their words
    ("Dalton assumed that…"), rather than what they said."""
    return bool(_THOUGHT.search(question))


def asks_a_pronoun(question: str) -> bool:
    """Whether ``question`` asks the words of "he" or "she" ("and what did she say about the fire?"): in a
    conversation, the person the question before asked about."""
    return next(_asked_phrases(question), "").lower() in {"he", "she"}


def asked_speaker(question: str) -> str | None:
    """Who ``question`` asks the words of ("Shapiro", "the government official"), or None."""
    for who in _asked_phrases(question):
        if _AUXILIARY.search(who):  # "what city … is called", "what year did Goodell call": not a speaker
            continue
        words, identifying = who.lower().split(), name_words(who)
        if not words or len(words) > 6 or who.lower() in PRONOUNS or not identifying:
            return None
        if identifying <= _NOT_A_SPEAKER or words[-1] in {"you", "we", "i"}:
            return None
        return who
    return None


def _asked_phrases(question: str) -> Iterator[str]:
    """The phrase in the place of the speaker ("Shapiro" in "what did Shapiro say"), for each question shape
    that matches, in :data:`_ASKED` order."""
    for pattern in _ASKED:
        match = pattern.search(question)
        if match:
            yield match.group("who").strip()


def as_named(asked: str, texts: Iterable[str], speakers: Iterable[str]) -> str:
    """``asked`` as the articles name them in full when the question gives only a first name that the articles
    mostly follow with one surname, and the person so named speaks in them (one of ``speakers``, the
    articles' quotations' speakers): "what did boris say" asks for "boris Johnson", whom the articles quote
    as "Johnson". Unchanged otherwise: "trump" (the articles say "Trump said", not only "Trump Tower"),
    "super" ("Super Bowl" says nothing)."""
    words = asked.split()
    if len(words) != 1 or not words[0].isalpha() or is_description(asked):
        return asked
    followers: Counter[str] = Counter()
    seen = 0
    for text in texts:
        for match in re.finditer(rf"\b(?i:{words[0]})\b(?: ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)?", text):
            if match.group(0)[0].isupper():
                seen += 1
                if match.group(1):
                    followers[match.group(1)] += 1
    if not followers:
        return asked
    surname, count = followers.most_common(1)[0]
    full = f"{words[0]} {surname}".lower()
    speaks = any(speaker.lower() == full for speaker in speakers)
    return f"{asked} {surname}" if speaks and 2 * count > seen else asked


def is_speaker(asked: str, quotation: Quotation) -> bool:
    """Whether the article attributes ``quotation`` to ``asked`` (full name, surname, description; a typo)."""
    if speaker_matches(asked, quotation):
        return True
    named = [n for n in (quotation.speaker, quotation.mention) if n and n.lower() not in PRONOUNS]
    wanted = name_words(asked)
    return any(wanted and all(_close(w, name_words(n)) for w in wanted) for n in named)


def named_in(asked: str, texts: Iterable[str]) -> bool:
    """Whether the texts name ``asked`` (every identifying word of it, a typo tolerated)."""
    wanted = name_words(asked)
    if not wanted:
        return False
    for text in texts:
        words = _words_of(text)
        if all(_close(w, words) for w in wanted):
            return True
    return False


def named_nowhere(asked: str, texts: Iterable[str]) -> bool:
    """Whether no text has the word that identifies ``asked``: its last word of four letters or more (a
    surname, the noun of a description), a typo tolerated. "What did von der Leyen say" over articles
    that never mention her; "what did Highland Park mayor Nancy Rotering say" over articles about
    Highland Park that do not name her."""
    head = _identifying_word(asked)
    return head is not None and not any(_close(head, _words_of(t)) for t in texts)


def names_head(asked: str, passage: str) -> bool:
    """Whether ``passage`` (a sentence or two, read once: not cached as an article's words are) has the word that
    identifies ``asked``; true when nothing identifies them."""
    head = _identifying_word(asked)
    return head is None or _close(head, name_words(passage))


def _identifying_word(asked: str) -> str | None:
    """The last name word of ``asked`` of four letters or more (a surname, the noun of a description)."""
    ordered = [w for token in asked.split() for w in sorted(name_words(token))]
    return next((w for w in reversed(ordered) if len(w) >= MIN_IDENTIFYING), None)


def someone_elses(asked: str, quotation: Quotation | None) -> bool:
    """A quotation the article attributes, by name or description at the quotation itself, to a speaker
    who is not ``asked``. A "she wrote" is not judged: whom the pronoun stands for is the parser's guess
    (it can pick the last person named, not the one speaking)."""
    if quotation is None or quotation.speaker is None or is_description(asked):
        return False
    if quotation.mention is not None and quotation.mention.strip().lower() in PRONOUNS:
        return False
    return not is_speaker(asked, quotation)


def is_description(asked: str) -> bool:
    """Whether ``asked`` describes a speaker ("Australia's environment minister", "the government official")
    rather than naming one: the article may name that person ("Tanya Plibersek"), so a quotation attributed
    to a name is not held to be someone else's."""
    words = asked.lower().replace("’", "'").split()
    return bool(words) and (words[0] in {"the", "a", "an"} or any(w.endswith("'s") for w in words[:-1])
                            or any(w.strip(".,") in _ROLES for w in words))


@lru_cache(maxsize=256)
def _words_of(text: str) -> frozenset[str]:
    """The name words of an article's text (the same few articles are asked about again and again)."""
    return name_words(text)


def _close(word: str, words: frozenset[str]) -> bool:
    if word in words:
        return True
    return len(word) >= 5 and any(len(w) >= 5 and fuzz.ratio(word, w) >= SAME_NAME_RATIO for w in words)
