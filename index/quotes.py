"""Normalise, locate and verify quotes: verdicts, word-level diffs and critical changes.

Pure and Discord-free. The one rule: every :class:`Span` returned here satisfies
``span.text == article.text[span.start:span.end]`` — offsets always point into the
ORIGINAL article text, never into a normalised copy.

How a quote is checked (:func:`check_quote`), in order:

1. **too short** — one or two words, or fewer than 12 letters: nothing is claimed.
2. **exact** — the normalised quote (case, whitespace, quote marks, dashes, the
   ellipsis character) occurs at word boundaries; outer quote marks/punctuation
   of the user's quote are tolerated, and so is a change of quotation-mark style
   inside it (nested quotes).
3. **elided** — the quote has ``...`` / ``…`` / ``[...]``; every piece occurs in
   order, close together, in one article. Pieces found but far apart or out of
   order → **stitched**.
4. **stitched** (no ellipsis) — the quote splits into ≥ 3-word pieces that each
   occur exactly but in separate places (other paragraph, far apart, out of order
   or another article).
5. **near miss** — a fuzzy alignment (rapidfuzz) finds an almost-verbatim span; a
   word-level diff with number / negation / name changes called out.
6. **paraphrase** — a sentence with the same meaning (embedding cosine plus some
   lexical overlap); shown, and clearly NOT a quote.
7. **not found**.

With ``named_article_id``, a quote found (exact / elided / near-miss quality)
only in another article is reported as **other article**, with where it was found.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from index.models import Article, CriticalChange, DiffOp, Source, Span, Verdict, VerdictKind
from index.segment import paragraph_around, paragraph_number, sentences

__all__ = [
    "normalize_with_map",
    "normalize",
    "locate_exact",
    "check_quote",
    "paragraph_of",
    "sentence_around",
    "PARAPHRASE_MIN_COSINE",
    "PARAPHRASE_MIN_OVERLAP",
    "NEAR_MISS_MIN_SIMILARITY",
]

# --- calibration (see index/quote_eval.py) -------------------------------------------
NEAR_MISS_MIN_SIMILARITY = 0.6  # 1 - word edit distance / max(len): share of words that line up
NEAR_MISS_MIN_EQUAL_WORDS = 3
NEAR_MISS_SHORT_QUOTE_WORDS = 8
PARAPHRASE_MIN_COSINE = 0.72
PARAPHRASE_MIN_OVERLAP = 0.25  # share of the quote's content words present in the sentence
PARAPHRASE_MAX_CANDIDATES = 24  # sentences embedded per check (after a lexical prefilter)
ELIDED_MAX_GAP_CHARS = 600  # text left out between two pieces of an elided quote
ELIDED_MAX_PARAGRAPH_DISTANCE = 1  # the next paragraph at most
STITCH_MIN_PIECE_WORDS = 3
STITCH_MIN_PIECE_LETTERS = 12
STITCH_MAX_PIECES = 8
STITCH_CLOSE_GAP_CHARS = 200
STITCH_WORDS_PER_JOIN = 2  # a near miss differing in ≤ this many words per join is preferred to a stitch  # pieces closer than this, same paragraph, in order: a near miss instead
TOO_SHORT_MAX_WORDS = 2
TOO_SHORT_MIN_LETTERS = 12

# --- normalisation ---------------------------------------------------------------------

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
class _Norm:
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
        return _tokens(self.norm)


def _strict(text: str) -> _Norm:
    norm, m = normalize_with_map(text)
    return _Norm(text, norm, tuple(m))


def _loosen(n: _Norm) -> _Norm:
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
    return _Norm(n.raw, "".join(out), tuple(m))


@lru_cache(maxsize=512)
def _article_forms(text: str) -> tuple[_Norm, _Norm]:
    strict = _strict(text)
    return strict, _loosen(strict)


# a token: a whitespace-separated run, trimmed to its first..last word character
_WORDISH = re.compile(r"\w(?:\S*\w)?")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


@lru_cache(maxsize=512)
def _tokens(norm: str) -> list[tuple[int, int, str]]:
    """Word tokens of a normalised text: ``(start, end, key)``; start/end trimmed to the key."""
    toks: list[tuple[int, int, str]] = []
    for m in _WORDISH.finditer(norm):
        toks.append((m.start(), m.end(), m.group()))
    return toks


# --- exact location --------------------------------------------------------------------

_OUTER = " \"'.,;:!?-()[]"


def _quote_variants(quote: str) -> list[tuple[str, bool]]:
    """Normalised search strings for a quote, most literal first: ``(needle, loose)``."""
    strict = normalize(quote)
    trimmed = strict.strip(_OUTER).strip()
    loose = _loosen(_strict(strict)).norm.strip()
    loose_trimmed = _loosen(_strict(trimmed)).norm.strip()
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


def _locate(quote: str, text: str) -> list[tuple[int, int]]:
    strict, loose = _article_forms(text)
    for needle, is_loose in _quote_variants(quote):
        form = loose if is_loose else strict
        hits = _find_all(needle, form.norm)
        if hits:
            return [form.orig(i, j) for i, j in hits]
    return []


def locate_exact(quote: str, text: str) -> list[tuple[int, int]]:
    """All ``(start, end)`` ORIGINAL offsets in ``text`` where the normalised quote occurs.

    Matches start and end at word boundaries. Outer quotation marks / punctuation of the quote
    are tolerated (the span then excludes them), and so is a different quotation-mark style
    inside the quote. ``text[start:end]`` is the verbatim span.
    """
    return _locate(quote, text)


# --- paragraphs and sentences ----------------------------------------------------------


def paragraph_of(text: str, offset: int) -> int:
    """1-based number of the (blank-line separated) paragraph that contains ``offset``."""
    return paragraph_number(text, offset)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """``(s, e)`` of the sentence(s) of ``text`` that contain ``text[start:end]`` (s <= start, e >= end)."""
    p_start, p_end = paragraph_around(text, start, max(end, start + 1))
    spans = _sentences_in(text, p_start, p_end)
    s = next((a for a, b in reversed(spans) if a <= start), p_start)
    e = next((b for a, b in spans if b >= end), p_end)
    return min(s, start), max(e, end)


@lru_cache(maxsize=2048)
def _sentences_in(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(sentences(text, start, end))


@lru_cache(maxsize=256)
def _all_sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentences(text))


# --- word-level diff and critical changes ----------------------------------------------

_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million billion trillion dozen dozens hundreds thousands millions billions half quarter "
    "third fourth fifth sixth seventh eighth ninth tenth twice thrice".split()
)
_NEGATIONS = frozenset(
    "not no never without nor none cannot neither nobody nothing nowhere n't".split()
)
_STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this "
    "that these those he she they we you i me him her them us our your their his my mr mrs ms dr "
    "said says say will would can could should may might has have had do does did so than then there "
    "here what which who whom whose when where why how all any some more most also just about into over "
    "after before up out".split()
)


def _is_number(key: str) -> bool:
    return any(c.isdigit() for c in key) or any(part in _NUMBER_WORDS for part in key.split("-"))


def _number_value(key: str) -> str:
    return key.replace(",", "") if any(c.isdigit() for c in key) else key


def _is_negation(key: str) -> bool:
    return key in _NEGATIONS or key.endswith("n't")


@dataclass
class _Words:
    """Tokens of a normalised form with their original, unnormalised text."""

    form: _Norm
    toks: list[tuple[int, int, str]]

    @property
    def keys(self) -> list[str]:
        return [k for _, _, k in self.toks]

    def original(self, i: int) -> str:
        s, e = self.form.orig(self.toks[i][0], self.toks[i][1])
        return self.form.raw[s:e]

    def phrase(self, i: int, j: int) -> str:
        return " ".join(self.original(k) for k in range(i, j))


def _critical_changes(q: _Words, a: _Words, a_off: int, ops) -> list[CriticalChange]:
    """Number, negation and name changes among the non-equal diff operations."""
    changes: list[CriticalChange] = []
    qk, ak = q.keys, a.keys
    n_q = len(qk)
    for op in ops:
        if op.tag == "equal":
            continue
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start + a_off, op.dest_end + a_off
        qs, as_ = qk[i1:i2], ak[j1:j2]
        # widen a one-sided change by a neighbouring equal word, so it reads "did not" -> "did"
        wi1, wi2, wj1, wj2 = i1, i2, j1, j2
        if i1 == i2 or j1 == j2:
            if i1 > 0 and j1 > a_off:
                wi1, wj1 = i1 - 1, j1 - 1
            elif i2 < n_q:
                wi2, wj2 = i2 + 1, j2 + 1

        def change(kind: str) -> CriticalChange:
            return CriticalChange(kind, q.phrase(wi1, wi2), a.phrase(wj1, wj2))

        if Counter(_number_value(k) for k in qs if _is_number(k)) != Counter(
            _number_value(k) for k in as_ if _is_number(k)
        ):
            changes.append(change("number"))
        if sum(map(_is_negation, qs)) != sum(map(_is_negation, as_)):
            changes.append(change("negation"))
        if op.tag == "replace":
            q_names = [q.original(i) for i in range(i1, i2) if _is_name(q.original(i), qk[i])]
            a_names = [a.original(j) for j in range(j1, j2) if _is_name(a.original(j), ak[j])]
            if q_names and a_names and [n.casefold() for n in q_names] != [n.casefold() for n in a_names]:
                changes.append(change("name"))
    return changes


def _is_name(original: str, key: str) -> bool:
    word = _EDGE.sub("", original)
    return bool(word) and word[0].isupper() and key not in _STOPWORDS and not _is_number(key) and not _is_negation(key)


# --- results ---------------------------------------------------------------------------


@dataclass
class _Found:
    """One finding in one article (before it becomes a Verdict)."""

    kind: VerdictKind
    article: Article
    spans: list[tuple[int, int]]
    similarity: float | None = None
    diff: tuple[DiffOp, ...] = ()
    critical: tuple[CriticalChange, ...] = ()
    detail: str = ""  # extra message text
    distance: int = 0  # near miss: words that differ (word-level edit distance)
    span_articles: tuple[Article, ...] = ()


def _prepare_quote(quote: str) -> _Words:
    form = _loosen(_strict(quote))
    return _Words(form, _tokens(form.norm))


def _article_words(article: Article) -> _Words:
    loose = _article_forms(article.text)[1]
    return _Words(loose, _tokens(loose.norm))


# exact ------------------------------------------------------------------------------


def _exact(quote: str, article: Article) -> _Found | None:
    hits = _locate(quote, article.text)
    if not hits:
        return None
    detail = f" (it appears {len(hits)} times)" if len(hits) > 1 else ""
    return _Found(VerdictKind.EXACT, article, [hits[0]], similarity=1.0, detail=detail)


# ellipsis -----------------------------------------------------------------------------

_ELLIPSIS = re.compile(r"\s*(?:[\[(]\s*\.\s?\.\s?\.\s*[\])]|\.\s?\.\s?\.\.?)\s*")


def ellipsis_pieces(quote: str) -> list[str]:
    """The normalised parts of a quote around "…", "..." or "[...]" (one part when there is no ellipsis)."""
    norm = normalize(quote)
    pieces = [p.strip() for p in _ELLIPSIS.split(norm)]
    return [p for p in pieces if any(c.isalnum() for c in p)]


def _elided_chain(pieces: list[str], article: Article) -> list[tuple[int, int]] | None:
    """The first in-order placement of every piece with small gaps, or None."""
    occ = [_locate(p, article.text) for p in pieces]
    if not all(occ):
        return None
    return _ordered_chain(article.text, occ, ELIDED_MAX_GAP_CHARS, ELIDED_MAX_PARAGRAPH_DISTANCE)


def _ordered_chain(text: str, occ: list[list[tuple[int, int]]], max_gap: int,
                   max_paragraphs: int) -> list[tuple[int, int]] | None:
    """One occurrence per piece, in order, each at most ``max_gap`` characters and
    ``max_paragraphs`` paragraphs after the previous one; None when there is no such chain."""

    def extend(chain: list[tuple[int, int]], k: int) -> list[tuple[int, int]] | None:
        if k == len(occ):
            return chain
        prev_end = chain[-1][1]
        prev_par = paragraph_of(text, chain[-1][0])
        for s, e in occ[k]:
            if s < prev_end:
                continue
            if s - prev_end > max_gap or paragraph_of(text, s) - prev_par > max_paragraphs:
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


# stitched -----------------------------------------------------------------------------


def _piece_ok(words: list[str]) -> bool:
    return len(words) >= STITCH_MIN_PIECE_WORDS and sum(c.isalpha() for w in words for c in w) >= STITCH_MIN_PIECE_LETTERS


def _split_into_found_pieces(q: _Words, articles: Sequence[Article]) -> list[str] | None:
    """Greedy split of the quote's words into the longest pieces that each occur exactly somewhere."""
    toks, norm = q.toks, q.form.norm

    def piece(i: int, j: int) -> str:
        return norm[toks[i][0] : toks[j - 1][1]]

    def found(i: int, j: int) -> bool:
        needle = piece(i, j)
        return any(_locate(needle, a.text) for a in articles)

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


