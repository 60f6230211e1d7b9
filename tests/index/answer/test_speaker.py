"""Whose words a question asks for, and which quotations are someone else's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.answer.speaker import (
    as_named,
    asked_speaker,
    asks_for_thoughts,
    is_description,
    is_speaker,
    named_in,
    named_nowhere,
    someone_elses,
)
from index.ingest.attribution import Quotation, quotations


@pytest.mark.parametrize(("question", "speaker"), [
    ("What did Shapiro say about the officer?", "Shapiro"),
    ("what did von der leyen say about sunak's northern ireland deal", "von der leyen"),
    ("What did the government official say about Israel?", "the government official"),
    ("How did Biden react to the ruling?", "Biden"),
    ("what was trump's response to the raid", "trump"),
    ("What has Tom Reyes said about the city?", "Tom Reyes"),
    ("What did Elon Musk tweet about Twitter?", "Elon Musk"),
    ("what Biden said about the strike", "Biden"),
])
def test_the_speaker_is_read_from_the_question(question: str, speaker: str) -> None:
    assert asked_speaker(question) == speaker


@pytest.mark.parametrize("question", [
    "What did he say?", "what did they say about it", "what did the article say about costs",
    "what do experts think about it", "what happened to the o2 arena", "How many people died?",
    "What is the mayor of Warsaw called?", "In what year did Roger Goodell call it an important game?",
    "What game did Thomas Davis say he would play in?",
])
def test_no_one_in_particular_is_asked(question: str) -> None:
    assert asked_speaker(question) is None


TEXT = ("“We cannot keep the library open with a budget this small,” Mayor Jane Ortiz said.\n\n"
        "“Closing a library is the last thing a city should cut,” said Councillor Tom Reyes.")


def test_a_quotation_is_the_asked_speakers_by_surname_or_full_name() -> None:
    ortiz, reyes = quotations(TEXT)
    assert is_speaker("Ortiz", ortiz) and is_speaker("jane ortiz", ortiz) and is_speaker("Reyes", reyes)
    assert not is_speaker("Reyes", ortiz) and not is_speaker("Jane Reyes", reyes)
    assert is_speaker("the mayor", ortiz) is False  # a description the parser did not record is not guessed
    assert someone_elses("Reyes", ortiz) and not someone_elses("Reyes", reyes)
    assert not someone_elses("Reyes", None)  # not a quotation: not judged
    assert not someone_elses("Reyes", Quotation(0, 10, None))  # unattributed: not judged


def test_a_quotation_attributed_through_a_pronoun_is_not_judged_someone_elses() -> None:
    # "…,” she wrote." after a paragraph that names Sotomayor last but the solicitor general earlier:
    # the parser may resolve "she" to the wrong person, so the quotation is not held against the asker
    guessed = Quotation(0, 10, "Matthew Kuhn", "she", "wrote")
    assert not someone_elses("Sotomayor", guessed)
    assert someone_elses("Sotomayor", Quotation(0, 10, "Matthew Kuhn", "Kuhn", "said"))
    assert not someone_elses("Kuhn", guessed)


def test_a_long_name_misspelled_still_matches_a_short_one_must_be_exact() -> None:
    quote = Quotation(0, 10, "Mark Zuckerberg", "Zuckerberg", "said")
    assert is_speaker("zuckerburg", quote)
    assert named_in("zuckerburg", ["Mark Zuckerberg announced layoffs."])
    assert not named_in("von der leyen", ["Sunak met the DUP in Belfast."])
    assert not is_speaker("Ortis", Quotation(0, 10, "Jane Ortiz", "Ortiz", "said"))  # too short to tell a typo


def test_a_speaker_is_named_nowhere_when_the_word_that_identifies_them_is_nowhere() -> None:
    texts = ["Sunak met the DUP in Belfast.", "The Sun called the deal a big win for the government."]
    assert named_nowhere("von der leyen", texts)  # "von" and "der" are too short to identify anyone
    assert not named_nowhere("Rishi Sunak", texts)
    assert named_nowhere("the government official", texts)  # "government" is there, but no official
    assert not named_nowhere("the government official", ["A senior official told reporters."])
    assert not named_nowhere("the organisers", ["The organizers said the snow was safe."])  # spelling tolerated
    assert named_nowhere("Zelensky", texts) and not named_nowhere("zelenskyy", ["Volodymyr Zelensky said."])
    highland = ["A gunman opened fire at a parade in Highland Park, a suburb of Chicago."]
    assert named_nowhere("highland park mayor nancy rotering", highland)  # the place is there, she is not
    assert not named_nowhere("the FBI", texts)  # too short a word to judge


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["what did ", "How did ", "what was ", "what "]),
       st.sampled_from([" say", " react", "'s response", " said", ""]))
def test_any_question_gives_no_speaker_or_a_phrase_of_it(middle: str, lead: str, verb: str) -> None:
    question = f"{lead}{middle}{verb}"
    asked = asked_speaker(question)
    assert asked is None or (asked in question and asked.strip() == asked and asked)
    if asked is not None:
        named_nowhere(asked, [question, middle])  # never raises
        assert named_in(asked, [question])


def test_a_description_of_the_speaker_holds_no_named_quotation_against_the_asker() -> None:
    loredo = Quotation(0, 10, "Carl Loredo", "Carl Loredo", "told")
    for description in ("Wendy's marketing chief", "australia’s environment minister", "the government official",
                        "weisselberg's lawyer"):
        assert is_description(description) and not someone_elses(description, loredo)
    for name in ("Zuckerberg", "von der leyen", "Tom Reyes", "coco gauff"):
        assert not is_description(name) and someone_elses(name, loredo)


def test_a_passive_how_is_x_described_asks_no_one() -> None:
    assert asked_speaker("How is dioxygen most simply described?") is None
    assert asked_speaker("how did bethel describe the officer") == "bethel"


def test_what_someone_thought_is_told_apart_from_what_they_said() -> None:
    assert asks_for_thoughts("What did Dalton think the atomic ratios were?")
    assert asks_for_thoughts("what does the mayor believe about the budget")
    assert not asks_for_thoughts("What did Shapiro say about the officer?")


def test_a_first_name_is_read_as_the_full_name_the_articles_give_it() -> None:
    texts = ["Boris Johnson left Downing Street. “Hasta la vista, baby,” Johnson said. Boris Johnson smiled."]
    assert as_named("boris", texts, ["Boris Johnson"]) == "boris Johnson"
    assert as_named("boris", texts, []) == "boris"  # the full name must be someone who speaks there
    trump = ["Donald Trump spoke at Trump Tower. Trump said he would run. Trump left."]
    assert as_named("trump", trump, ["Trump Tower"]) == "trump"  # mostly named alone: a surname
    assert as_named("super", ["The Super Bowl ad ran. Super Bowl fans cheered."], ["Tom Brady"]) == "super"
    assert as_named("the mayor", texts, ["Boris Johnson"]) == "the mayor"
    assert as_named("boris", ["the boris bikes were hired"], ["Boris Johnson"]) == "boris"  # not a name there
