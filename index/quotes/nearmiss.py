"""Near misses: the best almost-verbatim span (rapidfuzz alignment), a word diff and critical changes."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from index.models import Article, CriticalChange, DiffOp, VerdictKind
from index.quotes.found import Found
from index.quotes.words import (
    Words,
    article_words,
    is_name,
    is_negation,
    is_number,
    number_value,
)

NEAR_MISS_MIN_SIMILARITY = 0.6  # 1 - word edit distance / max(len): share of words that line up
NEAR_MISS_MIN_EQUAL_WORDS = 3
NEAR_MISS_SHORT_QUOTE_WORDS = 8


def near_miss(q: Words, article: Article, *, window: tuple[int, int] | None = None) -> Found | None:
    """Best almost-verbatim span: fuzzy alignment, refined to word boundaries, then a word diff.

    With ``window`` (original offsets), the span is fixed to the words inside it.
    """
    a = article_words(article)
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
    critical = tuple(critical_changes(q, a, s, ops))
    start = a.form.orig(a.toks[s][0], a.toks[s][1])[0]
    end = a.form.orig(a.toks[e - 1][0], a.toks[e - 1][1])[1]
    return Found(VerdictKind.NEAR_MISS, article, [(start, end)], similarity=similarity, diff=diff,
                  critical=critical, distance=dist)


@dataclass(frozen=True)
class _Op:
    tag: str
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


def _merge_ops(opcodes: Any) -> list[_Op]:
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


def _crosses_paragraph(a: Words, s: int, e: int) -> bool:
    start = a.form.orig(a.toks[s][0], a.toks[s][1])[0]
    end = a.form.orig(a.toks[e - 1][0], a.toks[e - 1][1])[1]
    return "\n" in a.form.raw[start:end]


def critical_changes(q: Words, a: Words, a_off: int, ops: Sequence[_Op]) -> list[CriticalChange]:
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

        quoted, actual = q.phrase(wi1, wi2), a.phrase(wj1, wj2)

        def change(kind: str, quoted: str = quoted, actual: str = actual) -> CriticalChange:
            return CriticalChange(kind, quoted, actual)

        if Counter(number_value(k) for k in qs if is_number(k)) != Counter(
            number_value(k) for k in as_ if is_number(k)
        ):
            changes.append(change("number"))
        if sum(map(is_negation, qs)) != sum(map(is_negation, as_)):
            changes.append(change("negation"))
        if op.tag == "replace":
            q_names = [q.original(i) for i in range(i1, i2) if is_name(q.original(i), qk[i])]
            a_names = [a.original(j) for j in range(j1, j2) if is_name(a.original(j), ak[j])]
            if q_names and a_names and [n.casefold() for n in q_names] != [n.casefold() for n in a_names]:
                changes.append(change("name"))
    return changes
