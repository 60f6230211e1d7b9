"""The allow-list and the address guard see one spelling of a host (issue 11, item 12)."""

from __future__ import annotations

import pytest

from index.config import Settings
from index.errors import BlockedAddress
from index.ingest import guard
from index.ingest.fetch import fetch_url
from index.ingest.guard import AllowList, canonical_host
from tests.support.httpserver import LocalHTTPServer


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every DNS lookup the guard makes; each one answers with a private address (a hostile resolver)."""
    calls: list[str] = []

    def hostile(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["10.0.0.5"]

    monkeypatch.setattr(guard, "resolve_host", hostile)
    return calls


def test_trailing_dot_ip_is_the_ip_literal_not_a_dns_name(lookups: list[str]) -> None:
    allow = AllowList(["127.0.0.1"])
    assert guard._guard_addresses("127.0.0.1.", 80, allow) == ["127.0.0.1"]
    assert lookups == []  # never resolved: a resolver's answer for "127.0.0.1." is never trusted


def test_trailing_dot_ip_not_allowed_is_refused_without_lookup(lookups: list[str]) -> None:
    with pytest.raises(BlockedAddress, match="127.0.0.1 is a loopback address"):
        guard._guard_addresses("127.0.0.1.", 80, AllowList([]))
    assert lookups == []


def test_spellings_of_one_host_are_one_host() -> None:
    assert canonical_host("127.0.0.1.") == "127.0.0.1"
    assert canonical_host("[0:0::1]") == "::1"
    assert canonical_host("News.Example.") == "news.example"
    allow = AllowList(["[::1]", "News.Example"])
    assert allow.host_allowed("0:0:0:0:0:0:0:1") and allow.host_allowed("news.example.")
    assert not allow.host_allowed("127.0.0.1")


def test_fetch_through_a_trailing_dot_host_connects_to_the_literal(lookups: list[str]) -> None:
    with LocalHTTPServer() as server:
        server.add("/plain", "Council backs bridge\n\nThe council approved the bridge.\n",
                   content_type="text/plain; charset=utf-8")
        settings = Settings(_env_file=None, fetch_timeout=5.0, fetch_allow_hosts=["127.0.0.1"])
        page = fetch_url(server.url("/plain", host="127.0.0.1."), settings)
    assert page.status == 200 and lookups == []
