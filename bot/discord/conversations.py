"""What the bot remembers of each thread and DM: the last questions and the articles they cited.

Held in memory, per channel (a thread an answer opened, or a DM), at most :data:`MAX_CHANNELS`
channels and for :data:`TTL_SECONDS` after the last question: a follow-up after a restart or a day
later is simply a new question.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from index.answer.followup import Conversation, Turn

MAX_CHANNELS = 2_000
TTL_SECONDS = 6 * 3600


class Conversations:
    """Channel id → :class:`Conversation`, least recently used dropped first (thread-safe)."""

    def __init__(self, *, max_channels: int = MAX_CHANNELS, ttl: float = TTL_SECONDS) -> None:
        self._items: OrderedDict[int, tuple[float, Conversation]] = OrderedDict()
        self._max = max_channels
        self._ttl = ttl
        self._lock = threading.Lock()

    def get(self, channel_id: int) -> Conversation | None:
        """The conversation in ``channel_id``, or None (none yet, or gone stale)."""
        with self._lock:
            item = self._items.get(channel_id)
            if item is None or time.monotonic() - item[0] > self._ttl:
                self._items.pop(channel_id, None)
                return None
            return item[1]

    def remember(self, channel_id: int, turn: Turn) -> None:
        """Add ``turn`` to the conversation in ``channel_id``."""
        with self._lock:
            item = self._items.pop(channel_id, None)
            fresh = item is None or time.monotonic() - item[0] > self._ttl
            conversation = (Conversation() if fresh or item is None else item[1]).then(turn)
            self._items[channel_id] = (time.monotonic(), conversation)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
