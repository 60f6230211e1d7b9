"""Editorial conventions in a quoted fragment, on the shipped seed and Wikinews articles."""

from __future__ import annotations

import pytest

from index.evaluation.claim_eval import shipped_articles
from index.models import Verdict, VerdictKind
from index.quotes.editorial import check_fragment, read_brackets

ARTICLES = shipped_articles()
BY_ID = {a.id: a for a in ARTICLES}


def check(fragment: str) -> Verdict:
    verdict = check_fragment(fragment, ARTICLES)
    for span in verdict.spans:
        assert BY_ID[span.article_id].text[span.start:span.end] == span.text
    return verdict


def notes(verdict: Verdict) -> list[tuple[str, str, str]]:
    return [(e.kind, e.written, e.actual) for e in verdict.editorial]


def test_reading_brackets() -> None:
    edited = read_brackets("[T]he official [sic] said [the army] was ready […] now")
    assert edited.pieces == ("The official said", "was ready […] now")
    assert edited.gaps == ("[the army]", "")
    assert [n.kind for n in edited.notes] == ["alteration", "sic"]


def test_substitution_for_a_pronoun_at_the_start() -> None:
    v = check("[Iraqi officials] do not want to become a new version of Syria")
    assert v.kind is VerdictKind.EXACT and v.spans[0].text == "They do not want to become a new version of Syria"
    assert notes(v)[0] == ("substitution", "[Iraqi officials]", "They")
    assert ("ends_mid_sentence", "", "subject to repeated Israeli …") in notes(v)


def test_substitution_in_the_middle_and_a_clarification() -> None:
    v = check("Iraq is preparing for possible Israeli attacks on [Iraqi] territory")
    assert v.kind is VerdictKind.EXACT and notes(v)[0] == ("substitution", "[Iraqi]", "its")
    v = check("Iraq is preparing for possible Israeli attacks on its [Iraq's] territory")
    assert v.kind is VerdictKind.EXACT and notes(v)[0] == ("clarification", "[Iraq's]", "")


@pytest.mark.parametrize("fragment", [
    "They do not want to become a new version of [Lebanon]",  # a different name
    "[Syria] is preparing for possible Israeli attacks on its territory",  # "Iraq" in the article
])
def test_brackets_never_hide_a_different_name(fragment: str) -> None:
    v = check(fragment)
    assert v.kind is not VerdictKind.EXACT


def test_alteration_sic_and_the_article_s_own_brackets() -> None:
    v = check("[T]he Pentagon has deployed a significant war arsenal")
    assert v.kind is VerdictKind.EXACT and ("alteration", "[T]he", "the") in notes(v)
    assert "[T]he for ‘the’" in v.message
    v = check("All those who were wounded and the dead have been taken to hospital [sic]")
    assert v.kind is VerdictKind.EXACT and notes(v) == [("sic", "[sic]", "")]
    v = check("the supreme commander of the Korean People's Army [KPA]")
    assert v.kind is VerdictKind.EXACT and "editorial" not in v.message


def test_mid_sentence_and_punctuation_notes() -> None:
    v = check("regularly delays reporting on deaths and injuries among its troops,")
    assert ("starts_mid_sentence", "", "However, the Pentagon") in notes(v)
    assert ("punctuation", ",", ".") in notes(v)
    v = check("Had it happened an hour later it would have been much worse,")  # the article has the comma too
    assert notes(v) == []
