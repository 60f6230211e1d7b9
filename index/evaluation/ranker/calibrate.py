"""Calibrating the ranker on a held-apart dev slice, through the real first stage.

The dev split of SQuAD 2.0 (one title held out of the collection, so its questions are
out-of-collection) and the dev half of the newsqa set are ingested into a throwaway store; each
question goes through the same retrieval and candidate gathering as ``ask``, and the exported ONNX
model scores the top ``k`` candidates. A logistic regression over :data:`FEATURES` learns "this
candidate answers"; the abstention threshold is the highest that keeps false abstention on SQuAD
2.0's answerable dev questions at most ``max_false_abstention``. A second, listwise fit over the same
features (softmax over each answerable question's candidates) learns which candidate to quote first.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.answer.candidates import gather
from index.answer.ranker import FEATURES, AnswerRanker, feature_matrix
from index.config import Settings
from index.evaluation.data import dataset_dir
from index.evaluation.qa_sets import QASet, load_newsqa, load_squad
from index.evaluation.ranker.pairs import contains_answer
from index.evaluation.stats import percentiles
from index.library import Library

ORDER_L2 = 1.0  # ridge on the listwise weights (5-fold on the dev slice: 0.1 / 1 / 10 all within a point)


@dataclass
class Scored:
    """One question's candidates: features (rows in :data:`FEATURES` order) and which answer."""

    source: str
    answerable: bool
    features: np.ndarray
    labels: np.ndarray


def write_config(folder: Path, *, k: int, max_length: int, model_file: str, calibration: dict[str, Any],
                 threshold: float, extra: dict[str, Any] | None = None) -> Path:
    """Write ``ranker.json`` (the runtime contract of index/answer/ranker.py)."""
    config = {"k": k, "threshold": round(threshold, 6), "model_file": model_file,
              "input": {"context": True, "max_length": max_length}, "calibration": calibration, **(extra or {})}
    path = folder / "ranker.json"
    path.write_text(json.dumps(config, indent=2) + "\n")
    return path


def identity_calibration() -> dict[str, Any]:
    """p = sigmoid(logit): the provisional calibration the dev slice is scored with."""
    n = len(FEATURES)
    return {"features": list(FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
            "coef": [1.0] + [0.0] * (n - 1), "intercept": 0.0}


def dev_sets(limit: int | None = 450) -> list[QASet]:
    """The held-apart calibration slice: SQuAD 2.0 dev (last title out of the collection; ``limit`` questions
    spread over it) and newsqa dev."""
    return [load_squad(dataset_dir("squad2-dev"), split="dev", holdout=1, limit=limit), load_newsqa(split="dev")]


def score_sets(folder: Path, sets: list[QASet], *, progress: Callable[[str, int, int], None] | None = None,
               data_dir: Path | None = None) -> tuple[list[Scored], dict[str, float]]:
    """Every question of ``sets`` through the first stage and the model in ``folder``; and the ranking latency."""
    ranker = AnswerRanker(folder)
    scored: list[Scored] = []
    timings: list[float] = []
    with tempfile.TemporaryDirectory(prefix="quotedesk-calibrate-") as tmp:
        library = Library(Settings(data_dir=data_dir or Path(tmp), answer_ranker=False, _env_file=None))
        for qa in sets:
            namespace = f"calibrate-{uuid.uuid4().hex[:8]}"
            library.add_documents(namespace, list(qa.documents.values()), added_by="calibrate")
            for n, item in enumerate(qa.items, start=1):
                query = library.searcher.correct(namespace, item.question)
                vector = library.encode([query])[0]
                hits = library.searcher.search(namespace, query, k=library.settings.passages, as_of=item.as_of,
                                               query_vector=vector)
                hits, articles = library.reader.passages(namespace, hits)
                top = gather(query, vector, hits, articles, library.answerer.sentence_vectors)[: ranker.top_k]
                started = time.perf_counter()
                logits = ranker.logits(query, top)
                timings.append(time.perf_counter() - started)
                rows = feature_matrix(query, logits, top)
                labels = np.array([item.answerable and contains_answer(c.text, item.answers) for c in top], dtype=bool)
                scored.append(Scored(qa.name, item.answerable, rows, labels))
                if progress:
                    progress(qa.name, n, len(qa.items))
            library.store.drop(namespace)
    return scored, percentiles(timings, scale=1000)


def fit(scored: list[Scored], *, max_false_abstention: float = 0.10,
        threshold_source: str = "squad2") -> tuple[dict[str, Any], float, dict[str, Any]]:
    """The logistic calibration, the abstention threshold, and what they do on the slice."""
    from sklearn.linear_model import LogisticRegression

    rows = np.concatenate([s.features for s in scored if len(s.features)])
    labels = np.concatenate([s.labels for s in scored if len(s.labels)])
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=1000, class_weight=None).fit((rows - mean) / scale, labels)
    order = fit_order(scored, mean, scale)
    calibration = {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
                   "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
                   "order_coef": order.tolist()}

    def best(s: Scored) -> float:
        if not len(s.features):
            return 0.0
        z = ((s.features - mean) / scale) @ model.coef_[0] + model.intercept_[0]
        return float((1.0 / (1.0 + np.exp(-z))).max())

    tuned = [s for s in scored if s.source == threshold_source] or scored
    answerable = sorted(best(s) for s in tuned if s.answerable)
    threshold = answerable[int(max_false_abstention * len(answerable))] if answerable else 0.5
    report: dict[str, Any] = {"calibration_questions": len(scored), "candidates": len(labels),
                              "positives": int(labels.sum())}
    for source in sorted({s.source for s in scored}):
        group = [s for s in scored if s.source == source]
        ans = [s for s in group if s.answerable]
        una = [s for s in group if not s.answerable]
        report[source] = {
            "answerable": len(ans),
            "false_abstention": round(sum(best(s) < threshold for s in ans) / max(1, len(ans)), 3),
            "unanswerable": len(una),
            "abstention_recall": round(sum(best(s) < threshold for s in una) / max(1, len(una)), 3),
            "top1_answers": round(sum(bool(_top_label(s, mean, scale, order)) for s in ans) / max(1, len(ans)), 3),
        }
    return calibration, threshold, report


def fit_order(scored: list[Scored], mean: np.ndarray, scale: np.ndarray, *, l2: float = ORDER_L2) -> np.ndarray:
    """Weights of the listwise fit: maximise the softmax share of the candidates that answer, per question."""
    from scipy.optimize import minimize

    groups = [((s.features - mean) / scale, s.labels / s.labels.sum())
              for s in scored if s.answerable and len(s.labels) and s.labels.any()]

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = l2 * float(weights @ weights), 2 * l2 * weights
        for rows, target in groups:
            z = rows @ weights
            p = np.exp(z - z.max())
            p /= p.sum()
            total -= float(target @ np.log(p + 1e-12))
            gradient = gradient - rows.T @ (target - p)
        return total, gradient

    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return np.asarray(result.x)


def _top_label(s: Scored, mean: np.ndarray, scale: np.ndarray, order: np.ndarray) -> bool:
    if not len(s.features):
        return False
    return bool(s.labels[int(np.argmax(((s.features - mean) / scale) @ order))])
