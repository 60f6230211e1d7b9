"""/add: an article from a link, an attached file (txt, md, html, pdf) or pasted text, with live progress."""

from __future__ import annotations

import logging
from functools import partial

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import render
from bot.discord.client import QuoteDeskBot
from bot.discord.markdown import escape, plain_shorten
from bot.discord.namespaces import namespace_for
from bot.discord.progress import ProgressReporter
from bot.discord.replies import NO_MENTIONS, defer
from index.errors import BadInput, QuoteDeskError, TooLarge
from index.models import AddResult, ArticleMeta

log = logging.getLogger(__name__)

MAX_BATCH = 10
"""Most links added by one /add."""


def _added_by(user: discord.abc.User) -> str:
    return f"{user.name} ({user.id})"


class Add(commands.Cog):
    """Growing the collection."""

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot

    @app_commands.command(name="add")
    @app_commands.describe(
        url="Link to a news article (several links separated by spaces are added one by one)",
        file="The article as a file: .txt, .md, .html or .pdf",
        text="The article text, pasted",
        title="Title for pasted text (default: its first line)",
    )
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    async def add(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 8, 2000] | None = None,
        file: discord.Attachment | None = None,
        text: app_commands.Range[str, 1, 6000] | None = None,
        title: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        """Add an article to this server's collection: a link, a file (txt, md, html, pdf) or pasted text."""
        given = [name for name, value in (("url", url), ("file", file), ("text", text)) if value]
        if len(given) != 1:
            raise BadInput("Give exactly one of `url`, `file` or `text`.")
        limit = self.bot.library.settings.max_upload_bytes
        if file is not None and file.size > limit:
            raise TooLarge(f"{file.filename} is {file.size:,} bytes; the limit is {limit:,}.")
        self.bot.cooldowns.take("add", interaction.user.id)
        await defer(interaction)
        urls = url.split() if url else []
        if len(urls) > 1:
            await self._add_many(interaction, urls[:MAX_BATCH])
            return

        label = escape(plain_shorten(file.filename if file else url if url else (title or "pasted text"), 100))
        publish = partial(interaction.edit_original_response, allowed_mentions=NO_MENTIONS)
        render_progress = partial(render.progress, label, fetched=bool(url))
        async with ProgressReporter(lambda text_: publish(content=text_), render_progress) as progress:
            result = await self._add(interaction, progress, url=url, file=file, text=text, title=title)
        log.info("%s added %s (%s, %s) to %s", _added_by(interaction.user), result.article_id, result.status.value,
                 result.meta.title, namespace_for(interaction.guild_id, interaction.user.id))
        await interaction.edit_original_response(content=None, embed=render.add_result(result), allowed_mentions=NO_MENTIONS)

    async def _add_many(self, interaction: discord.Interaction, urls: list[str]) -> None:
        """Add several links in turn; one failure does not stop the others; a summary at the end."""
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        publish = partial(interaction.edit_original_response, allowed_mentions=NO_MENTIONS)
        outcomes: list[tuple[str, AddResult | str]] = []
        for number, link in enumerate(urls, start=1):
            label = f"{number}/{len(urls)}: " + escape(plain_shorten(link, 100))
            async with ProgressReporter(lambda text_: publish(content=text_),
                                        partial(render.progress, label, fetched=True)) as progress:
                try:
                    result = await self.bot.call(self.bot.library.add_url, namespace, link, added_by=_added_by(interaction.user),
                                                 progress=progress)
                    outcomes.append((link, result))
                except QuoteDeskError as err:
                    outcomes.append((link, str(err)))
        log.info("%s added %d links to %s", _added_by(interaction.user), len(urls), namespace)
        pages = render.add_batch(outcomes)
        await interaction.edit_original_response(content=None, embeds=pages[:10], allowed_mentions=NO_MENTIONS)

    async def _add(self, interaction: discord.Interaction, progress: ProgressReporter, *, url: str | None,
                   file: discord.Attachment | None, text: str | None, title: str | None) -> AddResult:
        library = self.bot.library
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        added_by = _added_by(interaction.user)
        if file is not None:
            data = await file.read()
            return await self.bot.call(library.add_bytes, namespace, data, filename=file.filename,
                                       content_type=file.content_type, added_by=added_by, progress=progress)
        if url is not None:
            return await self.bot.call(library.add_url, namespace, url.strip(), added_by=added_by, progress=progress)
        meta = ArticleMeta(title=title or "", added_by=added_by)  # an empty title: the engine uses the first line
        return await self.bot.call(library.add_text, namespace, text or "", meta=meta, progress=progress)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Add(bot))

