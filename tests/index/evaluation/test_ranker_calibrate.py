"""The calibration's listwise fit: it learns which of one question's candidates to quote first."""

from __future__ import annotations

import numpy as np

from index.answer.ranker import FEATURES
from index.evaluation.ranker.calibrate import Scored, fit_order


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
