"""The ``quotedesk`` command line: add, ask, check, sources, remove, demo, run.

Exit codes: 0 success (an abstaining answer is a success), 1 the input was
refused or an id is unknown (the message says why), 2 usage error,
3 the store is unavailable.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import index  # noqa: F401  (offline switches before any model library loads)
from bot import terminal
from bot.jsonable import to_jsonable
from index.config import Settings
from index.errors import QuoteDeskError, StoreUnavailable
from index.models import AddResult, SearchFilters

app = typer.Typer(help="QuoteDesk: answers about news articles with verbatim, cited quotes.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
console = Console()
err_console = Console(stderr=True)


class State:
    """Options shared by every command."""

    settings: Settings
    namespace: str


state = State()


@app.callback()
def main(
    data_dir: Annotated[Optional[Path], typer.Option(help="Folder of the embedded Chroma store.")] = None,
    chroma_url: Annotated[Optional[str], typer.Option(help="Use a Chroma server (chroma run) at this URL.")] = None,
    namespace: Annotated[Optional[str], typer.Option("--namespace", "-n", help="Collection to use.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    """QuoteDesk: answers about news articles with verbatim, cited quotes."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    overrides = {k: v for k, v in {"data_dir": data_dir, "chroma_url": chroma_url}.items() if v is not None}
    state.settings = Settings(**overrides)
    state.namespace = namespace or state.settings.namespace


def _library():
    from index.library import Library

    return Library(state.settings)


def _fail(err: Exception) -> None:
    err_console.print(f"[bold red]Error:[/] {err}")
    raise typer.Exit(3 if isinstance(err, StoreUnavailable) else 1)


def _print_json(value) -> None:
    console.print_json(json.dumps(to_jsonable(value), ensure_ascii=False))


