"""The SSRF guard: which addresses may be contacted, and a transport that connects only to those.

Refused:

* schemes other than ``http``/``https``, URLs with a user name or password,
  malformed URLs -> :class:`~index.errors.BlockedAddress` / ``FetchError``;
* addresses that are not public: loopback, private (RFC 1918, ULA ``fc00::/7``),
  link-local (``169.254.0.0/16`` — cloud metadata — and ``fe80::/10``),
  multicast, reserved, unspecified (``0.0.0.0``, ``::``), carrier-grade NAT and
  every other range Python's ``ipaddress`` does not call global. IPv6 forms that
  embed an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``,
  NAT64 ``64:ff9b::/96``, Teredo) are judged by the embedded IPv4 address too.
  Hostnames are refused when **any** of their addresses is not public.

DNS rebinding
-------------

The guard sits in the **connection itself**, not in a check before it: the
client's transport uses a network backend (:class:`GuardedBackend`, an httpcore
``SyncBackend``) whose ``connect_tcp`` resolves the host name **once**,
validates every address, and opens the TCP connection to one of *those
validated IP addresses*. No second DNS lookup happens between the check and the
connect, so a name that resolves to a public address for the check and to
``127.0.0.1`` a moment later cannot slip through. The URL keeps its host name,
so the ``Host`` header and TLS SNI / certificate verification use the real name.
As a second line of defence, the peer address of the socket actually connected
(``response.extensions["network_stream"].get_extra_info("server_addr")``) is
checked again before any body byte is read. Every redirect hop goes through the
same code (redirects are followed by hand, at most 5), and environment proxies
are ignored (``trust_env=False``) so a proxy cannot carry the request elsewhere.

``settings.fetch_allow_hosts`` exempts hosts from the address guard (empty by
default). An entry is a host name or IP literal, matched exactly against the
URL's host (case-insensitive), or a network in CIDR form (``10.0.0.0/8``)
matched against the resolved addresses. Tests use ``["127.0.0.1"]``.

Error messages say what was refused and why, e.g. ``"Refused: 10.0.0.5 is a
private address"``; for a host name they never reveal the internal address it
resolved to (``"Refused: intranet.example points to a private address"``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from index.errors import BlockedAddress, FetchError

MAX_URL_LENGTH = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.ip_network("64:ff9b::/96")

# ---------------------------------------------------------------------------
# Address policy
# ---------------------------------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address
    return None


def check_ip(ip: str | IPAddress) -> str | None:
    """Why ``ip`` must not be contacted ("a private address", …), or None if it is public."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = check_ip(inner)
            if reason:
                return reason
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if not ip.is_global:
        return "not a public address"
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """The IP addresses ``host`` resolves to (DNS), in resolver order, without duplicates.

    Tests monkeypatch this function to simulate DNS answers.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        addr = str(sockaddr[0]).split("%", 1)[0]
        if addr not in seen:
            seen.append(addr)
    return seen


class AllowList:
    """``settings.fetch_allow_hosts``: exact host names / IP literals, or CIDR networks."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.hosts: set[str] = set()
        self.networks: list[IPNetwork] = []
        for entry in entries:
            entry = canonical_host(entry.strip())
            if not entry:
                continue
            if "/" in entry:
                try:
                    self.networks.append(ipaddress.ip_network(entry, strict=False))
                    continue
                except ValueError:
                    pass
            self.hosts.add(entry)

    def host_allowed(self, host: str) -> bool:
        """``host`` (in any spelling: case, trailing dot, brackets, IPv6 zeros) is exempt by name."""
        return canonical_host(host) in self.hosts

    def ip_allowed(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)


def canonical_host(host: str) -> str:
    """One spelling per host: lower case, no brackets or trailing dots, IP literals in standard form.

    ``127.0.0.1.`` is the IP literal 127.0.0.1 (connected to directly, never looked up in DNS),
    ``News.Example.`` is ``news.example``, ``[0:0::1]`` is ``::1``.
    """
    host = host.strip().lower().strip("[]").rstrip(".")
    literal = _ip_literal(host)
    return str(literal) if literal is not None else host


