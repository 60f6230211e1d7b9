"""index/extract.py: text, Markdown, HTML and PDF -> the exact stored text and metadata."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from index.errors import BadInput, NotAnArticle
from index.ingest.convert import extract_bytes
from index.ingest.dates import parse_dateline
from index.ingest.html import extract_html
from index.ingest.markdown import extract_markdown
from index.ingest.pdf import extract_pdf
from index.ingest.plaintext import extract_text
from index.ingest.textrules import normalize_text
from tests.support.data import PAGES, SEED_FILE


def _seed_path() -> Path:
    return SEED_FILE


def _expected(slug: str) -> dict:
    return json.loads((PAGES / f"{slug}.expected.json").read_text(encoding="utf-8"))


# --- plain text -------------------------------------------------------------------------------


def test_seed_article_title_dateline_body_and_comment_form():
    raw = _seed_path().read_text(encoding="utf-8")
    doc = extract_text(raw)
    assert doc.meta.title == "Airstrikes Pummel US Bases In Iraq And Syria"
    assert doc.meta.outlet == "Orinoco Tribune"
    assert doc.meta.published == date(2023, 11, 1)
    assert doc.text.startswith("As resistance attacks against Washington\u2019s forces")
    # curly quotes and non-breaking spaces are kept exactly
    assert "\u201cdid not cause casualties or damage.\u201d" in doc.text
    assert "the Pentagon regularly\u00a0delays" in doc.text
    # the comment form is gone, and the title/dateline are not part of the body
    assert "Leave a Reply" not in doc.text
    assert "Required fields" not in doc.text
    assert "Airstrikes Pummel" not in doc.text
    assert "Orinoco Tribune" not in doc.text
    assert doc.text.endswith("(INA) on Tuesday.")
    # storage rules: \n only, one blank line between paragraphs, stripped ends
    assert "\r" not in doc.text and "\n\n\n" not in doc.text
    assert doc.text == doc.text.strip()
    assert len(doc.text.split("\n\n")) == 10
    # every body paragraph is a verbatim paragraph of the source (modulo trailing spaces)
    source_paragraphs = {p.rstrip(" ") for p in raw.split("\n\n")}
    for paragraph in doc.text.split("\n\n"):
        assert paragraph in source_paragraphs


def test_seed_article_bytes_dispatch_same_as_text():
    raw = _seed_path().read_bytes()
    from_bytes = extract_bytes(raw, filename="seed-article.txt", content_type="text/plain")
    assert from_bytes == extract_text(raw.decode("utf-8"))
    # sniffing alone (no name, no type) also reads it as text
    assert extract_bytes(raw).text == from_bytes.text


def test_text_crlf_trailing_spaces_and_blank_runs_normalised():
    raw = "Headline here\r\n\r\nFirst paragraph line one  \r\nline two.\r\n\r\n\r\n\r\nSecond\u00a0paragraph \u201cquoted\u201d.  \r\n"
    doc = extract_text(raw)
    assert doc.meta.title == "Headline here"
    assert doc.text == "First paragraph line one\nline two.\n\nSecond\u00a0paragraph \u201cquoted\u201d."


def test_text_without_title_keeps_everything_and_uses_first_line():
    raw = "This is a long first sentence of a pasted article that ends with a period.\n\nAnd a second one."
    doc = extract_text(raw)
    assert doc.text == raw
    assert doc.meta.title.startswith("This is a long first sentence")


def test_explicit_title_wins_and_url_is_kept():
    doc = extract_text("Some headline\n\nBody text here.", title="Given title", url="https://example.org/a")
    assert doc.meta.title == "Given title"
    assert doc.meta.url == "https://example.org/a"
    assert doc.text == "Body text here."


def test_article_merely_mentioning_comments_is_not_cut():
    raw = "Title\n\nThe council said it would review the comments.\n\nComments\n\nResidents have until May to respond."
    doc = extract_text(raw)
    assert doc.text.endswith("Residents have until May to respond.")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Orinoco Tribune, November 1, 2023 \u2014", ("Orinoco Tribune", None, date(2023, 11, 1))),
        ("By Jane Doe, Reuters, 1 Nov 2023", ("Reuters", "Jane Doe", date(2023, 11, 1))),
        ("Published: 2023-11-01", (None, None, date(2023, 11, 1))),
        ("Wednesday, November 1, 2023", (None, None, date(2023, 11, 1))),
        ("The minister said on Tuesday that talks would resume.", None),
        ("Orinoco Tribune", None),
    ],
)
def test_parse_dateline(line, expected):
    assert parse_dateline(line) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\u00a0\n"])
def test_empty_text_refused(text):
    with pytest.raises(BadInput, match="empty"):
        extract_text(text)


def test_empty_bytes_refused():
    with pytest.raises(BadInput, match="empty"):
        extract_bytes(b"  \n", filename="a.txt")


def test_normalize_text_is_idempotent():
    once = normalize_text("a \r\nb\t\r\n\r\n\r\nc ")
    assert once == "a\nb\n\nc"
    assert normalize_text(once) == once


# --- binary ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, filename, content_type",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "photo.png", "image/png"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, None, None),
        (b"PK\x03\x04" + b"\x00" * 200, "article.docx", None),
        (bytes(range(256)) * 8, "mystery.bin", "application/octet-stream"),
        (bytes(range(256)) * 8, "article.txt", "text/plain"),
    ],
)
def test_binary_refused_with_clear_message(data, filename, content_type):
    with pytest.raises(BadInput) as err:
        extract_bytes(data, filename=filename, content_type=content_type)
    message = str(err.value)
    assert ".txt, .md, .html or .pdf" in message or "not an article" in message


def test_latin1_text_is_decoded():
    raw = "Caf\u00e9 news\n\nThe caf\u00e9 re-opened on Monday, its owner said.".encode("latin-1")
    doc = extract_bytes(raw, filename="cafe.txt")
    assert doc.meta.title == "Caf\u00e9 news"
    assert "caf\u00e9 re-opened" in doc.text


def test_declared_charset_is_used():
    raw = "Title\n\n\u201cQuoted\u201d words.".encode("cp1252")
    doc = extract_bytes(raw, content_type="text/plain; charset=windows-1252")
    assert doc.text == "\u201cQuoted\u201d words."


# --- markdown -------------------------------------------------------------------------------

MARKDOWN = """# Council approves new bridge

