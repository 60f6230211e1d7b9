"""``quotedesk tune-fusion``'s sweep: every setting scored on the same candidate lists."""

from __future__ import annotations

from index.evaluation.fusion_sweep import sweep
from index.evaluation.qa_sets import QAItem, QASet
from index.library import Library
from index.models import ArticleMeta, ExtractedDocument

DOCS = {
    "bridge": "The council approved a new bridge over the Tamar river. It will cost 40 million pounds.",
    "school": "The village school will close in July because only nine pupils remain.",
    "storm": "Storm Ciara brought winds of 90 mph to the coast and cut power to 20,000 homes.",
}


def test_sweep_scores_every_setting_on_answerable_questions(library: Library) -> None:
    qa = QASet("tiny", {k: ExtractedDocument(t, ArticleMeta(title=k)) for k, t in DOCS.items()}, [
        QAItem("How much will the Tamar bridge cost?", ["40 million"], {"bridge"}),
        QAItem("Why is the village school closing?", ["nine pupils"], {"school"}),
        QAItem("How many homes lost power in Storm Ciara?", ["20,000"], {"storm"}),
        QAItem("Who won the election?", [], {"none"}, answerable=False),
    ], paragraph_level=False)
    report = sweep(library, qa, weights=(0.0, 0.3, 1.0))
    assert report.questions == 3
    assert set(report.recall) == {"dense", "bm25", "rrf", "score w=0.0", "score w=0.3", "score w=1.0"}
    assert all(report.recall[name][1] == 1.0 for name in report.recall), report.recall  # each names its article
    assert report.best_score_weight() in (0.0, 0.3, 1.0)
    names = [c.name for c in library.store.client.list_collections()]
    assert not [n for n in names if "fusion" in n]  # the throwaway namespace is dropped
