"""Choosing an article by name: autocomplete on titles, and resolving what the user typed to an id."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord.markdown import plain_shorten
from bot.discord.namespaces import namespace_for
from index.errors import BadInput, UnknownArticle
from index.library import Library
from index.models import ArticleInfo

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord's limit for autocomplete results
CHOICE_NAME_LIMIT = 100


def choice_name(info: ArticleInfo) -> str:
    """``Title — Outlet, 2024-05-01`` in at most 100 characters."""
    return plain_shorten(info.meta.heading() if info.meta.title else info.article_id, CHOICE_NAME_LIMIT)


async def autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Articles of this collection whose title, outlet or id contains what the user has typed."""
    bot = interaction.client
    namespace = namespace_for(interaction.guild_id, interaction.user.id)
    try:
        infos = await bot.call(bot.library.sources, namespace, current.strip() or None)  # type: ignore[attr-defined]
    except Exception:  # an autocomplete has nowhere to show an error: log it, offer nothing
        log.exception("article autocomplete failed in %s", namespace)
        return []
    return [app_commands.Choice(name=choice_name(i), value=i.article_id) for i in infos[:MAX_CHOICES]]


def resolve(library: Library, namespace: str, value: str) -> str:
    """The id of the article ``value`` names: an id (what autocomplete sends), or a unique title match."""
    value = value.strip()
    infos = library.sources(namespace)
    if any(i.article_id == value for i in infos):
        return value
    needle = value.casefold()
    exact = [i for i in infos if (i.meta.title or "").casefold() == needle]
    matches = exact or [i for i in infos if needle and needle in (i.meta.title or "").casefold()]
    if len(matches) == 1:
        return matches[0].article_id
    if matches:
        names = "; ".join(f"{plain_shorten(i.meta.title, 60)} ({i.article_id})" for i in matches[:5])
        raise BadInput(f"“{plain_shorten(value, 80)}” matches several articles: {names}. Pick one from the list.")
    raise UnknownArticle(f"No article here matches “{plain_shorten(value, 80)}”. `/sources` lists them with their ids.")
