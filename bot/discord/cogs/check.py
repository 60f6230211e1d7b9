"""/check: did an article really say this? The verdict, a readable diff, and critical changes."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.claim_stopgap import split_claim
from bot.discord import articles, render
from bot.discord.client import QuoteDeskBot
from bot.discord.namespaces import namespace_for
from bot.discord.replies import NO_MENTIONS, defer
from bot.discord.views import pager


class Check(commands.Cog):
    """Quote checking."""

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot

    @app_commands.command(name="check")
    @app_commands.describe(
        quote="The quote as someone quoted it (or a claim: Reuters said \"…\")",
        article="Only look in this article (start typing its title)",
        speaker="Who is said to have said it (checked against who the article says)",
    )
    @app_commands.autocomplete(article=articles.autocomplete)
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    async def check(
        self,
        interaction: discord.Interaction,
        quote: app_commands.Range[str, 1, 1500],
        article: app_commands.Range[str, 1, 200] | None = None,
        speaker: app_commands.Range[str, 2, 200] | None = None,
    ) -> None:
        """Check whether a quote appears word for word in this server's articles, and who said it."""
        await defer(interaction)
        library = self.bot.library
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        if speaker is None:
            quote, speaker = split_claim(quote)  # STOPGAP until index/quotes/claims.py (branch `claims`)
        article_id = await self.bot.call(articles.resolve, library, namespace, article) if article else None
        result = await self.bot.call(library.check, namespace, quote, article_id=article_id, attributed_to=speaker)
        pages = render.verdict(result)
        view = pager(pages, owner_id=interaction.user.id)
        await interaction.edit_original_response(embed=pages[0], view=view, allowed_mentions=NO_MENTIONS)
        if view is not None:
            view.attach(interaction.edit_original_response)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Check(bot))
