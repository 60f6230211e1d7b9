"""Misspelled and chatty questions are corrected against the collection's own words, and only those."""

from __future__ import annotations

from index.retrieval.spelling import Speller, collection_words

ARTICLE = ("Iran's President Ebrahim Raisi died when his helicopter crashed in fog, state media said. "
           "Gov. Gavin Newsom signed the bill on Friday. Three of the 33 Raptor engines did not fire. "
           "Pennsylvania Gov. Josh Shapiro praised the officer. Lecanemab will cost $26,500 a year.")


def speller() -> Speller:
    return Speller(collection_words([ARTICLE]))


def test_typos_become_the_collections_words() -> None:
    assert speller().correct("wat happend to irans presdent in the helicoptor") == \
        "what happen to iran president in the helicopter"
    assert speller().correct("what did shapro say about the officer") == "what did shapiro say about the officer"
    assert speller().correct("how many raptor engnies didnt fire") == "how many raptor engines didn't fire"


def test_a_rare_english_word_one_edit_from_a_common_collection_word_is_a_typo() -> None:
    assert speller().correct("what did shapiro say wheen the officer was shot") == \
        "what did shapiro say when the officer was shot"
    assert speller().correct("did the officer survive") == "did the officer survive"  # a common word stays


def test_a_misspelled_possessive_typed_without_apostrophe_is_corrected_to_its_name() -> None:
    assert speller().correct("what did riasis government say") == "what did raisi government say"


def test_known_names_english_words_and_short_words_are_left_alone() -> None:
    for question in ("how much does lecanemab cost", "Did Newsom sign the bill?", "Did IHOP add an egg surcharge?",
                     "Who is Ebrahim Raisi?", "what did shapiro say at pmqs"):  # an abbreviation is no typo of "pms"
        assert speller().correct(question) == question


def test_chat_shorthand_is_spelled_out_and_filler_dropped() -> None:
    assert speller().correct("did newsom sign the bill lol") == "did newsom sign the bill"
    assert speller().correct("wich gov signed it") == "which government signed it"
