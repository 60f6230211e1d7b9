"""Following feeds, per namespace: the engine side of ``/feed`` and ``quotedesk feed``.

``Library.feeds`` is a :class:`Feeds`. Adding a feed fetches it once (under the SSRF guard) to
check that it is a reachable, well-formed feed; its articles arrive at the first poll. Limits
come from the settings: the default poll interval (``feed_poll_minutes``, at least
:data:`MIN_POLL_MINUTES`), new items per poll (``feed_max_items_per_poll``) and feeds per
namespace (``feed_max_per_namespace``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from index.errors import BadInput, QuoteDeskError, UnknownFeed
from index.feeds.parse import parse_feed
from index.feeds.poller import PollReport, poll_feed
from index.feeds.state import FeedStates, Subscription
from index.ingest.fetch import FEED, fetch_url
from index.ingest.guard import check_url
from index.models import AddResult, ExtractedDocument
from index.store.records import url_key

if TYPE_CHECKING:
    from index.library import Library

log = logging.getLogger(__name__)

MIN_POLL_MINUTES = 5
MAX_POLL_MINUTES = 7 * 24 * 60


def feed_id_for(url: str) -> str:
    """A short stable id for a feed URL (the same feed twice gets the same id)."""
    return "f" + hashlib.sha256(url_key(url).encode("utf-8")).hexdigest()[:8]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Feeds:
    """The feeds each namespace follows: add, list, remove, poll."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self.settings = library.settings
        self.states = FeedStates(library.store.client)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _lock(self, namespace: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(namespace, threading.Lock())

    def add(self, namespace: str, url: str, *, announce_to: str | None = None, every_minutes: int | None = None,
            added_by: str | None = None, now: datetime | None = None) -> Subscription:
        """Follow the feed at ``url``; refused if it is not a reachable feed, or over the limits."""
        interval = every_minutes or self.settings.feed_poll_minutes
        if not MIN_POLL_MINUTES <= interval <= MAX_POLL_MINUTES:
            raise BadInput(f"Poll a feed every {MIN_POLL_MINUTES} to {MAX_POLL_MINUTES:,} minutes, not {interval}.")
        url = str(check_url(url))
        feed_id = feed_id_for(url)
        with self._lock(namespace):
            following = self.states.subscriptions(namespace)
            if any(s.id == feed_id for s in following):
                raise BadInput(f"This collection already follows {url} (feed {feed_id}).")
            limit = self.settings.feed_max_per_namespace
            if len(following) >= limit:
                count = f"{len(following)} feed" + ("s" if len(following) != 1 else "")
                raise BadInput(f"This collection already follows {count}, the most allowed ({limit}); remove one first.")
            page = fetch_url(url, self.settings, kind=FEED)
            parsed = parse_feed(page.data, url=page.url, content_type=page.content_type)
            now = now or utc_now()
            sub = Subscription(id=feed_id, url=url, title=parsed.title, announce_to=announce_to,
                               interval_minutes=interval, added_by=added_by, added_at=now, next_poll_at=now)
            self.states.create(namespace, sub)
        log.info("%s follows feed %s (%s) every %d min", namespace, feed_id, url, interval)
        return sub

    def subscriptions(self, namespace: str) -> list[Subscription]:
        """The feeds ``namespace`` follows, oldest first."""
        return self.states.subscriptions(namespace)

    def find(self, namespace: str, ref: str) -> Subscription:
        """A followed feed by id or URL."""
        ref = ref.strip()
        for sub in self.states.subscriptions(namespace):
            if ref in (sub.id, sub.url) or (ref.startswith(("http://", "https://")) and url_key(ref) == url_key(sub.url)):
                return sub
        raise UnknownFeed(f"This collection follows no feed {ref!r}; `feed list` shows the ids.")

    def remove(self, namespace: str, ref: str) -> Subscription:
        """Stop following a feed (its articles stay); it is never polled again."""
        sub = self.find(namespace, ref)
        self.states.delete(namespace, sub.id)
        log.info("%s no longer follows feed %s (%s)", namespace, sub.id, sub.url)
        return sub

    def poll(self, namespace: str, ref: str | None = None, *, due_only: bool = False,
             now: datetime | None = None) -> list[PollReport]:
        """Poll the namespace's feeds (or the one ``ref`` names) now; ``due_only`` skips feeds not yet due.

        Polls of one namespace never overlap: a due-only poll finding one in progress returns nothing.
        """
        lock = self._lock(namespace)
        if not lock.acquire(blocking=not due_only):
            return []
        try:
            ids = [self.find(namespace, ref).id] if ref else [s.id for s in self.states.subscriptions(namespace)]
            reports = []
            for feed_id in ids:
                sub = self.states.get(namespace, feed_id)  # read again: it may have been removed meanwhile
                now_ = now or utc_now()
                if sub is None or (due_only and sub.next_poll_at > now_):
                    continue
                ingest = partial(self._ingest, namespace, added_by=f"feed {sub.url}")
                state, report = poll_feed(sub, settings=self.settings, ingest=ingest, now=now_,
                                          limit=self.settings.feed_max_items_per_poll)
                self.states.save(namespace, state)
                log.info("polled feed %s of %s: %d new, %d already stored, %d failed%s", sub.id, namespace,
                         len(report.added), report.already_stored, len(report.failed),
                         f", error: {report.error}" if report.error else "")
                reports.append(report)
            return reports
        finally:
            lock.release()

    def namespaces(self) -> list[str]:
        """Namespaces that follow feeds (a bot polls those whose server it can see)."""
        return self.states.namespaces()

    def _ingest(self, namespace: str, documents: Sequence[ExtractedDocument], *,
                added_by: str) -> list[AddResult | QuoteDeskError]:
        """Store one poll's articles in one batch (shared encoder batches; one result per document, in order)."""
        return self._library.add_many(namespace, list(documents), added_by=added_by)
