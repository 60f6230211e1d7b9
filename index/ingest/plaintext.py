"""Plain text (pasted, or a ``.txt`` file) -> the stored body and its metadata.

If the first non-empty line is short (under 150 characters), does not end with
a period and is followed by a blank line, it is the **title**: it goes into
``meta.title`` and is *not* part of the stored body. A paragraph right after it
that is only a dateline — ``"Orinoco Tribune, November 1, 2023 —"``, ``"By Jane
Doe, Reuters, 1 Nov 2023"``, ``"November 1, 2023"`` — fills ``outlet`` /
``author`` / ``published`` and is also left out of the body. A trailing comment
form copied along with the article (``"Leave a Reply"`` … ``"Your email address
will not be published. Required fields are marked *"``) is dropped. Without a
detectable title, the title is the first line (shortened) and the whole text is
the body.
"""

from __future__ import annotations

import re
from datetime import date

from index.errors import BadInput
from index.ingest.dates import parse_dateline
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
    if "\n" not in first and _title_candidate(first) and len(paragraphs) > 1:
        detected_title = first.strip()
        paragraphs = paragraphs[1:]
    elif title and first.strip() == title.strip() and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]

    if paragraphs and (detected_title or title):
        dateline = parse_dateline(paragraphs[0])
        if dateline and len(paragraphs) > 1:
            outlet, author, published = dateline
            paragraphs = paragraphs[1:]

    paragraphs = _drop_comment_form(paragraphs)
    body = "\n\n".join(paragraphs).strip()
    if not body:
        raise BadInput("The text is empty: there is only a title, no article body.")

    final_title = (title or "").strip() or detected_title or short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(title=final_title, outlet=outlet, author=author, published=published, url=url)
    return ExtractedDocument(text=body, meta=meta)
