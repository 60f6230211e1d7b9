"""Invented details are not paraphrases (issue 14, item 4): numbers, names and sweeping words the source lacks."""

from __future__ import annotations

import pytest

from index.evaluation.claim_eval import shipped_articles
from index.models import VerdictKind
from index.quotes.checker import check_quote
from index.quotes.details import unsupported_details
from index.quotes.words import prepare_quote

ARTICLES = shipped_articles()
SOURCE = "Denny's will temporarily add an egg surcharge at some of its restaurants, the chain said."


def test_numbers_names_and_sweeping_words_missing_from_the_source() -> None:
    claim = prepare_quote("Denny's said it would add a $1 surcharge to every egg dish at all 1,300 of its restaurants")
    assert unsupported_details(claim, SOURCE) == ("1", "every", "all", "1,300")
    faithful = prepare_quote("Denny's is adding a temporary surcharge on eggs at some restaurants")
    assert unsupported_details(faithful, SOURCE) == ()
    named = prepare_quote("The chain told Reuters it would add an egg surcharge")
    assert unsupported_details(named, SOURCE) == ("Reuters",)
    assert unsupported_details(named, SOURCE, surroundings="Reuters reported the change.") == ()


@pytest.fixture(scope="module")
def embed(embedder):
    return embedder.encode


def test_a_paraphrase_with_invented_numbers_is_unsupported(embed) -> None:
    faithful = check_quote("The Pentagon sent many reinforcements to the region to protect its interests.", ARTICLES, embed=embed)
    assert faithful.kind in (VerdictKind.PARAPHRASE, VerdictKind.NEAR_MISS)
    invented = check_quote("The Pentagon has sent 5,000 reinforcements to every base in the region to protect its interests.",
                           ARTICLES, embed=embed)
    assert invented.kind is VerdictKind.UNSUPPORTED and invented.unsupported == ("5,000", "every")
    assert "does not say ‘5,000’, ‘every’" in invented.message and invented.context is not None


def test_a_summary_of_two_adjacent_sentences_is_a_paraphrase(embed) -> None:
    v = check_quote("The crane fell because of strong winds and heavy rain; photos showed many bloodied bodies.",
                    ARTICLES, embed=embed)
    assert v.kind is VerdictKind.PARAPHRASE
    assert "strong winds" in v.spans[0].text and "bloodied bodies" in v.spans[0].text


def test_a_hedged_number_may_be_rounded_and_contractions_are_not_names() -> None:
    source = "The storm killed 107 people, officials said."
    assert unsupported_details(prepare_quote("The storm killed more than 100 people"), source) == ()
    assert unsupported_details(prepare_quote("The storm killed 100 people"), source) == ("100",)
    assert unsupported_details(prepare_quote("Officials said It's a storm that killed 107"), source) == ()
