"""Engine progress (reported from a worker thread) -> throttled edits of the deferred response."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import discord

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 1.5
"""Seconds between progress edits (Discord allows about five edits per five seconds per message)."""


class ProgressReporter:
    """A thread-safe ``progress(stage, counts)`` callback that publishes at most one edit per ``interval``.

    Use as ``async with ProgressReporter(...) as progress:`` around the engine call and pass
    ``progress`` to it; the latest state wins, intermediate states may be skipped.
    """

    def __init__(
        self,
        publish: Callable[[str], Awaitable[object]],
        render: Callable[[str, dict], str],
        *,
        interval: float | None = None,
    ) -> None:
        self._publish = publish
        self._render = render
        self.interval = DEFAULT_INTERVAL if interval is None else interval
        self._loop: asyncio.AbstractEventLoop | None = None
        self._latest: str | None = None
        self._changed = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.published: list[str] = []

    def __call__(self, stage: str, counts: dict) -> None:
        """Called by the engine from a worker thread."""
        if self._loop is None or self._loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            self._loop.call_soon_threadsafe(self._update, stage, dict(counts))

    def _update(self, stage: str, counts: dict) -> None:
        try:
            self._latest = self._render(stage, counts)
        except Exception:  # a rendering bug must not break the add itself
            log.exception("could not render progress %s %s", stage, counts)
            return
        self._changed.set()

    async def _run(self) -> None:
        shown = None
        while True:
            await self._changed.wait()
            self._changed.clear()
            if self._latest is not None and self._latest != shown:
                shown = self._latest
                try:
                    await self._publish(shown)
                    self.published.append(shown)
                except discord.HTTPException as exc:  # progress is best effort
                    log.warning("progress edit failed: %s", exc)
            await asyncio.sleep(self.interval)

    async def __aenter__(self) -> ProgressReporter:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._run(), name="quotedesk-progress")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._loop = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
