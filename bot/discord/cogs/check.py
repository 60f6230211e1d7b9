"""/check and the "Check quotes" message command: did an article really say this?

Both read the text the way journalists write it (quoted passages, who they are attributed to, the
framing around them: index/quotes/claims.py) and show one verdict per passage, with the article's
words, a readable diff, editorial conventions and critical changes.

"Check quotes" (right-click a message → Apps) needs no Message Content intent: a message command
receives the message it targets. Its reply is private, with a "Post publicly" button.
"""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import articles, render_claims
from bot.discord.client import QuoteDeskBot
from bot.discord.namespaces import namespace_for
from bot.discord.replies import NO_MENTIONS, defer, tell
from bot.discord.views import PrivateResult, pager

MENU_NAME = "Check quotes"
MAX_MESSAGE_CHARS = 4000  # a Discord message is at most 4000 characters (with Nitro)


_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|\|\||\*+|~~|`+|(?<!\w)__|__(?!\w)")


def message_text(message: discord.Message) -> str:
    """The text of a message to check: its content, else the text of its embeds (a bot's or a link preview),
    without Discord markup (mentions, custom emoji, bold/italic/strike/code/spoiler markers)."""
    text = message.content
    if not text.strip():
        text = "\n".join(p for e in message.embeds for p in (e.title, e.description) if p)
    return _MARKUP.sub("", text)


class Check(commands.Cog):
    """Quote checking."""

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name=MENU_NAME, callback=self.check_message)
        self.menu.allowed_installs = app_commands.AppInstallationType(guild=True, user=False)
        self.menu.allowed_contexts = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)
        bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="check")
    @app_commands.describe(
        quote='The quote, or a sentence quoting it: Minister X said "…"',
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
        article_id = await self.bot.call(articles.resolve, library, namespace, article) if article else None
        result = await self.bot.call(library.check_claim, namespace, quote, article_id=article_id, speaker=speaker)
        pages = render_claims.claim(result)
        view = pager(pages, owner_id=interaction.user.id)
        await interaction.edit_original_response(embed=pages[0], view=view, allowed_mentions=NO_MENTIONS)
        if view is not None:
            view.attach(interaction.edit_original_response)

    async def check_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Check every quoted passage of a message against this server's articles (private reply)."""
        text = message_text(message)
        if not text.strip():
            await tell(interaction, "That message has no text to check (only attachments or stickers).")
            return
        await defer(interaction, ephemeral=True)
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        result = await self.bot.call(self.bot.library.check_claim, namespace, text[:MAX_MESSAGE_CHARS])
        pages = render_claims.claim(result)
        view = PrivateResult(pages, owner_id=interaction.user.id)
        await interaction.edit_original_response(embed=pages[0], view=view, allowed_mentions=NO_MENTIONS)
        view.attach(interaction.edit_original_response)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Check(bot))
