"""A web page -> its main text and metadata, via trafilatura.

trafilatura (precision-oriented, comments off, tables on) finds the main text
and the metadata: title, author, date, site name (-> outlet), canonical URL.
Paragraph structure comes from trafilatura's XML tree, so each ``<p>``,
heading, quote and list becomes its own paragraph; a leading headline equal to
the title is left out of the body. trafilatura collapses runs of whitespace (a
non-breaking space becomes a plain space); curly quotes, dashes and all other
characters are kept.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from index.errors import BadInput, NotAnArticle
from index.ingest.dates import parse_date
from index.ingest.mediatype import refuse_binary
from index.ingest.textrules import (
    UNTITLED,
    check_article_length,
    normalize_text,
    short_title,
    word_count,
)
from index.models import ArticleMeta, ExtractedDocument

_PAYWALL = re.compile(
    r"(subscribe (now )?to (continue|keep) reading|to continue reading,? (please )?(subscribe|log ?in|sign ?in)"
    r"|this (article|content|story) is (only )?(available )?(for|to) (subscribers|members)"
    r"|already a subscriber\?|subscribers only|create a free account to (continue|read))",
    re.IGNORECASE,
)


def _element_text(el: Any) -> str:
    """Text of a trafilatura XML element, ``<lb/>`` as a line break."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        if node.tag != "lb":
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(el)
    text = "".join(parts)
    lines = [" ".join(line.split(" ")).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _html_paragraphs(body: Any) -> list[str]:
    paragraphs: list[str] = []
    for el in body:
        tag = el.tag
        if tag == "list":
            items = []
            for item in el.iter("item"):
                t = " ".join(_element_text(item).split("\n")).strip()
                if t:
                    items.append("- " + t)
            if items:
                paragraphs.append("\n".join(items))
        elif tag == "table":
            rows = []
            for row in el.iter("row"):
                cells = [" ".join(_element_text(c).split()) for c in row if c.tag == "cell"]
                cells = [c for c in cells if c]
                if cells:
                    rows.append(" | ".join(cells))
            if rows:
                paragraphs.append("\n".join(rows))
        elif tag in ("graphic", "ref"):
            continue
        else:
            t = _element_text(el)
            if t:
                paragraphs.append(t)
    return paragraphs


def _http_url(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def extract_html(html: str | bytes, *, url: str | None = None) -> ExtractedDocument:
    """A web page -> its main text and metadata, via trafilatura.

    Raises NotAnArticle for a page without main text (navigation, search
    results), a paywall stub, or a body under ~50 words / 300 characters.
    ``meta.url`` is the URL the page came from (or, without one, its canonical
    URL); ``meta.canonical_url`` is the page's declared canonical URL.
    """
    if isinstance(html, bytes):
        if not html.strip():
            raise BadInput("The web page is empty.")
        refuse_binary(html[:4096], "web page")
    elif not html.strip():
        raise BadInput("The web page is empty.")

    import trafilatura

    try:
        doc: Any = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            favor_precision=True,
            deduplicate=False,
            output_format="python",
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise NotAnArticle("No article found: the page could not be parsed as HTML.") from exc
    if doc is None or getattr(doc, "body", None) is None:
        raise NotAnArticle("No article found on the page: it has no main text (navigation, a list or an app page?).")

    paragraphs = _html_paragraphs(doc.body)
    page_title = " ".join((doc.title or "").split())
    if page_title and len(paragraphs) > 1 and " ".join(paragraphs[0].split()) == page_title:
        paragraphs = paragraphs[1:]  # the headline is metadata, as for plain text
    body = normalize_text("\n\n".join(paragraphs))
    if not body:
        raise NotAnArticle("No article found on the page: it has no main text.")
    if _PAYWALL.search(body) and word_count(body) < 250:
        raise NotAnArticle("The page looks like a paywall or sign-in stub: only a teaser is visible to QuoteDesk.")
    check_article_length(body, "page")

    canonical = _http_url(getattr(doc, "url", None))
    page_title = page_title or short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(
        title=page_title or UNTITLED,
        outlet=(" ".join(doc.sitename.split()) if doc.sitename else None),
        author=(" ".join(doc.author.split()) if doc.author else None),
        published=parse_date(doc.date),
        url=url or canonical,
        license=doc.license or None,
        canonical_url=canonical,
    )
    return ExtractedDocument(text=body, meta=meta)
