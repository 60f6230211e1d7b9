"""Feed bytes -> a typed :class:`ParsedFeed`: RSS and Atom via feedparser, JSON Feed via json.

feedparser is only ever handed bytes QuoteDesk fetched itself through its SSRF-safe fetcher
(:mod:`index.ingest.fetch`), never a URL or a string it could take for one: feedparser would
fetch that on its own, outside the guard. feedparser 6 reads RSS 0.9x/1.0/2.0 and Atom but not
JSON Feed, so a JSON Feed (version 1 or 1.1: a handful of documented keys) is read with ``json``
into the same objects (:mod:`index.feeds.jsonfeed`).

A feed that is not well-formed XML is refused with the parser's line and column rather than
read by feedparser's forgiving fallback parser: nothing of it is stored until it is fixed.
"""

from __future__ import annotations

import html
import io
import re
import xml.sax
from datetime import date
from typing import Any

from index.errors import NotAFeed
from index.feeds.feed import FeedItem, ParsedFeed, item_key
from index.feeds.jsonfeed import parse_json_feed
from index.ingest.mediatype import media_type

_TAG = re.compile(r"<[^>]+>")


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse an RSS, Atom or JSON feed; relative links are resolved against ``url``.

    Raises :class:`~index.errors.NotAFeed` for anything that is not a feed, or a malformed one.
    """
    if not data.strip():
        raise NotAFeed("The feed is empty.")
    media = media_type(content_type)[0]
    if media in ("application/feed+json", "application/json") or data.lstrip()[:1] == b"{":
        return parse_json_feed(data, url=url)
    return _parse_xml(data, url=url, content_type=content_type)


def _parse_xml(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers)
    error = parsed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        raise NotAFeed(f"The feed is not well-formed XML (line {error.getLineNumber()}, column "
                       f"{error.getColumnNumber()}: {error.getMessage()}); nothing was read from it.")
    if not parsed.get("version"):
        raise NotAFeed("That link is not an RSS, Atom or JSON feed.")
    feed = parsed.feed
    items = tuple(_xml_item(entry) for entry in parsed.entries)
    return ParsedFeed(title=_text(feed.get("title"), feed.get("title_detail")), link=feed.get("link"), items=items)


def _xml_item(entry: Any) -> FeedItem:
    link = entry.get("link") or None
    title = _text(entry.get("title"), entry.get("title_detail"))
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author") or None
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    contents = entry.get("content") or []
    content = max(contents, key=lambda c: len(c.get("value") or ""), default=None)
    if content is not None and content.get("value"):
        body, body_type = content["value"], content.get("type") or "text/html"
    else:
        detail = entry.get("summary_detail") or {}
        body, body_type = entry.get("summary") or None, detail.get("type") or "text/html"
    # dict.get: feedparser's own lookup of "updated" falls back to "published" with a DeprecationWarning
    changed = dict.get(entry, "updated") or dict.get(entry, "published")
    return FeedItem(
        key=item_key(entry.get("id"), link, title, changed),
        link=link,
        title=title,
        author=author,
        published=date(*when[:3]) if when else None,
        body=body,
        body_is_html="html" in body_type,
    )


def _text(value: str | None, detail: Any = None) -> str | None:
    """A title as plain text (HTML titles lose their tags and entities)."""
    if not value:
        return None
    if detail and "html" in (detail.get("type") or ""):
        value = html.unescape(_TAG.sub("", value))
    return " ".join(value.split()) or None
