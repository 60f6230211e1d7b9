"""What the benchmarks run on: RealTimeQA news articles (internal, read at run time) or the bundled Wikinews."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from index.demo import demo_articles
from index.evaluation.data import dataset_dir, jsonl, realtimeqa_documents
from index.models import ExtractedDocument

QUICK_QUESTIONS = (
    "Which bases came under attack?",
    "Who won the robotics competition?",
    "How many people were killed when the crane collapsed?",
    "What did the team receive a medal for?",
    "Who claimed responsibility for the attacks?",
)


@dataclass
class Doc:
    key: str
    document: ExtractedDocument


def load_articles(corpus: str, limit: int | None = None) -> Iterable[Doc]:
    """Articles in file order (deterministic); ``limit`` stops early."""
    docs = _realtimeqa_docs() if corpus == "realtimeqa" else _bundled_docs()
    yield from itertools.islice(docs, limit)


def load_questions(corpus: str, limit: int) -> list[str]:
    if corpus != "realtimeqa":
        return (list(QUICK_QUESTIONS) * (1 + limit // len(QUICK_QUESTIONS)))[:limit]
    rows = list(jsonl(dataset_dir("realtimeqa-dev") / "questions.jsonl"))
    step = max(len(rows) // max(limit, 1), 1)
    return [r["question"] for r in rows[::step][:limit]]


def _realtimeqa_docs() -> Iterator[Doc]:
    for key, document in realtimeqa_documents(dataset_dir("realtimeqa-dev")):
        yield Doc(key, document)


def _bundled_docs() -> Iterator[Doc]:
    """The demo collection's Wikinews articles (the seed article left out)."""
    for item in demo_articles():
        if item.document.meta.outlet == "Wikinews":
            yield Doc(item.name, item.document)
