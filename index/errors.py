"""Errors with a message fit to show a user (the Discord layer and CLI print ``str(err)``)."""

from __future__ import annotations


class QuoteDeskError(Exception):
    """Base of all errors a user may see; the message is short and says what to do."""


class BadInput(QuoteDeskError):
    """The input cannot be used: empty, too short, unsupported type, binary."""


class TooLarge(BadInput):
    """The input is over a size limit."""


class NotAnArticle(BadInput):
    """The page or file holds no article text (navigation, paywall stub, too short)."""


class NotAFeed(BadInput):
    """The link is not an RSS, Atom or JSON feed, or the feed is malformed."""


class UnknownFeed(QuoteDeskError):
    """No feed with that id or link in this collection."""


class FetchError(QuoteDeskError):
    """A URL could not be fetched (refused, unreachable, wrong type, timeout)."""


class BlockedAddress(FetchError):
    """The URL points at an address QuoteDesk refuses to contact (SSRF guard)."""


class UnknownArticle(QuoteDeskError):
    """No article with that id in this collection."""


class StoreUnavailable(QuoteDeskError):
    """The Chroma store cannot be reached or opened."""
