"""Details a paraphrase adds: numbers, names and sweeping claims that the source sentence does not support.

"Denny's said it would add a $1 surcharge to every egg dish at all 1,300 of its restaurants" may be
close in meaning to the article's sentence, but if "$1", "every" and "1,300" are not in it, the
paraphrase invents them: it is *unsupported*, not a paraphrase. Numbers and sweeping words
("every", "all", "only", …) must be in the source sentence itself; a name may be anywhere in its
paragraph or the title (the sentence may say "the chain" after the paragraph named it).
"""

from __future__ import annotations

import re

from index.quotes.normalize import normalize, tokens
from index.quotes.words import STOPWORDS, Words, is_name, is_number, number_value

SWEEPING = frozenset(
    ["every", "all", "always", "only", "entire", "entirely", "each", "everyone", "everybody", "everything",
     "completely", "totally", "permanently", "forever", "solely", "exclusively", "whole"]
)
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
                 "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000"}


def _keys(text: str) -> list[str]:
    return [k for _, _, k in tokens(normalize(text))]


def _number(key: str) -> str:
    value = number_value(key)
    value = re.sub(r"^(\d+)\.0+$", r"\1", value)
    return _NUMBER_WORDS.get(value, value)


def _stem(key: str) -> str:
    key = re.sub(r"'s$", "", key)
    return key[:5]


_HEDGES = frozenset(["more than", "over", "about", "around", "nearly", "almost", "roughly", "at least", "some",
                     "approximately", "up to", "less than", "fewer than", "under", "close to", "just over"])
HEDGED_TOLERANCE = 0.1  # "more than 100" is supported by 107: a hedged number may be 10% off


def _number_supported(value: str, numbers: set[str], hedged: bool) -> bool:
    if value in numbers:
        return True
    if not hedged:
        return False
    try:
        target = float(value)
    except ValueError:
        return False
    for n in numbers:
        try:
            if abs(float(n) - target) <= HEDGED_TOLERANCE * max(abs(float(n)), abs(target)):
                return True
        except ValueError:
            continue
    return False


_CONTRACTION = re.compile(r"(?:'s|'ve|'re|'m|'ll|'d|n't)$")


def _is_function_word(key: str) -> bool:
    """"It's", "I've", "don't": a contraction of a common word, never a name."""
    return _CONTRACTION.sub("", key) in STOPWORDS or key in STOPWORDS


def unsupported_details(claim: Words, sentence: str, surroundings: str = "") -> tuple[str, ...]:
    """The numbers, names and sweeping words of ``claim`` that ``sentence`` (names: or ``surroundings``) lacks."""
    sent_keys = _keys(sentence)
    numbers = {_number(k) for k in sent_keys if is_number(k)}
    words = set(sent_keys)
    wider = {_stem(k) for k in sent_keys + _keys(surroundings)}
    missing: list[str] = []
    keys = claim.keys
    for i, key in enumerate(keys):
        original = claim.original(i)
        numeric = (is_number(key) and any(c.isdigit() for c in key)) or (key in _NUMBER_WORDS and key != "one")
        if numeric:
            hedged = bool({" ".join(keys[max(0, i - 2) : i]), *keys[max(0, i - 1) : i]} & _HEDGES)
            invented = not _number_supported(_number(key), numbers, hedged)
        elif key in SWEEPING:
            invented = key not in words
        else:  # a name: anywhere in the paragraph or title will do
            invented = i > 0 and is_name(original, key) and _stem(key) not in wider and not _is_function_word(key)
        if invented:
            missing.append(original)
    return tuple(dict.fromkeys(missing))
