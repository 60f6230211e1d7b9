"""The calibration's listwise fit: it learns which of one question's candidates to quote first."""

from __future__ import annotations

import numpy as np

from index.answer.ranker import FEATURES, Calibration
from index.evaluation.ranker.calibrate import Scored, fit_early_stop, fit_order


def test_the_listwise_fit_puts_the_answer_first() -> None:
    rng = np.random.default_rng(0)
    scored = []
    for n in range(60):
        rows = rng.normal(size=(6, len(FEATURES)))
        labels = np.zeros(6, dtype=bool)
        answer = n % 6
        labels[answer] = True
        rows[answer, 1] += 3.0  # within each question the answer has the highest cosine (column 1)
        rows[:, 0] += rng.normal() * 5  # the logit's level moves with the question, not with the answer
        scored.append(Scored("squad2", True, rows, labels))
    scored.append(Scored("squad2", False, rng.normal(size=(6, len(FEATURES))), np.zeros(6, dtype=bool)))
    rows = np.concatenate([s.features for s in scored])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    weights = fit_order(scored, mean, scale)
    assert int(np.argmax(np.abs(weights))) == 1 and weights[1] > 0
    first = [int(np.argmax(((s.features - mean) / scale) @ weights)) for s in scored if s.labels.any()]
    assert np.mean([s.labels[i] for s, i in zip((s for s in scored if s.labels.any()), first)]) > 0.8


def _calibration() -> Calibration:
    n = len(FEATURES)
    coef = np.zeros(n)
    coef[0] = 1.0  # p = sigmoid(logit): the first feature alone decides, and orders
    return Calibration(np.zeros(n), np.ones(n), coef, 0.0)


def _question(logits: list[float], answer: int) -> Scored:
    rows = np.zeros((len(logits), len(FEATURES)))
    rows[:, 0] = logits
    labels = np.zeros(len(logits), dtype=bool)
    labels[answer] = True
    return Scored("squad2", True, rows, labels)


def test_early_stop_is_sure_only_where_stopping_changes_no_answer() -> None:
    # the first two candidates settle it whenever the best of them is at p >= .88 (logit 2); below that,
    # a later candidate would be quoted first
    settled = [_question([3.0, -1.0, -2.0, 0.0], 0) for _ in range(50)]
    overtaken = [_question([1.0, -1.0, -2.0, 2.5], 3) for _ in range(10)]
    early, report = fit_early_stop(settled + overtaken, _calibration(), threshold=0.1, first=2, agreement=0.99)
    assert early is not None and early.first == 2
    assert 1 / (1 + np.exp(-1.0)) < early.sure <= 1 / (1 + np.exp(-3.0))
    assert report["stopped"] == round(50 / 60, 3) and report["agreement"] == 1.0


def test_early_stop_never_fires_when_any_stop_would_change_answers() -> None:
    overtaken = [_question([3.0, -1.0, 4.0], 2) for _ in range(10)]
    early, report = fit_early_stop(overtaken, _calibration(), threshold=0.1, first=2, agreement=0.99)
    assert early is None and report["stopped"] == 0.0 and report["agreement"] == 1.0


def test_early_stop_judges_the_first_candidates_as_read_alone() -> None:
    # read together the first candidate leads; read alone (another int8 batch) the second does
    flipped = []
    for _ in range(10):
        s = _question([3.0, 2.9, -2.0, -3.0], 0)
        s.first_features = s.features[:2].copy()
        s.first_features[1, 0] = 3.1
        flipped.append(s)
    early, report = fit_early_stop(flipped, _calibration(), threshold=0.1, first=2, agreement=0.99)
    assert early is None and report["stopped"] == 0.0
