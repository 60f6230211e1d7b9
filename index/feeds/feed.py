"""What a parsed feed is: its title and link, and its items (parsers: parse.py, jsonfeed.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as much as the feed tells about it."""

    key: str  # identifies the item across polls: its id (else its link), plus when it was last updated
    link: str | None
    title: str | None
    author: str | None
    published: date | None
    body: str | None = None  # the fullest text the feed carries (content, else summary)
    body_is_html: bool = True


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and home page, and its items in feed order."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]


def item_key(ident: object, link: str | None, title: str | None, updated: str | None) -> str:
    """Identity of an item across polls: its id (else link, else title) and its update time.

    An item whose update time changes gets a new key, so it is fetched again (and stored as a new
    version when its text changed).
    """
    base = str(ident or link or title or "")
    return f"{base}@{updated}" if updated else base
