"""Errors -> a short message the user sees (ephemeral); the full error and traceback -> the log.

Expected failures (bad input, cooldowns, missing permissions, :class:`QuoteDeskError`) are shown
as is; anything else is a bug: it is logged with its traceback and the user is told
"Something went wrong; the error was logged." Nothing fails silently.
"""

from __future__ import annotations

import logging
import math

import discord
from discord import app_commands

from bot.discord.replies import tell
from index.errors import QuoteDeskError

log = logging.getLogger(__name__)

GENERIC = "Something went wrong; the error was logged."


def _permission_names(names: list[str]) -> str:
    return ", ".join(n.replace("_", " ").replace("guild", "server").title() for n in names)


def describe(error: BaseException) -> str | None:
    """The message for an expected error, or ``None`` when the error is a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, QuoteDeskError):
        return str(error) or GENERIC
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"You're going a bit fast: try again in {max(1, math.ceil(error.retry_after))} s."
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {_permission_names(error.missing_permissions)} permission to do that."
    if isinstance(error, app_commands.BotMissingPermissions):
        return f"I need the {_permission_names(error.missing_permissions)} permission in this channel."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.TransformerError):
        return f"That value for `{error.transformer._error_display_name}` is not valid."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, discord.Forbidden):
        log.warning("Discord refused an action: %s", error)
        return "Discord did not let me do that here (a missing permission?)."
    return None


def _where(interaction: discord.Interaction) -> str:
    name = interaction.command.qualified_name if interaction.command else (interaction.custom_id or interaction.type.name)
    return f"{name} (user {interaction.user.id}, guild {interaction.guild_id}, channel {interaction.channel_id})"


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Log ``error`` and tell the user about it, privately."""
    text = describe(error)
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if text is None:
        log.error("%s failed", _where(interaction), exc_info=(type(original), original, original.__traceback__))
        text = GENERIC
    else:
        log.info("%s refused: %s", _where(interaction), text)
    await tell(interaction, text)


class QuoteDeskTree(app_commands.CommandTree):
    """The command tree, with one error handler for every slash command."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await report(interaction, error)
