"""Evaluate the quote checker on PolNeAR quotes and labelled SYNTHETIC perturbations of them.

Positives are real direct quotes (≥ 4 words) with their article: expected ``exact``. Negatives
are made here by perturbing them (all synthetic, labelled by how they were made):

========================  =========================================================  =============
label                     how it is made                                             expected
========================  =========================================================  =============
``real``                  the quote as annotated                                      exact
``restyled``              straight quotes, other case, odd whitespace and dashes      exact
``named_other``           the real quote, but a distractor article is named           other_article
``elided``                a middle run of ≥ 2 words of a long quote replaced by "..."  elided
``word_swap``             one interior word replaced by a word from another article   near_miss
``edge_swap``             the first or the last word replaced the same way            near_miss
``negation``              a negation removed, or "not" inserted after an auxiliary    near_miss (+ negation)
``number``                a number changed                                            near_miss (+ number)
``deletion``              one interior word dropped                                   near_miss
``splice``                two quotes of the article from different paragraphs, joined stitched
``splice_ellipsis``       the same, later one first, joined by "..."                  stitched
``fabricated``            a quote from an article outside the candidate set          not_found
``attributed``            the speaker outside the marks: ``X said, “…”`` / ``“…,” X said.``  exact
========================  =========================================================  =============

Candidates for every check are the true article plus ``distractors`` other articles: by default
the ones sharing most words with the quote (as retrieval would bring them), else at random
(deterministic with ``seed``). Fabricated quotes come from the next most similar article. The texts are internal evaluation data: nothing of them is
written to the repository; ``to_dict(include_mistakes=True)`` is for local debugging only.

Run: ``quotedesk eval ../shared/data/polnear-dev --limit 300`` (``--whole-text``: the checker as
it was before pasted claims were parsed, for comparison).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from index.evaluation.data import jsonl
from index.ingest.segment import paragraph_number
from index.models import Article, ArticleMeta, Verdict, VerdictKind
from index.quotes.checker import check_quote
from index.quotes.claim_check import check_claim
from index.quotes.editorial import check_fragment
from index.quotes.normalize import normalize

EXPECTED = {
    "real": "exact",
    "restyled": "exact",
    "named_other": "other_article",
    "elided": "elided",
    "word_swap": "near_miss",
    "edge_swap": "near_miss",
    "negation": "near_miss",
    "number": "near_miss",
    "deletion": "near_miss",
    "splice": "stitched",
    "splice_ellipsis": "stitched",
    "fabricated": "not_found",
    "attributed": "exact",
}
CRITICAL_EXPECTED = {"negation": "negation", "number": "number"}
KINDS = [k.value for k in VerdictKind]

_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|does|did|do|has|have|had|must)\b", re.I)
_NEG = re.compile(r"\s*\b(not|never)\b|n't\b", re.I)
_NUM = re.compile(r"\b\d[\d,.]*\b")
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred", "million", "billion"]
_WORD = re.compile(r"[A-Za-z]{3,}")
_RESTYLE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


@dataclass
class QuoteEvalReport:
    """Confusion matrix (expected label × verdict kind) and derived scores."""

    n: int
    seconds: float
    by_label: dict[str, Counter] = field(default_factory=dict)  # perturbation label -> verdict kind counts
    critical: dict[str, tuple[int, int]] = field(default_factory=dict)  # label -> (flagged, near_miss total)
    mistakes: list[dict] = field(default_factory=list)

    @property
    def by_expected(self) -> dict[str, Counter]:
        out: dict[str, Counter] = defaultdict(Counter)
        for label, counts in self.by_label.items():
            out[EXPECTED[label]].update(counts)
        return dict(out)

    def precision_recall(self) -> dict[str, dict[str, float]]:
        matrix = self.by_expected
        result = {}
        for kind in sorted(matrix):
            tp = matrix[kind][kind]
            predicted = sum(row[kind] for row in matrix.values())
            actual = sum(matrix[kind].values())
            result[kind] = {
                "precision": tp / predicted if predicted else 0.0,
                "recall": tp / actual if actual else 0.0,
                "support": actual,
            }
        return result

    @property
    def accuracy(self) -> float:
        correct = sum(c[EXPECTED[label]] for label, c in self.by_label.items())
        return correct / self.n if self.n else 0.0

    def to_dict(self, *, include_mistakes: bool = False) -> dict:
        d = {
            "n": self.n,
            "seconds": round(self.seconds, 1),
            "accuracy": round(self.accuracy, 4),
            "confusion_by_label": {k: dict(v) for k, v in self.by_label.items()},
            "confusion_by_expected": {k: dict(v) for k, v in self.by_expected.items()},
            "precision_recall": self.precision_recall(),
            "critical_flagged": {k: {"flagged": f, "near_miss": t} for k, (f, t) in self.critical.items()},
        }
        if include_mistakes:
            d["mistakes"] = self.mistakes
        return d


def _plain(text: str) -> str:
    return " ".join(normalize(text).split())


def _load(polnear_dir: Path) -> tuple[dict[str, Article], list[dict[str, Any]]]:
    articles: dict[str, Article] = {}
    for d in jsonl(polnear_dir / "articles.jsonl"):
        meta = ArticleMeta(title=d.get("title") or d["article_id"], outlet=d.get("publisher"))
        articles[d["article_id"]] = Article(d["article_id"], d["text"], meta)
    quotes = [q for q in jsonl(polnear_dir / "quotes.jsonl") if q["article_id"] in articles]
    return articles, quotes


def _usable(q: dict) -> bool:
    text = q["quote"].strip()
    return len(text.split()) >= 4 and sum(c.isalpha() for c in text) >= 15


def _perturb(label: str, q: dict, rng: random.Random, same_article: list[dict], article: Article,
             vocabulary: list[str]) -> str | None:
    text = q["quote"].strip()
    words = text.split()
    if label in ("real", "named_other"):
        return text
    if label == "attributed":  # pasted the way news writes it: the speaker outside the marks
        speaker = " ".join(str(q.get("speaker_mention") or "").split())
        if not speaker or len(speaker.split()) > 6 or any(c in text for c in "\"“”"):
            return None
        return f"{speaker} said, “{text}”" if rng.random() < 0.5 else f"“{text.rstrip('.,;:')},” {speaker} said."
    if label == "restyled":
        out = text.translate(_RESTYLE)
        out = out.upper() if rng.random() < 0.3 else out.lower()
        return out.replace(" ", rng.choice(["  ", "\u00a0", " \n"]), 2)
    if label == "elided":
        if len(words) < 12:
            return None
        i = rng.randint(3, len(words) - 6)
        j = i + rng.randint(2, min(5, len(words) - 3 - i))
        return " ".join(words[:i]) + " ... " + " ".join(words[j:])
    if label in ("word_swap", "edge_swap"):
        positions = range(1, len(words) - 1) if label == "word_swap" else (0, len(words) - 1)
        inner = [k for k in positions if _WORD.fullmatch(words[k].strip(".,;:!?\"'“”‘’"))]
        if not inner:
            return None
        k = rng.choice(inner)
        old = words[k].strip(".,;:!?\"'“”‘’")
        new = rng.choice(vocabulary)
        if normalize(new) == normalize(old):
            return None
        return " ".join(words[:k] + [words[k].replace(old, new)] + words[k + 1 :])
    if label == "negation":
        m = _NEG.search(text)
        if m:
            out = text[: m.start()] + text[m.end():]
            return out if out.strip() != text.strip() else None
        m = _AUX.search(text)
        if not m:
            return None
        return text[: m.end()] + " not" + text[m.end():]
    if label == "number":
        m = _NUM.search(text)
        if m:
            digits = m.group().rstrip(".,")
            changed = "".join(str((int(c) + 1) % 10) if c.isdigit() and i == len(digits) - 1 else c
                              for i, c in enumerate(digits))
            return text[: m.start()] + changed + text[m.start() + len(digits):]
        for w in _NUMBER_WORDS:
            m = re.search(rf"\b{w}\b", text, re.I)
            if m:
                other = rng.choice([x for x in _NUMBER_WORDS if x != w])
                return text[: m.start()] + other + text[m.end():]
        return None
    if label == "deletion":
        if len(words) < 6:
            return None
        k = rng.randint(1, len(words) - 2)
        return " ".join(words[:k] + words[k + 1 :])
    if label in ("splice", "splice_ellipsis"):
        par = paragraph_number(article.text, q["char_start"])
        others = [o for o in same_article if _usable(o) and abs(paragraph_number(article.text, o["char_start"]) - par) >= 2]
        if not others:
            return None
        o = rng.choice(others)
        first, second = (q, o) if q["char_start"] < o["char_start"] else (o, q)
        a, b = first["quote"].strip().rstrip(".,"), second["quote"].strip()
        if label == "splice":
            return a + " " + b
        return second["quote"].strip().rstrip(".,") + " ... " + first["quote"].strip()
    raise ValueError(label)


def _claim_verdict(text: str, candidates: list[Article], embed: Callable[[list[str]], np.ndarray] | None,
                   named: str | None) -> Verdict:
    """The claim checker's overall verdict, as one Verdict (kind, every fragment's spans and critical changes)."""
    by_id = {a.id: a for a in candidates}
    result = check_claim(text, lambda f, _who: check_fragment(f, candidates, embed=embed, named_article_id=named),
                         by_id.__getitem__)
    first = result.fragments[0].verdict
    return replace(first, kind=result.kind, message=result.message,
                   spans=tuple(s for f in result.fragments for s in f.verdict.spans),
                   critical=tuple(c for f in result.fragments for c in f.verdict.critical))


def evaluate_quote_checker(
    polnear_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    embed: Callable[[list[str]], np.ndarray] | None,
    distractors: int = 3,
    hard_distractors: bool = True,
    progress: Callable[[int, int], None] | None = None,
    claims: bool = False,
) -> QuoteEvalReport:
    """Check ``limit`` real quotes and their synthetic perturbations; see the module doc.

    ``embed`` maps texts to unit vectors and enables the paraphrase step (as in production);
    ``None`` skips it. ``claims``: check the way ``quotedesk check`` does since issue 16 (quoted
    fragments and framing, index/quotes/claim_check.py) instead of the whole text as one quote.
    """
    polnear_dir = Path(polnear_dir)
    articles, quotes = _load(polnear_dir)
    rng = random.Random(seed)
    by_article: dict[str, list[dict]] = defaultdict(list)
    for q in quotes:
        by_article[q["article_id"]].append(q)
    positives = [q for q in quotes if _usable(q)]
    rng.shuffle(positives)
    if limit is not None:
        positives = positives[:limit]
    ids = sorted(articles)
    words_of = {i: frozenset(w.lower() for w in _WORD.findall(articles[i].text)) for i in ids}
    vocabulary = sorted({w for a in rng.sample(ids, min(20, len(ids))) for w in _WORD.findall(articles[a].text)})

    report = QuoteEvalReport(n=0, seconds=0.0)
    report.by_label = {label: Counter() for label in EXPECTED}
    critical = {label: [0, 0] for label in CRITICAL_EXPECTED}
    started = time.perf_counter()
    for n, q in enumerate(positives):
        article = articles[q["article_id"]]
        others = [i for i in ids if i != article.id]
        if hard_distractors:  # like retrieval would: the articles sharing most of the quote's words
            qwords = {w.lower() for w in _WORD.findall(q["quote"])}
            ranked = sorted(others, key=lambda i: (-len(qwords & words_of[i]), rng.random()))
            picked = ranked[: distractors + 1]
        else:
            picked = rng.sample(others, distractors + 1)
        candidates = [article] + [articles[i] for i in picked[:distractors]]
        rng.shuffle(candidates)
        outside = articles[picked[-1]]  # not a candidate (but on a similar topic): source of a fabricated quote
        for label in EXPECTED:
            if label == "fabricated":
                pool = [o for o in by_article[outside.id] if _usable(o)]
                if not pool:
                    continue
                text = rng.choice(pool)["quote"].strip()
                if any(_plain(text) in _plain(c.text) for c in candidates):
                    continue  # the "fabricated" quote is really in a candidate (syndicated text): not a negative
            elif label == "named_other" and _plain(q["quote"]) in _plain(articles[picked[0]].text):
                continue  # the named distractor really contains the quote
            if label != "fabricated":
                text = _perturb(label, q, rng, by_article[article.id], article, vocabulary)
            if not text:
                continue
            if EXPECTED[label] not in ("exact", "other_article") and _plain(text) in _plain(article.text):
                continue  # the perturbation left a real span (e.g. a leading "Not" removed): not a negative
            named = picked[0] if label == "named_other" else None
            verdict = (_claim_verdict(text, candidates, embed, named) if claims
                       else check_quote(text, candidates, embed=embed, named_article_id=named))
            for span in verdict.spans:  # the one promise, checked on every verdict
                source = articles[span.article_id].text
                assert source[span.start:span.end] == span.text, "span does not match the article"
            kind = verdict.kind.value
            report.by_label[label][kind] += 1
            report.n += 1
            if label in CRITICAL_EXPECTED and kind == "near_miss":
                critical[label][1] += 1
                if any(c.kind == CRITICAL_EXPECTED[label] for c in verdict.critical):
                    critical[label][0] += 1
                else:
                    report.mistakes.append({"label": label, "verdict": kind + " (critical change not flagged)",
                                            "quote": text, "message": verdict.message})
            if kind != EXPECTED[label]:
                report.mistakes.append({"label": label, "verdict": kind, "quote": text, "message": verdict.message})
        if progress:
            progress(n + 1, len(positives))
    report.by_label = {k: v for k, v in report.by_label.items() if sum(v.values())}
    report.critical = {k: (v[0], v[1]) for k, v in critical.items()}
    report.seconds = time.perf_counter() - started
    return report
