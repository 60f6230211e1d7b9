"""A feed item -> the article to store.

The item's page is fetched and extracted exactly like ``/add url`` (:func:`fetch_document`, under
the SSRF guard); what the page does not say (author, date, outlet) is taken from the item and the
feed. When the page cannot be fetched or holds no article, and the item carries the article's
full text (RSS ``content:encoded`` or a long ``description``, Atom ``content``, JSON Feed
``content_html`` / ``content_text``), that text is stored with the item's link, title, author and
date. A teaser is not an article: it must pass the same length check as a page.
"""

from __future__ import annotations

import html
from dataclasses import replace

from index.config import Settings
from index.errors import BadInput, FetchError
from index.feeds.feed import FeedItem
from index.ingest.fetch import fetch_document
from index.ingest.html import extract_html
from index.ingest.plaintext import extract_text
from index.ingest.textrules import UNTITLED, check_article_length
from index.models import ArticleMeta, ExtractedDocument


def item_document(item: FeedItem, *, feed_title: str | None, settings: Settings) -> ExtractedDocument:
    """The article an item points to (its page, else its own full text).

    Raises FetchError / BadInput with the page's problem when neither gives an article.
    """
    page_error: FetchError | BadInput | None = None
    if item.link:
        try:
            doc = fetch_document(item.link, settings)
            return ExtractedDocument(doc.text, _completed(doc.meta, item, feed_title))
        except (FetchError, BadInput) as err:
            page_error = err
    if not item.body:
        raise page_error or BadInput("The item has neither a link nor any text.")
    try:
        return content_document(item, feed_title=feed_title)
    except BadInput as err:
        if page_error is None:
            raise
        raise type(page_error)(f"{page_error} The feed itself carries no full text ({err})") from err


def content_document(item: FeedItem, *, feed_title: str | None) -> ExtractedDocument:
    """The item's own text (HTML or plain) as an article, with the item's metadata."""
    body = item.body or ""
    if item.body_is_html:
        title = html.escape(item.title or "")
        page = f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"
        doc = extract_html(page, url=item.link)
    else:
        doc = extract_text(body, title=item.title, url=item.link)
        check_article_length(doc.text, "feed item")
    meta = ArticleMeta(title=item.title or doc.meta.title, outlet=feed_title, author=item.author,
                       published=item.published, url=item.link)
    return ExtractedDocument(doc.text, meta)


def _completed(meta: ArticleMeta, item: FeedItem, feed_title: str | None) -> ArticleMeta:
    """The page's metadata, its gaps filled from the item and the feed."""
    return replace(
        meta,
        title=meta.title if meta.title and meta.title != UNTITLED else item.title or meta.title,
        outlet=meta.outlet or feed_title,
        author=meta.author or item.author,
        published=meta.published or item.published,
    )
