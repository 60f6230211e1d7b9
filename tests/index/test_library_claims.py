"""Library.check_claim on a real store: the pasted claims of issue 16 on the seed article."""

from __future__ import annotations

import pytest

from index.errors import BadInput
from index.library import Library
from index.models import ClaimCheck, VerdictKind


def assert_spans_verbatim(library: Library, result: ClaimCheck) -> None:
    for fragment in result.fragments:
        assert result.claim[fragment.start:fragment.end] == fragment.text or "\n" in fragment.text
        for span in fragment.verdict.spans:
            assert library.article("default", span.article_id).text[span.start:span.end] == span.text


def test_bracketed_substitution_is_exact_and_the_attribution_is_not_aligned(library: Library, seed_id: str) -> None:
    claim = ('"[Iraqi officials] do not want to become a new version of Syria, subject to repeated Israeli strikes '
             'without a response," a government official said.')
    result = library.check_claim("default", claim)
    assert_spans_verbatim(library, result)
    (fragment,) = result.fragments
    verdict = fragment.verdict
    assert result.kind is VerdictKind.EXACT and verdict.kind is VerdictKind.EXACT
    assert verdict.message.startswith("Exact, with an editorial insertion: [Iraqi officials] stands for ‘They’")
    assert verdict.spans[0].text.startswith("They do not want") and verdict.source.article_id == seed_id
    assert [(e.kind, e.written, e.actual) for e in verdict.editorial] == [("substitution", "[Iraqi officials]", "They")]
    assert fragment.attributed_to == verdict.attributed_to == result.attributed_to == "a government official"
    assert result.framing == "“…” a government official said."


def test_quoted_words_exact_and_framing_kept_out_of_the_alignment(library: Library, seed_id: str) -> None:
    claim = 'The Pentagon "regularly delays reporting on deaths and injuries among its troops," the Tribune wrote.'
    result = library.check_claim("default", claim)
    assert_spans_verbatim(library, result)
    verdict = result.fragments[0].verdict
    assert result.kind is VerdictKind.EXACT and verdict.kind is VerdictKind.EXACT
    assert not verdict.diff and "Tribune wrote" not in verdict.message  # the framing is not aligned with anything
    assert "the article's own words, written by Orinoco Tribune" in verdict.message  # "the Tribune" wrote them
    assert verdict.spans[0].text == "regularly\xa0delays reporting on deaths and injuries among its troops"
    assert {e.kind for e in verdict.editorial} == {"starts_mid_sentence", "punctuation"}
    assert result.attributed_to == "the Tribune" and result.framing_unsupported == ()


def test_invented_framing_details_are_named(library: Library, seed_id: str) -> None:
    claim = 'On Monday the Kremlin said the Pentagon "regularly delays reporting on deaths and injuries among its troops."'
    result = library.check_claim("default", claim)
    assert result.fragments[0].verdict.kind is VerdictKind.EXACT and result.attributed_to == "the Kremlin"
    assert result.framing_unsupported == ("Monday",)  # the speaker is attribution, not a detail
    assert result.kind is VerdictKind.UNSUPPORTED
    assert result.message.startswith("Unsupported — the quoted words are real, but the sentence around them adds "
                                      "what the passage does not say: Monday.")
    plain = library.check_claim("default", 'Officials admit the Pentagon "regularly delays reporting on deaths."')
    assert plain.kind is VerdictKind.EXACT and plain.framing_unsupported == ("Officials", "admit")


def test_fragments_from_distant_paragraphs_are_a_frankenquote(library: Library, seed_id: str) -> None:
    claim = ('The Tribune said US troops "came under heavy bombardment by Iraqi resistance factions" and that officials '
             '"are in contact with several countries to purchase air defense systems"')
    result = library.check_claim("default", claim)
    assert [f.verdict.kind for f in result.fragments] == [VerdictKind.EXACT, VerdictKind.EXACT]
    assert result.kind is VerdictKind.STITCHED and result.stitched and "different places" in result.message


def test_more_than_ten_fragments_are_counted_and_named(library: Library, seed_id: str) -> None:
    quotes = [f'"quote number {n} about the bases"' for n in range(12)]
    result = library.check_claim("default", "They said " + ", ".join(quotes))
    assert len(result.fragments) == 10 and result.more == 2
    assert "2 more quoted passages not checked: “quote number 10 about the bases”, “quote number 11" in result.message


def test_without_quotation_marks_the_whole_text_is_one_quote(library: Library, seed_id: str) -> None:
    result = library.check_claim("default", "US warplanes have also been conducting airstrikes on several locations inside Syria.")
    assert result.kind is VerdictKind.EXACT and len(result.fragments) == 1 and result.framing == ""
    with pytest.raises(BadInput):
        library.check_claim("default", " ")
