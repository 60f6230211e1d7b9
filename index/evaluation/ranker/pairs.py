"""Training pairs for the answer ranker: (question, sentence, previous sentence, does it answer).

Positives are sentences that contain a gold answer string. Negatives are the other sentences of
the gold paragraph (all of them for SQuAD 2.0's unanswerable questions), the sentences of the same
article that share most terms with the question, and for news the heading / FAQ / link lines
("How many shows were there?", "More: Who is X?") — negatives even when they contain the answer,
while the sentence after them is a positive when it does. A share of questions also gets a
synthetic question echo: the question itself as a negative sentence, and the answer with the echo
as its previous sentence as a positive. Held-out test splits and the newsqa articles are left out.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.answer.candidates import previous_sentence
from index.evaluation.data import jsonl, realtimeqa_text
from index.evaluation.qa_sets import NEWSQA_QUESTIONS
from index.evaluation.splits import Split, rtqa_article_trainable, rtqa_week_split, squad_split
from index.ingest.segment import paragraphs, sentences
from index.quotes.normalize import normalize
from index.retrieval.lexical import tokenize

HARD_NEGATIVES = 4  # best-overlapping non-answer sentences of the same article per question
ECHO_RATE = 0.3  # share of answerable questions that also get a synthetic question echo
MAX_POSITIVES = 3
_LINK_LINE = re.compile(r"^(more|read more|related|see also|watch|opinion|analysis|read|listen|also)\s*[:|–-]", re.I)
_ECHO_PREFIXES = ("", "", "More: ", "Q: ", "Related: ")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, the sentence before it, and whether it is a heading-like line."""

    text: str
    previous: str
    heading: bool


@dataclass(frozen=True)
class Pair:
    """One training example, read by the cross-encoder as ``question`` / ``sentence [SEP] previous``."""

    question: str
    sentence: str
    previous: str
    label: int
    source: str

    @property
    def second(self) -> str:
        """The second segment, exactly as the runtime ranker builds it."""
        return f"{self.sentence} [SEP] {self.previous}" if self.previous else self.sentence


def is_heading(sentence: str, paragraph: str) -> bool:
    """A heading, FAQ question or link line: a short paragraph of its own that asks or does not end a sentence."""
    text = sentence.strip()
    if _LINK_LINE.match(text):
        return True
    if text != paragraph.strip() or len(text) > 160:
        return False
    return text.endswith("?") or text[-1:] not in ".!\"'”’)…"


def document_sentences(text: str) -> list[Sentence]:
    """Every sentence of a document (paragraphs separated by blank lines), with its previous sentence."""
    result = []
    for p_start, p_end in paragraphs(text):
        paragraph = text[p_start:p_end]
        for start, end in sentences(text, p_start, p_end):
            sentence = text[start:end]
            result.append(Sentence(sentence, previous_sentence(text, start), is_heading(sentence, paragraph)))
    return result


def contains_answer(sentence: str, answers: Iterable[str]) -> bool:
    """Whether the sentence contains a gold answer string (normalised, as ``quotedesk eval`` checks)."""
    text = normalize(sentence)
    return any(a and a in text for a in (normalize(x).strip() for x in answers))


def overlap_order(question: str, candidates: list[Sentence]) -> list[Sentence]:
    """Candidates by the share of the question's terms they contain, best first."""
    if not candidates:
        return []
    tokens = tokenize([question] + [c.text for c in candidates])
    wanted = set(tokens[0])
    scores = [len(wanted & set(t)) for t in tokens[1:]]
    return [c for _, c in sorted(zip(scores, candidates), key=lambda x: -x[0])]


def answer_sentences(question: str, answers: list[str], sentences: list[Sentence]) -> list[Sentence]:
    """The sentences that answer: not a heading, holding a gold answer; those sharing most of the question first."""
    if not answers:
        return []
    return overlap_order(question, [s for s in sentences if not s.heading and contains_answer(s.text, answers)])


def question_pairs(question: str, answers: list[str], gold: list[Sentence], others: list[Sentence],
                   source: str, rng: random.Random) -> list[Pair]:
    """Pairs for one question: ``gold`` holds the answer (or not, when unanswerable); ``others`` are distractors."""
    positives = answer_sentences(question, answers, gold)[:MAX_POSITIVES]
    chosen = {s.text for s in positives}
    negatives = [s for s in gold if s.text not in chosen and not (answers and not s.heading
                                                                   and contains_answer(s.text, answers))]
    distractors = [s for s in others if not (answers and not s.heading and contains_answer(s.text, answers))]
    negatives += overlap_order(question, distractors)[:HARD_NEGATIVES]
    pairs = [Pair(question, s.text, s.previous, 1, source) for s in positives]
    pairs += [Pair(question, s.text, s.previous, 0, source) for s in negatives]
    if positives and rng.random() < ECHO_RATE:
        echo = rng.choice(_ECHO_PREFIXES) + question.strip()
        pairs.append(Pair(question, echo, rng.choice([s.text for s in gold]), 0, "echo"))
        pairs.append(Pair(question, positives[0].text, echo, 1, "echo"))
    return pairs