def _place_pieces(pieces: list[str], articles: Sequence[Article], prefer: str | None):
    """Choose one occurrence per piece: keep pieces in one article and in order where possible.

    Returns ``[(article, (start, end)), ...]`` and whether the placement is "close" (in order,
    same paragraph, small gaps) — a close placement is a near miss, not a stitch.
    """
    per_article = []
    for a in articles:
        occ = [_locate(p, a.text) for p in pieces]
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
    return _ordered_chain(text, occ, STITCH_CLOSE_GAP_CHARS, 0)


def _stitched(placement, named: str | None) -> _Found:
    arts = [a for a, _ in placement]
    spans = [sp for _, sp in placement]
    where = []
    in_order = all(
        arts[k].id == arts[k + 1].id and spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1)
    )
    for a, (s, _) in placement:
        title = a.meta.title if len({x.id for x in arts}) > 1 else None
        where.append(f"paragraph {paragraph_of(a.text, s)}" + (f" of “{title}”" if title else ""))
    how = "from different places" if in_order else "from different places, in a different order"
    if len({a.id for a in arts}) > 1:
        how = "from different articles"
    detail = f"each piece is real, but they come {how} ({'; '.join(where)}) — not one continuous passage."
    return _Found(VerdictKind.STITCHED, arts[0], spans, detail=detail, span_articles=tuple(arts))


