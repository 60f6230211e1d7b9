"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) -> :class:`~index.feeds.parse.ParsedFeed`.

feedparser 6 has no JSON Feed reader; the format is a few documented keys, read here with ``json``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from index.errors import NotAFeed
from index.feeds.feed import FeedItem, ParsedFeed, item_key
from index.ingest.dates import parse_date


def parse_json_feed(data: bytes, *, url: str) -> ParsedFeed:
    """Parse a JSON Feed; relative links are resolved against ``url``."""
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise NotAFeed(f"The feed is not valid JSON ({err}); nothing was read from it.") from err
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise NotAFeed("That link is JSON but not a JSON Feed (no jsonfeed.org version).")
    raw_items = feed.get("items")
    if not isinstance(raw_items, list):
        raise NotAFeed("The JSON Feed has no list of items.")
    items = tuple(_item(raw, url) for raw in raw_items if isinstance(raw, dict))
    return ParsedFeed(title=_clean(feed.get("title")), link=_link(feed.get("home_page_url"), url), items=items)


def _item(raw: dict[str, Any], base: str) -> FeedItem:
    link = _link(raw.get("url") or raw.get("external_url"), base)
    title = _clean(raw.get("title"))
    html, text = raw.get("content_html"), raw.get("content_text")
    body: str | None
    if isinstance(html, str) and html.strip():
        body, is_html = html, True
    elif isinstance(text, str) and text.strip():
        body, is_html = text, False
    else:
        summary = raw.get("summary")
        body, is_html = (summary if isinstance(summary, str) and summary.strip() else None), False
    published = raw.get("date_published") or raw.get("date_modified")
    return FeedItem(
        key=item_key(raw.get("id"), link, title, _clean(raw.get("date_modified"))),
        link=link,
        title=title,
        author=_author(raw),
        published=parse_date(published) if isinstance(published, str) else None,
        body=body,
        body_is_html=is_html,
    )


def _author(raw: dict[str, Any]) -> str | None:
    authors = raw.get("authors")
    people = authors if isinstance(authors, list) else [raw.get("author")]  # 1.1: authors; 1.0: author
    names = [_clean(p.get("name")) for p in people if isinstance(p, dict)]
    return ", ".join(n for n in names if n) or None


def _link(value: Any, base: str) -> str | None:
    return urljoin(base, value.strip()) if isinstance(value, str) and value.strip() else None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