def squad_pairs(folder: Path, rng: random.Random, *, split: Split = "train", seen: set[str] | None = None) -> list[Pair]:
    """Pairs from a SQuAD-style folder (v1.1 or v2.0): each paragraph is its own document, as in ``eval``."""
    paras = {p["paragraph_id"]: p for p in jsonl(folder / "paragraphs.jsonl") if squad_split(p["title"]) == split}
    by_title: dict[str, list[str]] = {}
    for pid, p in paras.items():
        by_title.setdefault(p["title"], []).append(pid)

    def of(pid: str) -> list[Sentence]:
        return sentences_of(paras[pid]["text"])

    seen = seen if seen is not None else set()
    pairs: list[Pair] = []
    for q in jsonl(folder / "questions.jsonl"):
        pid = q["gold_paragraph_id"]
        if pid not in paras or q["question"] in seen:
            continue
        seen.add(q["question"])
        neighbours = [p for p in by_title[paras[pid]["title"]] if p != pid]
        others = [s for p in rng.sample(neighbours, min(6, len(neighbours))) for s in of(p)]
        source = "squad2-impossible" if q.get("is_impossible") else folder.name
        pairs += question_pairs(q["question"], list(q["answers"]), of(pid), others, source, rng)
    return pairs


def excluded_articles(questions: Path = NEWSQA_QUESTIONS) -> set[str]:
    """The newsqa set's articles, alternative evidence included: for reporting, never trained on."""
    rows = list(jsonl(questions))
    return {r["doc_id"] for r in rows} | {alt["doc_id"] for r in rows for alt in r.get("alt_evidence") or []}


def realtimeqa_pairs(folder: Path, rng: random.Random, *, split: Split = "train") -> list[Pair]:
    """Pairs from RealTimeQA questions of ``split`` weeks, over their trainable positive articles."""
    questions = [q for q in jsonl(folder / "questions.jsonl") if rtqa_week_split(q["question_id"].split("_")[0]) == split]
    wanted = {d for q in questions for d in [*q["eval_positive_doc_ids"], *q.get("gcs_ranked_doc_ids", [])[:4]]}
    banned = excluded_articles()
    texts = {}
    for row in jsonl(folder / "articles.jsonl.gz"):
        if row["doc_id"] in wanted and row["doc_id"] not in banned and in_split(row, split):
            texts[row["doc_id"]] = realtimeqa_text(row)
    pairs: list[Pair] = []
    for q in questions:
        answer = q["answer_text"].strip("“”\"' ")
        if len(answer) < 3:
            continue
        positive_docs = [d for d in q["eval_positive_doc_ids"] if d in texts][:2]
        if not positive_docs:
            continue
        others = [d for d in q.get("gcs_ranked_doc_ids", [])[:4] if d in texts and d not in q["eval_positive_doc_ids"]]
        distractors = [s for d in others[:1] for s in sentences_of(texts[d])]
        for doc in positive_docs:
            found = sentences_of(texts[doc])
            headings = [s for s in found if s.heading]
            pairs += question_pairs(q["question"], [answer], found, distractors, "realtimeqa", rng)
            pairs += [Pair(q["question"], s.text, s.previous, 0, "realtimeqa-heading")
                      for s in overlap_order(q["question"], headings)[:2]]
    return _dedupe(pairs, limit_per_question=14, rng=rng)


def in_split(row: dict[str, object], split: Split) -> bool:
    """Whether a RealTimeQA article belongs to ``split`` (train: every week it is listed for is a training week)."""
    weeks = [str(w) for w in row.get("weeks") or []]  # type: ignore[attr-defined]
    if split == "train":
        return rtqa_article_trainable(weeks)
    return bool(weeks) and all(rtqa_week_split(w) == split for w in weeks)


@lru_cache(maxsize=4096)
def sentences_of(text: str) -> list[Sentence]:
    """:func:`document_sentences`, kept: the same paragraphs and articles are read for many questions."""
    return document_sentences(text)


def _dedupe(pairs: list[Pair], *, limit_per_question: int, rng: random.Random) -> list[Pair]:
    """Each (question, sentence, previous) once; at most ``limit_per_question`` negatives per question."""
    unique = list({(p.question, p.sentence, p.previous): p for p in pairs}.values())
    kept: list[Pair] = []
    negatives: dict[str, int] = {}
    for pair in unique:
        if pair.label == 0:
            negatives[pair.question] = negatives.get(pair.question, 0) + 1
            if negatives[pair.question] > limit_per_question:
                continue
        kept.append(pair)
    return kept
