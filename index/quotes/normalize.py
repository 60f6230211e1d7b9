"""Normalising quotes and articles for matching, with a map back to the original offsets.

The one rule of the quote checker: every span it returns satisfies
``span.text == article.text[span.start:span.end]`` — offsets always point into the
ORIGINAL article text, never into a normalised copy. The maps kept here make that possible.
"""

from __future__ import annotations

import re
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

    Case (casefold), whitespace runs incl. NBSP/thin spaces -> one space, curly/straight
    quotes and apostrophes (‘’‚‛′ “”„‟″ « » -> ' or "), dash variants (‐‑‒–—― − -> -),
    the ellipsis character … -> "...", soft hyphens and zero-width characters dropped.

    Returns ``(normalised, index_map)`` where ``index_map[i]`` is the index in ``text`` of
    the character normalised character ``i`` came from; ``len(index_map) == len(normalised) + 1``
    and the last entry is ``len(text)``. Outer whitespace is kept (collapsed), so the map
    covers the whole text.
    """
    out: list[str] = []
    index_map: list[int] = []
    last_space = False
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        if ch.isspace():
            if not last_space:
                out.append(" ")
                index_map.append(i)
                last_space = True
            continue
        last_space = False
        rep = _CHAR_MAP.get(ch)
        if rep is None:
            rep = ch.casefold()
        for r in rep:
            out.append(r)
            index_map.append(i)
    index_map.append(len(text))
    return "".join(out), index_map


def normalize(text: str) -> str:
    """The normalised form of ``text`` (see :func:`normalize_with_map`), outer whitespace removed."""
    return normalize_with_map(text)[0].strip()


@dataclass(frozen=True)
class Norm:
    """A text in one normalised form, with the map back to original offsets."""

    raw: str
    norm: str
    map: tuple[int, ...]

    def orig(self, i: int, j: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised range ``[i, j)``."""
        if j <= i:
            return self.map[i], self.map[i]
        return self.map[i], self.map[j - 1] + 1

    @property
    def tokens(self) -> list[tuple[int, int, str]]:
        return tokens(self.norm)


def strict_form(text: str) -> Norm:
    norm, m = normalize_with_map(text)
    return Norm(text, norm, tuple(m))


def loosen(n: Norm) -> Norm:
    """Also drop quotation marks (double quotes, and single quotes that are not apostrophes).

    A change of quotation-mark style (e.g. nested “…” typed as '…') does not change meaning.
    """
    s = n.norm
    out: list[str] = []
    m: list[int] = []
    for i, ch in enumerate(s):
        if ch == '"' or (ch == "'" and not (0 < i < len(s) - 1 and s[i - 1].isalnum() and s[i + 1].isalnum())):
            continue
        if ch == " " and (not out or out[-1] == " "):
            continue
        out.append(ch)
        m.append(n.map[i])
    m.append(n.map[-1])
    return Norm(n.raw, "".join(out), tuple(m))


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