# near miss ----------------------------------------------------------------------------


def _near_miss(q: _Words, article: Article, *, window: tuple[int, int] | None = None) -> _Found | None:
    """Best almost-verbatim span: fuzzy alignment, refined to word boundaries, then a word diff.

    With ``window`` (original offsets), the span is fixed to the words inside it.
    """
    a = _article_words(article)
    qk, ak = q.keys, a.keys
    if not qk or not ak:
        return None
    starts = [t[0] for t in a.toks]
    if window is not None:
        ws, we = window
        idx = [k for k, (ts, te, _) in enumerate(a.toks) if a.form.orig(ts, te)[0] >= ws and a.form.orig(ts, te)[1] <= we]
        if not idx:
            return None
        s, e = idx[0], idx[-1] + 1
        dist = Levenshtein.distance(qk, ak[s:e])
    else:
        align = fuzz.partial_ratio_alignment(" ".join(qk), a.form.norm)
        if align is None or align.score < 50:
            return None
        lo = max(0, bisect.bisect_right(starts, align.dest_start) - 1)
        hi = bisect.bisect_left(starts, align.dest_end)
        # refine to word boundaries: the window that lines up the most quote words at the least cost
        best = None
        slack = 6
        for s in range(max(0, lo - slack), min(len(ak), lo + slack + 1)):
            for e in range(max(s + 1, hi - slack), min(len(ak), hi + slack) + 1):
                cand = ak[s:e]
                d = Levenshtein.distance(qk, cand)
                common = (len(qk) + len(cand) - Indel.distance(qk, cand)) // 2  # words in common, in order
                key = (d - 2 * common, _crosses_paragraph(a, s, e), d, abs(len(cand) - len(qk)))
                if best is None or key < best[0]:
                    best = (key, s, e)
        if best is None:
            return None
        (_, _, dist, _), s, e = best
    cand = ak[s:e]
    similarity = 1.0 - dist / max(len(qk), len(cand))
    ops = _merge_ops(Levenshtein.opcodes(qk, cand))
    equal = sum(op.src_end - op.src_start for op in ops if op.tag == "equal")
    if window is None and (
        similarity < NEAR_MISS_MIN_SIMILARITY
        or equal < min(NEAR_MISS_MIN_EQUAL_WORDS, len(qk))
        or (len(qk) < NEAR_MISS_SHORT_QUOTE_WORDS and dist > 1)  # a short quote may differ in one word only
    ):
        return None
    diff = tuple(
        DiffOp(op.tag, q.phrase(op.src_start, op.src_end), a.phrase(op.dest_start + s, op.dest_end + s))
        for op in ops
    )
    critical = tuple(_critical_changes(q, a, s, ops))
    start = a.form.orig(a.toks[s][0], a.toks[s][1])[0]
    end = a.form.orig(a.toks[e - 1][0], a.toks[e - 1][1])[1]
    return _Found(VerdictKind.NEAR_MISS, article, [(start, end)], similarity=similarity, diff=diff,
                  critical=critical, distance=dist)


