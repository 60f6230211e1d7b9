"""Context that travels with a quote: the sentence before or after, when one alone would mislead.

A sentence that opens with a pronoun, a connective or a definite reference ("He said…", "However…",
"The payout…", "That post…") is quoted with the sentence before it, which names who or what it is
about; a quotation with no one to attribute it to (“I was forced to hire legal counsel.”) is quoted
with the short attribution that follows it (“…,” she told reporters.), or else the sentence before.
A sentence that opens its paragraph (in news, a paragraph is often one sentence) and refers back ("He
said…", "The upcoming live-action Disney film…") brings the last sentence of the paragraph before, unless
that is a heading, a question or a caption.
When the question asks what someone said and the sentence only reports it ("Donaldson was extremely
critical of artificial snow."), the quotation that opens the next sentence or paragraph comes with it;
when the sentence quotes and the speaker goes on in the next sentence (“…,” she said. “…”), so does that.
Spans only ever grow to whole sentences: the quote stays a slice of the article.
"""

from __future__ import annotations

import re

from index.ingest.segment import paragraph_around, paragraphs, sentences
from index.ingest.speakers import CUE

_CONNECTIVE = r"however|but|and|also|meanwhile|still|yet|so|thus|therefore|instead|then|later|earlier"
_REFERENCE = (  # a pronoun, or "the …" of something that must have been named before
    r"he|she|it|they|this|that|these|those|his|her|its|their|such|both|neither|"
    r"the (?:[\w'’-]+\s+){0,3}?(?:film|movie|show|series|album|song|book|trailer|resolution|legislation|event|trial|"
    r"investigation|storm|hurricane|virus|outbreak|product|app|couple|victim|suspect|singer|actor|actress|star|player|"
    r"coach|athlete|rapper|band|pair|duo)\b|"
    r"the (?:group|company|move|payout|deal|decision|plan|bill|measure|agreement|order|case|post|tweet|"
    r"announcement|statement|figure|number|total|attack|incident|ruling|law|policy|proposal|program|programme|"
    r"report|letter|lawsuit|suit|vote|change|increase|decrease|cut|hike|shift|effort|request|claim|comment|"
    r"remarks|video|photo|message|email|document|documents|firm|agency|department|official|officials|"
    r"spokesperson|spokesman|spokeswoman|organization|organisation|team|club|party|administration|"
    r"government|president|governor|mayor|senator|judge|court)|the same"
)
NEEDS_ANTECEDENT = re.compile(rf"^[\"“‘']?(?:{_REFERENCE}|{_CONNECTIVE}|we|our|there)\b", re.IGNORECASE)
# who or what it is about was named in an earlier paragraph: "He said…", "But the company…" (a bare
# connective, "And Laura Donaldson…", names its own subject)
REFERS_BACK = re.compile(rf"^[\"“‘']?(?:(?:{_CONNECTIVE}),?\s+)?(?:{_REFERENCE})\b", re.IGNORECASE)
OPENS_QUOTE = re.compile(r"^\s*[“\"‘«]")
ATTRIBUTION = re.compile(rf"\b{CUE}\b", re.IGNORECASE)  # the article parser's speech verbs
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|we|we're|our|us)\b")
SHORT_ATTRIBUTION = 90  # characters: "…,” the spokesman for the ministry told reporters on Tuesday."
SHORT_SENTENCE = 40
QUOTATION_MARK = re.compile(r"[“”\"]")
LONGEST_QUOTATION = 600  # characters: a longer next sentence is not brought along
LONGEST_ANTECEDENT = 400  # characters: a longer sentence of the paragraph before is not brought along
SENTENCE_ENDS = (".", "!", "…", ":", '"', "”", "’", "'", ".)")  # ":" introduces a quotation ("He told reporters:")
SHORTEST_ANTECEDENT = 20  # characters: "Read more:", "Watch:" name no one


