"""Plain text (pasted, or a ``.txt`` file) -> the stored body and its metadata.

The convention (README, "Adding plain text"): the first line is the **title**, then a blank
line, then optionally a dateline paragraph — ``"Orinoco Tribune, November 1, 2023 —"``,
``"By Jane Doe, Reuters, 1 Nov 2023"``, ``"November 1, 2023"`` — and/or a byline paragraph
(``"By Jane Doe"``), then the body. The title and these paragraphs fill ``meta.title`` /
``outlet`` / ``author`` / ``published`` and are *not* part of the stored body, so paragraph
numbers count from the body's first paragraph.

A first line is the title when it is one short line (under 150 characters) followed by a blank
line and either does not end like a sentence (".", ":", ";", ",") or is followed by a dateline
or byline (so "Mayor resigns." and "What next..." are titles too, when a dateline follows). A trailing comment
form copied along with the article (``"Leave a Reply"`` … ``"Your email address
will not be published. Required fields are marked *"``) is dropped. Without a
detectable title, the title is the first line (shortened) and the whole text is
the body.
"""

from __future__ import annotations

import re
from datetime import date

from index.errors import BadInput
from index.ingest.dates import parse_byline, parse_dateline
from index.ingest.textrules import (
    TITLE_MAX_CHARS,
    normalize_text,
    require_text,
    short_title,
    split_paragraphs,
)
from index.models import ArticleMeta, ExtractedDocument

_COMMENT_HEAD = re.compile(
    r"^(leave a (reply|comment)|post a comment|add a comment|write a comment|\d+\s+comments?|comments?"
    r"|join the (conversation|discussion)|cancel reply)\s*[:.]?$",
    re.IGNORECASE,
)
_COMMENT_FORM_CUES = re.compile(
    r"(your email address will not be published|required fields are marked|save my name, email"
    r"|you must be logged in to post a comment|log in to (leave|post) a comment|comment\s*\*?\s*name\s*\*)",
    re.IGNORECASE,
)


def _drop_comment_form(paragraphs: list[str]) -> list[str]:
    """Remove a trailing comment form ("Leave a Reply … Required fields are marked *").

    Only a block at the very end is removed, and only when it carries a form's
    telltale lines, so an article that merely mentions comments is untouched.
    """
    n = len(paragraphs)
    for i in range(max(0, n - 8), n):
        head = paragraphs[i].strip()
        tail = paragraphs[i:]
        tail_text = "\n".join(tail)
        if _COMMENT_HEAD.match(head) and len(tail_text) < 1500 and (
            _COMMENT_FORM_CUES.search(tail_text) or len(tail) == 1
        ):
            return paragraphs[:i]
        if _COMMENT_FORM_CUES.match(head) and len(tail_text) < 600:
            return paragraphs[:i]
    return paragraphs


def _title_candidate(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) < TITLE_MAX_CHARS and not line.endswith((".", ":", ";", ","))


def _metadata_paragraphs(paragraphs: list[str]) -> tuple[int, tuple[str | None, str | None, date | None]]:
    """How many leading paragraphs are a dateline and/or a byline (at most one of each, a body must
    follow), and the ``(outlet, author, published)`` they give."""
    outlet = author = None
    published: date | None = None
    used = 0
    dated = bylined = False
    while used < 2 and used + 1 < len(paragraphs):
        dateline = None if dated else parse_dateline(paragraphs[used])
        byline = None if bylined or dateline else parse_byline(paragraphs[used])
        if dateline:
            line_outlet, line_author, published = dateline
            outlet, author, dated = line_outlet or outlet, line_author or author, True
        elif byline:
            author, outlet, bylined = byline[0], byline[1] or outlet, True
        else:
            break
        used += 1
    return used, (outlet, author, published)


def extract_text(text: str, *, title: str | None = None, url: str | None = None) -> ExtractedDocument:
    """Pasted text or a ``.txt`` file -> stored body + metadata (see the module doc for the rules).

    The title line and a dateline paragraph right after it are *not* kept in the
    stored text; a trailing comment form ("Leave a Reply … Required fields are
    marked *") is dropped. ``title`` overrides the detected title (and a first
    line equal to it is still removed from the body).
    """
    require_text(text, "text")
    normalized = normalize_text(text)
    paragraphs = split_paragraphs(normalized)

    detected_title: str | None = None
    outlet = author = None
    published: date | None = None

    first = paragraphs[0]
    one_line = "\n" not in first and len(first.strip()) < TITLE_MAX_CHARS and len(paragraphs) > 1
    if one_line and (_title_candidate(first) or _metadata_paragraphs(paragraphs[1:])[0]):
        detected_title = first.strip()
        paragraphs = paragraphs[1:]
    elif title and first.strip() == title.strip() and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]

    if paragraphs and (detected_title or title):
        used, (outlet, author, published) = _metadata_paragraphs(paragraphs)
        paragraphs = paragraphs[used:]

    paragraphs = _drop_comment_form(paragraphs)
    body = "\n\n".join(paragraphs).strip()
    if not body:
        raise BadInput("The text is empty: there is only a title, no article body.")

    final_title = (title or "").strip() or detected_title or short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(title=final_title, outlet=outlet, author=author, published=published, url=url)
    return ExtractedDocument(text=body, meta=meta)
