"""The recency sweep on a real store: a newer article about the same thing wins once the prior is on."""

from __future__ import annotations

from datetime import date

from index.evaluation.qa_sets import QAItem, QASet
from index.evaluation.recency_sweep import sweep
from index.library import Library
from index.models import ArticleMeta, ExtractedDocument


def test_prior_lifts_the_article_of_the_week_asked_about(library: Library) -> None:
    old = ExtractedDocument("The city council voted to raise the bus fare to two dollars, officials said.",
                            ArticleMeta(title="Fare vote", published=date(2023, 1, 2)))
    new = ExtractedDocument("The city council voted again on the bus fare, officials said on Monday.",
                            ArticleMeta(title="Fare vote again", published=date(2023, 6, 5)))
    question = QAItem("What did the city council vote on the bus fare?", ["bus fare"], {"new"},
                      as_of=date(2023, 6, 6))
    rows = sweep(library, QASet("news", {"old": old, "new": new}, [question], paragraph_level=False))
    at1 = {(fusion, weight): doc1 for fusion, weight, doc1, _ in rows}
    assert at1[("score", 8)] == 1.0 and at1[("rrf", 0.5)] == 1.0
    assert all(doc5 == 1.0 for *_, doc5 in rows)  # both articles are always in the top 5
