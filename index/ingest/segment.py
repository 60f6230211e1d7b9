"""Paragraph and sentence boundaries as exact character offsets into a text."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pysbd

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (blank-line separated), trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text[start:end]``, never crossing a paragraph break."""
    end = len(text) if end is None else end
    result: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text[start:end]):
        result.extend(_paragraph_sentences(text, start + p_start, start + p_end))
    return result


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(chunk):
        stripped = piece.strip()
        if not stripped:
            continue
        found = chunk.find(stripped, cursor)
        if found < 0:  # the segmenter altered the text; fall back to what is left as one sentence
            spans.append((start + cursor, end))
            return [_trim(text, s, e) for s, e in spans]
        spans.append((start + found, start + found + len(stripped)))
        cursor = found + len(stripped)
    return spans


def paragraph_number(text: str, offset: int) -> int:
    """1-based number of the paragraph that contains (or follows) ``offset``."""
    starts = [s for s, _ in paragraphs(text)]
    return max(1, bisect.bisect_right(starts, offset))


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the paragraph(s) that contain ``text[start:end]``."""
    spans = paragraphs(text)
    first = next((s for s, e in spans if e > start), 0)
    last = next((e for s, e in reversed(spans) if s < end), len(text))
    return min(first, start), max(last, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
