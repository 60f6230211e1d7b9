"""The Discord bot's own settings: its token, the test server, cooldowns.

Read from ``QUOTEDESK_*`` environment variables and ``.env`` like the engine's
settings (:class:`index.config.Settings`); the token also from ``DISCORD_TOKEN``.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class BotSettings(BaseSettings):
    """Every knob of the Discord front end. See the README's Configuration table."""

    model_config = SettingsConfigDict(env_prefix="QUOTEDESK_", env_file=".env", extra="ignore")

    discord_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("DISCORD_TOKEN", "QUOTEDESK_DISCORD_TOKEN")
    )
    discord_test_guild: int | None = Field(None, description="Guild id that slash commands sync to on start.")
    discord_shard_id: int | None = Field(None, ge=0, description="This process's shard (with discord_shard_count).")
    discord_shard_count: int | None = Field(None, ge=1, description="Shards in all, one process each.")
    ask_cooldown_seconds: float = Field(10.0, ge=0, description="Per-user wait between two questions.")
    add_cooldown_seconds: float = Field(30.0, ge=0, description="Per-user wait between two /add.")
