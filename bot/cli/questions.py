"""``quotedesk ask``, ``check`` and ``demo``: questions answered with quotes, and quotes checked."""

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

from bot.cli import render
from bot.cli.app import (
    app,
    console,
    err_console,
    fail,
    open_library,
    parse_date,
    plain,
    print_json,
    state,
)
from index.errors import QuoteDeskError
from index.models import SearchFilters


@app.command()
def quotes(
    person: Annotated[str, typer.Argument(help='Who: a name ("Kirby", "John Kirby") or a description ("government official").')],
    topic: Annotated[Optional[str], typer.Argument(help="Only quotations about this.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many quotations.")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print the quotations as JSON.")] = False,
) -> None:
    """What did this person say? The direct quotations the articles attribute to them, newest first."""
    try:
        said = open_library().quotes_by(state.namespace, person, topic, limit=limit)
    except QuoteDeskError as err:
        fail(err)
    if as_json:
        print_json(said)
    else:
        render.render_said(console, said)


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
    updates: dict[str, str | None] = {k: v for k, v in {"llm": llm, "llm_base_url": llm_base_url}.items() if v is not None}
    if (updates.get("llm") or "").strip().lower() in ("none", "off", "-"):
        updates["llm"] = None
    if updates:
        state.settings = state.settings.model_copy(update=updates)
    try:
        filters = SearchFilters(article_id=article, outlet=outlet, since=parse_date(since), until=parse_date(until))
        if state.settings.llm and not as_json:
            with err_console.status("Searching…") as status:
                answer = open_library().ask(state.namespace, question, filters=filters, as_of=parse_date(as_of),
                                            progress=lambda stage, _counts: status.update(f"{stage.capitalize()}…"))
        else:
            answer = open_library().ask(state.namespace, question, filters=filters, as_of=parse_date(as_of))
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(answer)
    else:
        render.render_answer(console, answer)


@app.command()
def check(
    quote: Annotated[str, typer.Argument(
        help='The quote, or a sentence quoting it: Minister X said "…" — each quoted part is checked.')],
    article: Annotated[Optional[str], typer.Option(help="The article it is said to come from (id).")] = None,
    speaker: Annotated[Optional[str], typer.Option(
        "--speaker", help="Who is said to have said it, when the text does not name them "
                          "(misattributed when the article says someone else).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON: each quoted fragment with its "
                                                         "verdict, span, speaker, attributed_to and the framing.")] = False,
) -> None:
    """Check whether the stored articles really say this, and who they say said it."""
    try:
        result = open_library().check_claim(state.namespace, quote, article_id=article, speaker=speaker)
    except QuoteDeskError as err:
        fail(err, as_json)
    if as_json:
        print_json(result)
    else:
        render.render_claim(console, result)


@app.command()
def demo(
    namespace: Annotated[str, typer.Option(help="Namespace to load the demo into.")] = "demo",
) -> None:
    """Load the bundled sample articles, answer sample questions and check sample quotes."""
    from index.demo import DEMO_QUESTIONS, DEMO_QUOTES, demo_articles

    try:
        library = open_library()
        articles = demo_articles()
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console) as progress:
            task = progress.add_task("Adding sample articles (embedding chunks)", total=None)

            def report(stage: str, counts: dict[str, Any]) -> None:
                if stage == "embedding":
                    progress.update(task, completed=counts["done"], total=counts["total"])

            results = library.add_documents(namespace, [a.document for a in articles], added_by="demo", progress=report)
        for item, result in zip(articles, results):
            render.render_added(console, result, item.name)
        console.rule("Ask")
        for question in DEMO_QUESTIONS:
            render.render_answer(console, library.ask(namespace, question))
            console.print()
        console.rule("Check")
        seed_id = next(i.article_id for i in library.sources(namespace, "Airstrikes"))
        for quote in DEMO_QUOTES:
            console.print(f"[bold]Quote:[/] {plain(quote)}")
            render.render_claim(console, library.check_claim(namespace, quote, article_id=seed_id))
            console.print()
    except QuoteDeskError as err:
        fail(err)
