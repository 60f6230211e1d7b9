"""Quoted passages in article text: the spans between quotation marks, paragraph by paragraph.

Curly “…” and straight "…" double quotes (and «…») are paired inside a paragraph; a mark left
open at the end of a paragraph is the news convention for a quotation that goes on in the next
paragraph, so the span runs to the paragraph's end. Single quotes are nested quotations (or
apostrophes) and are left alone. Offsets are those of the text given, the quoted words only
(the marks themselves are outside the span).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "«": "»", '"': '"', "„": "“"}
_MARKS = re.compile(r"[“”«»\"„]")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v\n]*")


@dataclass(frozen=True)
class Marked:
    """A passage between quotation marks: ``text[start:end]`` is inside the marks."""

    start: int
    end: int
    paragraph: int  # 0-based paragraph index
    closed: bool  # False: open at the paragraph's end (the quotation continues)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (a line: quotations do not run across line breaks)."""
    spans, at = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def marked_passages(text: str) -> list[Marked]:
    """Every passage between double quotation marks, in text order."""
    found: list[Marked] = []
    for number, (ps, pe) in enumerate(paragraphs(text)):
        found.extend(_in_paragraph(text, ps, pe, number))
    return found


def _in_paragraph(text: str, ps: int, pe: int, number: int) -> list[Marked]:
    found: list[Marked] = []
    opener: str | None = None
    open_at = 0
    for m in _MARKS.finditer(text, ps, pe):
        mark = m.group()
        if opener is None:
            if mark in OPENERS and not (mark == '"' and _is_inch_mark(text, m.start())):
                opener, open_at = mark, m.end()
            continue
        closes = OPENERS[opener] == mark or (opener == "“" and mark == '"') or (opener == '"' and mark == "”")
        if closes:
            if open_at < m.start():
                found.append(Marked(open_at, m.start(), number, True))
            opener = None
        elif mark == "“" and opener == "“":  # a new opener before a close: the earlier one was never closed
            open_at = m.end()
    if opener is not None:
        end = pe
        while end > open_at and text[end - 1].isspace():
            end -= 1
        if end - open_at > 1:
            found.append(Marked(open_at, end, number, False))
    return found


def _is_inch_mark(text: str, at: int) -> bool:
    """``6'2"`` or ``a 55" TV``: a straight double quote right after a digit, not before a letter."""
    return at > 0 and text[at - 1].isdigit() and (at + 1 >= len(text) or not text[at + 1].isalpha())
