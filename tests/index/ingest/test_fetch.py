"""index/fetch.py against a real HTTP server on 127.0.0.1: the SSRF guard, limits, redirects, extraction.

No test sends traffic anywhere but loopback: an autouse fixture fails any test
that tries to open a connection to another address (the guard must refuse
before connecting), and host-name tests monkeypatch the resolver.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import socket
import time

import pytest

from index.config import Settings
from index.errors import BadInput, BlockedAddress, FetchError, TooLarge
from index.ingest import guard as fetch_mod
from index.ingest.fetch import USER_AGENT, FetchedPage, fetch_document, fetch_url
from index.ingest.guard import check_ip
from tests.support.data import PAGES
from tests.support.httpserver import LocalHTTPServer


def _expected(slug: str) -> dict:
    return json.loads((PAGES / f"{slug}.expected.json").read_text(encoding="utf-8"))


def make_settings(**overrides) -> Settings:
    values = {"fetch_timeout": 5.0, "fetch_max_bytes": 1_000_000, "fetch_allow_hosts": []}
    values.update(overrides)
    return Settings(_env_file=None, **values)


GUARDED = make_settings()  # the default: nothing exempt
LOCAL = make_settings(fetch_allow_hosts=["127.0.0.1"])


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """Fail loudly if anything tries to connect to a non-loopback address."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        host = address[0]
        if not ipaddress.ip_address(host).is_loopback:
            pytest.fail(f"test tried to connect to {host}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture(scope="module")
def server():
    with LocalHTTPServer() as srv:
        for slug in ("crane", "asylum", "korea", "clock"):
            srv.add_file(f"/news/{slug}", PAGES / f"{slug}.html", content_type="text/html; charset=utf-8")
        srv.add_file("/files/crane.pdf", PAGES / "crane.pdf", content_type="application/pdf")
        srv.add_file("/stub", PAGES / "stub.html", content_type="text/html; charset=utf-8")
        srv.add("/plain", "Council backs bridge\n\nThe council approved the bridge on Tuesday.\n",
                content_type="text/plain; charset=utf-8")
        srv.add("/no-type", (PAGES / "asylum.html").read_bytes(), content_type=None)
        srv.add_redirect("/r1", "/r2", status=301)
        srv.add_redirect("/r2", "/r3", status=307)
        srv.add_redirect("/r3", "/news/crane", status=302)
        srv.add_redirect("/loop", "/loop")
        srv.add_redirect("/to-ftp", "ftp://example.org/file")
        srv.add_redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
        srv.add_redirect("/to-file", "file:///etc/passwd")
        srv.add_stream("/huge", chunk=b"<p>" + b"x" * 65_533, count=64)  # 4 MB, no Content-Length
        srv.add_stream("/huge-declared", chunk=b"y" * 65_536, count=64, declare_length=True)
        srv.add("/bomb", gzip.compress(b"<p>" + b"z" * 8_000_000), headers={"Content-Encoding": "gzip"})
        srv.add("/octet", bytes(range(256)) * 16, content_type="application/octet-stream")
        srv.add("/image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png")
        srv.add("/fake-html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="text/html")
        srv.add("/slow", "<p>late</p>", delay=3.0)
        srv.add_stream("/drip", chunk=b"<p>drip</p>", count=40, chunk_delay=0.1)
        srv.add("/missing", "gone", status=404, content_type="text/plain")
        srv.add("/error", "oops", status=500, content_type="text/plain")
        yield srv


def _new_requests(server: LocalHTTPServer, before: int) -> list[str]:
    return [r.path for r in server.requests[before:]]


# --- the guard, ON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, reason",
    [
        ("http://127.0.0.1:{port}/news/crane", "Refused: 127.0.0.1 is a loopback address"),
        ("http://localhost:{port}/news/crane", "Refused: localhost points to a loopback address"),
        ("http://[::1]:{port}/news/crane", "Refused: ::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]:{port}/news/crane", "Refused: ::ffff:127.0.0.1 is a loopback address"),
        ("http://[::ffff:10.0.0.5]/", "private address"),
        ("http://169.254.169.254/latest/meta-data/", "Refused: 169.254.169.254 is a link-local address"),
        ("http://10.0.0.5/admin", "Refused: 10.0.0.5 is a private address"),
        ("http://192.168.1.1/", "private address"),
        ("http://172.16.0.1/", "private address"),
        ("http://100.64.0.1/", "not a public address"),
        ("http://0.0.0.0:{port}/", "Refused: 0.0.0.0 is an unspecified address"),
        ("http://[::]:{port}/", "unspecified address"),
        ("http://[fe80::1]/", "link-local address"),
        ("http://[fd00::1]/", "private address"),
        ("http://[ff02::1]/", "multicast address"),
        ("http://224.0.0.1/", "multicast address"),
        ("http://[2002:7f00:1::]/", "loopback address"),  # 6to4 wrapping 127.0.0.1
        ("http://[64:ff9b::a00:5]/", "private address"),  # NAT64 wrapping 10.0.0.5
        ("http://2130706433:{port}/", "loopback address"),  # 127.0.0.1 as a decimal number
        ("http://127.1:{port}/", "loopback address"),
        ("ftp://example.org/file.txt", "only http:// and https://"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("gopher://example.org/", "only http:// and https://"),
        ("http://user:secret@example.org/", "user name or password"),
    ],
)
def test_guard_refuses_before_connecting(server, target, reason):
    before = len(server.requests)
    with pytest.raises(BlockedAddress) as err:
        fetch_url(target.format(port=server.port), GUARDED)
    assert reason in str(err.value)
    assert _new_requests(server, before) == []


def test_hostname_resolving_to_private_address_refused_without_leaking_it(monkeypatch):
    monkeypatch.setattr(fetch_mod, "resolve_host", lambda host, port: ["10.1.2.3"])
    with pytest.raises(BlockedAddress) as err:
        fetch_url("https://intranet.example/wiki", GUARDED)
    assert str(err.value) == "Refused: intranet.example points to a private address."
    assert "10.1.2.3" not in str(err.value)


def test_hostname_with_any_private_address_refused(monkeypatch):
    # a public address first must not let the private one through (nothing is contacted)
    monkeypatch.setattr(fetch_mod, "resolve_host", lambda host, port: ["93.184.216.34", "169.254.169.254"])
    with pytest.raises(BlockedAddress, match="link-local"):
        fetch_url("http://sneaky.example/", GUARDED)


def test_unresolvable_host(monkeypatch):
    def fail(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch_mod, "resolve_host", fail)
    with pytest.raises(FetchError, match="DNS lookup failed"):
        fetch_url("http://no-such-host.invalid/", GUARDED)


def test_redirect_from_allowed_host_to_blocked_host(server):
    server.add_redirect("/hop-to-ip", server.url("/news/crane"))  # -> 127.0.0.1
    before = len(server.requests)
    with pytest.raises(BlockedAddress, match="Refused: 127.0.0.1 is a loopback address"):
        fetch_url(server.url("/hop-to-ip", host="localhost"), make_settings(fetch_allow_hosts=["localhost"]))
    assert _new_requests(server, before) == ["/hop-to-ip"]


def test_redirect_vice_versa_ip_allowed_name_blocked(server):
    server.add_redirect("/hop-to-name", server.url("/news/crane", host="localhost"))
    before = len(server.requests)
    with pytest.raises(BlockedAddress, match="localhost points to a loopback address"):
        fetch_url(server.url("/hop-to-name"), LOCAL)
    assert _new_requests(server, before) == ["/hop-to-name"]


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/to-metadata", "169.254.169.254 is a link-local address"),
        ("/to-ftp", "only http:// and https://"),
        ("/to-file", "only http:// and https://"),
    ],
)
def test_redirect_to_forbidden_target_refused(server, path, reason):
    with pytest.raises(BlockedAddress, match=reason):
        fetch_url(server.url(path), LOCAL)


