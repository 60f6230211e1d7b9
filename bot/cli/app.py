"""The ``quotedesk`` command line: shared options, the store, and how errors and JSON are printed.

Exit codes: 0 success (an abstaining answer is a success), 1 the input was
refused or an id is unknown (the message says why), 2 usage error,
3 the store is unavailable.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape

import index  # noqa: F401  (offline switches before any model library loads)
from bot.cli.jsonable import to_jsonable
from index.config import Settings
from index.errors import QuoteDeskError, StoreUnavailable

if TYPE_CHECKING:
    from index.library import Library

app = typer.Typer(help="QuoteDesk: answers about news articles with verbatim, cited quotes.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
# Printed text is markup only where the CLI writes it: every user- or article-supplied string goes
# through :func:`plain` ("[/x] title" is text, not a tag) and ":smile:" stays as typed (no emoji codes).
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


def plain(value: object) -> str:
    """``value`` as text for a markup string: brackets escaped, so it prints exactly as it is."""
    return escape(str(value))


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
    overrides: dict[str, Any] = {k: v for k, v in {"data_dir": data_dir, "chroma_url": chroma_url}.items() if v is not None}
    state.settings = Settings().model_copy(update=overrides)
    state.namespace = namespace or state.settings.namespace


def open_library() -> Library:
    """The library for the current options (with the language model they name, if any)."""
    from index.library import Library

    return Library.from_settings(state.settings)


def fail(err: Exception, as_json: bool = False) -> NoReturn:
    """Print the error and exit 1 (refused input) or 3 (store unavailable).

    With ``--json`` the error is JSON on standard output too: ``{"error": ..., "kind": ..., "exit_code": ...}``.
    """
    code = 3 if isinstance(err, StoreUnavailable) else 1
    if as_json:
        print_json({"error": str(err), "kind": type(err).__name__, "exit_code": code})
    else:
        err_console.print(f"[bold red]Error:[/] {plain(err)}")
    raise typer.Exit(code)


def print_json(value: Any) -> None:
    console.print_json(json.dumps(to_jsonable(value), ensure_ascii=False))


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QuoteDeskError(f"Not a date: {value!r} (use YYYY-MM-DD).") from None
