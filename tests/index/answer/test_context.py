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


def _grown(sentence: str, article: str = ARTICLE, **kwargs: bool) -> str:
    """What is quoted for ``sentence`` of ``article``."""
    start = article.index(sentence)
    start, end = with_context(article, start, start + len(sentence), **kwargs)
    return article[start:end]


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


NEWS = (
    "Harbour bridge to reopen in March\n\n"
    "It has been closed to cars since January.\n\n"
    "The city council voted on Tuesday to spend $4 million repairing the Harbour Bridge.\n\n"
    "It will reopen to traffic on March 3, the council said.\n\n"
    "How long will the bridge stay closed?\n\n"
    "They expect the work to take ten weeks.\n\n"
    "Mayor Ana Ruiz told reporters:\n\n"
    "“I am confident we will finish on time.”\n\n"
    "But Ruiz warned that the budget was tight."
)


def test_a_paragraph_that_refers_back_brings_the_last_sentence_of_the_one_before() -> None:
    # in news a paragraph is often one sentence: "It" is named in the paragraph before
    assert _grown("It will reopen to traffic on March 3, the council said.", NEWS) == (
        "The city council voted on Tuesday to spend $4 million repairing the Harbour Bridge.\n\n"
        "It will reopen to traffic on March 3, the council said.")


def test_a_heading_or_question_before_is_not_brought_along() -> None:
    assert _grown("They expect the work to take ten weeks.", NEWS) == "They expect the work to take ten weeks."
    assert _grown("It has been closed to cars since January.", NEWS) == "It has been closed to cars since January."  # a headline


def test_an_unattributed_quotation_paragraph_brings_the_attribution_before_it() -> None:
    assert _grown("“I am confident we will finish on time.”", NEWS) == (
        "Mayor Ana Ruiz told reporters:\n\n“I am confident we will finish on time.”")


def test_a_connective_before_a_name_at_a_paragraph_start_stands_alone() -> None:
    assert _grown("But Ruiz warned that the budget was tight.", NEWS) == "But Ruiz warned that the budget was tight."


def test_a_definite_description_of_something_named_before_brings_its_name() -> None:
    text = (
        "Halle Bailey's version of “The Little Mermaid” will soon be part of our world.\n\n"
        "The upcoming live-action Disney film debuted its first full-length trailer during the Oscars.\n\n"
        "The average price of a cinema ticket rose to $11 last year."
    )
    film = "The upcoming live-action Disney film debuted its first full-length trailer during the Oscars."
    assert _grown(film, text) == (  # "the … film" is the one named before
        f"Halle Bailey's version of “The Little Mermaid” will soon be part of our world.\n\n{film}")
    price = "The average price of a cinema ticket rose to $11 last year."
    assert _grown(price, text) == price  # names what it is about
