"""Per-user cooldowns shared by slash commands and @mention questions.

Raises :class:`discord.app_commands.CommandOnCooldown`, which the error handler turns into a
visible "try again in N s". The cooldown is taken *after* cheap input validation, so a typo does
not cost the user a wait.
"""

from __future__ import annotations

import time

from discord import app_commands


class Cooldowns:
    """One use per ``seconds`` per user, for each named bucket (``"ask"``, ``"add"``)."""

    def __init__(self, seconds: dict[str, float], *, clock=time.monotonic) -> None:
        self.seconds = dict(seconds)
        self._clock = clock
        self._last: dict[tuple[str, int], float] = {}

    def retry_after(self, bucket: str, user_id: int) -> float:
        """Seconds until ``user_id`` may use ``bucket`` again (0 when allowed now); does not consume."""
        per = self.seconds.get(bucket, 0.0)
        last = self._last.get((bucket, user_id))
        return 0.0 if per <= 0 or last is None else max(0.0, last + per - self._clock())

    def take(self, bucket: str, user_id: int) -> None:
        """Consume one use, or raise ``CommandOnCooldown`` with the time left."""
        per = self.seconds.get(bucket, 0.0)
        if per <= 0:
            return
        wait = self.retry_after(bucket, user_id)
        if wait > 0:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, per), wait)
        now = self._clock()
        self._last[(bucket, user_id)] = now
        if len(self._last) > 10_000:  # forget users whose cooldown is long over
            self._last = {k: t for k, t in self._last.items() if now - t < self.seconds.get(k[0], 0.0)}

    def reset(self, bucket: str, user_id: int) -> None:
        """Forget a use (e.g. when the engine refused the input before doing any work)."""
        self._last.pop((bucket, user_id), None)