def _show_ip(ip: IPAddress) -> str:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return f"::ffff:{ip.ipv4_mapped}"
    return str(ip)


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _guard_addresses(host: str, port: int, allow: AllowList) -> list[str]:
    """Resolve ``host`` once and return its addresses if every one may be contacted; else raise BlockedAddress."""
    host = canonical_host(host)  # the allow-list test and the connection see the same host
    literal = _ip_literal(host)
    if allow.host_allowed(host):
        return [str(literal)] if literal is not None else _resolve(host, port)
    if literal is not None:
        if not allow.ip_allowed(literal):
            reason = check_ip(literal)
            if reason:
                raise BlockedAddress(f"Refused: {_show_ip(literal)} is {reason}.")
        return [str(literal)]
    addresses = _resolve(host, port)
    for addr in addresses:
        ip = ipaddress.ip_address(addr)
        if allow.ip_allowed(ip):
            continue
        reason = check_ip(ip)
        if reason:
            raise BlockedAddress(f"Refused: {host} points to {reason}.")
    return addresses


def _resolve(host: str, port: int) -> list[str]:
    try:
        addresses = resolve_host(host, port)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"Could not find the site {host} (DNS lookup failed).") from exc
    if not addresses:
        raise FetchError(f"Could not find the site {host} (DNS lookup failed).")
    return addresses


# ---------------------------------------------------------------------------
# The guarded transport
# ---------------------------------------------------------------------------


class GuardedBackend(httpcore.SyncBackend):
    """An httpcore backend that connects only to addresses it has just resolved and validated."""

    def __init__(self, allow: AllowList) -> None:
        self._allow = allow

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _guard_addresses(host, port, self._allow)
        last_error: Exception | None = None
        for addr in addresses:
            try:
                return super().connect_tcp(addr, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:  # pragma: no cover
        raise BlockedAddress("Refused: local sockets are never contacted.")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded backend, no proxies, no retries."""

    def __init__(self, allow: AllowList) -> None:
        super().__init__(trust_env=False, retries=0)
        ssl_context = httpx.create_ssl_context(trust_env=False)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=4,
            max_keepalive_connections=2,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(allow),
        )


def check_peer(response: httpx.Response, host: str, allow: AllowList) -> None:
    """Second line of defence: the socket's peer address must be allowed too."""
    host = canonical_host(host)
    if allow.host_allowed(host):
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return
    ip = ipaddress.ip_address(str(peer[0]).split("%", 1)[0])
    if allow.ip_allowed(ip):
        return
    reason = check_ip(ip)
    if reason:
        what = _show_ip(ip) if _ip_literal(host) is not None else host
        verb = "is" if _ip_literal(host) is not None else "points to"
        raise BlockedAddress(f"Refused: {what} {verb} {reason}.")


# ---------------------------------------------------------------------------
# URL checks
# ---------------------------------------------------------------------------


def check_url(url: str | httpx.URL) -> httpx.URL:
    """Parse and vet one URL (scheme, credentials, host); raise BlockedAddress / FetchError."""
    if isinstance(url, str):
        raw = url.strip()
        if not raw:
            raise FetchError("No link given.")
        if len(raw) > MAX_URL_LENGTH:
            raise FetchError(f"That link is too long (over {MAX_URL_LENGTH} characters).")
        if any(ch.isspace() or ord(ch) < 32 for ch in raw):
            raise FetchError("That is not a valid link (it contains spaces or control characters).")
        if "://" not in raw and not raw.lower().startswith(("file:", "data:", "javascript:", "mailto:")):
            raw = "https://" + raw
        scheme = urlsplit(raw).scheme.lower()
        if scheme not in ("http", "https"):
            raise BlockedAddress(f"Refused: only http:// and https:// links can be added, not {scheme or 'that'}:.")
        try:
            parsed = httpx.URL(raw)
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise FetchError("That is not a valid link.") from exc
    else:
        parsed = url
    if parsed.scheme not in ("http", "https"):
        raise BlockedAddress(f"Refused: only http:// and https:// links can be added, not {parsed.scheme}:.")
    if parsed.userinfo:
        raise BlockedAddress("Refused: links with a user name or password are not fetched.")
    if not parsed.host:
        raise FetchError("That is not a valid link (it has no host name).")
    return parsed



def host_label(url: httpx.URL) -> str:
    return f"[{url.host}]" if ":" in url.host else url.host

