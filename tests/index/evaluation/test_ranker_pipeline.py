"""The pairs cache of ``train-ranker``: reused only when it was built with the same options."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

from index.evaluation.ranker.pairs import Pair
from index.evaluation.ranker.pipeline import cached_pairs

OPTIONS = {"limit": 10, "seed": 0, "headings": False}


def _builder(label: int, calls: list[int]) -> Callable[[], list[Pair]]:
    def build() -> list[Pair]:
        calls.append(label)
        return [Pair("What?", f"Answer {label}.", "", label, "squad")]
    return build


def test_a_cache_built_with_the_same_options_is_reused(tmp_path: Path) -> None:
    cache, calls = tmp_path / "pairs.pkl", []
    first = cached_pairs(cache, OPTIONS, _builder(1, calls))
    again = cached_pairs(cache, dict(OPTIONS), _builder(0, calls))
    assert calls == [1]
    assert again == first


def test_a_cache_built_with_other_options_is_rebuilt_and_replaced(tmp_path: Path) -> None:
    cache, calls, said = tmp_path / "pairs.pkl", [], []
    cached_pairs(cache, OPTIONS, _builder(1, calls))
    with_headings = {**OPTIONS, "headings": True}
    rebuilt = cached_pairs(cache, with_headings, _builder(0, calls), say=said.append)
    assert calls == [1, 0]
    assert rebuilt[0].label == 0
    assert "other options" in said[0]
    assert pickle.loads(cache.read_bytes())["built_with"] == with_headings


def test_a_cache_from_before_options_were_recorded_is_rebuilt(tmp_path: Path) -> None:
    cache, calls = tmp_path / "pairs.pkl", []
    cache.write_bytes(pickle.dumps([Pair("Old?", "Old.", "", 1, "squad")]))
    data = cached_pairs(cache, OPTIONS, _builder(0, calls), say=lambda _: None)
    assert calls == [0] and data[0].sentence == "Answer 0."


def test_without_a_cache_the_pairs_are_built_each_time(tmp_path: Path) -> None:
    calls: list[int] = []
    cached_pairs(None, OPTIONS, _builder(1, calls))
    cached_pairs(None, OPTIONS, _builder(1, calls))
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == []
