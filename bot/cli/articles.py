"""``quotedesk add``, ``sources`` and ``remove``: growing and pruning a collection."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from bot.cli import render
from bot.cli.app import app, console, err_console, fail, open_library, plain, print_json, state
from index.errors import QuoteDeskError
from index.models import ArticleMeta


@app.command()
def add(
    items: Annotated[Optional[list[str]], typer.Argument(help="Files (.txt .md .html .pdf) or http(s) URLs.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Add this text as an article.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title for --text.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Add articles from files, URLs or pasted text."""
    items = items or []
    if not items and text is None:
        fail(QuoteDeskError("Nothing to add: give files, URLs or --text."), as_json)
    results: list[dict[str, Any]] = []
    failures = 0
    try:
        library = open_library()  # a store that is down is reported like in every other command
        if text is not None:
            meta = ArticleMeta(title=title, added_by="cli") if title else None
            result = library.add_text(state.namespace, text, meta=meta)
            results.append({"item": "--text", "result": result})
            if not as_json:
                render.render_added(console, result)
        if items:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err_console, disable=len(items) < 2 or as_json) as progress:
                task = progress.add_task("Reading", total=len(items))

                def report(stage: str, counts: dict[str, Any]) -> None:
                    if stage == "reading":
                        progress.update(task, description="Reading", completed=counts["done"], total=counts["total"])
                    elif stage == "embedding":
                        progress.update(task, description="Embedding chunks", completed=counts["done"],
                                        total=counts["total"])

                outcomes = library.add_many(state.namespace, items, added_by="cli", progress=report)
            for item, outcome in zip(items, outcomes):
                if isinstance(outcome, QuoteDeskError):
                    failures += 1
                    results.append({"item": item, "error": str(outcome)})
                    if not as_json:
                        err_console.print(f"[bold red]{plain(item)}:[/] {plain(outcome)}")
                else:
                    results.append({"item": item, "result": outcome})
                    if not as_json:
                        render.render_added(console, outcome, item)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(results)
    elif len(items) > 1:
        console.print(f"{len(items) - failures} of {len(items)} added or already present, {failures} failed.")
    if failures:
        raise typer.Exit(1)


@app.command()
def sources(
    query: Annotated[Optional[str], typer.Argument(help="Only articles whose title, outlet or id contains this, or whose text matches it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the stored articles."""
    try:
        infos = open_library().sources(state.namespace, query)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(infos)
    else:
        console.print(render.sources_table(infos))


@app.command()
def remove(
    article_id: Annotated[str, typer.Argument(help="Id of the article to delete (see `sources`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Delete an article; it is never quoted again."""
    try:
        info = open_library().remove(state.namespace, article_id)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(info)
    else:
        console.print(Text(f"Removed {info.article_id}: {info.meta.title}"))
