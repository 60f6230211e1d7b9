"""One poll of one feed: a conditional GET, the new items' articles, and the feed's next state.

* **Conditional GET.** The ETag / Last-Modified of the last full read are sent back; a 304 costs
  one request and changes nothing but the next poll time.
* **New items.** Items whose key (id + update time) was not seen before; at most ``limit`` per
  poll, the newest first; the rest wait for the next poll (the validators are then dropped, so
  that poll reads the whole feed again instead of getting a 304). They are stored oldest first.
* **One hand-off.** The poll's articles go to one ``ingest`` call, so that storing them in one
  batch is a change of that function only.
* **Errors.** A feed that cannot be fetched or parsed stores nothing; it is retried after an
  exponential back-off (the interval doubled per consecutive failure, at most a day) and its
  error is kept for ``feed list``. An item whose article cannot be had is retried at the next
  polls, :data:`ITEM_ATTEMPTS` times in all, then skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from index.config import Settings
from index.errors import BadInput, FetchError, QuoteDeskError
from index.feeds.feed import FeedItem
from index.feeds.items import item_document
from index.feeds.parse import parse_feed
from index.feeds.state import Subscription
from index.ingest.fetch import FEED, fetch_url
from index.models import AddResult, AddStatus, ExtractedDocument

Ingest = Callable[[Sequence[ExtractedDocument]], Sequence[AddResult | QuoteDeskError]]
"""Stores a poll's articles; one result (or the error refusing it) per document, in order."""

ITEM_ATTEMPTS = 3
"""Polls that try an item whose article cannot be had, before it is skipped."""
MAX_BACKOFF = timedelta(hours=24)
SEEN_BEYOND_FEED = 200
"""Item keys remembered after they left the feed (in case they come back)."""


@dataclass(frozen=True)
class PollReport:
    """What one poll of one feed did."""

    feed_id: str
    feed: str  # its title, or its URL
    url: str
    announce_to: str | None = None
    not_modified: bool = False
    added: tuple[AddResult, ...] = ()  # new articles, and new versions of changed ones
    already_stored: int = 0  # items whose text the collection already had
    failed: tuple[tuple[str, str], ...] = ()  # (item link or title, why)
    waiting: int = 0  # new items left for the next poll (over the per-poll limit)
    error: str | None = None  # the feed itself could not be read: nothing was stored


def backoff(interval_minutes: int, failures: int) -> timedelta:
    """Time to the next poll: the interval, doubled for each consecutive failure, at most a day."""
    interval = timedelta(minutes=interval_minutes)
    return min(interval * 2 ** min(failures, 16), max(MAX_BACKOFF, interval))


def poll_feed(sub: Subscription, *, settings: Settings, ingest: Ingest, now: datetime,
              limit: int) -> tuple[Subscription, PollReport]:
    """Poll ``sub`` once; return its next state and what happened."""
    report = PollReport(feed_id=sub.id, feed=sub.name, url=sub.url, announce_to=sub.announce_to)
    try:
        page = fetch_url(sub.url, settings, kind=FEED, etag=sub.etag, last_modified=sub.last_modified)
        if page.not_modified:
            return _polled(sub, now, last_error=None), replace(report, not_modified=True)
        parsed = parse_feed(page.data, url=page.url, content_type=page.content_type)
    except (FetchError, BadInput) as err:
        failures = sub.failures + 1
        broken = sub.with_changes(failures=failures, last_error=str(err), last_polled_at=now,
                                  next_poll_at=now + backoff(sub.interval_minutes, failures))
        return broken, replace(report, error=str(err))

    seen = set(sub.seen)
    fresh = list({item.key: item for item in parsed.items if item.key and item.key not in seen}.values())
    chosen = sorted(fresh, key=lambda i: i.published or date.min, reverse=True)[:limit]
    chosen.reverse()  # oldest first
    documents: list[tuple[FeedItem, ExtractedDocument]] = []
    failed: list[tuple[FeedItem, str]] = []
    for item in chosen:
        try:
            documents.append((item, item_document(item, feed_title=parsed.title, settings=settings)))
        except (FetchError, BadInput) as err:
            failed.append((item, str(err)))
    added: list[AddResult] = []
    handled: list[str] = []
    stored = 0
    for (item, _), result in zip(documents, ingest([doc for _, doc in documents]), strict=True):
        if isinstance(result, QuoteDeskError):
            failed.append((item, str(result)))
            continue
        handled.append(item.key)
        if result.status in (AddStatus.ADDED, AddStatus.NEW_VERSION):
            added.append(result)
        else:
            stored += 1

    retries = dict(sub.retries)
    for item, _why in failed:
        retries[item.key] = retries.get(item.key, 0) + 1
        if retries[item.key] >= ITEM_ATTEMPTS:
            handled.append(item.key)
    feed_keys = [item.key for item in parsed.items]
    retries = {k: n for k, n in retries.items() if k in set(feed_keys) and k not in set(handled)}
    waiting = len(fresh) - len(chosen)
    complete = waiting == 0 and not retries  # nothing left to do with this version of the feed
    last_error = None
    if failed:
        item, why = failed[-1]
        last_error = f"{len(failed)} item(s) could not be added; the last: {item.link or item.title}: {why}"
    state = _polled(sub, now, last_error=last_error).with_changes(
        title=parsed.title or sub.title,
        etag=page.etag if complete else None,
        last_modified=page.last_modified if complete else None,
        seen=remember(sub.seen, feed_keys, handled),
        retries=retries,
        articles_added=sub.articles_added + len(added),
        last_new_at=now if added else sub.last_new_at,
    )
    return state, replace(report, feed=state.name, added=tuple(added), already_stored=stored,
                          failed=tuple((i.link or i.title or i.key, why) for i, why in failed), waiting=waiting)


def remember(seen: Sequence[str], feed_keys: Sequence[str], handled: Sequence[str]) -> tuple[str, ...]:
    """The keys to remember: every handled key still in the feed, then a few that left it."""
    known = set(seen) | set(handled)
    in_feed = set(feed_keys)
    current = [k for k in feed_keys if k in known]
    gone = [k for k in seen if k not in in_feed]
    keys = tuple(dict.fromkeys(current + gone))
    return keys[: len(set(current)) + SEEN_BEYOND_FEED]


def _polled(sub: Subscription, now: datetime, *, last_error: str | None) -> Subscription:
    """``sub`` after a poll that read the feed (or learned it had not changed)."""
    return sub.with_changes(failures=0, last_error=last_error, last_polled_at=now,
                            next_poll_at=now + timedelta(minutes=sub.interval_minutes))
