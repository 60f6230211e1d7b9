"""Normalising quotes and articles for matching, with a map back to the original offsets.

The one rule of the quote checker: every span it returns satisfies
``span.text == article.text[span.start:span.end]`` — offsets always point into the
ORIGINAL article text, never into a normalised copy. The maps kept here make that possible.

Unicode forms: a letter and the combining marks after it (``e`` + U+0301) are one unit,
composed (NFC) before matching, so "José" typed decomposed (NFD) matches "José" stored composed
and the reverse. A span never starts or ends inside such a unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CHAR_MAP: dict[str, str] = {}
for _c in "‘’‚‛′‹›`":
    _CHAR_MAP[_c] = "'"
for _c in "“”„‟″«»":
    _CHAR_MAP[_c] = '"'
for _c in "‐‑‒–—―−﹘﹣－":
    _CHAR_MAP[_c] = "-"
_CHAR_MAP["…"] = "..."
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")  # soft hyphen, zero-width characters


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise only what does not change meaning, keeping a map back to the original.

    Case (casefold), Unicode composition (NFC: a letter with combining marks is one unit),
    whitespace runs incl. NBSP/thin spaces -> one space, curly/straight quotes and apostrophes
    (‘’‚‛′ “”„‟″ « » -> ' or "), dash variants (‐‑‒–—― − -> -), the ellipsis character … ->
    "...", soft hyphens and zero-width characters dropped.

    Returns ``(normalised, index_map)`` where ``index_map[i]`` is the index in ``text`` of
    the character (or start of the unit) normalised character ``i`` came from;
    ``len(index_map) == len(normalised) + 1`` and the last entry is ``len(text)``. Outer
    whitespace is kept (collapsed), so the map covers the whole text. :func:`strict_form` also
    keeps where each unit ends.
    """
    norm, starts, _ends = _normalize_spans(text)
    return norm, starts


def _normalize_spans(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`normalize_with_map` plus ``ends[i]``: the end in ``text`` of the unit character ``i`` came from."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last_space = False
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        j = i + 1
        if ch in _DROP:
            i = j
            continue
        if ch.isspace():
            if not last_space:
                out.append(" ")
                starts.append(i)
                ends.append(j)
                last_space = True
            i = j
            continue
        last_space = False
        while j < n and not text[j].isascii() and (unicodedata.combining(text[j]) or "\u1160" <= text[j] <= "\u11ff"):
            j += 1  # the combining marks (or Hangul vowel and final jamo) of this letter belong to it
        rep = _CHAR_MAP.get(ch) if j == i + 1 else None
        if rep is None:
            unit = text[i:j]
            rep = unit.casefold() if unit.isascii() else unicodedata.normalize("NFC", unit.casefold())
        for r in rep:
            out.append(r)
            starts.append(i)
            ends.append(j)
        i = j
    starts.append(n)
    return "".join(out), starts, ends


def normalize(text: str) -> str:
    """The normalised form of ``text`` (see :func:`normalize_with_map`), outer whitespace removed."""
    return normalize_with_map(text)[0].strip()


_FOLD = str.maketrans({**_CHAR_MAP, **dict.fromkeys(_DROP)})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """:func:`normalize` without the map back to offsets, many times faster: for "is this in that" tests."""
    folded = text.translate(_FOLD).casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", folded)
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True)
class Norm:
    """A text in one normalised form, with the map back to original offsets."""

    raw: str
    norm: str
    map: tuple[int, ...]  # where each normalised character starts in ``raw`` (and len(raw) last)
    ends: tuple[int, ...] = ()  # where each one's unit ends in ``raw`` (default: one character)

    def orig(self, i: int, j: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised range ``[i, j)`` (whole units, combining marks included)."""
        if j <= i:
            return self.map[i], self.map[i]
        return self.map[i], self.ends[j - 1] if self.ends else self.map[j - 1] + 1

    @property
    def tokens(self) -> list[tuple[int, int, str]]:
        return tokens(self.norm)


def strict_form(text: str) -> Norm:
    norm, starts, ends = _normalize_spans(text)
    return Norm(text, norm, tuple(starts), tuple(ends))


def loosen(n: Norm) -> Norm:
    """Also drop quotation marks (double quotes, and single quotes that are not apostrophes).

    A change of quotation-mark style (e.g. nested “…” typed as '…') does not change meaning.
    """
    s = n.norm
    out: list[str] = []
    m: list[int] = []
    e: list[int] = []
    for i, ch in enumerate(s):
        if ch == '"' or (ch == "'" and not (0 < i < len(s) - 1 and s[i - 1].isalnum() and s[i + 1].isalnum())):
            continue
        if ch == " " and (not out or out[-1] == " "):
            continue
        out.append(ch)
        m.append(n.map[i])
        e.append(n.ends[i] if n.ends else n.map[i] + 1)
    m.append(n.map[-1])
    return Norm(n.raw, "".join(out), tuple(m), tuple(e))


@lru_cache(maxsize=512)
def article_forms(text: str) -> tuple[Norm, Norm]:
    form = strict_form(text)
    return form, loosen(form)


# a token: a whitespace-separated run, trimmed to its first..last word character
WORDISH = re.compile(r"\w(?:\S*\w)?")
EDGE = re.compile(r"^[^\w]+|[^\w]+$")


@lru_cache(maxsize=512)
def tokens(norm: str) -> list[tuple[int, int, str]]:
    """Word tokens of a normalised text: ``(start, end, key)``; start/end trimmed to the key."""
    toks: list[tuple[int, int, str]] = []
    for m in WORDISH.finditer(norm):
        toks.append((m.start(), m.end(), m.group()))
    return toks
