"""Fetch a web page safely: limits, content types, manual redirects, under the SSRF guard.

``fetch_url(url, settings)`` returns the raw bytes of one article page (HTML,
plain text, Markdown or PDF); ``fetch_document`` also extracts it — the one
fetch -> extract path every front end uses. ``fetch_url(url, settings,
kind=FEED, etag=…, last_modified=…)`` fetches a feed instead: feed content
types, and a conditional GET whose ``304 Not Modified`` comes back as a page
with ``not_modified`` set and no body. The address policy lives in
:mod:`index.ingest.guard`. Also refused here:

* Content types other than HTML, XHTML, plain text, Markdown and PDF (for
  feeds: RSS, Atom, RDF, JSON Feed, JSON and XML) — a response without a
  Content-Type is accepted and left to the parser, which sniffs it.
* Bodies over ``settings.fetch_max_bytes`` (checked against Content-Length
  first, then counted while streaming the decoded body) -> ``TooLarge``.
* Anything slower than ``settings.fetch_timeout`` seconds in total (connect,
  each read, and one overall deadline across all redirects) -> ``FetchError``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import httpx

from index.config import Settings
from index.errors import BlockedAddress, FetchError, TooLarge
from index.ingest.convert import extract_bytes
from index.ingest.guard import (
    AllowList,
    GuardedTransport,
    check_peer,
    check_url,
    host_label,
)
from index.ingest.mediatype import ARTICLE_TYPES, FEED_TYPES, media_type
from index.models import ExtractedDocument, Progress, emit

USER_AGENT = "QuoteDesk/0.1 (+https://github.com/quotedesk/quotedesk)"
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1"
_FEED_ACCEPT = ("application/rss+xml,application/atom+xml,application/feed+json,application/rdf+xml;q=0.9,"
                "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.1")
_REDIRECT_CODES = {301, 302, 303, 307, 308}
NOT_MODIFIED = 304


@dataclass(frozen=True)
class FetchedPage:
    """One fetched page: the final URL after redirects, its content type, body and HTTP status.

    ``etag`` and ``last_modified`` are the response's validators, for the next conditional GET.
    """

    url: str
    content_type: str
    data: bytes
    status: int
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server answered a conditional GET with 304: nothing changed, no body."""
        return self.status == NOT_MODIFIED


@dataclass(frozen=True)
class FetchKind:
    """What a fetch expects: the Accept header, the content types it takes, and how it names them."""

    accept: str
    types: frozenset[str]
    noun: str
    html_hint: str = ""  # added when a web page came instead

    def refusal(self, media: str) -> str:
        hint = f" {self.html_hint}" if self.html_hint and "html" in media else ""
        return f"Not {self.noun}: content type {media}.{hint}"


ARTICLE = FetchKind(_ACCEPT, frozenset(ARTICLE_TYPES), "an article page")
FEED = FetchKind(_FEED_ACCEPT, frozenset(FEED_TYPES), "a feed",
                 html_hint="That link is a web page; give the site's RSS or Atom feed link.")


# ---------------------------------------------------------------------------
# Fetching
# ---------------------------------------------------------------------------