@app.command()
def add(
    items: Annotated[Optional[list[str]], typer.Argument(help="Files (.txt .md .html .pdf) or http(s) URLs.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Add this text as an article.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title for --text.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Add articles from files, URLs or pasted text."""
    from index.models import ArticleMeta

    items = items or []
    if not items and text is None:
        _fail(QuoteDeskError("Nothing to add: give files, URLs or --text."))
    library = _library()
    results: list[dict] = []
    failures = 0

    def add_one(item: str) -> AddResult:
        if item.startswith(("http://", "https://")):
            return library.add_url(state.namespace, item, added_by="cli")
        return library.add_file(state.namespace, Path(item), added_by="cli")

    try:
        if text is not None:
            meta = ArticleMeta(title=title, added_by="cli") if title else None
            result = library.add_text(state.namespace, text, meta=meta)
            results.append({"item": "--text", "result": result})
            if not as_json:
                terminal.render_added(console, result)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err_console, disable=len(items) < 2 or as_json) as progress:
            task = progress.add_task("Adding", total=len(items))
            for item in items:
                progress.update(task, description=f"Adding {Path(item).name[:40]}")
                try:
                    result = add_one(item)
                    results.append({"item": item, "result": result})
                    if not as_json:
                        terminal.render_added(progress.console, result, item)
                except StoreUnavailable:
                    raise
                except QuoteDeskError as err:
                    failures += 1
                    results.append({"item": item, "error": str(err)})
                    if not as_json:
                        progress.console.print(f"[bold red]{item}:[/] {err}")
                progress.advance(task)
    except QuoteDeskError as err:
        _fail(err)
    if as_json:
        _print_json(results)
    elif len(items) > 1:
        console.print(f"{len(items) - failures} of {len(items)} added or already present, {failures} failed.")
    if failures:
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question.")],
    article: Annotated[Optional[str], typer.Option(help="Only this article id.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    as_of: Annotated[Optional[str], typer.Option(help="Ask as of this date (YYYY-MM-DD): later articles are out of reach, recent ones preferred.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    llm: Annotated[Optional[str], typer.Option(
        "--llm", help="LangChain provider:model that writes the answer (overrides QUOTEDESK_LLM), "
                      "e.g. openai:gpt-4o-mini; 'none' for quotes only. Every quote is verified.")] = None,
    llm_base_url: Annotated[Optional[str], typer.Option(
        "--llm-base-url", help="Base URL of an OpenAI-compatible server (llama.cpp, vLLM, LM Studio).")] = None,
) -> None:
    """Answer a question with verbatim quotes from the stored articles."""
    updates = {k: v for k, v in {"llm": llm, "llm_base_url": llm_base_url}.items() if v is not None}
    if updates.get("llm", "").strip().lower() in ("none", "off", "-"):
        updates["llm"] = None
    if updates:
        state.settings = state.settings.model_copy(update=updates)
    try:
        filters = SearchFilters(article_id=article, outlet=outlet, since=_date(since), until=_date(until))
        if state.settings.llm and not as_json:
            with err_console.status("Searching…") as status:
                answer = _library().ask(state.namespace, question, filters=filters, as_of=_date(as_of),
                                        progress=lambda stage: status.update(f"{stage.capitalize()}…"))
        else:
            answer = _library().ask(state.namespace, question, filters=filters, as_of=_date(as_of))
    except QuoteDeskError as err:
        _fail(err)
    if as_json:
        _print_json(answer)
    else:
        terminal.render_answer(console, answer)


@app.command()
def check(
    quote: Annotated[str, typer.Argument(help="The quote to verify.")],
    article: Annotated[Optional[str], typer.Option(help="The article it is said to come from (id).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
) -> None:
    """Check whether the stored articles really say this."""
    try:
        verdict = _library().check(state.namespace, quote, article_id=article)
    except QuoteDeskError as err:
        _fail(err)
    if as_json:
        _print_json(verdict)
    else:
        terminal.render_verdict(console, verdict)


@app.command()
def sources(
    query: Annotated[Optional[str], typer.Argument(help="Only titles/outlets/ids containing this.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the stored articles."""
    try:
        infos = _library().sources(state.namespace, query)
    except QuoteDeskError as err:
        _fail(err)
    if as_json:
        _print_json(infos)
    else:
        console.print(terminal.sources_table(infos))


@app.command()
def remove(
    article_id: Annotated[str, typer.Argument(help="Id of the article to delete (see `sources`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Delete an article; it is never quoted again."""
    try:
        info = _library().remove(state.namespace, article_id)
    except QuoteDeskError as err:
        _fail(err)
    if as_json:
        _print_json(info)
    else:
        console.print(f"Removed {info.article_id}: {info.meta.title}")


@app.command()
def demo(
    namespace: Annotated[str, typer.Option(help="Namespace to load the demo into.")] = "demo",
) -> None:
    """Load the bundled sample articles, answer sample questions and check sample quotes."""
    from index.demo import DEMO_QUESTIONS, DEMO_QUOTES, demo_articles

    try:
        library = _library()
        articles = demo_articles()
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console) as progress:
            task = progress.add_task("Adding sample articles", total=len(articles))
            for item in articles:
                result = library.add_document(namespace, item.document, added_by="demo")
                terminal.render_added(progress.console, result, item.name)
                progress.advance(task)
        console.rule("Ask")
        for question in DEMO_QUESTIONS:
            terminal.render_answer(console, library.ask(namespace, question))
            console.print()
        console.rule("Check")
        seed_id = next(i.article_id for i in library.sources(namespace, "Airstrikes"))
        for quote in DEMO_QUOTES:
            console.print(f"[bold]Quote:[/] {quote}")
            terminal.render_verdict(console, library.check(namespace, quote, article_id=seed_id))
            console.print()
    except QuoteDeskError as err:
        _fail(err)


@app.command("eval")
def evaluate(
    datasets: Annotated[list[Path], typer.Argument(help="Folders: SQuAD-style, RealTimeQA-style or PolNeAR-style.")],
    limit: Annotated[Optional[int], typer.Option(help="Questions (or quotes) per set, spread evenly.")] = None,
    holdout: Annotated[int, typer.Option(help="SQuAD titles left out to make unanswerable questions.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Measure retrieval, answers, abstention and the quote checker on QA sets (throwaway store)."""
    import tempfile

    from rich.table import Table

    from index.evaluate import detect_format, load_realtimeqa, load_squad, run_eval
    from index.library import Library

    reports: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="quotedesk-eval-") as tmp:
        settings = state.settings.model_copy(update={"data_dir": Path(tmp)}) if not state.settings.chroma_url else state.settings
        library = Library(settings)
        for folder in datasets:
            try:
                kind = detect_format(folder)
            except ValueError as err:
                _fail(QuoteDeskError(str(err)))
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err_console, disable=as_json) as progress:
                task = progress.add_task(f"{kind}: ingesting", total=None)
                tick = lambda done, total: progress.update(task, description=f"{kind}: asking", completed=done, total=total)  # noqa: E731
                if kind == "polnear":
                    from index.quote_eval import evaluate_quote_checker

                    report = evaluate_quote_checker(folder, limit=limit, embed=library.encode, progress=tick)
                    reports[f"{kind}:{folder}"] = report.to_dict()
                    if not as_json:
                        progress.console.print(report.to_table())
                    continue
                qa = load_squad(folder, limit=limit, holdout=holdout) if kind == "squad" else load_realtimeqa(folder, limit=limit)
                report = run_eval(library, qa, progress=tick)
            reports[f"{kind}:{folder}"] = report.to_dict()
            if not as_json:
                table = Table("figure", "value", title=f"{kind} — {folder}")
                for name, value in report.rows():
                    table.add_row(name, value)
                console.print(table)
    if as_json:
        _print_json(reports)


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
    from index.bench import BenchOptions, render_report, run_bench

    values = dict(sizes=tuple(int(x) for x in sizes.split(",") if x.strip()), articles=articles,
                  backends=tuple(b.strip() for b in backends.split(",") if b.strip()), questions=questions,
                  max_real_chunks=max_real, cold_start_runs=cold_runs, langchain=langchain)
    if quick:  # only what was given explicitly overrides the quick slice
        given = {k: v for k, v in values.items() if v != BenchOptions.__dataclass_fields__[k].default}
        options = BenchOptions.quick_options(**given)
    else:
        options = BenchOptions(**values)
    try:
        report = run_bench(state.settings, options, progress=None if as_json else (lambda msg: err_console.print(f"[dim]{msg}[/]")))
    except (QuoteDeskError, FileNotFoundError) as err:
        _fail(err)
    if output:
        output.write_text(json.dumps(report, indent=2), encoding="utf-8")
    if as_json:
        _print_json(report)
    else:
        render_report(console, report)


@app.command()
def run(
    sync_global: Annotated[bool, typer.Option(help="Also sync slash commands globally (slow to propagate).")] = False,
) -> None:
    """Start the Discord bot (token from DISCORD_TOKEN)."""
    from bot.discord import run as run_bot

    try:
        run_bot(state.settings, sync_global=sync_global)
    except QuoteDeskError as err:
        _fail(err)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QuoteDeskError(f"Not a date: {value!r} (use YYYY-MM-DD).") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
