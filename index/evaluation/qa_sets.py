"""Question sets for ``quotedesk eval``, read at run time from ``../shared/data`` (and the bundled newsqa set).

* SQuAD-style folder (v1.1 or v2.0): ``paragraphs.jsonl`` {paragraph_id, title, text} and
  ``questions.jsonl`` {id, question, title, gold_paragraph_id, answers[], is_impossible?}. Each
  paragraph is stored as one document. SQuAD 2.0's ``is_impossible`` questions are unanswerable from
  the collection; so are the questions of the last ``holdout`` titles, which are not ingested.
* RealTimeQA-style folder: ``articles.jsonl.gz`` and ``questions.jsonl`` {question,
  question_date_iso, answer_text, eval_positive_doc_ids, eval_positive_paragraphs}. Questions are
  asked "as of" their date, so newer articles are out of reach.
* ``newsqa``: 120 questions written Discord-style about 60 RealTimeQA articles, a quarter of them
  unanswerable (``index/evaluation/newsqa/README.md``); the collection is those 60 articles.

``split`` keeps one part of a set (:mod:`index.evaluation.splits`): report on ``test``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from index.evaluation.data import dataset_dir, jsonl, realtimeqa_documents, spread
from index.evaluation.splits import Split, rtqa_week_split, squad_split
from index.models import ArticleMeta, ExtractedDocument

NEWSQA_QUESTIONS = Path(__file__).resolve().parent / "newsqa" / "questions.jsonl"


@dataclass
class QAItem:
    """One question with what counts as a correct retrieval and answer."""

    question: str
    answers: list[str]
    gold_docs: set[str]  # document keys (paragraph ids or article ids)
    gold_paragraphs: set[tuple[str, int]] = field(default_factory=set)  # (doc key, 0-based paragraph)
    as_of: date | None = None
    answerable: bool = True
    tags: tuple[str, ...] = ()  # for breakdowns: "kind:said", "style:typo", "impossible", ...


@dataclass
class QASet:
    """Documents to ingest and questions to ask."""

    name: str
    documents: dict[str, ExtractedDocument]  # doc key -> document
    items: list[QAItem]
    paragraph_level: bool  # whether gold_paragraphs is meaningful (documents have several paragraphs)


def load_squad(folder: Path, *, limit: int | None = None, holdout: int = 2, split: Split | None = None) -> QASet:
    """A SQuAD-style set (v1.1 or v2.0); the last ``holdout`` titles are left out to make unanswerable questions."""
    paragraphs = [p for p in jsonl(folder / "paragraphs.jsonl") if split is None or squad_split(p["title"]) == split]
    titles = list(dict.fromkeys(p["title"] for p in paragraphs))
    held = set(titles[len(titles) - holdout :]) if holdout else set()
    documents = {
        p["paragraph_id"]: ExtractedDocument(p["text"], ArticleMeta(title=p["title"].replace("_", " "), outlet="Wikipedia"))
        for p in paragraphs
        if p["title"] not in held
    }
    items = []
    for q in jsonl(folder / "questions.jsonl"):
        if split is not None and squad_split(q["title"]) != split:
            continue
        impossible = bool(q.get("is_impossible"))
        tags = ("impossible",) if impossible else ("held-out title",) if q["title"] in held else ()
        items.append(QAItem(q["question"], q["answers"], {q["gold_paragraph_id"]},
                            answerable=q["title"] not in held and not impossible, tags=tags))
    name = "squad2" if any("impossible" in i.tags for i in items) else "squad"
    return QASet(name, documents, spread(items, limit), paragraph_level=False)


def load_realtimeqa(folder: Path, *, limit: int | None = None, split: Split | None = None) -> QASet:
    """A RealTimeQA-style set: whole weeks of questions, and the articles retrieved for those weeks.

    With ``limit``, the questions of the first weeks (in file order) up to ``limit`` are taken, so the
    corpus stays small; every article of those weeks is ingested as a distractor.
    """
    questions = [q for q in jsonl(folder / "questions.jsonl")
                 if split is None or rtqa_week_split(q["question_id"].split("_")[0]) == split]
    if limit:
        questions = questions[:limit]
    weeks = {q["question_id"].split("_")[0] for q in questions}
    documents = dict(realtimeqa_documents(folder, weeks=weeks))
    items = [
        QAItem(
            q["question"],
            [q["answer_text"].strip("“”\"' ")],
            set(q["eval_positive_doc_ids"]),
            {(d, int(i)) for d, i in q["eval_positive_paragraphs"]},
            as_of=date.fromisoformat(q["question_date_iso"]),
        )
        for q in questions
    ]
    return QASet("realtimeqa", documents, items, paragraph_level=True)


def newsqa_article_ids() -> set[str]:
    """The 60 RealTimeQA articles of the newsqa set (never trained on)."""
    return {q["doc_id"] for q in jsonl(NEWSQA_QUESTIONS)}


def load_newsqa(*, split: Split | None = None, limit: int | None = None, questions: Path = NEWSQA_QUESTIONS) -> QASet:
    """The Discord-style news set: its articles (only those of ``split``) and their questions."""
    rows = [q for q in jsonl(questions) if split is None or q["split"] == split]
    wanted = {q["doc_id"] for q in rows} | {alt["doc_id"] for q in rows for alt in q.get("alt_evidence") or []}
    documents = {key: doc for key, doc in realtimeqa_documents(dataset_dir("realtimeqa-dev")) if key in wanted}
    items = []
    for q in rows:
        alternatives = q.get("alt_evidence") or []
        gold = {(q["doc_id"], q["evidence_paragraph"])} if q["answerable"] else set()
        gold |= {(alt["doc_id"], alt["paragraph"]) for alt in alternatives}
        items.append(QAItem(
            q["question"],
            list(q["answers"]) + [a for alt in alternatives for a in alt["answers"]],
            {d for d, _ in gold},
            gold,
            answerable=q["answerable"],
            tags=(f"kind:{q['kind']}", f"style:{q['style']}"),
        ))
    return QASet("newsqa", documents, spread(items, limit), paragraph_level=True)


def detect_format(folder: Path) -> str:
    """squad, realtimeqa, polnear, newsqa or speech, from the files in the folder (``newsqa``: the bundled set;
    ``speech``: index/evaluation/speech_set.py)."""
    if str(folder) in ("newsqa", "speech"):
        return str(folder)
    if (folder / "paragraphs.jsonl").exists():
        return "squad"
    if (folder / "articles.jsonl.gz").exists():
        return "realtimeqa"
    if (folder / "quotes.jsonl").exists():
        return "polnear"
    raise ValueError(f"{folder} holds no known QA set (paragraphs.jsonl, articles.jsonl.gz or quotes.jsonl)")


def with_typos(qa: QASet, *, rate: float = 0.25, seed: int = 0) -> QASet:
    """The same set with typos injected into the questions: in about ``rate`` of the words longer than
    three letters, two neighbouring letters swapped, one dropped, or one doubled (deterministic)."""
    rng = random.Random(seed)

    def typo(word: str) -> str:
        if len(word) <= 3 or not word.isalpha() or rng.random() >= rate:
            return word
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice(("swap", "drop", "double"))
        if kind == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if kind == "drop":
            return word[:i] + word[i + 1 :]
        return word[:i] + word[i] + word[i:]

    items = [replace(item, question=re.sub(r"[A-Za-z]+", lambda m: typo(m.group()), item.question),
                     tags=(*item.tags, "typos injected")) for item in qa.items]
    return replace(qa, name=f"{qa.name}+typos", items=items)
