"""/feed add|list|remove|poll, and the loop that polls each server's feeds by itself.

Managing feeds needs the member's Manage Server permission, checked on every use; listing does not.
The loop (``discord.ext.tasks``) wakes every minute and polls the feeds that are due, only for the
servers this bot process can see — with shards, each shard polls its own servers. Engine calls run
in worker threads (``bot.call``), so polling never blocks the gateway. New articles are announced
in the channel chosen for a feed, with no mentions.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discord import render_feeds
from bot.discord.client import QuoteDeskBot
from bot.discord.markdown import plain_shorten
from bot.discord.namespaces import guild_namespace
from bot.discord.replies import NO_MENTIONS, defer
from bot.discord.views import pager
from index.feeds.poller import PollReport

log = logging.getLogger(__name__)

POLL_TICK_MINUTES = 1.0
"""How often the loop looks for due feeds (each feed has its own interval, at least 5 minutes)."""


def _require_manage_server(interaction: discord.Interaction) -> bool:
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


manages_feeds = app_commands.check(_require_manage_server)


class TextChannelOption(app_commands.Transformer):
    """A text or announcement channel, taken as Discord resolved it (no cache needed)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> app_commands.AppCommandChannel:
        return value


AnnounceChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption]


class Feeds(commands.Cog):
    """A server's collection that keeps itself current."""

    feed = app_commands.Group(name="feed", description="Follow news feeds (RSS, Atom, JSON): their articles arrive by themselves.",
                              guild_only=True, allowed_installs=app_commands.AppInstallationType(guild=True, user=False))

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.poll_loop.start()

    async def cog_unload(self) -> None:
        self.poll_loop.cancel()

    # -- commands ---------------------------------------------------------------------------------
    @feed.command(name="add")
    @app_commands.describe(url="The feed's link (RSS, Atom or JSON Feed)",
                           announce_channel="Announce new articles in this channel (optional)",
                           every="Minutes between two polls (default 30, at least 5)")
    @manages_feeds
    async def add(self, interaction: discord.Interaction, url: app_commands.Range[str, 8, 2000],
                  announce_channel: AnnounceChannel | None = None,
                  every: app_commands.Range[int, 5, 10080] | None = None) -> None:
        """Follow a news feed: its new articles are added to this server's collection (needs Manage Server)."""
        await defer(interaction)
        feeds = self.bot.library.feeds
        user = interaction.user
        sub = await self.bot.call(feeds.add, self._namespace(interaction), url.strip(), every_minutes=every,
                                  announce_to=str(announce_channel.id) if announce_channel else None,
                                  added_by=f"{user.name} ({user.id})")
        log.info("feed %s (%s) added to guild %s by %s (%s)", sub.id, sub.url, interaction.guild_id, user.name, user.id)
        embed = render_feeds.subscribed(sub, per_poll=feeds.settings.feed_max_items_per_poll)
        await interaction.edit_original_response(embed=embed, allowed_mentions=NO_MENTIONS)

    @feed.command(name="list")
    async def list_feeds(self, interaction: discord.Interaction) -> None:
        """List the feeds this server follows, when they were polled and their last error."""
        await defer(interaction, ephemeral=True)
        feeds = self.bot.library.feeds
        subs = await self.bot.call(feeds.subscriptions, self._namespace(interaction))
        pages = render_feeds.feeds(subs, limit=feeds.settings.feed_max_per_namespace)
        view = pager(pages, owner_id=interaction.user.id)
        await interaction.edit_original_response(embed=pages[0], view=view, allowed_mentions=NO_MENTIONS)
        if view is not None:
            view.attach(interaction.edit_original_response)

    @feed.command(name="remove")
    @app_commands.describe(feed="The feed to stop following (start typing its title)")
    @manages_feeds
    async def remove(self, interaction: discord.Interaction, feed: app_commands.Range[str, 1, 2000]) -> None:
        """Stop following a feed; the articles it brought stay (needs Manage Server)."""
        await defer(interaction)
        sub = await self.bot.call(self.bot.library.feeds.remove, self._namespace(interaction), feed)
        log.info("feed %s (%s) removed from guild %s by %s (%s)", sub.id, sub.url, interaction.guild_id,
                 interaction.user.name, interaction.user.id)
        await interaction.edit_original_response(embed=render_feeds.removed(sub, interaction.user),
                                                 allowed_mentions=NO_MENTIONS)

    @feed.command(name="poll")
    @app_commands.describe(feed="Only this feed (default: every feed of this server)")
    @manages_feeds
    async def poll(self, interaction: discord.Interaction, feed: app_commands.Range[str, 1, 2000] | None = None) -> None:
        """Poll this server's feeds now and add their new articles (needs Manage Server)."""
        await defer(interaction)
        reports = await self.bot.call(self.bot.library.feeds.poll, self._namespace(interaction), feed)
        pages = render_feeds.poll_results(reports)
        await interaction.edit_original_response(embeds=pages[:10], allowed_mentions=NO_MENTIONS)
        for report in reports:
            await self.announce(interaction.guild_id, report)

    @remove.autocomplete("feed")
    @poll.autocomplete("feed")
    async def feed_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        subs = await self.bot.call(self.bot.library.feeds.subscriptions, self._namespace(interaction))
        needle = current.casefold()
        found = [s for s in subs if needle in f"{s.name} {s.url} {s.id}".casefold()]
        return [app_commands.Choice(name=plain_shorten(f"{s.name} ({s.id})", 100), value=s.id) for s in found[:25]]

    # -- polling ----------------------------------------------------------------------------------
    @tasks.loop(minutes=POLL_TICK_MINUTES)
    async def poll_loop(self) -> None:
        try:
            await self.poll_due()
        except Exception:  # the loop must survive anything (a store outage, a bug): log it, try next tick
            log.exception("polling feeds failed")

    @poll_loop.before_loop
    async def _wait_until_ready(self) -> None:
        try:
            await self.bot.wait_until_ready()  # the server list is known only then
        except RuntimeError:  # a client that never logged in (its setup run on its own): nothing to poll
            self.poll_loop.cancel()

    async def poll_due(self) -> list[PollReport]:
        """Poll the due feeds of every server this process can see, and announce what arrived."""
        visible = {guild_namespace(guild.id): guild.id for guild in self.bot.guilds}
        feeds = self.bot.library.feeds
        done: list[PollReport] = []
        for namespace in await self.bot.call(feeds.namespaces):
            guild_id = visible.get(namespace)
            if guild_id is None:
                continue  # another shard's server, or one the bot left
            try:
                reports = await self.bot.call(feeds.poll, namespace, due_only=True)
            except Exception:
                log.exception("polling the feeds of %s failed", namespace)
                continue
            for report in reports:
                await self.announce(guild_id, report)
            done.extend(reports)
        return done

    async def announce(self, guild_id: int | None, report: PollReport) -> None:
        """"N new articles from Outlet" in the feed's channel, if it has one and articles arrived."""
        if not report.announce_to or not report.added:
            return
        channel = self.bot.get_partial_messageable(int(report.announce_to), guild_id=guild_id)
        try:
            await channel.send(embed=render_feeds.announcement(report), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as err:
            log.warning("could not announce feed %s in channel %s: %s", report.feed_id, report.announce_to, err)

    @staticmethod
    def _namespace(interaction: discord.Interaction) -> str:
        assert interaction.guild_id is not None  # the group is guild-only
        return guild_namespace(interaction.guild_id)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Feeds(bot))
