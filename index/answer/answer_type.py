"""What kind of answer a question wants (a number, a time, a name), and whether a sentence has one.

"How many" wants a number, "when" a time, "who" a name. The question word must open the question
or a clause of it ("…, and when did it start?"): a conjunction "when" ("what did he say when the
crane fell?") asks for nothing in particular.
"""

from __future__ import annotations

import re
from typing import Literal

from index.answer.context import ATTRIBUTION, QUOTATION_MARK

Kind = Literal["number", "time", "name"]

_OPENS = r"(?:^|[,;:]|\b(?:and|but|so|then|exactly|just|also)\b)\W*"
_WANTS_NUMBER = re.compile(r"\bhow\s+(?:many|much|long|old|far|often|big|large|tall|high)\b|"
                           r"\bwhat\s+(?:percent(?:age)?|number|amount|age|price|share|proportion)\b", re.I)
_WANTS_TIME = re.compile(rf"{_OPENS}when\b|\bwhen\s+(?:did|does|do|is|was|were|will|would|are|has|have|had|can)\b|"
                         r"\b(?:what|which)\s+(?:year|date|day|time|month|century|decade)\b", re.I)
_WANTS_NAME = re.compile(rf"{_OPENS}(?:who|whom|whose)\b|\bwho\s+(?:is|was|were|are|did|does|will|has|had|said)\b",
                         re.I)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|hundreds?|thousands?|millions?|billions?|dozens?|dozen|half|twice|percent)\b", re.I)
_TIME = re.compile(r"\d|\b(?:(?:Jan|Febr)uary|March|April|May|June|July|August|September|October|November|"
                   r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
                   r"tomorrow|last|next|ago|since|until|century|decade)\b", re.I)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
_MONEY_WORDS = (r"cost|costs|costing|spend|spent|spending|pay|paid|pays|money|price|priced|worth|charge|charged|"
                r"charges|raise|raised|fund|funds|funding|fine|fined|severance|salary|salaries|budget|earn|earns|"
                r"earned|sell|sold|compensation|bill|grossed|gross(?=\W*$)|revenue|profit")
_WANTS_MONEY = re.compile(rf"\bhow\s+much\b(?!\s+(?:of|time)\b)(?=.*\b(?:{_MONEY_WORDS})\b)|"
                          r"\bhow\s+much\s+(?:is|are|r|was|were)\b(?!.*\b\w+(?:ed|ing)\W*$)|"  # not "… is used?"
                          r"\bwhat\s+(?:is|was|'s)\s+the\s+(?:price|cost)\b", re.I)
_MONEY = re.compile(r"[$£€¥]|\b(?:dollars?|pounds?|euros?|cents?|pence|USD|GBP|EUR)\b|"
                    # "3 billion", "2bn to build": an amount; "15 million trees", "millions of people": a count
                    r"\b\d[\d.,]*\s*(?:bn|billion|million|trillion)\b(?!\s+(?!(?:a|an|and|at|by|each|for|from|in|of|on|"
                    r"over|per|the|to|with)\b)[a-z])", re.I)

_WANTS_SHARE = re.compile(r"\b(?:what|wat|wht|which)\s+(?:percent|percentage|per\s?cent|proportion|share(?!\s+price)|"
                          r"fraction)\b|\bhow\s+many\s+per\s?cent\b|\b(?:what|wat|wht)\s+%", re.I)
_SHARE = re.compile(r"\d\s*(?:%|percent\b|per\s?cent\b|pc\b)|\b(?:percent|per\s?cent|halfs?|halves|thirds?|quarters?|"
                    r"fourths?|fifths?|tenths?)\b|"
                    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\s+of)\s+(?:every\s+)?"
                    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)", re.I)


def wanted_kind(question: str) -> Kind | None:
    """The kind of answer ``question`` asks for first, or None (a "what did X say", a yes/no question)."""
    found: list[tuple[int, Kind]] = []
    patterns: tuple[tuple[Kind, re.Pattern[str]], ...] = (
        ("number", _WANTS_NUMBER), ("time", _WANTS_TIME), ("name", _WANTS_NAME))
    for kind, pattern in patterns:
        match = pattern.search(question)
        if match:
            found.append((match.start(), kind))
    return min(found)[1] if found else None


def has_kind(sentence: str, kind: Kind) -> bool:
    """Whether ``sentence`` holds something of ``kind`` (a name: a capitalised word not opening a sentence)."""
    pattern = {"number": _NUMBER, "time": _TIME, "name": _NAME}[kind]
    return bool(pattern.search(sentence))


def wants_money(question: str) -> bool:
    """Whether ``question`` asks for an amount of money ("how much did X spend", "how much is the danish")."""
    return bool(_WANTS_MONEY.search(question))


def has_money(sentence: str) -> bool:
    """Whether ``sentence`` states an amount of money (a currency sign or word, millions, billions)."""
    return bool(_MONEY.search(sentence))


def wants_share(question: str) -> bool:
    """Whether ``question`` asks for a percentage or proportion ("what percent of babies…", "what % of voters")."""
    return bool(_WANTS_SHARE.search(question))


def has_share(sentence: str) -> bool:
    """Whether ``sentence`` states a percentage or a fraction ("51.3%", "9 per cent", "three-fourths", "one in five")."""
    return bool(_SHARE.search(sentence))


def lacks_asked_amount(question: str, sentence: str) -> bool:
    """Asked what something cost or what share of something, whether ``sentence`` has no such amount: it cannot
    answer ("The majority of babies were born out of wedlock" for "what percent of babies…")."""
    return (wants_money(question) and not has_money(sentence)) or (wants_share(question) and not has_share(sentence))


def answer_type_match(question: str, sentence: str) -> float:
    """1.0: the sentence has what the question asks for (a number, a date, a name; someone's words: a quotation
    or a speech verb); 0.0: it has not; 0.5: no type."""
    kind = wanted_kind(question)
    if kind is not None:
        return float(has_kind(sentence, kind))
    if asks_for_words(question):
        return float(bool(QUOTATION_MARK.search(sentence) or ATTRIBUTION.search(sentence)))
    return 0.5


_ASKS_WORDS = re.compile(
    r"\b(?:what|how)\b.{0,100}?\b(?:say|said|says|saying|write|wrote|tell|told|think|react|reacted|respond|responded|"
    r"reply|replied|comment|commented|describe|described|call|called|claim|claimed|argue|argued|tweet|tweeted|"
    r"post|posted|warn|warned)\b|\bwhat\b.{0,60}?\b(?:reaction|response|comments?|statement|message|quote)\b",
    re.I)


def asks_for_words(question: str) -> bool:
    """Whether ``question`` asks what someone said or wrote ("what did Shapiro say about the officer?")."""
    return bool(_ASKS_WORDS.search(question))
