"""The claims tables: written claims with expected verdicts, scored with the real model."""

from __future__ import annotations

from index.evaluation.claim_eval import evaluate_claims, evaluate_whole_text, shipped_articles, table


def test_tables_are_large_enough_and_cover_the_cases() -> None:
    rows = table()
    assert len(rows) >= 30
    assert {"brackets", "sic", "fragment", "mid-sentence", "nested", "several", "stitched", "wrong attribution"} <= {
        r.category for r in rows}
    assert len(table("heldout")) >= 10


def test_claim_accuracy(embedder) -> None:
    articles = shipped_articles()
    for name, floor in (("table", 0.95), ("heldout", 0.85)):
        rows = table(name)
        report = evaluate_claims(rows, articles, embed=embedder.encode)
        assert report.accuracy >= floor, "\n".join(report.lines() + report.mistakes)
        assert evaluate_whole_text(rows, articles, embed=embedder.encode) < report.verdict_right
