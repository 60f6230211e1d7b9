"""``quotedesk train-ranker``: train, export and calibrate the answer ranker that ships in index/answer/model/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from bot.cli.app import app, err_console, fail, print_json
from index.errors import QuoteDeskError


@app.command("train-ranker")
def train_ranker(
    pairs: Annotated[int, typer.Option(help="Training pairs: all of the train splits' (about 58,500) when there are fewer; "
                                             "else a sample, 30% positives.")] = 60_000,
    layers: Annotated[int, typer.Option(help="MiniLM layers kept (of 6).")] = 3,
    frozen_layers: Annotated[int, typer.Option(help="Lowest layers kept as pre-trained (faster steps).")] = 0,
    max_length: Annotated[int, typer.Option(help="Tokens per (question, sentence [SEP] previous) pair.")] = 64,
    batch_size: Annotated[int, typer.Option(help="Pairs per step.")] = 32,
    epochs: Annotated[int, typer.Option(help="Passes over the pairs (``--steps`` may stop earlier).")] = 2,
    learning_rate: Annotated[float, typer.Option(help="AdamW peak learning rate.")] = 2e-4,
    head_learning_rate: Annotated[float, typer.Option(help="Learning rate of the new linear head.")] = 2e-3,
    minutes: Annotated[float, typer.Option(help="Training time budget; the schedule shrinks to fit it.")] = 60.0,
    steps: Annotated[Optional[int], typer.Option(help="Train exactly this many steps (reproducible; no budget).")] = None,
    threads: Annotated[int, typer.Option(help="torch threads.")] = 2,
    k: Annotated[int, typer.Option(help="Candidates the ranker reads per question.")] = 8,
    max_false_abstention: Annotated[float, typer.Option(help="Largest false abstention on squad2 dev.")] = 0.10,
    loose_share: Annotated[float, typer.Option(help="Share of questions retyped chat-style (0.25: not shipped).")] = 0.0,
    news_headings: Annotated[bool, typer.Option("--news-headings", help="Also train on the questions news "
                                                "articles' headings ask.")] = False,
    changed_details: Annotated[bool, typer.Option("--changed-details", help="Also train on SQuAD questions with "
                                                  "one detail changed, as negatives.")] = False,
    seed: Annotated[int, typer.Option(help="Sampling and initialisation seed.")] = 0,
    calibrate_only: Annotated[bool, typer.Option("--calibrate-only", help="Keep the model; refit the calibration.")] = False,
    pairs_cache: Annotated[Optional[Path], typer.Option(help="Pickle of the built pairs, reused if built with "
                                                               "the same options.")] = None,
    calibration_questions: Annotated[int, typer.Option(help="SQuAD 2.0 dev questions for the calibration.")] = 300,
    output: Annotated[Optional[Path], typer.Option(help="Model folder (default: index/answer/model).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fine-tune the answer ranker on the dev data's train split, export ONNX int8, calibrate on the dev split."""
    from index.answer.ranker import MODEL_FOLDER, shared_ranker
    from index.evaluation.ranker.pipeline import train_ranker as run
    from index.evaluation.ranker.train import TrainOptions

    options = TrainOptions(layers=layers, frozen_layers=frozen_layers, max_length=max_length, batch_size=batch_size,
                           epochs=epochs, learning_rate=learning_rate, head_learning_rate=head_learning_rate, threads=threads,
                           seed=seed, time_budget_s=minutes * 60, steps=steps,
                           loose_share=loose_share, news_headings=news_headings, changed_details=changed_details)

    def tick(step: int, steps: int, loss: float) -> None:
        if step % 20 == 0 or step == steps:  # on stderr: the JSON report goes to stdout
            err_console.print(f"[dim]step {step}/{steps} loss {loss:.3f}[/]")

    try:
        report: dict[str, Any] = run(folder=output or MODEL_FOLDER, options=options, pairs=pairs, k=k,
                                     max_false_abstention=max_false_abstention, calibrate_only=calibrate_only,
                                     pairs_cache=pairs_cache, calibration_questions=calibration_questions,
                                     say=lambda msg: err_console.print(f"[dim]{msg}[/]"), progress=tick)
    except (QuoteDeskError, FileNotFoundError) as err:
        fail(err)
    shared_ranker.cache_clear()
    if as_json:
        print_json(report)
    else:
        err_console.print(json.dumps(report, indent=2))
