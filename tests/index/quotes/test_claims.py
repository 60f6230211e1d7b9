"""Reading a pasted claim: quoted fragments, who the writer says said them, and the framing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.quotes.claims import parse_claim, quote_ranges, words_outside


def fragments(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.attributed_to) for f in parse_claim(text).fragments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Shapiro said "he acted with smarts"', [("he acted with smarts", "Shapiro")]),
        ('"We are ready," said Defense Minister Ahmed Ali in Baghdad.', [("We are ready,", "Defense Minister Ahmed Ali")]),
        ('"It is over," the minister said.', [("It is over,", "the minister")]),
        ("“It is over” — Ahmed Ali", [("It is over", "Ahmed Ali")]),
        ("According to the ministry, «the border stays closed»", [("the border stays closed", "the ministry")]),
        ("KCNA: ‘provocation deserves punishment’", [("provocation deserves punishment", "KCNA")]),
        ("„Wir schaffen das“, sagte Merkel", [("Wir schaffen das", None)]),
    ],
)
def test_marks_and_attribution_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert fragments(text) == expected


def test_nested_quotes_stay_inside_the_outer_fragment() -> None:
    text = "Yonhap reported: “the army must prepare a ‘quasi-state of war’ now”"
    assert fragments(text) == [("the army must prepare a ‘quasi-state of war’ now", "Yonhap")]
    assert fragments('He wrote "they said \'no\' twice" then left') == [("they said 'no' twice", None)]


def test_apostrophes_are_not_quotation_marks() -> None:
    assert quote_ranges("The troops' base isn't where it's said to be") == []
    text = "KCNA said 'the Korean People's Army is ready'"
    assert fragments(text) == [("the Korean People's Army is ready", "KCNA")]


def test_several_fragments_share_the_speaker_of_their_sentence() -> None:
    text = 'Al-Maeena said "it was bad" and "it could have been worse". Then "nothing else" was added.'
    assert fragments(text) == [("it was bad", "Al-Maeena"), ("it could have been worse", "Al-Maeena"),
                               ("nothing else", None)]


def test_pronouns_and_conjunctions_name_nobody() -> None:
    assert fragments('He called it "a mistake" and promised "a full review"') == [("a mistake", None), ("a full review", None)]


def test_block_quote_lines_are_one_passage_attributed_from_the_line_before() -> None:
    claim = parse_claim("Shapiro:\n> he acted with smarts\n> and he knew it\nWhat do you think?")
    (f,) = claim.fragments
    assert (f.text, f.attributed_to, f.block) == ("he acted with smarts\nand he knew it", "Shapiro", True)
    assert claim.framing == "Shapiro:\n“…”\nWhat do you think?"


def test_no_marks_means_one_claim_and_the_framing_is_the_text() -> None:
    claim = parse_claim("Officials said the attacks caused no damage.")
    assert not claim.quoted and claim.fragments == () and claim.framing == claim.text


def test_framing_and_the_words_outside_the_attribution() -> None:
    claim = parse_claim('The Pentagon "regularly delays reporting," the Tribune wrote on Monday.')
    assert claim.framing == "The Pentagon “…” the Tribune wrote on Monday."
    assert words_outside(claim) == "The Pentagon on Monday"
    assert claim.attributed_to == "the Tribune"
    f = claim.fragments[0]
    assert claim.text[f.start:f.end] == f.text


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert fragments('Reuters: "did not cause casualties or damage') == [("did not cause casualties or damage", "Reuters")]


@given(st.text(alphabet=st.sampled_from(list("ab said,.:—>\n\"'“”‘’«»[]")), max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_parses_into_fragments_that_point_into_it(text: str) -> None:
    claim = parse_claim(text)
    for f in claim.fragments:
        assert 0 <= f.start <= f.end <= len(text)
        if not f.block:
            assert text[f.start:f.end] == f.text
    assert claim.quoted == bool(claim.fragments)
