"""The ``quotedesk`` command line (typer + rich). Importing this package registers every command."""

from bot.cli import articles, feeds, questions, ranker, tools  # noqa: F401  (each module registers its commands)
from bot.cli.app import app

__all__ = ["app"]
