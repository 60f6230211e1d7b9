"""Feed parsing: RSS 2.0, Atom and JSON Feed into the same items; malformed feeds refused clearly."""

from __future__ import annotations

from datetime import date

import pytest

from index.errors import NotAFeed
from index.feeds.parse import parse_feed
from tests.support.feeds import FEED_TITLE, Entry, atom, json_feed, rss

FEED_URL = "http://127.0.0.1:8000/feeds/news.xml"
ENTRIES = [
    Entry(guid="urn:story:1", link="/news/crane", title="At least 107 killed in Mecca crane collapse",
          published=date(2015, 9, 12), author="Ann Writer",
          content="<p>A storm yesterday caused a crane to fall.</p><p>Second paragraph.</p>"),
    Entry(guid="urn:story:2", link="http://127.0.0.1:8000/news/korea", title="North Korea & the 'quasi-state of war'",
          published=date(2015, 8, 21), summary="A short teaser."),
]


@pytest.mark.parametrize("make, content_type", [(rss, "application/rss+xml"), (atom, "application/atom+xml"),
                                                (json_feed, "application/feed+json")])
def test_the_three_formats_give_the_same_items(make, content_type) -> None:
    feed = parse_feed(make(ENTRIES).encode("utf-8"), url=FEED_URL, content_type=content_type)
    assert feed.title == FEED_TITLE
    first, second = feed.items
    assert first.link == "http://127.0.0.1:8000/news/crane"  # relative links resolved against the feed
    assert first.title == "At least 107 killed in Mecca crane collapse"
    assert first.author == "Ann Writer" and first.published == date(2015, 9, 12)
    assert first.body is not None and "A storm yesterday caused a crane to fall." in first.body and first.body_is_html
    assert first.key.startswith("urn:story:1")
    assert second.title == "North Korea & the 'quasi-state of war'"
    assert second.body == "A short teaser." and second.published == date(2015, 8, 21)
    assert first.key != second.key


def test_without_a_content_type_json_and_xml_are_recognised() -> None:
    assert len(parse_feed(json_feed(ENTRIES).encode(), url=FEED_URL).items) == 2
    assert len(parse_feed(rss(ENTRIES).encode(), url=FEED_URL).items) == 2


def test_an_updated_item_gets_a_new_key() -> None:
    before = parse_feed(atom(ENTRIES).encode(), url=FEED_URL).items[0]
    changed = [Entry(**{**ENTRIES[0].__dict__, "updated": "2015-09-13T08:00:00Z"}), ENTRIES[1]]
    after = parse_feed(atom(changed).encode(), url=FEED_URL).items[0]
    assert before.key != after.key and after.key.startswith("urn:story:1@")


def test_html_titles_become_plain_text() -> None:
    data = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id>'
            b'<title type="html">Cats &amp;amp; &lt;b&gt;dogs&lt;/b&gt;</title><link href="http://x.test/a"/>'
            b"<updated>2020-01-01T00:00:00Z</updated></entry></feed>")
    assert parse_feed(data, url=FEED_URL).items[0].title == "Cats & dogs"


def test_a_json_feed_1_0_author_and_text_content() -> None:
    data = ('{"version": "https://jsonfeed.org/version/1", "title": "Old style", "items": [{"id": 7, '
            '"url": "a/b", "content_text": "Plain words.", "author": {"name": "Bo"}, "date_published": "2019-05-04T10:00:00+02:00"}]}')
    [item] = parse_feed(data.encode(), url=FEED_URL, content_type="application/json").items
    assert (item.key, item.link, item.author, item.published) == ("7", "http://127.0.0.1:8000/feeds/a/b", "Bo", date(2019, 5, 4))
    assert item.body == "Plain words." and not item.body_is_html


@pytest.mark.parametrize("data, message", [
    (rss(ENTRIES).encode()[:300], "not well-formed XML (line"),
    (b"<html><body><p>Just a web page</p></body></html>", "not an RSS, Atom or JSON feed"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "not valid JSON"),
    (b'{"name": "some API"}', "not a JSON Feed"),
    (b"   ", "empty"),
])
def test_what_is_not_a_feed_is_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(NotAFeed, match=message.replace("(", r"\(")):
        parse_feed(data, url=FEED_URL)


def test_an_empty_but_valid_feed_has_no_items() -> None:
    feed = parse_feed(rss([]).encode(), url=FEED_URL)
    assert feed.title == FEED_TITLE and feed.items == ()