@dataclass(frozen=True)
class _Op:
    tag: str
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


def _merge_ops(opcodes) -> list[_Op]:
    """Merge adjacent changes into one, so a diff reads "'has deployed a large number of' → 'sent many'"."""
    merged: list[_Op] = []
    for op in opcodes:
        if op.tag != "equal" and merged and merged[-1].tag != "equal":
            prev = merged.pop()
            i1, i2, j1, j2 = prev.src_start, op.src_end, prev.dest_start, op.dest_end
            tag = "replace" if i2 > i1 and j2 > j1 else ("delete" if i2 > i1 else "insert")
            merged.append(_Op(tag, i1, i2, j1, j2))
        else:
            merged.append(_Op(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return merged


def _crosses_paragraph(a: _Words, s: int, e: int) -> bool:
    start = a.form.orig(a.toks[s][0], a.toks[s][1])[0]
    end = a.form.orig(a.toks[e - 1][0], a.toks[e - 1][1])[1]
    return "\n" in a.form.raw[start:end]


def _diff_summary(found: _Found) -> str:
    crit = found.critical
    if crit:
        order = {"negation": 0, "number": 1, "name": 2}
        c = sorted(crit, key=lambda c: order.get(c.kind, 3))[0]
        lead = {
            "negation": "the article says the opposite: negation",
            "number": "a number is different:",
            "name": "a name is different:",
        }[c.kind]
        more = f" (and {len(crit) - 1} more critical change{'s' if len(crit) > 2 else ''})" if len(crit) > 1 else ""
        return f"{lead} '{c.actual}' → '{c.quoted}' (article → your quote){more}"
    changes = [d for d in found.diff if d.op != "equal"]
    if not changes:
        return "same words, but the punctuation differs"
    shown = []
    for d in changes[:3]:
        if d.op == "replace":
            shown.append(f"'{d.actual}' → '{d.quoted}'")
        elif d.op == "insert":
            shown.append(f"left out '{d.actual}'")
        else:
            shown.append(f"added '{d.quoted}'")
    more = f", and {len(changes) - 3} more" if len(changes) > 3 else ""
    n = sum(max(len(d.quoted.split()), len(d.actual.split())) for d in changes)
    return f"not word for word ({n} word{'s' if n != 1 else ''} differ: {'; '.join(shown)}{more})"


# paraphrase ---------------------------------------------------------------------------


def _content(keys: list[str]) -> set[str]:
    return {k for k in keys if k not in _STOPWORDS and len(k) > 2}


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘]?[A-Z])")


