"""/quotes: what did this person say? The direct quotations the server's articles attribute to them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import render_said
from bot.discord.client import QuoteDeskBot
from bot.discord.namespaces import namespace_for
from bot.discord.replies import NO_MENTIONS, defer
from bot.discord.views import pager


class Quotes(commands.Cog):
    """Who said what."""

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot

    @app_commands.command(name="quotes")
    @app_commands.describe(
        person="A name (“Kirby”, “John Kirby”) or the description the articles use (“government official”)",
        topic="Only quotations about this",
    )
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    async def quotes(
        self,
        interaction: discord.Interaction,
        person: app_commands.Range[str, 2, 100],
        topic: app_commands.Range[str, 2, 200] | None = None,
    ) -> None:
        """What did this person say? Their quotations in this server's articles, newest first."""
        await defer(interaction)
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        result = await self.bot.call(self.bot.library.quotes_by, namespace, person, topic)
        pages = render_said.said(result)
        view = pager(pages, owner_id=interaction.user.id)
        await interaction.edit_original_response(embed=pages[0], view=view, allowed_mentions=NO_MENTIONS)
        if view is not None:
            view.attach(interaction.edit_original_response)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Quotes(bot))
