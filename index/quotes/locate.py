"""Where a quote occurs verbatim (after normalisation): exact spans, sentences around them, ellipsis chains."""

from __future__ import annotations

import re
from functools import lru_cache

from index.ingest.segment import paragraph_around, paragraph_number, sentences
from index.models import Article
from index.quotes.normalize import article_forms, loosen, normalize, strict_form

ELIDED_MAX_GAP_CHARS = 600  # text left out between two pieces of an elided quote
ELIDED_MAX_PARAGRAPH_DISTANCE = 1  # the next paragraph at most
_OUTER = " \"'.,;:!?-()[]"


def _quote_variants(quote: str) -> list[tuple[str, bool]]:
    """Normalised search strings for a quote, most literal first: ``(needle, loose)``."""
    strict = normalize(quote)
    trimmed = strict.strip(_OUTER).strip()
    loose = loosen(strict_form(strict)).norm.strip()
    loose_trimmed = loosen(strict_form(trimmed)).norm.strip()
    variants: list[tuple[str, bool]] = []
    for needle, is_loose in ((strict, False), (trimmed, False), (loose, True), (loose_trimmed, True)):
        if needle and (needle, is_loose) not in variants:
            variants.append((needle, is_loose))
    return variants


def _find_all(needle: str, hay: str) -> list[tuple[int, int]]:
    """All occurrences of ``needle`` in ``hay`` that start and end at word boundaries."""
    hits: list[tuple[int, int]] = []
    if not needle:
        return hits
    first_alnum = needle[0].isalnum()
    last_alnum = needle[-1].isalnum()
    pos = hay.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        ok_start = not first_alnum or pos == 0 or not hay[pos - 1].isalnum()
        ok_end = not last_alnum or end == len(hay) or not hay[end].isalnum()
        if ok_start and ok_end:
            hits.append((pos, end))
        pos = hay.find(needle, pos + 1)
    return hits


def locate(quote: str, text: str) -> list[tuple[int, int]]:
    """All ``(start, end)`` ORIGINAL offsets in ``text`` where the normalised quote occurs.

    Matches start and end at word boundaries. Outer quotation marks / punctuation of the quote
    are tolerated (the span then excludes them), and so is a different quotation-mark style
    inside the quote. ``text[start:end]`` is the verbatim span.
    """
    strict, loose = article_forms(text)
    for needle, is_loose in _quote_variants(quote):
        form = loose if is_loose else strict
        hits = _find_all(needle, form.norm)
        if hits:
            return [form.orig(i, j) for i, j in hits]
    return []


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """``(s, e)`` of the sentence(s) of ``text`` that contain ``text[start:end]`` (s <= start, e >= end)."""
    p_start, p_end = paragraph_around(text, start, max(end, start + 1))
    spans = sentences_in(text, p_start, p_end)
    s = next((a for a, b in reversed(spans) if a <= start), p_start)
    e = next((b for a, b in spans if b >= end), p_end)
    return min(s, start), max(e, end)


@lru_cache(maxsize=2048)
def sentences_in(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(sentences(text, start, end))


@lru_cache(maxsize=256)
def all_sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentences(text))


# ellipsis -----------------------------------------------------------------------------

_ELLIPSIS = re.compile(r"\s*(?:[\[(]\s*\.\s?\.\s?\.\s*[\])]|\.\s?\.\s?\.\.?)\s*")


def ellipsis_pieces(quote: str) -> list[str]:
    """The normalised parts of a quote around "…", "..." or "[...]" (one part when there is no ellipsis)."""
    norm = normalize(quote)
    pieces = [p.strip() for p in _ELLIPSIS.split(norm)]
    return [p for p in pieces if any(c.isalnum() for c in p)]


def elided_chain(pieces: list[str], article: Article) -> list[tuple[int, int]] | None:
    """The first in-order placement of every piece with small gaps, or None."""
    occ = [locate(p, article.text) for p in pieces]
    if not all(occ):
        return None
    return ordered_chain(article.text, occ, ELIDED_MAX_GAP_CHARS, ELIDED_MAX_PARAGRAPH_DISTANCE)


def ordered_chain(text: str, occ: list[list[tuple[int, int]]], max_gap: int,
                   max_paragraphs: int) -> list[tuple[int, int]] | None:
    """One occurrence per piece, in order, each at most ``max_gap`` characters and
    ``max_paragraphs`` paragraphs after the previous one; None when there is no such chain."""

    def extend(chain: list[tuple[int, int]], k: int) -> list[tuple[int, int]] | None:
        if k == len(occ):
            return chain
        prev_end = chain[-1][1]
        prev_par = paragraph_number(text, chain[-1][0])
        for s, e in occ[k]:
            if s < prev_end:
                continue
            if s - prev_end > max_gap or paragraph_number(text, s) - prev_par > max_paragraphs:
                break
            done = extend(chain + [(s, e)], k + 1)
            if done:
                return done
        return None

    for first in occ[0]:
        chain = extend([first], 1)
        if chain:
            return chain
    return None