*Riverside Gazette*, 3 March 2024

The city council **approved** the [new bridge](https://example.org/bridge) on Tuesday,
after a two-hour debate.

## What happens next

- Construction starts in *June*.
- The old bridge closes in 2026.

> \u201cThis is a good day for the city,\u201d the mayor said.
"""


def test_markdown_title_and_markup_removed():
    doc = extract_markdown(MARKDOWN)
    assert doc.meta.title == "Council approves new bridge"
    assert "#" not in doc.text and "*" not in doc.text and "](" not in doc.text
    assert "The city council approved the new bridge on Tuesday,\nafter a two-hour debate." in doc.text
    assert "What happens next" in doc.text
    assert "- Construction starts in June.\n- The old bridge closes in 2026." in doc.text
    assert doc.text.endswith("\u201cThis is a good day for the city,\u201d the mayor said.")
    assert "Council approves new bridge" not in doc.text
    assert "\n\n\n" not in doc.text


def test_markdown_front_matter_and_dispatch_by_extension():
    md = "---\ntitle: Front matter title\ndate: 2021-06-30\nauthor: A. Writer\nsource: The Paper\n---\n\nBody paragraph one.\n\nBody two.\n"
    doc = extract_bytes(md.encode(), filename="story.md")
    assert doc.meta.title == "Front matter title"
    assert doc.meta.published == date(2021, 6, 30)
    assert doc.meta.author == "A. Writer"
    assert doc.meta.outlet == "The Paper"
    assert doc.text == "Body paragraph one.\n\nBody two."
    assert extract_bytes(md.encode(), content_type="text/markdown").text == doc.text


def test_markdown_empty_refused():
    with pytest.raises(BadInput):
        extract_markdown("# Only a title\n")


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["crane", "asylum", "korea", "clock"])
def test_html_fixture_pages_extract_clean_body_and_metadata(slug):
    expected = _expected(slug)
    data = (PAGES / f"{slug}.html").read_bytes()
    doc = extract_bytes(data, content_type="text/html; charset=utf-8", url=f"http://news.test/{slug}")
    assert doc.text == expected["text"]
    assert doc.meta.title == expected["title"]
    assert doc.meta.outlet == "Wikinews"
    assert doc.meta.author == "Wikinews contributors"
    assert doc.meta.published == date.fromisoformat(expected["published"])
    assert doc.meta.url == f"http://news.test/{slug}"
    assert doc.meta.canonical_url == expected["url"]
    for clutter in ("cookie", "Accept all cookies", "Related stories", "reader42", "Leave a Reply",
                    "All rights reserved", "Subscribe to our newsletter", "Share this story"):
        assert clutter not in doc.text


def test_html_without_url_uses_canonical():
    doc = extract_html((PAGES / "crane.html").read_text(encoding="utf-8"))
    assert doc.meta.url == _expected("crane")["url"]


def test_html_sniffed_without_type_or_name():
    doc = extract_bytes((PAGES / "asylum.html").read_bytes())
    assert doc.text == _expected("asylum")["text"]


def test_html_curly_quotes_kept_and_headline_left_out():
    first = (
        "The mayor\u2019s office said the plan was \u201cfinal\u201d and that work on the bridge would start "
        "in June. Officials expect the project to take two years and to cost about 40 million dollars."
    )
    second = (
        "Residents were divided \u2014 some welcomed the news, while others said the money should go to schools "
        "instead, according to a survey published by the regional newspaper on Monday morning."
    )
    html = (
        "<html><head><title>Bridge plan final</title><meta property='og:site_name' content='Gazette'></head>"
        f"<body><article><h1>Bridge plan final</h1><p>{first}</p><p>{second}</p></article></body></html>"
    )
    doc = extract_html(html)
    assert doc.text == first + "\n\n" + second
    assert doc.meta.title == "Bridge plan final"
    assert doc.meta.outlet == "Gazette"


@pytest.mark.parametrize(
    "slug, reason",
    [("stub", r"only \d+ words"), ("paywall", "paywall"), ("navonly", "No article found")],
)
def test_html_non_articles_refused(slug, reason):
    with pytest.raises(NotAnArticle, match=reason):
        extract_bytes((PAGES / f"{slug}.html").read_bytes(), filename=f"{slug}.html")


def test_tiny_html_stub_refused():
    with pytest.raises(NotAnArticle):
        extract_html("<html><body><p>Hello.</p></body></html>")


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_fixture_extracts_paragraphs_and_title():
    expected = json.loads((PAGES / "crane.pdf.expected.json").read_text(encoding="utf-8"))
    data = (PAGES / "crane.pdf").read_bytes()
    doc = extract_bytes(data, filename="crane.pdf", content_type="application/pdf")
    assert doc.meta.title == expected["title"]
    assert doc.text.split("\n\n") == expected["paragraphs"]
    assert extract_pdf(data, url="https://example.org/crane.pdf").meta.url == "https://example.org/crane.pdf"


def test_pdf_without_text_layer_refused():
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(NotAnArticle, match="no text layer"):
        extract_pdf(buf.getvalue())


def test_broken_pdf_refused():
    with pytest.raises(BadInput, match="PDF"):
        extract_bytes(b"%PDF-1.4\nthis is not really a pdf\n", filename="x.pdf")
