"""Who said it at ingest (index/ingest/attribution.py): quotations, speakers, cues, stored form.

The texts are written for these tests, in the shapes news articles use.
"""

from __future__ import annotations

import pytest

from index.ingest.attribution import VERSION, Quotation, at_span, from_json, quotations, to_json
from index.ingest.quotemarks import marked_passages
from tests.support.data import SEED_FILE


def said(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(words, speaker, mention, cue) of each quotation found."""
    return [(text[q.start:q.end], q.speaker, q.mention, q.cue) for q in quotations(text)]


@pytest.mark.parametrize(("text", "speaker", "cue"), [
    ("“We will rebuild the bridge by spring,” Mayor Lina Ortiz said on Monday.", "Mayor Lina Ortiz", "said"),
    ("“We will rebuild the bridge by spring,” said Sen. Lindsey Graham, a Republican.", "Sen. Lindsey Graham", "said"),
    ('"We will rebuild the bridge by spring," the council told reporters.', "the council", "told"),
    ("Ortiz said: “We will rebuild the bridge by spring.”", "Ortiz", "said"),
    ("According to the transport office, “traffic will return to normal within a week.”", "the transport office",
     "according to"),
    ("In a statement, the White House said the plan was “a reckless gamble with our savings.”", "the White House",
     "said"),
    ("“We will rebuild the bridge by spring.” — Lina Ortiz", "Lina Ortiz", "—"),
    ("Tad Devine, a senior strategist, argued that the race was “far from over in every state.”", "Tad Devine",
     "argued"),
])
def test_speaker_and_cue_in_the_shapes_news_uses(text, speaker, cue) -> None:
    [(_, found, _, found_cue)] = said(text)
    assert (found, found_cue) == (speaker, cue)


def test_the_seed_article_quotes_an_unnamed_government_official() -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    found = {words[:30]: speaker for words, speaker, _, _ in said(text)}
    assert found["Iraq is preparing for possible"] == "an unnamed government official"
    assert found["did not cause casualties or da"] == "security and government sources"  # "Reuters cites … saying"


def test_a_quotation_that_goes_on_has_the_same_speaker() -> None:
    text = ("“The storm took the roof off the school,” Ortiz said. “We will rebuild it before the winter.”\n\n"
            "“Nobody was hurt, and that is what matters most tonight.”\n\n"
            "The council meets on Tuesday.")
    found = quotations(text)
    assert [q.speaker for q in found] == ["Ortiz"] * 3
    assert [q.inherited for q in found] == [False, True, True]


def test_pronouns_descriptions_and_surnames_resolve_to_the_named_person() -> None:
    text = ("John Kirby, the Pentagon spokesman, spoke to reporters on Tuesday.\n\n"
            "“We are watching the situation very closely,” he said.\n\n"
            "“There will be no change to our posture this week,” the spokesman added.\n\n"
            "“That is all I can say at the moment,” Kirby said.")
    assert [q.speaker for q in quotations(text)] == ["John Kirby"] * 3
    assert [q.mention for q in quotations(text)] == ["he", "the spokesman", "Kirby"]


def test_an_unresolvable_description_is_kept_as_written() -> None:
    [(_, speaker, _, _)] = said("“Prices will rise again before the summer,” a senior bank official said.")
    assert speaker == "a senior bank official"


def test_scare_quotes_and_titles_are_not_quotations() -> None:
    text = ("Trump called him a “loser” and a “total lightweight” on Tuesday.\n\n"
            "The actor appeared on “Saturday Night Live” twice.")
    assert quotations(text) == []


def test_offsets_point_into_the_text_with_curly_straight_and_unclosed_marks() -> None:
    text = ('He said "the first part is here, and it is long" and left.\n'
            "“The second runs on to the end of the paragraph\n"
            "“and the third is «in guillemets and long enough» here.”")
    passages = marked_passages(text)
    assert [text[p.start:p.end] for p in passages] == [
        "the first part is here, and it is long",
        "The second runs on to the end of the paragraph",
        "and the third is «in guillemets and long enough» here.",
    ]
    assert [p.closed for p in passages] == [True, False, True]


def test_stored_form_round_trips_and_older_rules_are_recomputed() -> None:
    found = [Quotation(3, 40, "Lina Ortiz", "Ortiz", "said"), Quotation(50, 90, None)]
    assert from_json(to_json(found)) == found
    assert from_json(to_json(found).replace(f'"v":{VERSION}', '"v":0')) is None
    assert from_json(None) is None and from_json("not json") is None


def test_at_span_needs_most_of_the_words_inside_one_quotation() -> None:
    found = [Quotation(10, 50, "A"), Quotation(60, 100, "B")]
    assert at_span(found, 20, 30) == found[0]
    assert at_span(found, 55, 75) == found[1]
    assert at_span(found, 45, 70) is None  # not half of it inside either
    assert at_span(found, 0, 9) is None
