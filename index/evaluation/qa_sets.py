"""Question sets for ``quotedesk eval``: SQuAD-style and RealTimeQA-style folders, read at run time.

* SQuAD-style folder: ``paragraphs.jsonl`` {paragraph_id, title, text} and
  ``questions.jsonl`` {id, question, title, gold_paragraph_id, answers[], is_impossible?}.
  Each paragraph is stored as one document. ``holdout`` titles are not ingested:
  their questions are unanswerable; SQuAD 2.0's ``is_impossible`` questions are too.
* RealTimeQA-style folder: ``articles.jsonl.gz`` {doc_id, title, publish_date,
  paragraphs[]} and ``questions.jsonl`` {question, question_date_iso,
  answer_text, eval_positive_doc_ids, eval_positive_paragraphs}. Questions are
  asked "as of" their date, so newer articles are out of reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index.evaluation.data import jsonl, realtimeqa_documents, spread
from index.models import ArticleMeta, ExtractedDocument


@dataclass
class QAItem:
    """One question with what counts as a correct retrieval and answer."""

    question: str
    answers: list[str]
    gold_docs: set[str]  # document keys (paragraph ids or article ids)
    gold_paragraphs: set[tuple[str, int]] = field(default_factory=set)  # (doc key, 0-based paragraph)
    as_of: date | None = None
    answerable: bool = True


@dataclass
class QASet:
    """Documents to ingest and questions to ask."""

    name: str
    documents: dict[str, ExtractedDocument]  # doc key -> document
    items: list[QAItem]
    paragraph_level: bool  # whether gold_paragraphs is meaningful (documents have several paragraphs)


def load_squad(folder: Path, *, limit: int | None = None, holdout: int = 2) -> QASet:
    """A SQuAD-style set; the last ``holdout`` titles are left out to make unanswerable questions."""
    paragraphs = list(jsonl(folder / "paragraphs.jsonl"))
    titles = list(dict.fromkeys(p["title"] for p in paragraphs))
    held = set(titles[len(titles) - holdout :]) if holdout else set()
    documents = {
        p["paragraph_id"]: ExtractedDocument(p["text"], ArticleMeta(title=p["title"].replace("_", " "), outlet="Wikipedia"))
        for p in paragraphs
        if p["title"] not in held
    }
    items = [
        QAItem(q["question"], q["answers"], {q["gold_paragraph_id"]}, answerable=q["title"] not in held)
        for q in jsonl(folder / "questions.jsonl")
    ]
    return QASet("squad", documents, spread(items, limit), paragraph_level=False)


def load_realtimeqa(folder: Path, *, limit: int | None = None) -> QASet:
    """A RealTimeQA-style set: whole weeks of questions, and the articles retrieved for those weeks.

    With ``limit``, the questions of the first weeks (in file order) up to ``limit`` are taken, so the
    corpus stays small; every article of those weeks is ingested as a distractor.
    """
    questions = list(jsonl(folder / "questions.jsonl"))
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


def detect_format(folder: Path) -> str:
    """squad, realtimeqa or polnear, from the files in the folder."""
    if (folder / "paragraphs.jsonl").exists():
        return "squad"
    if (folder / "articles.jsonl.gz").exists():
        return "realtimeqa"
    if (folder / "quotes.jsonl").exists():
        return "polnear"
    raise ValueError(f"{folder} holds no known QA set (paragraphs.jsonl, articles.jsonl.gz or quotes.jsonl)")