@lru_cache(maxsize=256)
def _paraphrase_units(text: str) -> tuple[tuple[int, int], ...]:
    """Sentences, plus the sentences inside long ones (pysbd keeps a multi-sentence quotation whole)."""
    units: list[tuple[int, int]] = []
    for s, e in _all_sentences(text):
        units.append((s, e))
        if e - s > 160:
            cursor = s
            for m in _SENTENCE_END.finditer(text, s, e):
                units.append((cursor, m.start() + (len(m.group()) - len(m.group().lstrip("\"'”’")))))
                cursor = m.end()
            if cursor != s:
                units.append((cursor, e))
    return tuple(units)


def _polarity(keys: list[str]) -> bool:
    return any(map(_is_negation, keys))


def _paraphrase(q: _Words, articles: Sequence[Article], embed) -> _Found | None:
    qc = _content(q.keys)
    if not qc:
        return None
    cands: list[tuple[float, Article, int, int]] = []
    for a in articles:
        for s, e in _paraphrase_units(a.text):
            sc = _content([k for _, _, k in _tokens(normalize(a.text[s:e]))])
            overlap = len(qc & sc) / len(qc)
            if overlap >= PARAPHRASE_MIN_OVERLAP:
                cands.append((overlap, a, s, e))
    if not cands:
        return None
    cands.sort(key=lambda c: -c[0])
    cands = cands[:PARAPHRASE_MAX_CANDIDATES]
    vecs = np.asarray(embed([q.form.raw] + [a.text[s:e] for _, a, s, e in cands]), dtype=np.float32)
    cos = vecs[1:] @ vecs[0]
    k = int(np.argmax(cos))
    if float(cos[k]) < PARAPHRASE_MIN_COSINE:
        return None
    _, a, s, e = cands[k]
    sentence_keys = [key for _, _, key in _tokens(normalize(a.text[s:e]))]
    if _polarity(sentence_keys) != _polarity(q.keys):
        # similar words, opposite meaning: never a paraphrase "in the quote's favour"
        neg_q = " ".join(k for k in q.keys if _is_negation(k))
        neg_a = " ".join(k for k in sentence_keys if _is_negation(k))
        change = CriticalChange("negation", neg_q, neg_a)
        return _Found(VerdictKind.NOT_FOUND, a, [(s, e)], similarity=float(cos[k]), critical=(change,))
    return _Found(VerdictKind.PARAPHRASE, a, [(s, e)], similarity=float(cos[k]))


