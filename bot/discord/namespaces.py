"""Which collection a Discord event reads and writes: one per guild, one per user in DMs."""

from __future__ import annotations


def guild_namespace(guild_id: int) -> str:
    """The collection of a server: ``guild-{id}``."""
    return f"guild-{guild_id}"


def namespace_for(guild_id: int | None, user_id: int) -> str:
    """``guild-{id}`` inside a server; ``user-{id}`` (a private collection) in direct messages."""
    return guild_namespace(guild_id) if guild_id else f"user-{user_id}"
