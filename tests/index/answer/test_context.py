"""Context that travels with a quote: the antecedent before it, the attribution or quotation after it."""

from __future__ import annotations

from index.answer.context import with_context

ARTICLE = (
    "Ski resorts rely on snow machines.\n\n"
    "And Laura Donaldson, a freestyle skier from Scotland, was extremely critical of artificial snow.\n\n"
    "“The pipe floor is solid ice,” Donaldson told researchers. “This is dangerous for athletes.”\n\n"
    "The company declined to comment. It said the payout was fair.\n\n"
    "“I was forced to hire legal counsel,” she told reporters.\n\n"
    "The IOC does not face these challenges alone."
)


def _span(sentence: str) -> tuple[int, int]:
    start = ARTICLE.index(sentence)
    return start, start + len(sentence)


def _grown(sentence: str, **kwargs: bool) -> str:
    start, end = with_context(ARTICLE, *_span(sentence), **kwargs)
    return ARTICLE[start:end]


def test_a_pronoun_brings_the_sentence_before() -> None:
    assert _grown("It said the payout was fair.") == "The company declined to comment. It said the payout was fair."


def test_an_unattributed_first_person_quotation_brings_its_short_attribution() -> None:
    assert _grown("“I was forced to hire legal counsel,”") == "“I was forced to hire legal counsel,” she told reporters."


def test_a_reporting_sentence_brings_the_quotation_when_words_are_asked() -> None:
    reporting = "And Laura Donaldson, a freestyle skier from Scotland, was extremely critical of artificial snow."
    grown = _grown(reporting, words_asked=True)
    assert grown.startswith(reporting)
    assert grown.endswith("“This is dangerous for athletes.”")  # the whole short quotation paragraph
    assert _grown(reporting) == reporting  # not asked what she said: the sentence alone


def test_only_a_quotation_is_brought_along() -> None:
    sentence = "The IOC does not face these challenges alone."
    assert _grown(sentence, words_asked=True) == sentence  # nothing follows
    sentence = "Ski resorts rely on snow machines."
    assert _grown(sentence, words_asked=True) == sentence  # what follows is no quotation


def test_a_quotation_brings_the_next_sentence_when_the_speaker_goes_on() -> None:
    sentence = "“The pipe floor is solid ice,” Donaldson told researchers."
    assert _grown(sentence, words_asked=True) == f"{sentence} “This is dangerous for athletes.”"
    assert _grown(sentence) == sentence
    sentence = "“I was forced to hire legal counsel,” she told reporters."
    assert _grown(sentence, words_asked=True) == sentence  # nothing follows in the paragraph
