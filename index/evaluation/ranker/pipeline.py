"""The whole of ``quotedesk train-ranker``: pairs -> fine-tuning -> ONNX int8 -> calibration -> ranker.json."""

from __future__ import annotations

import json
import logging
import pickle
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index.answer.ranker import MODEL_FOLDER
from index.evaluation.data import shared_data_dir
from index.evaluation.ranker.calibrate import dev_sets, fit, identity_calibration, score_sets, write_config
from index.evaluation.ranker.loose import loosen_pairs
from index.evaluation.ranker.train import TrainOptions, export, train
from index.evaluation.ranker.training_set import Pair, build_pairs, summary

log = logging.getLogger(__name__)
MODEL_FILE = "ranker.onnx"
DEFAULT_K = 8

Say = Callable[[str], None]


def train_ranker(*, folder: Path = MODEL_FOLDER, options: TrainOptions | None = None, pairs: int = 60_000,
                 k: int = DEFAULT_K, max_false_abstention: float = 0.10, calibrate_only: bool = False,
                 say: Say = log.info, progress: Callable[[int, int, float], None] | None = None,
                 pairs_cache: Path | None = None, calibration_questions: int = 300) -> dict[str, Any]:
    """Train (unless ``calibrate_only``), export and calibrate the ranker into ``folder``; a report.

    ``pairs_cache``: a pickle of the built pairs, reused when it was built with the same pair count, seed and
    news headings (outside the project: it holds news text).
    """
    options = options or TrainOptions()
    report: dict[str, Any] = {"options": asdict(options), "k": k}
    started = time.monotonic()
    if not calibrate_only:
        built_with: dict[str, Any] = {"limit": pairs, "seed": options.seed, "headings": options.news_headings}
        if options.changed_details:  # absent otherwise, so that caches of earlier pairs still match
            built_with["changed_details"] = True
        data = cached_pairs(pairs_cache, built_with, lambda: build_pairs(shared_data_dir(), **built_with), say=say)
        data = loosen_pairs(data, share=options.loose_share, seed=options.seed)
        report["pairs"] = {source: {"pairs": n, "positives": pos} for source, n, pos in summary(data)}
        say(f"{len(data)} training pairs built in {time.monotonic() - started:.0f} s")
        model = train(data, options, progress=progress)
        report["train_seconds"] = round(time.monotonic() - started)
        path = export(model, folder, name=MODEL_FILE, max_length=options.max_length)
        say(f"exported {path} ({path.stat().st_size / 1e6:.1f} MB)")
        write_config(folder, k=k, max_length=options.max_length, model_file=MODEL_FILE,
                     calibration=identity_calibration(), threshold=0.5)
    elif not (folder / "ranker.json").is_file():
        raise FileNotFoundError(f"no ranker.json in {folder}: train first")
    else:
        previous = json.loads((folder / "ranker.json").read_text())
        write_config(folder, k=k, max_length=int(previous["input"]["max_length"]), model_file=previous["model_file"],
                     calibration=identity_calibration(), threshold=0.5,
                     extra={key: previous[key] for key in ("trained",) if key in previous})
    say("scoring the calibration slice (squad2 dev, newsqa dev) through the first stage")
    scored, latency = score_sets(folder, dev_sets(calibration_questions), progress=None)
    calibration, threshold, fitted = fit(scored, max_false_abstention=max_false_abstention)
    report.update(calibration=fitted, ranking_latency_ms=latency, threshold=round(threshold, 4),
                  total_seconds=round(time.monotonic() - started))
    config = json.loads((folder / "ranker.json").read_text())
    trained = config.get("trained") or {key: report[key] for key in ("options", "pairs", "train_seconds") if key in report}
    write_config(folder, k=k, max_length=int(config["input"]["max_length"]), model_file=config["model_file"],
                 calibration=calibration, threshold=threshold,
                 extra={"trained": trained, "calibrated": {"slice": fitted, "max_false_abstention": max_false_abstention}})
    return report


def cached_pairs(cache: Path | None, built_with: dict[str, Any], build: Callable[[], list[Pair]], *,
                 say: Say = log.info) -> list[Pair]:
    """The training pairs: from ``cache`` when it was built with the same options (``built_with``), else
    built and, given a cache path, saved there with those options."""
    if cache and cache.is_file():
        saved = pickle.loads(cache.read_bytes())
        if isinstance(saved, dict) and saved.get("built_with") == built_with:
            return list(saved["pairs"])
        recorded = saved.get("built_with") if isinstance(saved, dict) else "not recorded"
        say(f"{cache} was built with other options ({recorded}, not {built_with}): building the pairs again")
    data = build()
    if cache:
        cache.write_bytes(pickle.dumps({"built_with": built_with, "pairs": data}))
    return data
