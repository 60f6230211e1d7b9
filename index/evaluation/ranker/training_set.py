"""The ranker's training set: every source of pairs, sampled and shuffled, and its summary."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.evaluation.ranker.changed_pairs import changed_detail_pairs
from index.evaluation.ranker.heading_pairs import heading_pairs
from index.evaluation.ranker.pairs import Pair, realtimeqa_pairs, squad_pairs
from index.evaluation.ranker.speech_pairs import speech_pairs
from index.evaluation.splits import Split


def build_pairs(data: Path, *, limit: int | None = None, seed: int = 0, split: Split = "train",
                positive_share: float = 0.3, headings: bool = False, changed_details: bool = False) -> list[Pair]:
    """The pairs of ``split`` from squad-dev, squad2-dev and realtimeqa-dev under ``data`` (with the
    synthetic "what did X say" questions over its articles, with ``headings`` the questions its articles'
    headings ask, and with ``changed_details`` SQuAD questions with a detail changed as negatives), shuffled.

    With ``limit``, a sample: up to ``positive_share`` of it positives, the rest negatives.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    pairs: list[Pair] = []
    for name in ("squad2-dev", "squad-dev"):
        if (data / name).is_dir():
            pairs += squad_pairs(data / name, rng, split=split, seen=seen)
    if changed_details:
        changed_seen: set[str] = set()
        for name in ("squad2-dev", "squad-dev"):
            if (data / name).is_dir():
                pairs += changed_detail_pairs(data / name, rng, split=split, seen=changed_seen)
    if (data / "realtimeqa-dev").is_dir():
        pairs += realtimeqa_pairs(data / "realtimeqa-dev", rng, split=split)
        pairs += speech_pairs(data / "realtimeqa-dev", rng, split=split)
        if headings:
            pairs += heading_pairs(data / "realtimeqa-dev", split=split)
    rng.shuffle(pairs)
    if not limit or limit >= len(pairs):
        return pairs
    positives = [p for p in pairs if p.label][: int(limit * positive_share)]
    negatives = [p for p in pairs if not p.label][: limit - len(positives)]
    sample = positives + negatives
    rng.shuffle(sample)
    return sample


def summary(pairs: Iterable[Pair]) -> Iterator[tuple[str, int, int]]:
    """(source, pairs, positives) per source."""
    counts: dict[str, list[int]] = {}
    for p in pairs:
        row = counts.setdefault(p.source, [0, 0])
        row[0] += 1
        row[1] += p.label
    for source, (n, pos) in sorted(counts.items()):
        yield source, n, pos
