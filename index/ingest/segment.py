"""Paragraph and sentence boundaries as exact character offsets into a text.

Time is linear in the text's length: pysbd's cost grows with the square of what it is given
(a 2 MB line took about an hour), so a paragraph longer than :data:`WINDOW` characters is
segmented a window at a time — every sentence but the window's last is kept, and the next window
starts at that last sentence. A window in which pysbd finds no boundary at all is cut at spaces, and
no sentence of such a paragraph is longer than :data:`MAX_PIECE` characters, so text without
punctuation still goes. Control characters carry no sentence boundary and can crash pysbd (a digit
after U+001F does): pysbd sees them as spaces, one for one, so offsets do not move.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pysbd

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

WINDOW = 4000
"""Longest text given to pysbd at once (characters)."""
MAX_PIECE = 1000
"""Longest piece cut where pysbd finds no sentence boundary (characters)."""


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
    """Sentences of one paragraph; a long one a window at a time (see the module doc)."""
    if end - start <= WINDOW:
        return _segment(text, start, end)
    spans: list[tuple[int, int]] = []
    pos = start
    while end - pos > WINDOW:
        found = _segment(text, pos, pos + WINDOW)
        if len(found) < 2:  # no sentence boundary in the whole window: pieces cut at spaces
            found = _bounded(text, pos, pos + WINDOW)
        spans.extend(found[:-1])  # the window may cut the last sentence: it starts the next window
        pos = found[-1][0]
    if pos < end:
        spans.extend(_segment(text, pos, end))
    return [piece for span in spans for piece in _bounded(text, *span)]


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence of a windowed paragraph, in pieces of at most :data:`MAX_PIECE` characters."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PIECE:
        cut = _forced_cut(text, start)
        pieces.append(_trim(text, start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return [p for p in pieces if p[0] < p[1]]


def _forced_cut(text: str, pos: int) -> int:
    """Where to end a piece of ``text`` from ``pos`` with no sentence boundary: the last space within
    :data:`MAX_PIECE` characters (or exactly there when there is none)."""
    limit = pos + MAX_PIECE
    space = max(text.rfind(" ", pos + MAX_PIECE // 2, limit), text.rfind("\n", pos + MAX_PIECE // 2, limit))
    return space + 1 if space > pos else limit


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """pysbd's sentences of ``text[start:end]`` as exact spans."""
    chunk = _CONTROL.sub(" ", text[start:end])  # same length: offsets into ``chunk`` are offsets into ``text``
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
    if not spans and text[start:end].strip():  # nothing but control characters: one sentence all the same
        return [_trim(text, start, end)]
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