def with_context(text: str, start: int, end: int, *, words_asked: bool = False) -> tuple[int, int]:
    """``(start, end)`` grown to the sentence that names who or what the quoted sentence is about
    (``words_asked``: the question asks what someone said, so a reporting sentence brings its quotation)."""
    grown_start, grown_end = _context(text, start, end)
    if not words_asked:
        return grown_start, grown_end
    if not QUOTATION_MARK.search(text[start:end]):
        return grown_start, _with_quotation(text, end)
    return grown_start, _quotation_goes_on(text, grown_end)


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    sentence = text[start:end]
    p_start, p_end = paragraph_around(text, start, end)
    if OPENS_QUOTE.match(sentence) and FIRST_PERSON.search(sentence) and not ATTRIBUTION.search(sentence):
        after = _next_in_paragraph(text, end, p_end)
        if after and after[1] - after[0] <= SHORT_ATTRIBUTION and ATTRIBUTION.search(text[after[0] : after[1]]):
            return start, after[1]
        return _with_previous(text, start, end, p_start)
    if p_start >= start:  # the sentence opens its paragraph (in news, often the whole paragraph)
        return _with_previous_paragraph(text, start, end) if REFERS_BACK.match(sentence) else (start, end)
    if NEEDS_ANTECEDENT.match(sentence) or len(sentence) < SHORT_SENTENCE:
        return _with_previous(text, start, end, p_start)
    return start, end


def _with_quotation(text: str, end: int) -> int:
    """The end of the quotation that follows a sentence reporting speech without quoting it (else ``end``):
    the next sentence of the paragraph, or the whole next paragraph when it is short (else its first sentence)."""
    _, p_end = paragraph_around(text, end - 1, end)
    following = _next_in_paragraph(text, end, p_end)
    if following is None:  # the reporting sentence closes its paragraph: the quotation opens the next one
        paragraph = next((p for p in paragraphs(text) if p[0] >= p_end), None)
        if paragraph is None:
            return end
        following = paragraph if paragraph[1] - paragraph[0] <= LONGEST_QUOTATION else sentences(text, *paragraph)[0]
    return following[1] if _is_quotation(text, *following) else end


def _quotation_goes_on(text: str, end: int) -> int:
    """A quotation's next sentence in the paragraph when it opens a quotation too (the speaker goes on)."""
    _, p_end = paragraph_around(text, end - 1, end)
    following = _next_in_paragraph(text, end, p_end)
    return following[1] if following and _is_quotation(text, *following) else end


def _next_in_paragraph(text: str, end: int, paragraph_end: int) -> tuple[int, int] | None:
    """The sentence after ``end`` in its paragraph (which ends at ``paragraph_end``), if any."""
    return next((s for s in sentences(text, end, paragraph_end) if s[0] >= end), None)


def _is_quotation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens with a quotation mark and is short enough to bring along."""
    return bool(OPENS_QUOTE.match(text[start:end])) and end - start <= LONGEST_QUOTATION


def _with_previous_paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` grown to the last sentence of the paragraph before, unless that is a heading, a question,
    a caption or a link line (it does not end a sentence) or too long to bring along."""
    before = [p for p in paragraphs(text) if p[1] <= start]
    spans = sentences(text, *before[-1]) if before else []
    if not spans:
        return start, end
    last_start, last_end = spans[-1]
    last = text[last_start:last_end].rstrip()
    if not last.endswith(SENTENCE_ENDS) or not SHORTEST_ANTECEDENT <= len(last) <= LONGEST_ANTECEDENT:
        return start, end
    return last_start, end


def _with_previous(text: str, start: int, end: int, paragraph_start: int) -> tuple[int, int]:
    if paragraph_start >= start:
        return _with_previous_paragraph(text, start, end)
    before = [s for s in sentences(text, paragraph_start, start) if s[1] <= start]
    return (before[-1][0], end) if before else (start, end)
