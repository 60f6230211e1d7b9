"""Synthetic unanswerable questions: an answerable question with one detail changed, read against its answer.

SQuAD 2.0's unanswerable questions are written beside a paragraph that nearly answers them: a name
swapped for another of the article's, an antonym, a negation. The dev data's train split holds only
a few thousand of them. Here every answerable SQuAD question of the train split may lend its answer
sentence as a negative for a copy of itself with one detail changed:

- a name or number the answer sentence shares with the question, replaced by one of the same kind that
  the article has elsewhere and the sentence does not ("What did Tesla do in 1884?" → "… in 1882?");
- a word replaced by its opposite ("first" → "last", "largest" → "smallest", "before" → "after");
- only when neither applies, for a share of such questions, a negation after the question's first
  auxiliary ("What was built…" → "What was not built…").

``quotedesk train-ranker --changed-details``; measured on dev and test and not shipped (BENCHMARKS.md).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from index.evaluation.data import jsonl
from index.evaluation.ranker.pairs import Pair, answer_sentences, sentences_of
from index.evaluation.splits import Split, squad_split

SOURCE = "changed-detail"
_PAIRS_OF_OPPOSITES = (
    ("first", "last"), ("largest", "smallest"), ("biggest", "smallest"), ("highest", "lowest"),
    ("most", "least"), ("before", "after"), ("earliest", "latest"), ("increase", "decrease"),
    ("increased", "decreased"), ("north", "south"), ("east", "west"), ("northern", "southern"),
    ("eastern", "western"), ("won", "lost"), ("older", "younger"), ("oldest", "youngest"),
    ("longest", "shortest"), ("more", "less"), ("maximum", "minimum"), ("began", "ended"),
    ("start", "end"), ("started", "ended"), ("early", "late"), ("higher", "lower"), ("larger", "smaller"),
    ("major", "minor"), ("best", "worst"), ("positive", "negative"), ("allowed", "banned"),
    ("accepted", "rejected"), ("supported", "opposed"), ("private", "public"), ("inside", "outside"),
)
OPPOSITES = dict(_PAIRS_OF_OPPOSITES) | {b: a for a, b in _PAIRS_OF_OPPOSITES}
_AUXILIARY = re.compile(r"\b(is|was|are|were|did|does|do|can|could|has|have|had|will|would|should)\b(?! not)", re.I)
_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})*")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
NEGATION_RATE = 0.3  # a question with no name, number or opposite to change is negated this often


def changed_question(question: str, sentence: str, article: str, rng: random.Random) -> str | None:
    """``question`` with one detail changed so that ``sentence`` no longer answers it; None when none can be."""
    options = [change for change in (_swap_number(question, sentence, article, rng),
                                     _swap_name(question, sentence, article, rng), _opposite(question, rng)) if change]
    if options:
        return rng.choice(options)
    return _negated(question) if rng.random() < NEGATION_RATE else None


def _swap_number(question: str, sentence: str, article: str, rng: random.Random) -> str | None:
    in_sentence = set(_NUMBER.findall(sentence))
    shared = [m for m in _NUMBER.finditer(question) if m.group() in in_sentence]
    if not shared:
        return None
    target = rng.choice(shared)
    digits = len(target.group())
    others = sorted({n for n in _NUMBER.findall(article) if len(n) == digits} - in_sentence)
    if not others:
        return None
    return question[: target.start()] + rng.choice(others) + question[target.end():]


def _swap_name(question: str, sentence: str, article: str, rng: random.Random) -> str | None:
    shared = [m for m in _NAME.finditer(question) if m.start() > 0 and m.group() in sentence]
    if not shared:
        return None
    target = rng.choice(shared)
    words = len(target.group().split())
    candidates = {m.group() for m in _NAME.finditer(article)
                  if len(m.group().split()) == words and article[max(0, m.start() - 2):m.start()].strip() not in ".!?\"“"}
    others = sorted(n for n in candidates if n not in sentence and n not in question)
    if not others:
        return None
    return question[: target.start()] + rng.choice(others) + question[target.end():]


def _opposite(question: str, rng: random.Random) -> str | None:
    found = [m for m in re.finditer(r"[A-Za-z]+", question) if m.group().lower() in OPPOSITES]
    if not found:
        return None
    target = rng.choice(found)
    word = OPPOSITES[target.group().lower()]
    word = word.capitalize() if target.group()[0].isupper() else word
    return question[: target.start()] + word + question[target.end():]


def _negated(question: str) -> str | None:
    found = _AUXILIARY.search(question)
    if not found or found.start() == 0:  # "Was it…?" asks yes or no: "Was not it…?" is no question
        return None
    return question[: found.end()] + " not" + question[found.end():]


def changed_detail_pairs(folder: Path, rng: random.Random, *, split: Split = "train", rate: float = 1.0,
                         seen: set[str] | None = None) -> list[Pair]:
    """Negatives from a SQuAD-style folder: for a ``rate`` share of its answerable questions of ``split`` (each
    question once across folders, through ``seen``), the question with one detail changed, read against the
    sentence that answered it best."""
    seen = seen if seen is not None else set()
    paras = {p["paragraph_id"]: p for p in jsonl(folder / "paragraphs.jsonl") if squad_split(p["title"]) == split}
    articles: dict[str, str] = {}
    for p in paras.values():
        articles[p["title"]] = articles.get(p["title"], "") + "\n\n" + p["text"]
    pairs: list[Pair] = []
    for q in jsonl(folder / "questions.jsonl"):
        pid = q["gold_paragraph_id"]
        if pid not in paras or q.get("is_impossible") or not q["answers"] or q["question"] in seen:
            continue
        seen.add(q["question"])
        if rng.random() >= rate:
            continue
        answering = answer_sentences(q["question"], q["answers"], sentences_of(paras[pid]["text"]))
        if not answering:
            continue
        best = answering[0]
        changed = changed_question(q["question"], best.text, articles[paras[pid]["title"]], rng)
        if changed:
            pairs.append(Pair(changed, best.text, best.previous, 0, SOURCE))
    return pairs
