"""The QuoteDesk bot: dependencies passed in, cogs loaded and commands synced in ``setup_hook``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar

import discord
from discord.ext import commands

from bot.discord.cooldowns import Cooldowns
from bot.discord.errors import QuoteDeskTree
from bot.discord.replies import NO_MENTIONS
from bot.discord.settings import BotSettings
from index.library import Library

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

COGS: tuple[str, ...] = (
    "bot.discord.cogs.ask",
    "bot.discord.cogs.add",
    "bot.discord.cogs.check",
    "bot.discord.cogs.quotes",
    "bot.discord.cogs.sources",
    "bot.discord.cogs.feeds",
)

ENGINE_THREADS = 4
"""Engine calls running at once; more wait their turn (the embedder serialises work anyway)."""


def default_intents() -> discord.Intents:
    """Non-privileged intents only: guilds, guild and DM messages. No Message Content, no members."""
    intents = discord.Intents.default()
    intents.message_content = False
    intents.members = False
    intents.presences = False
    return intents


class QuoteDeskBot(commands.Bot):
    """A Discord client over a :class:`~index.library.Library`; slash commands only, no prefix commands."""

    def __init__(
        self,
        library: Library,
        settings: BotSettings,
        *,
        sync_global: bool = False,
        extensions: Sequence[str] = COGS,
        intents: discord.Intents | None = None,
    ) -> None:
        shards: dict[str, Any] = ({"shard_id": settings.discord_shard_id, "shard_count": settings.discord_shard_count}
                  if settings.discord_shard_count else {})
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents or default_intents(),
            allowed_mentions=NO_MENTIONS,
            tree_cls=QuoteDeskTree,
            help_command=None,
            **shards,
        )
        self.library = library
        self.settings = settings
        self.sync_global = sync_global
        self.extensions_to_load = tuple(extensions)
        self.cooldowns = Cooldowns({"ask": settings.ask_cooldown_seconds, "add": settings.add_cooldown_seconds})
        self._engine_slots = asyncio.Semaphore(ENGINE_THREADS)

    async def setup_hook(self) -> None:
        await self.load_cogs()
        await self.sync_commands()

    async def load_cogs(self) -> None:
        """Load every command family (one extension each)."""
        for name in self.extensions_to_load:
            await self.load_extension(name)

    async def sync_commands(self) -> None:
        """Sync to the test guild when configured (instant); globally only when asked (slow to propagate)."""
        guild_id = self.settings.discord_test_guild
        if guild_id:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)
        if self.sync_global:
            synced = await self.tree.sync()
            log.info("synced %d commands globally", len(synced))
        if not guild_id and not self.sync_global:
            log.warning("commands not synced: set QUOTEDESK_DISCORD_TEST_GUILD or run with --sync-global")

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking engine call in a worker thread, so the gateway heartbeat never stalls."""
        async with self._engine_slots:
            return await asyncio.to_thread(fn, *args, **kwargs)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: @mention questions are handled by the ask cog's listener."""

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s) in %d guilds", self.user, getattr(self.user, "id", "?"), len(self.guilds))


def run(library: Library, settings: BotSettings | None = None, *, sync_global: bool = False) -> None:
    """Start the bot with the token from ``DISCORD_TOKEN`` (blocks until stopped)."""
    from index.errors import BadInput

    settings = settings or BotSettings()
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise BadInput("Set DISCORD_TOKEN to the bot's token (Discord developer portal -> your app -> Bot -> Token).")
    bot = QuoteDeskBot(library, settings, sync_global=sync_global)
    bot.run(token, root_logger=True)
