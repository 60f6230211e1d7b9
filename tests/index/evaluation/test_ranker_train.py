"""``quotedesk train-ranker``'s fine-tuning and export, for a few steps: the shipped runtime reads what it writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.answer.candidates import Candidate
from index.answer.ranker import AnswerRanker
from index.evaluation.ranker.calibrate import identity_calibration, write_config
from index.evaluation.ranker.pairs import Pair
from index.evaluation.ranker.train import TrainOptions, export, train

pytestmark = pytest.mark.engine

ANSWER = "The bridge reopened on 4 May after two years of repairs."
OTHER = "The mayor thanked the engineers who worked on it."


def test_a_few_steps_train_with_frozen_layers_and_export_a_model_the_runtime_loads(tmp_path: Path) -> None:
    pairs = [Pair("When did the bridge reopen?", ANSWER, OTHER, 1, "test"),
             Pair("When did the bridge reopen?", OTHER, ANSWER, 0, "test")] * 8
    options = TrainOptions(layers=2, frozen_layers=1, batch_size=4, steps=3, max_length=48)
    model = train(pairs, options)
    frozen = list(model.encoder.encoder.layer[0].parameters())
    assert frozen and not any(p.requires_grad for p in frozen)
    assert all(p.requires_grad for p in model.encoder.encoder.layer[1].parameters())
    path = export(model, tmp_path, max_length=options.max_length)
    assert path.is_file() and not list(tmp_path.glob("*.tmp*"))  # the fp32 intermediate is gone
    write_config(tmp_path, k=8, max_length=options.max_length, model_file=path.name,
                 calibration=identity_calibration(), threshold=0.5)
    ranker = AnswerRanker(tmp_path)
    candidates = [Candidate("a", 0, len(text), text, previous, "", 0, 0.5, 0.3)
                  for text, previous in ((ANSWER, OTHER), (OTHER, ANSWER))]
    logits = ranker.logits("When did the bridge reopen?", candidates)
    assert logits.shape == (2,) and np.isfinite(logits).all()
    ranking = ranker.rank("When did the bridge reopen?", candidates)
    assert ((ranking.probabilities > 0) & (ranking.probabilities < 1)).all()
