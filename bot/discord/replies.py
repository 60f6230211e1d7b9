"""Responding to interactions: deferring, and short private notes that work at any point of a response."""

from __future__ import annotations

import contextlib
import logging

import discord

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
"""Passed on every send: articles contain "@everyone", and nothing QuoteDesk says should ping anyone."""


async def defer(interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
    """Acknowledge within Discord's 3 s with a "thinking…" message; remembers whether it is public."""
    interaction.extras["public_defer"] = not ephemeral
    await interaction.response.defer(thinking=True, ephemeral=ephemeral)


async def tell(interaction: discord.Interaction, text: str) -> None:
    """Show ``text`` to the invoking user only (ephemeral), whatever has been sent so far.

    After a *public* defer the first follow-up would inherit the public "thinking…" message, so that
    message is deleted first and the note is sent as a fresh ephemeral follow-up.
    """
    text = text if len(text) <= 1900 else text[:1899] + "…"
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if interaction.extras.get("public_defer"):
            with contextlib.suppress(discord.HTTPException):
                await interaction.delete_original_response()
            interaction.extras["public_defer"] = False
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not tell user %s: %r", interaction.user, text, exc_info=True)