def test_connection_goes_to_the_validated_address_no_second_lookup(server, monkeypatch):
    """DNS rebinding: the name is resolved once, by the guard, and the socket connects to that IP."""
    calls = []

    def fake_resolve(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    real_getaddrinfo = socket.getaddrinfo

    def no_other_lookup(host, *args, **kwargs):
        if host == "news.example":
            pytest.fail("news.example was resolved a second time, outside the guard")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(fetch_mod, "resolve_host", fake_resolve)
    monkeypatch.setattr(socket, "getaddrinfo", no_other_lookup)
    before = len(server.requests)
    page = fetch_url(f"http://news.example:{server.port}/news/crane", make_settings(fetch_allow_hosts=["news.example"]))
    assert page.status == 200
    assert calls == ["news.example"]
    request = server.requests[before]
    assert request.headers["Host"] == f"news.example:{server.port}"  # Host header keeps the name


def test_peer_address_checked_even_if_resolution_were_fooled(server, monkeypatch):
    """Second line of defence: the connected socket's peer address is checked before the body is read."""
    monkeypatch.setattr(fetch_mod, "_guard_addresses", lambda host, port, allow: ["127.0.0.1"])
    with pytest.raises(BlockedAddress, match="rebind.example points to a loopback address"):
        fetch_url(f"http://rebind.example:{server.port}/news/crane", GUARDED)


def test_allow_list_accepts_cidr_networks(server):
    page = fetch_url(server.url("/plain", host="localhost"), make_settings(fetch_allow_hosts=["127.0.0.0/8", "::1/128"]))
    assert page.status == 200


@pytest.mark.parametrize(
    "ip, public",
    [
        ("8.8.8.8", True),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("2002:5db8:d822::", True),  # 6to4 of a public address
        ("127.0.0.1", False),
        ("127.255.255.254", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("::ffff:8.8.8.8", False),  # IPv4-mapped: refused even when public (reserved range)
        ("64:ff9b::7f00:1", False),
        ("2002:c0a8:101::", False),  # 6to4 of 192.168.1.1
        ("10.0.0.5", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("192.0.2.1", False),  # documentation
        ("198.18.0.1", False),  # benchmarking
    ],
)
def test_check_ip(ip, public):
    assert (check_ip(ip) is None) is public


# --- fetching with the local host allowed ----------------------------------------------------


@pytest.mark.parametrize("slug", ["crane", "korea"])
def test_page_fetches_and_extracts_clean_body(server, slug):
    expected = _expected(slug)
    before = len(server.requests)
    doc = fetch_document(server.url(f"/news/{slug}"), LOCAL)
    assert doc.text == expected["text"]
    for clutter in ("cookie", "Accept all cookies", "Related stories", "reader42", "Leave a Reply",
                    "All rights reserved", "World news", "Subscribe to our newsletter"):
        assert clutter not in doc.text
    assert doc.meta.title == expected["title"]
    assert doc.meta.outlet == "Wikinews"
    assert doc.meta.author == "Wikinews contributors"
    assert doc.meta.published.isoformat() == expected["published"]
    assert doc.meta.url == server.url(f"/news/{slug}")
    assert doc.meta.canonical_url == expected["url"]
    assert server.requests[before].headers["User-Agent"] == USER_AGENT


def test_fetched_page_fields(server):
    page = fetch_url(server.url("/news/asylum"), LOCAL)
    assert isinstance(page, FetchedPage)
    assert page.url == server.url("/news/asylum")
    assert page.status == 200
    assert page.content_type == "text/html; charset=utf-8"
    assert page.data == (PAGES / "asylum.html").read_bytes()


def test_redirects_followed_and_final_url_reported(server):
    before = len(server.requests)
    page = fetch_url(server.url("/r1"), LOCAL)
    assert page.url == server.url("/news/crane")
    assert _new_requests(server, before) == ["/r1", "/r2", "/r3", "/news/crane"]
    doc = fetch_document(server.url("/r1"), LOCAL)
    assert doc.meta.url == server.url("/news/crane")


def test_redirect_loop_gives_up(server):
    before = len(server.requests)
    with pytest.raises(FetchError, match="Too many redirects"):
        fetch_url(server.url("/loop"), LOCAL)
    assert len(_new_requests(server, before)) == 6  # the first request + 5 redirects


def test_huge_streamed_body_too_large(server):
    with pytest.raises(TooLarge, match="too large"):
        fetch_url(server.url("/huge"), LOCAL)


def test_huge_declared_body_refused_from_content_length(server):
    with pytest.raises(TooLarge, match="too large"):
        fetch_url(server.url("/huge-declared"), LOCAL)


def test_compressed_body_counted_after_decompression(server):
    with pytest.raises(TooLarge):
        fetch_url(server.url("/bomb"), LOCAL)


@pytest.mark.parametrize("path, ctype", [("/octet", "application/octet-stream"), ("/image.png", "image/png")])
def test_binary_content_type_refused(server, path, ctype):
    with pytest.raises(FetchError, match=f"Not an article page: content type {ctype}"):
        fetch_url(server.url(path), LOCAL)


def test_binary_body_mislabelled_as_html_refused_by_extraction(server):
    with pytest.raises(BadInput, match="PNG image"):
        fetch_document(server.url("/fake-html"), LOCAL)


def test_slow_response_times_out(server):
    start = time.monotonic()
    with pytest.raises(FetchError, match="Timed out"):
        fetch_url(server.url("/slow"), make_settings(fetch_allow_hosts=["127.0.0.1"], fetch_timeout=0.5))
    assert time.monotonic() - start < 2.5


def test_dripping_response_hits_overall_deadline(server):
    # every chunk arrives well within the read timeout, but the whole body takes ~4 s
    start = time.monotonic()
    with pytest.raises(FetchError, match="Timed out"):
        fetch_url(server.url("/drip"), make_settings(fetch_allow_hosts=["127.0.0.1"], fetch_timeout=1.0))
    assert time.monotonic() - start < 2.5


def test_pdf_fetched_and_extracted(server):
    expected = json.loads((PAGES / "crane.pdf.expected.json").read_text(encoding="utf-8"))
    page = fetch_url(server.url("/files/crane.pdf"), LOCAL)
    assert page.content_type == "application/pdf"
    doc = fetch_document(server.url("/files/crane.pdf"), LOCAL)
    assert doc.text.split("\n\n") == expected["paragraphs"]
    assert doc.meta.title == expected["title"]


def test_plain_text_page(server):
    doc = fetch_document(server.url("/plain"), LOCAL)
    assert doc.meta.title == "Council backs bridge"
    assert doc.text == "The council approved the bridge on Tuesday."


def test_missing_content_type_is_sniffed(server):
    doc = fetch_document(server.url("/no-type"), LOCAL)
    assert doc.text == _expected("asylum")["text"]


def test_stub_page_not_an_article(server):
    from index.errors import NotAnArticle

    with pytest.raises(NotAnArticle):
        fetch_document(server.url("/stub"), LOCAL)


@pytest.mark.parametrize("path, code", [("/missing", "404"), ("/error", "500")])
def test_http_error_status(server, path, code):
    with pytest.raises(FetchError, match=f"HTTP {code}"):
        fetch_url(server.url(path), LOCAL)


def test_connection_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="Could not connect"):
        fetch_url(f"http://127.0.0.1:{port}/", LOCAL)


def test_link_without_scheme_defaults_to_https():
    assert str(fetch_mod.check_url("example.org/news/1")) == "https://example.org/news/1"


@pytest.mark.parametrize("bad", ["", "   ", "http://exa mple.org/", "http:///nohost"])
def test_invalid_links(bad):
    with pytest.raises(FetchError):
        fetch_url(bad, GUARDED)


# -- feed fetches: their own content types, conditional GET --------------------------------------

def test_feed_fetches_take_feed_types_and_article_fetches_do_not(server) -> None:
    from index.ingest.fetch import FEED

    server.add("/feeds/news.xml", "<rss version='2.0'><channel><title>x</title></channel></rss>",
               content_type="application/rss+xml")
    page = fetch_url(server.url("/feeds/news.xml"), LOCAL, kind=FEED)
    assert page.data.startswith(b"<rss") and not page.not_modified
    with pytest.raises(FetchError, match="Not an article page: content type application/rss\\+xml"):
        fetch_url(server.url("/feeds/news.xml"), LOCAL)
    with pytest.raises(FetchError, match="Not a feed: content type text/html.*RSS or Atom feed link"):
        fetch_url(server.url("/news/crane"), LOCAL, kind=FEED)


def test_a_conditional_get_answered_304_has_no_body_and_keeps_the_validators(server) -> None:
    from index.ingest.fetch import FEED

    server.add("/feeds/etag.xml", "<rss version='2.0'><channel/></rss>", content_type="application/rss+xml",
               etag='"abc"', last_modified="Sat, 12 Sep 2015 10:00:00 GMT")
    first = fetch_url(server.url("/feeds/etag.xml"), LOCAL, kind=FEED)
    assert (first.status, first.etag, first.last_modified) == (200, '"abc"', "Sat, 12 Sep 2015 10:00:00 GMT")
    again = fetch_url(server.url("/feeds/etag.xml"), LOCAL, kind=FEED, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.data == b"" and again.etag == '"abc"'
    by_date = fetch_url(server.url("/feeds/etag.xml"), LOCAL, kind=FEED, last_modified=first.last_modified)
    assert by_date.not_modified
    changed = fetch_url(server.url("/feeds/etag.xml"), LOCAL, kind=FEED, etag='"old"')
    assert changed.status == 200 and changed.data
    assert server.requests[-1].header("if-none-match") == '"old"'
