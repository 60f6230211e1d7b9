"""Plain-text titles, datelines and bylines (issue 11, item 8): the convention in the README."""

from __future__ import annotations

from datetime import date

import pytest

from index.ingest.plaintext import extract_text

BODY = "The mayor resigned on Tuesday, the council said.\n\nA new election will be held in March."


@pytest.mark.parametrize("title", ["Mayor resigns after scandal", "Mayor resigns after scandal.",
                                   "Mayor resigns…", "Is this the end...", "Mayor resigns!"])
def test_title_and_dateline_are_metadata_not_body(title: str) -> None:
    doc = extract_text(f"{title}\n\nOrinoco Tribune, November 1, 2023 —\n\n{BODY}")
    assert doc.meta.title == title
    assert (doc.meta.outlet, doc.meta.published) == ("Orinoco Tribune", date(2023, 11, 1))
    assert doc.text == BODY  # paragraph 1 is the body's first paragraph


def test_byline_and_dateline_paragraphs_in_either_order() -> None:
    for head in ("By Jane Doe\n\nReuters, 1 Nov 2023", "Reuters, 1 Nov 2023\n\nBy Jane Doe"):
        doc = extract_text(f"Mayor resigns.\n\n{head}\n\n{BODY}")
        assert (doc.meta.title, doc.meta.author, doc.meta.outlet) == ("Mayor resigns.", "Jane Doe", "Reuters")
        assert doc.meta.published == date(2023, 11, 1) and doc.text == BODY


def test_a_first_sentence_without_dateline_stays_in_the_body() -> None:
    doc = extract_text(BODY)  # nothing is lost when there is no title line
    assert doc.text == BODY and doc.meta.published is None


def test_add_says_when_no_date_was_found(library) -> None:
    undated = library.add_text("default", f"Mayor resigns.\n\n{BODY}")
    assert "No publication date was found" in undated.message
    dated = library.add_text("default", f"Mayor resigns.\n\nOrinoco Tribune, November 1, 2023 —\n\n{BODY} Again.")
    assert dated.meta.published == date(2023, 11, 1) and "No publication date" not in dated.message
