"""The storage rules every input format follows, and the shared checks on extracted text.

Every extractor returns text that is **exactly** what is stored, chunked and quoted:

* newlines are ``\\n`` (``\\r\\n`` and ``\\r`` are converted);
* spaces and tabs at the end of a line are removed, and the whole text is
  stripped at both ends;
* paragraphs are separated by exactly one blank line (``"\\n\\n"``); lines
  inside a paragraph keep their single ``\\n``;
* everything else is kept as it is: curly quotes, dashes, non-breaking spaces
  inside a line, accents. Nothing is retyped.
"""

from __future__ import annotations

import re

from index.errors import BadInput, NotAnArticle

MIN_ARTICLE_CHARS = 300
"""A web page or PDF whose body is shorter than this is not an article."""
MIN_ARTICLE_WORDS = 50
"""… or has fewer words than this."""

TITLE_MAX_CHARS = 150
UNTITLED = "Untitled"

# ---------------------------------------------------------------------------
# Normalisation shared by every format
# ---------------------------------------------------------------------------

_TRAILING_WS = re.compile(r"[ \t]+$", re.MULTILINE)


def _is_blank(line: str) -> bool:
    return not line.strip()


def normalize_text(text: str) -> str:
    """Apply the storage rules: ``\\n`` newlines, no trailing spaces, one blank line between paragraphs.

    Characters inside lines (curly quotes, NBSP, …) are left untouched. A line
    made only of whitespace (including NBSP) counts as blank.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")  # a byte-order mark is never content
    text = _TRAILING_WS.sub("", text)
    paragraphs = split_paragraphs(text)
    return "\n\n".join(paragraphs)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of already newline-normalised text (blank-line separated), each stripped of blank edges."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if _is_blank(line):
            if current:
                paragraphs.append("\n".join(current))
                current = []
        else:
            current.append(line.rstrip(" \t"))
    if current:
        paragraphs.append("\n".join(current))
    # Leading spaces of the very first line are not content (the text is stripped at its ends).
    if paragraphs:
        paragraphs[0] = paragraphs[0].lstrip()
        paragraphs[-1] = paragraphs[-1].rstrip()
    return [p for p in paragraphs if p]


def require_text(text: str, what: str) -> None:
    if not text or not text.strip():
        raise BadInput(f"The {what} is empty: there is no text to add.")


def short_title(line: str, limit: int = 100) -> str:
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,;:") + "…"


def word_count(text: str) -> int:
    return len(text.split())


def check_article_length(body: str, what: str) -> None:
    chars = len(body)
    words = word_count(body)
    if chars < MIN_ARTICLE_CHARS or words < MIN_ARTICLE_WORDS:
        raise NotAnArticle(
            f"No article found in the {what}: its main text is only {words} word{'s' if words != 1 else ''} "
            f"(an article needs at least {MIN_ARTICLE_WORDS} words and {MIN_ARTICLE_CHARS} characters)."
        )
