"""Score fusion and reciprocal-rank fusion of the dense and BM25 lists."""

from __future__ import annotations

import pytest

from index.retrieval.hybrid import RRF_K, rank_fusion, score_fusion


def test_score_fusion_weighs_cosine_and_normalised_bm25() -> None:
    scores = score_fusion([("a", 0.8), ("b", 0.6)], [("b", 10.0), ("c", 5.0)], lexical_weight=0.3)
    assert scores["b"] == pytest.approx(0.7 * 0.6 + 0.3 * 1.0)
    # a chunk missing from a list takes that list's lowest score: "a" got BM25 below "c", "c" cosine below "b"
    assert scores["a"] == pytest.approx(0.7 * 0.8 + 0.3 * 0.5)
    assert scores["c"] == pytest.approx(0.7 * 0.6 + 0.3 * 0.5)
    assert max(scores, key=scores.__getitem__) == "b"


def test_score_fusion_lets_a_strong_lexical_match_beat_a_slightly_closer_vector() -> None:
    scores = score_fusion([("a", 0.62), ("b", 0.60)], [("b", 12.0), ("a", 2.0)])
    assert scores["b"] > scores["a"]
    assert score_fusion([], []) == {}


def test_rank_fusion_sums_reciprocal_ranks() -> None:
    scores = rank_fusion([("a", 0.9), ("b", 0.1)], [("b", 3.0)])
    assert scores["a"] == pytest.approx(1 / (RRF_K + 1))
    assert scores["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))


def test_a_chunk_missing_from_a_list_that_was_not_cut_scored_nothing_there() -> None:
    # the BM25 list holds every chunk with a query term (1 of them, fewer than the 30 asked): "a" has none
    scores = score_fusion([("a", 0.5), ("b", 0.5)], [("b", 4.0)], lexical_weight=1.0, limit=30)
    assert scores["b"] == pytest.approx(1.0) and scores["a"] == 0.0
    # cut at the limit: "a" ranked below the list, so it gets the list's lowest score
    scores = score_fusion([("a", 0.5), ("b", 0.5)], [("b", 4.0)], lexical_weight=1.0, limit=1)
    assert scores["a"] == pytest.approx(1.0)
