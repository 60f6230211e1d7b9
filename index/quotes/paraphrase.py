"""Paraphrases: no verbatim span, but a sentence that says the same thing (embeddings plus word overlap)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from index.ingest.segment import paragraph_around
from index.models import Article, CriticalChange, VerdictKind
from index.quotes.details import unsupported_details
from index.quotes.found import Found
from index.quotes.locate import all_sentences
from index.quotes.normalize import normalize, tokens
from index.quotes.words import STOPWORDS, Words, is_negation

PARAPHRASE_MIN_COSINE = 0.72
PARAPHRASE_MIN_OVERLAP = 0.25  # share of the quote's content words present in the sentence
PARAPHRASE_MAX_CANDIDATES = 24  # sentences embedded per check (after a lexical prefilter)
PARAPHRASE_MAX_PAIR_CHARS = 400  # two adjacent sentences are one candidate when no longer than this

Embed = Callable[[list[str]], np.ndarray]


def _content(keys: list[str]) -> set[str]:
    return {k for k in keys if k not in STOPWORDS and len(k) > 2}


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘]?[A-Z])")


@lru_cache(maxsize=256)
def _paraphrase_units(text: str) -> tuple[tuple[int, int], ...]:
    """Sentences, the sentences inside long ones (pysbd keeps a multi-sentence quotation whole), and
    two adjacent sentences of one paragraph together (a summary often joins two)."""
    units: list[tuple[int, int]] = []
    spans = all_sentences(text)
    for (s1, e1), (s2, e2) in itertools.pairwise(spans):
        if "\n" not in text[e1:s2] and e2 - s1 <= PARAPHRASE_MAX_PAIR_CHARS:
            units.append((s1, e2))
    for s, e in all_sentences(text):
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
    return any(map(is_negation, keys))


def paraphrase(q: Words, articles: Sequence[Article], embed: Embed) -> Found | None:
    """The sentence closest in meaning to the quote (never one that says the opposite), or None."""
    qc = _content(q.keys)
    if not qc:
        return None
    cands: list[tuple[float, Article, int, int]] = []
    for a in articles:
        for s, e in _paraphrase_units(a.text):
            sc = _content([k for _, _, k in tokens(normalize(a.text[s:e]))])
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
    sentence_keys = [key for _, _, key in tokens(normalize(a.text[s:e]))]
    if _polarity(sentence_keys) != _polarity(q.keys):
        # similar words, opposite meaning: never a paraphrase "in the quote's favour"
        neg_q = " ".join(k for k in q.keys if is_negation(k))
        neg_a = " ".join(k for k in sentence_keys if is_negation(k))
        change = CriticalChange("negation", neg_q, neg_a)
        return Found(VerdictKind.NOT_FOUND, a, [(s, e)], similarity=float(cos[k]), critical=(change,))
    ps, pe = paragraph_around(a.text, s, e)
    invented = unsupported_details(q, a.text[s:e], a.text[ps:pe] + "\n" + a.meta.title)
    if invented:  # close in meaning, but numbers / names / sweeping claims the sentence does not make
        return Found(VerdictKind.UNSUPPORTED, a, [(s, e)], similarity=float(cos[k]), unsupported=invented)
    return Found(VerdictKind.PARAPHRASE, a, [(s, e)], similarity=float(cos[k]))
