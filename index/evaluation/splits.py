"""Fixed, deterministic splits of the development data: what may be trained on, tuned on, reported on.

* ``train``: the answer ranker is fitted on it (``quotedesk train-ranker``);
* ``dev``: thresholds and settings are chosen on it;
* ``test``: held apart; every figure in BENCHMARKS.md and the README is measured on it.

SQuAD v1.1 and v2.0 share their articles, so the split is by title for both. RealTimeQA is split
by week (a question's week is the prefix of its id); an article is usable for training only when
every week it is listed for is a training week. The Discord-style news set (``newsqa``) is split by
article in its own file, and none of its 60 articles is ever trained on.
"""

from __future__ import annotations

from typing import Literal

Split = Literal["train", "dev", "test"]
SPLITS: tuple[Split, ...] = ("train", "dev", "test")

SQUAD_DEV_TITLES = frozenset({"Oxygen", "Pharmacy", "Private_school"})
SQUAD_TEST_TITLES = frozenset({
    "Super_Bowl_50", "United_Methodist_Church", "Victoria_(Australia)", "Warsaw", "Scottish_Parliament",
    "Southern_California",
})

RTQA_FIRST_DEV_WEEK = "20230317"
RTQA_FIRST_TEST_WEEK = "20230505"


def squad_split(title: str) -> Split:
    """The split of a SQuAD (v1.1 or v2.0) article title."""
    if title in SQUAD_TEST_TITLES:
        return "test"
    return "dev" if title in SQUAD_DEV_TITLES else "train"


def rtqa_week_split(week: str) -> Split:
    """The split of a RealTimeQA week (``YYYYMMDD``, the prefix of a question id)."""
    if week >= RTQA_FIRST_TEST_WEEK:
        return "test"
    return "dev" if week >= RTQA_FIRST_DEV_WEEK else "train"


def rtqa_article_trainable(weeks: list[str]) -> bool:
    """A RealTimeQA article may be trained on only if every week it is listed for is a training week."""
    return bool(weeks) and all(rtqa_week_split(w) == "train" for w in weeks)