# --- the checker -----------------------------------------------------------------------


def _default_cite(article: Article) -> Source:
    return Source(number=1, article_id=article.id, meta=article.meta)


def _is_too_short(quote: str) -> bool:
    words = [k for _, _, k in _tokens(normalize(quote)) if any(c.isalnum() for c in k)]
    letters = sum(c.isalpha() for c in quote)
    return len(words) <= TOO_SHORT_MAX_WORDS or letters < TOO_SHORT_MIN_LETTERS


def _first_found(fn, ordered: Sequence[Article]) -> _Found | None:
    for a in ordered:
        f = fn(a)
        if f:
            return f
    return None


def check_quote(
    quote: str,
    articles: Sequence[Article],
    *,
    named_article_id: str | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    cite: Callable[[Article], Source] | None = None,
) -> Verdict:
    """Did these articles (or the named one) really say ``quote``? See the module doc for the order of checks.

    ``articles`` are the candidates (full exact text). ``embed`` maps texts to unit vectors and
    enables the paraphrase check; ``cite`` builds the Source for an article.
    """
    cite = cite or _default_cite
    named = next((a for a in articles if a.id == named_article_id), None) if named_article_id else None
    ordered = ([named] if named else []) + [a for a in articles if named is None or a.id != named.id]
    quote_text = quote.strip()

    if _is_too_short(quote_text):
        where = _first_found(lambda a: _exact(quote_text, a), ordered)
        return _verdict(
            quote, VerdictKind.TOO_SHORT, where, cite,
            "Too short to verify — a quote of one or two words could come from almost anywhere."
            + (" (It does occur in the articles.)" if where else ""),
        )

    # 1. exact
    found = _first_found(lambda a: _exact(quote_text, a), ordered)
    if found:
        return _finish(quote, found, named_article_id, cite)

    # 2. ellipsis: elided or stitched
    pieces = ellipsis_pieces(quote_text)
    if len(pieces) >= 2:
        found = None
        for a in ordered:
            chain = _elided_chain(pieces, a)
            if chain:
                found = _Found(VerdictKind.ELIDED, a, chain, similarity=1.0)
                break
        if found:
            return _finish(quote, found, named_article_id, cite)
        placement, close = _place_pieces(pieces, ordered, named_article_id)
        if len(placement) == len(pieces) and not close:
            return _finish(quote, _stitched(placement, named_article_id), named_article_id, cite)

    # 3. stitched without an ellipsis: pieces that each match exactly, in separate places
    q = _prepare_quote(" ".join(pieces) if len(pieces) >= 2 else quote_text)
    misses = [m for m in (_near_miss(q, a) for a in ordered) if m]
    split = _split_into_found_pieces(q, ordered)
    gapped: _Found | None = None
    if split:
        placement, close = _place_pieces(split, ordered, named_article_id)
        # a stitch must explain the quote better than a near miss: a near miss that differs in at most
        # two words per join (e.g. 'the' -> 'a' with a common phrase after it) is the simpler story
        closest = min((m.distance for m in misses), default=None)
        if len(placement) == len(split) and not close and (
            closest is None or closest > STITCH_WORDS_PER_JOIN * (len(split) - 1)
        ):
            return _finish(quote, _stitched(placement, named_article_id), named_article_id, cite)
        if close:  # every piece verbatim, close together: words were left out (or added) in between
            art = placement[0][0]
            gapped = _near_miss(q, art, window=(placement[0][1][0], placement[-1][1][1]))

    # 4. near miss: the best alignment, in the named article if it has one
    if gapped:
        misses = [gapped] + [m for m in misses if m.article.id != gapped.article.id]
    if misses:
        in_named = [m for m in misses if named and m.article.id == named.id]
        best = in_named[0] if in_named else (gapped or max(misses, key=lambda m: m.similarity or 0.0))
        return _finish(quote, best, named_article_id, cite)

    # 5. paraphrase
    if embed is not None:
        found = _paraphrase(q, ordered, embed)
        if found and found.kind == VerdictKind.NOT_FOUND:
            a, (s, e) = found.article, found.spans[0]
            return Verdict(
                VerdictKind.NOT_FOUND, quote,
                f"Not found — no passage says this; the closest sentence, in “{a.meta.title}”, paragraph "
                f"{paragraph_of(a.text, s)}, says the opposite (negation).",
                source=cite(a), paragraph=paragraph_of(a.text, s), context=Span(a.id, s, e, a.text[s:e]),
                critical=found.critical, similarity=found.similarity,
            )
        if found:
            return _finish(quote, found, named_article_id, cite)

    # 6. nothing
    scope = f"“{named.meta.title}” or the other candidate articles" if named else "the articles"
    return Verdict(VerdictKind.NOT_FOUND, quote, f"Not found — nothing in {scope} comes close to this quote.")


