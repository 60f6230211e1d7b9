"""Stitched quotes: real pieces taken from separate places (other paragraphs, out of order, other articles)."""

from __future__ import annotations

from collections.abc import Sequence

from index.ingest.segment import paragraph_number
from index.models import Article, VerdictKind
from index.quotes.found import Found
from index.quotes.locate import locate, ordered_chain
from index.quotes.words import Words

STITCH_MIN_PIECE_WORDS = 3
STITCH_MIN_PIECE_LETTERS = 12
STITCH_MAX_PIECES = 8
STITCH_CLOSE_GAP_CHARS = 200  # pieces closer than this, same paragraph, in order: a near miss instead


def _piece_ok(words: list[str]) -> bool:
    return len(words) >= STITCH_MIN_PIECE_WORDS and sum(c.isalpha() for w in words for c in w) >= STITCH_MIN_PIECE_LETTERS


def split_into_found_pieces(q: Words, articles: Sequence[Article]) -> list[str] | None:
    """Greedy split of the quote's words into the longest pieces that each occur exactly somewhere."""
    toks, norm = q.toks, q.form.norm

    def piece(i: int, j: int) -> str:
        return norm[toks[i][0] : toks[j - 1][1]]

    def found(i: int, j: int) -> bool:
        needle = piece(i, j)
        return any(locate(needle, a.text) for a in articles)

    pieces: list[str] = []
    i = 0
    n = len(toks)
    while i < n:
        if len(pieces) >= STITCH_MAX_PIECES:
            return None
        # longest j such that words[i:j] is found; found() is monotone in j, so binary search
        lo, hi = i + 1, n
        if not found(i, lo):
            return None
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if found(i, mid):
                lo = mid
            else:
                hi = mid - 1
        if not _piece_ok(q.keys[i:lo]):
            return None
        pieces.append(piece(i, lo))
        i = lo
    return pieces if len(pieces) >= 2 else None


def place_pieces(pieces: list[str], articles: Sequence[Article],
                 prefer: str | None) -> tuple[list[tuple[Article, tuple[int, int]]], bool]:
    """Choose one occurrence per piece: keep pieces in one article and in order where possible.

    Returns ``[(article, (start, end)), ...]`` and whether the placement is "close" (in order,
    same paragraph, small gaps) — a close placement is a near miss, not a stitch.
    """
    per_article = []
    for a in articles:
        occ = [locate(p, a.text) for p in pieces]
        per_article.append((a, occ))
    # a close, in-order placement inside one article?
    for a, occ in per_article:
        if all(occ):
            chain = _close_chain(a.text, occ)
            if chain:
                return [(a, c) for c in chain], True
    # otherwise: prefer the article holding the most pieces (the named one first on ties)
    ranked = sorted(per_article, key=lambda t: (-sum(bool(o) for o in t[1]), t[0].id != prefer))
    placement = []
    for k in range(len(pieces)):
        for a, occ in ranked:
            if occ[k]:
                placement.append((a, occ[k][0]))
                break
    return placement, False


def _close_chain(text: str, occ: list[list[tuple[int, int]]]) -> list[tuple[int, int]] | None:
    """Pieces that follow each other closely inside one paragraph."""
    return ordered_chain(text, occ, STITCH_CLOSE_GAP_CHARS, 0)


def stitched(placement: list[tuple[Article, tuple[int, int]]]) -> Found:
    """The finding for pieces placed in separate places: where each one is."""
    arts = [a for a, _ in placement]
    spans = [sp for _, sp in placement]
    where = []
    in_order = all(
        arts[k].id == arts[k + 1].id and spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1)
    )
    for a, (s, _) in placement:
        title = a.meta.title if len({x.id for x in arts}) > 1 else None
        where.append(f"paragraph {paragraph_number(a.text, s)}" + (f" of “{title}”" if title else ""))
    how = "from different places" if in_order else "from different places, in a different order"
    if len({a.id for a in arts}) > 1:
        how = "from different articles"
    detail = f"each piece is real, but they come {how} ({'; '.join(where)}) — not one continuous passage."
    return Found(VerdictKind.STITCHED, arts[0], spans, detail=detail, span_articles=tuple(arts))


# near miss ----------------------------------------------------------------------------
