"""``python -m bot.cli`` runs the ``quotedesk`` command line."""

from bot.cli import app

app()
