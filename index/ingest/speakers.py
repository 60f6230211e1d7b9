"""Speaker mentions: is a phrase someone who can speak, and whom does "he" / "the spokesman" stand for.

Used by index/ingest/attribution.py. Resolution is by position only (no gender, no parser):
a pronoun is the nearest named speaker or person-like name before it; a definite description
("the spokesman") is the name the article gave it ("John Kirby, the Pentagon spokesman", or
"Pentagon spokesman John Kirby"); a surname ("Kirby") is completed from its first full mention.
Anything else is kept as written ("an unnamed government official").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CUE_WORDS = _words(
    "said says say saying told tells telling added adds adding wrote writes writing asked asks asking stated "
    "declared explained explains noted notes argued argues replied replies responded responds continued "
    "continues concluded concludes tweeted tweets insisted insists warned warns claimed claims recalled recalls "
    "acknowledged acknowledges admitted admits countered counters remarked remarks observed observes announced "
    "announces complained complains joked jokes quipped quips urged urges suggested suggests predicted predicts "
    "called calls calling described describes mocked mocks promised promises vowed vows pledged pledges boasted "
    "boasts cautioned shouted yelled whispered reported reports posted posts read reads testified testifies "
    "conceded concedes emphasized stressed mused wondered demanded demands confirmed confirms denied denies "
    "exclaimed opined thundered chimed repeated repeats recounted explaining noting arguing insisting warning "
    "asserted asserts contended contends insisting declaring describing describe referred refers thanked thanks "
    "pledging claiming yelling saying promising vowing blasted blasts praised praises accused accusing dubbed "
    "labeled branded criticized criticizing lamented predicting recalling warning"
)
CUE = r"(?:according to|pointed out|went on|" + "|".join(sorted(_CUE_WORDS, key=len, reverse=True)) + r")"
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you", "who"})
PERSONAL = frozenset({"he", "she"})
_DETERMINERS = frozenset({
    "the", "a", "an", "one", "another", "some", "several", "many", "two", "three", "four", "five", "other", "his",
    "her", "their", "its", "our", "both", "most", "few", "no", "each", "this", "that", "these", "those", "senior",
    "top", "former", "unnamed", "anonymous", "all", "more", "critics", "officials", "sources", "supporters",
    "analysts", "experts", "aides", "residents", "people", "others", "voters", "democrats", "republicans",
})
_NOT_SUBJECT = frozenset({
    "it", "there", "this", "that", "what", "which", "when", "where", "why", "how", "as", "if", "is", "was",
    "be", "been", "being", "has", "have", "had", "do", "does", "did", "not", "to", "of", "for", "with",
})
_VERBISH = _words("is was were are be been has have had would will could should did does do not can may might must "
                  "began begin begins got get gets")
_NOT_NAME = _words("""The A An In On At But And When While As If For With From By After Before During Since Yet
So Or Nor Mr Mrs Ms Dr Sen Rep Gov Gen This That These Those It He She They We I His Her Their Our Its Monday Tuesday
Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
November December Last Next Even Still Now Then Meanwhile However Also According Asked Speaking""")
_ORGISH = _words("""House Senate Party Department Ministry University College News Times Post Journal Agency
Committee Street County State States City Council Court Congress Administration Office Center Institute Foundation
Association Campaign Network Press Review Company Corp Inc Group Force Forces Army Navy Iraq Syria Israel America
Republican Republicans Democratic Democrats Union Airport Base Church School Hospital Bank""")
_NAME = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'.-]*\.?\s+){1,3}[A-Z][\w’'-]+")
_NOT_SPEAKER = _NOT_NAME - {"The", "A", "An", "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen"}
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen"})
_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?”\"]\s)|(?<=\n))(?P<name>(?:(?:[A-Z][\w’'-]*|[A-Z][a-z]{{0,2}}\.)\s+){{0,3}}[A-Z][\w’'-]+)"
    rf"(?=\s*,\s+(?:(?:a|an|the|who)\b|\d)|\s+(?:{CUE}|who|has|had|was|is|also|then|later|did|does|would|will|could|went)\b)",
    re.MULTILINE)
_CLEAN_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof)\.?\s+)+")


class Attributed(Protocol):
    """What resolution needs of an earlier quotation."""

    @property
    def start(self) -> int: ...
    @property
    def speaker(self) -> str | None: ...


def valid_mention(phrase: str) -> bool:
    """Could this phrase be who said something: a name, a pronoun, or a description?"""
    words = phrase.split()
    if not words or len(words) > 12 or any(c in phrase for c in "“”\"?!"):
        return False
    first = words[0].lower().strip(".,")
    if first in PRONOUNS:
        return len(words) == 1 and first not in ("it", "who", "you")
    if len(words) == 1 and first in _DETERMINERS and not first.endswith("s"):
        return False  # "Another", "One": a determiner with no noun ("Officials", "Critics" are fine)
    if any(w.lower() in _VERBISH for w in words) or words[0].strip(".,") in _NOT_SPEAKER:
        return False
    if first in _NOT_SUBJECT:
        return False
    if words[0][:1].isupper() or first in _DETERMINERS:
        return True
    return len(words) <= 6 and words[-1].lower().endswith(("man", "woman", "person", "official", "officials",
                                                              "spokesperson", "sources", "aide", "aides"))


def is_name(phrase: str) -> bool:
    """A proper name (starts with a capital, not a pronoun or a determiner)."""
    words = phrase.split()
    return bool(words) and words[0][:1].isupper() and words[0].lower() not in PRONOUNS | _DETERMINERS


def resolve(text: str, mention: str, before: int, earlier: Sequence[Attributed]) -> str:
    """The person a mention at ``before`` stands for (see the module doc); the mention itself when unknown."""
    lowered = mention.lower()
    if lowered in PERSONAL:
        return _nearest_person(text, before, earlier) or mention
    if is_name(mention):
        return full_name(text, mention, before)
    if lowered.startswith("the ") and len(mention.split()) <= 4:
        return _described(text, mention, before) or mention
    return mention


def full_name(text: str, name: str, before: int) -> str:
    """``Kirby`` -> ``John Kirby`` when the article named him in full earlier (titles dropped)."""
    bare = _CLEAN_TITLE.sub("", name).strip()
    if " " in bare or not bare:
        return name
    for m in re.finditer(rf"(?<![\w’'.-])((?:(?:[A-Z][\w’'-]+|[A-Z]\.)\s+){{1,2}}){re.escape(bare)}\b",
                         text[: max(before, 0) + len(bare) + 1]):
        words = [w for w in m.group(1).split() if w.rstrip(".") not in _NOT_NAME]
        if words and not any(w in _ORGISH for w in words):
            return " ".join([*words, bare])
    return bare


def _nearest_person(text: str, before: int, earlier: Sequence[Attributed]) -> str | None:
    """The nearest earlier named speaker: of a quotation, or a name that is a sentence's subject (~2,000 chars back)."""
    window = max(0, before - 2000)
    named = [q for q in earlier if q.speaker and is_name(q.speaker) and window <= q.start < before]
    best_at, best = (named[-1].start, named[-1].speaker) if named else (-1, None)
    for m in _SUBJECT.finditer(text, max(window, best_at + 1), max(before, 0)):
        words = m.group("name").split()
        while words and words[0].rstrip(".") in _NOT_NAME - _TITLES:
            words = words[1:]
        if words and not any(w.strip(".,’'") in _ORGISH for w in words):
            best_at, best = m.start(), full_name(text, " ".join(words), m.start())
    return best


def _described(text: str, description: str, before: int) -> str | None:
    """``the spokesman`` -> the name the article gave that description before ``before``."""
    head = description.split()[-1]
    prior = text[: max(before, 0)]
    found: str | None = None
    appositive = re.compile(rf"((?:[A-Z][\w’'.-]+\s+){{0,2}}[A-Z][\w’'-]+),\s+(?:the|a|an)\s+[^,.;]*\b{re.escape(head)}\b")
    title = re.compile(rf"\b{re.escape(head)}\s+((?:[A-Z][\w’'.-]+\s+){{0,2}}[A-Z][\w’'-]+)")
    for pattern in (appositive, title):
        for m in pattern.finditer(prior):
            name = m.group(1)
            if name.split()[0] not in _NOT_NAME:
                found = name if found is None or m.start() > prior.rfind(found) else found
    return found
