"""Misattribution (index/quotes/misattribution.py through check_quote): who the article says said it."""

from __future__ import annotations

from index.models import Article, ArticleMeta, VerdictKind
from index.quotes.checker import check_quote
from tests.support.data import SEED_FILE

SEED = Article("seed", SEED_FILE.read_text(encoding="utf-8"),
               ArticleMeta(title="Airstrikes Pummel US Bases In Iraq And Syria", outlet="Orinoco Tribune"))
IRAQ = "Iraq is preparing for possible Israeli attacks on its territory if the current confrontation widens."
OFFICIAL = "an unnamed government official"


def test_words_found_but_someone_else_said_them_is_misattributed() -> None:
    v = check_quote(IRAQ, [SEED], attributed_to="Reuters")
    assert v.kind is VerdictKind.MISATTRIBUTED
    assert (v.speaker, v.attributed_to) == (OFFICIAL, "Reuters")
    assert v.spans[0].text == IRAQ and "not Reuters" in v.message and OFFICIAL in v.message


def test_no_name_is_exact_with_the_speaker_and_the_right_name_too() -> None:
    plain = check_quote(IRAQ, [SEED])
    assert plain.kind is VerdictKind.EXACT and plain.speaker == OFFICIAL and plain.attributed_to is None
    named = check_quote(IRAQ, [SEED], attributed_to="a government official")
    assert named.kind is VerdictKind.EXACT and "as you say" in named.message


def test_a_pronoun_names_no_one_to_compare() -> None:
    v = check_quote(IRAQ, [SEED], attributed_to="He")
    assert v.kind is VerdictKind.EXACT and v.attributed_to == "He" and v.speaker == OFFICIAL


def test_a_near_miss_by_someone_else_keeps_its_diff() -> None:
    v = check_quote(IRAQ.replace("possible", "imminent"), [SEED], attributed_to="Reuters")
    assert v.kind is VerdictKind.MISATTRIBUTED and v.diff and "Near miss" in v.message


def test_the_articles_own_words_are_not_misattributed() -> None:
    words = "the Pentagon has deployed a large number of reinforcements to the region"
    v = check_quote(words, [SEED], attributed_to="Reuters")
    assert v.kind is VerdictKind.EXACT and v.speaker is None and v.attributed_to == "Reuters"
    assert "does not attribute these words to anyone" in v.message


def test_not_found_has_no_speaker() -> None:
    v = check_quote("The moon is made of green cheese and always has been.", [SEED], attributed_to="Reuters")
    assert v.kind is VerdictKind.NOT_FOUND and v.speaker is None and v.attributed_to == "Reuters"


def test_stored_quotations_are_used_when_given() -> None:
    from index.ingest.attribution import quotations

    stored = [q.__class__(q.start, q.end, "Someone Else", "Someone Else", "said") for q in quotations(SEED.text)]
    v = check_quote(IRAQ, [SEED], attributed_to="a government official", quotations_of=lambda a: stored)
    assert v.kind is VerdictKind.MISATTRIBUTED and v.speaker == "Someone Else"


def test_he_is_not_called_someone_else_when_the_named_person_is_named_just_before() -> None:
    text = ("Senator Ann Reyes and Governor Tom Hale met in Albany on Monday.\n\n"
            "“We agreed on nothing except the weather, and even that was close,” he said.")
    article = Article("albany", text, ArticleMeta(title="Albany talks"))
    words = "We agreed on nothing except the weather, and even that was close"
    resolved = check_quote(words, [article]).speaker
    other = "Ann Reyes" if resolved == "Tom Hale" else "Tom Hale"
    v = check_quote(words, [article], attributed_to=other)
    assert v.kind is VerdictKind.EXACT and "most likely" in v.message
    assert check_quote(words, [article], attributed_to="Reuters").kind is VerdictKind.MISATTRIBUTED
