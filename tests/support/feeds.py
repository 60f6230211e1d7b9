"""Feeds for tests (RSS 2.0, Atom, JSON Feed) whose items are the Wikinews fixture pages.

The articles are English Wikinews articles (CC BY 2.5): each item keeps the article's title and
its Wikinews URL (as the guid / id); the feed around them is invented. ``serve_pages`` puts the
fixture pages on a :class:`~tests.support.httpserver.LocalHTTPServer` at ``/news/<slug>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.support.data import PAGES
from tests.support.httpserver import LocalHTTPServer

SLUGS = ("crane", "asylum", "korea", "clock")
FEED_TITLE = "Wikinews test desk"


@dataclass(frozen=True)
class Entry:
    """One feed item: where it links, and what the feed says about it."""

    guid: str
    link: str | None
    title: str
    published: date
    author: str = "Wikinews contributors"
    content: str | None = None  # full HTML content carried by the item
    summary: str | None = None
    updated: str | None = None  # Atom/JSON update time, or an RSS pubDate override


def expected(slug: str) -> dict:
    """What the extractor returns for a fixture page (title, url, published, text)."""
    return json.loads((PAGES / f"{slug}.expected.json").read_text(encoding="utf-8"))


def page_entry(slug: str, server: LocalHTTPServer, **changes) -> Entry:
    """An item linking to the fixture page ``slug`` served at ``/news/<slug>``."""
    info = expected(slug)
    values = {"guid": info["url"], "link": server.url(f"/news/{slug}"), "title": info["title"],
              "published": date.fromisoformat(info["published"])}
    values.update(changes)
    return Entry(**values)


def full_content(slug: str) -> str:
    """A fixture article's text as the HTML an item's ``content:encoded`` would carry."""
    return "".join(f"<p>{escape(p)}</p>" for p in expected(slug)["text"].split("\n\n"))


def serve_pages(server: LocalHTTPServer, slugs=SLUGS) -> None:
    for slug in slugs:
        server.add_file(f"/news/{slug}", PAGES / f"{slug}.html", content_type="text/html; charset=utf-8")


def _rfc822(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC), usegmt=True)


def rss(entries: list[Entry], *, title: str = FEED_TITLE) -> str:
    items = []
    for e in entries:
        parts = [f"<title>{escape(e.title)}</title>", f'<guid isPermaLink="false">{escape(e.guid)}</guid>',
                 f"<pubDate>{e.updated or _rfc822(e.published)}</pubDate>",
                 f"<dc:creator>{escape(e.author)}</dc:creator>"]
        if e.link:
            parts.append(f"<link>{escape(e.link)}</link>")
        if e.summary:
            parts.append(f"<description>{escape(e.summary)}</description>")
        if e.content:
            parts.append(f"<content:encoded><![CDATA[{e.content}]]></content:encoded>")
        items.append("<item>" + "".join(parts) + "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>{escape(title)}</title><link>https://en.wikinews.org/</link>"
            "<description>Test feed of Wikinews articles (CC BY 2.5)</description>"
            + "".join(items) + "</channel></rss>")


def atom(entries: list[Entry], *, title: str = FEED_TITLE) -> str:
    items = []
    for e in entries:
        stamp = e.updated or f"{e.published.isoformat()}T12:00:00Z"
        parts = [f"<id>{escape(e.guid)}</id>", f"<title>{escape(e.title)}</title>", f"<updated>{stamp}</updated>",
                 f"<published>{e.published.isoformat()}T12:00:00Z</published>",
                 f"<author><name>{escape(e.author)}</name></author>"]
        if e.link:
            parts.append(f'<link rel="alternate" href="{escape(e.link)}"/>')
        if e.content:
            parts.append(f'<content type="html">{escape(e.content)}</content>')
        if e.summary:
            parts.append(f"<summary>{escape(e.summary)}</summary>")
        items.append("<entry>" + "".join(parts) + "</entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:quotedesk:test-feed</id><updated>2015-09-30T00:00:00Z</updated>"
            + "".join(items) + "</feed>")


def json_feed(entries: list[Entry], *, title: str = FEED_TITLE) -> str:
    items = []
    for e in entries:
        item = {"id": e.guid, "title": e.title, "date_published": f"{e.published.isoformat()}T12:00:00Z",
                "authors": [{"name": e.author}]}
        if e.link:
            item["url"] = e.link
        if e.content:
            item["content_html"] = e.content
        if e.summary:
            item["summary"] = e.summary
        if e.updated:
            item["date_modified"] = e.updated
        items.append(item)
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                       "home_page_url": "https://en.wikinews.org/", "items": items})
