"""Fixtures for the Discord tests: the real engine (model loaded once per session) and bot harnesses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from bot.discord.client import QuoteDeskBot
from bot.discord.settings import BotSettings
from index.config import Settings
from tests.support.discord_harness import Harness


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder):
    """The real engine: the bundled embedding model (``embedder``, loaded once) and an embedded Chroma
    store in a temp folder. Shared by the session; each test uses its own guild ids, so tests never
    see each other's articles. Fetching may reach the loopback test server only.
    """
    from index.library import Library

    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("chroma"), fetch_allow_hosts=["127.0.0.1"],
                        fetch_timeout=10.0)
    return Library(settings, embedder=embedder)


MakeHarness = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def make_harness(tmp_path) -> AsyncIterator[MakeHarness]:
    """``await make_harness(library_or_fake, **settings)`` -> a started :class:`Harness` (cooldowns off unless given)."""
    started: list[Harness] = []

    async def make(library, **overrides) -> Harness:
        values = {"ask_cooldown_seconds": 0, "add_cooldown_seconds": 0, "discord_test_guild": None, **overrides}
        settings = BotSettings(_env_file=None, **values)
        harness = await Harness(QuoteDeskBot(library, settings)).start()
        started.append(harness)
        return harness

    yield make
    for harness in started:
        await harness.stop()