def _where(found: _Found) -> str:
    a = found.article
    s = found.spans[0][0]
    return f"in “{a.meta.title}”, paragraph {paragraph_of(a.text, s)}"


def _finish(quote: str, found: _Found, named_article_id: str | None, cite) -> Verdict:
    kind = found.kind
    if kind == VerdictKind.EXACT:
        msg = f"Exact — the article says this word for word, {_where(found)}{found.detail}."
    elif kind == VerdictKind.ELIDED:
        a = found.article
        pars = sorted({paragraph_of(a.text, s) for s, _ in found.spans})
        p = f"paragraph {pars[0]}" if len(pars) == 1 else f"paragraphs {pars[0]}–{pars[-1]}"
        msg = (
            f"Elided — every piece is in the article, in this order and close together, in “{a.meta.title}”, {p}; "
            "the quote leaves out the text between them."
        )
    elif kind == VerdictKind.NEAR_MISS:
        msg = f"Near miss — {_diff_summary(found)}; {_where(found)}."
    elif kind == VerdictKind.STITCHED:
        msg = f"Stitched — {found.detail}"
    elif kind == VerdictKind.PARAPHRASE:
        msg = (
            "Paraphrase — this is NOT a quote: no passage says it word for word, but a sentence "
            f"{_where(found)} says something similar (similarity {found.similarity:.2f})."
        )
    else:  # pragma: no cover - not produced here
        msg = kind.value

    if (
        named_article_id
        and found.article.id != named_article_id
        and kind in (VerdictKind.EXACT, VerdictKind.ELIDED, VerdictKind.NEAR_MISS)
    ):
        quality = {
            VerdictKind.EXACT: "word for word",
            VerdictKind.ELIDED: "with parts left out (elided)",
            VerdictKind.NEAR_MISS: "almost word for word (" + _diff_summary(found) + ")",
        }[kind]
        msg = f"Other article — not in the article you named, but found {quality} {_where(found)}."
        kind = VerdictKind.OTHER_ARTICLE
    return _verdict(quote, kind, found, cite, msg)


def _verdict(quote: str, kind: VerdictKind, found: _Found | None, cite, message: str) -> Verdict:
    if found is None:
        return Verdict(kind, quote, message)
    arts = found.span_articles or tuple(found.article for _ in found.spans)
    spans = tuple(Span(a.id, s, e, a.text[s:e]) for a, (s, e) in zip(arts, found.spans))
    a = found.article
    first = found.spans[0]
    cs, ce = sentence_around(a.text, first[0], first[1])
    return Verdict(
        kind=kind,
        quote=quote,
        message=message,
        spans=spans,
        source=cite(a),
        paragraph=paragraph_of(a.text, first[0]),
        context=Span(a.id, cs, ce, a.text[cs:ce]),
        diff=found.diff,
        critical=found.critical,
        similarity=found.similarity,
    )
