"""/sources (list the collection) and /remove (delete an article; needs Manage Messages)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import articles, render
from bot.discord.client import QuoteDeskBot
from bot.discord.namespaces import namespace_for
from bot.discord.replies import NO_MENTIONS, defer
from bot.discord.views import pager

log = logging.getLogger(__name__)

T = TypeVar("T")


def can_manage_collection() -> Callable[[T], T]:
    """In a server: the member must have Manage Messages, checked on every use (server admins can
    re-grant a command whose default permissions they changed). In DMs the collection is the user's own."""

    def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is not None and not interaction.permissions.manage_messages:
            raise app_commands.MissingPermissions(["manage_messages"])
        return True

    return app_commands.check(predicate)


class Sources(commands.Cog):
    """Looking after the collection."""

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources")
    @app_commands.describe(query="Only articles whose title, outlet or id contains this, or whose text matches it")
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    async def sources(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 100] | None = None) -> None:
        """List the articles in this server's collection, with their ids."""
        await defer(interaction, ephemeral=True)
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        infos = await self.bot.call(self.bot.library.sources, namespace, query)
        pages = render.sources(infos, query)
        view = pager(pages, owner_id=interaction.user.id)
        await interaction.edit_original_response(embed=pages[0], view=view, allowed_mentions=NO_MENTIONS)
        if view is not None:
            view.attach(interaction.edit_original_response)

    @app_commands.command(name="remove")
    @app_commands.describe(article="The article to remove (start typing its title)")
    @app_commands.autocomplete(article=articles.autocomplete)
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    @can_manage_collection()
    async def remove(self, interaction: discord.Interaction, article: app_commands.Range[str, 1, 200]) -> None:
        """Remove an article from this server's collection (needs Manage Messages)."""
        await defer(interaction)
        library = self.bot.library
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        article_id = await self.bot.call(articles.resolve, library, namespace, article)
        info = await self.bot.call(library.remove, namespace, article_id)
        log.info("article %s (%r) removed from %s by %s (%s)", info.article_id, info.meta.title, namespace,
                    interaction.user.name, interaction.user.id)
        await interaction.edit_original_response(embed=render.removed(info, interaction.user), allowed_mentions=NO_MENTIONS)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Sources(bot))