def fetch_url(url: str, settings: Settings, *, kind: FetchKind = ARTICLE, etag: str | None = None,
              last_modified: str | None = None) -> FetchedPage:
    """GET ``url`` under the guard; follow up to 5 redirects by hand; return the final page.

    ``etag`` / ``last_modified`` (validators of an earlier response) make the GET conditional:
    a 304 answer is returned as a page with ``not_modified`` set and no body.

    Raises BlockedAddress (refused by the guard), TooLarge (over
    ``settings.fetch_max_bytes``) or FetchError (unreachable, timeout, HTTP
    error status, a content type ``kind`` does not take, too many redirects).
    """
    timeout_s = float(settings.fetch_timeout)
    deadline = time.monotonic() + timeout_s
    max_bytes = int(settings.fetch_max_bytes)
    allow = AllowList(settings.fetch_allow_hosts)
    current = check_url(url)

    headers = {"User-Agent": USER_AGENT, "Accept": kind.accept, "Accept-Language": "en;q=0.9, *;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    conditional = bool(etag or last_modified)
    transport = GuardedTransport(allow)
    with httpx.Client(transport=transport, follow_redirects=False, trust_env=False, headers=headers) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(f"Timed out: the site took longer than {timeout_s:g} s to answer.")
            timeout = httpx.Timeout(connect=min(remaining, CONNECT_TIMEOUT), read=remaining, write=remaining, pool=remaining)
            host = host_label(current)
            request = client.build_request("GET", current, timeout=timeout)
            try:
                response = client.send(request, stream=True)
            except BlockedAddress:
                raise
            except FetchError:
                raise
            except httpx.TimeoutException as exc:
                raise FetchError(f"Timed out: {host} took longer than {timeout_s:g} s to answer.") from exc
            except httpx.ConnectError as exc:
                raise FetchError(f"Could not connect to {host}.") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"Could not fetch the page from {host}: the connection failed.") from exc
            try:
                check_peer(response, current.host, allow)
                if response.status_code in _REDIRECT_CODES and response.headers.get("location"):
                    try:
                        target = current.join(response.headers["location"])
                    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                        raise FetchError(f"{host} redirected to an invalid link.") from exc
                    current = check_url(target)
                    continue
                if conditional and response.status_code == NOT_MODIFIED:
                    return _page(response, current, b"", etag=etag, last_modified=last_modified)
                return _read_page(response, current, deadline, timeout_s, max_bytes, kind)
            finally:
                response.close()
    raise FetchError(f"Too many redirects (more than {MAX_REDIRECTS}); giving up.")


def _page(response: httpx.Response, url: httpx.URL, data: bytes, *, etag: str | None = None,
          last_modified: str | None = None) -> FetchedPage:
    """The page, with the response's validators (or, for a 304 that repeats none, the ones sent)."""
    return FetchedPage(url=str(url), content_type=response.headers.get("content-type", "").strip(), data=data,
                       status=response.status_code, etag=response.headers.get("etag") or etag,
                       last_modified=response.headers.get("last-modified") or last_modified)


def _read_page(response: httpx.Response, url: httpx.URL, deadline: float, timeout_s: float, max_bytes: int,
               kind: FetchKind) -> FetchedPage:
    host = host_label(url)
    status = response.status_code
    if status >= 400 or status < 200:
        reason = response.reason_phrase or ""
        raise FetchError(f"The site answered HTTP {status}{' ' + reason if reason else ''} for that link.")
    content_type = response.headers.get("content-type", "").strip()
    media = media_type(content_type)[0]
    if media and media not in kind.types:
        raise FetchError(kind.refusal(media))
    limit_mb = f"{max_bytes / 1_000_000:g} MB" if max_bytes >= 100_000 else f"{max_bytes:,} bytes"
    declared = response.headers.get("content-length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"The page is too large (over {limit_mb}).")
    slow = f"Timed out: {host} took longer than {timeout_s:g} s to send the page."
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(f"The page is too large (over {limit_mb}).")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchError(slow)
    except httpx.TimeoutException as exc:
        raise FetchError(slow) from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"The page from {host} could not be decoded (broken compression).") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"The connection to {host} broke while reading the page.") from exc
    return _page(response, url, b"".join(chunks))


def _filename_from_url(url: str) -> str | None:
    path = urlsplit(url).path
    name = unquote(path.rsplit("/", 1)[-1]) if path else ""
    return name or None


def fetch_document(url: str, settings: Settings, *, progress: Progress | None = None) -> ExtractedDocument:
    """``fetch_url`` then ``extract_bytes``: the article at ``url``, with ``meta.url`` the final URL."""
    emit(progress, "fetching", url=url)
    page = fetch_url(url, settings)
    emit(progress, "extracting", bytes=len(page.data))
    return extract_bytes(
        page.data, filename=_filename_from_url(page.url), content_type=page.content_type or None, url=page.url
    )
