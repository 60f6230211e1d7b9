"""A small real HTTP server for tests: register routes, start it on a free loopback port.

Usage (as a context manager, or through the ``http_server`` pytest fixture that
tests/test_fetch.py defines — other test modules can copy that fixture or use
``LocalHTTPServer`` directly)::

    from tests.support.httpserver import LocalHTTPServer

    with LocalHTTPServer() as server:
        server.add("/article", "<html>…</html>")                      # text/html
        server.add("/doc.pdf", pdf_bytes, content_type="application/pdf")
        server.add_file("/crane", Path("tests/fixtures/pages/crane.html"))
        server.add_redirect("/old", "/article")                       # 302, relative or absolute
        server.add("/slow", "late", delay=2.0)                        # sleeps before answering
        server.add_stream("/huge", chunk=b"x" * 65536, count=200)     # 13 MB, no Content-Length
        server.add_handler("/echo", lambda req: Response(body=req.headers["User-Agent"]))
        server.add("/feed.xml", rss, content_type="application/rss+xml", etag='"v1"')  # 304 to If-None-Match: "v1"
        url = server.url("/article")                                  # http://127.0.0.1:PORT/article
        ...
        server.requests                                               # what was asked, in order

A route given an ``etag`` and/or ``last_modified`` sends them as ETag / Last-Modified and answers
a conditional GET that matches them (If-None-Match, else If-Modified-Since) with 304 and no body;
registering the path again (a changed feed) replaces the body and the validators. Unknown paths answer 404. The server binds 127.0.0.1 only, is threaded (a slow
route does not block others), and answers with HTTP/1.0 semantics (one request
per connection, the body ends when the connection closes), which keeps
streaming bodies without Content-Length simple. Client disconnects (a refused
huge body, a timed-out slow route) are swallowed quietly.
"""

from __future__ import annotations

import contextlib
import mimetypes
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["LocalHTTPServer", "Request", "Response"]


@dataclass
class Request:
    """A request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    client: tuple[str, int]

    def header(self, name: str) -> str | None:
        """A request header, whatever its case."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


@dataclass
class Response:
    """What a route answers.

    ``body`` is bytes/str, or an iterable of byte chunks (streamed, without a
    Content-Length unless ``content_length`` is given). ``delay`` sleeps before
    the status line; ``chunk_delay`` sleeps before each streamed chunk.
    """

    body: bytes | str | Iterable[bytes] = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunk_delay: float = 0.0
    content_length: int | None = None


Handler = Callable[[Request], Response]


class _RequestHandler(BaseHTTPRequestHandler):
    server_version = "QuoteDeskTestServer/1.0"
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args) -> None:
        return

    def _serve(self) -> None:
        owner: LocalHTTPServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        request = Request(self.command, self.path, dict(self.headers.items()), self.client_address)
        owner._record(request)
        handler = owner._routes.get(path) or owner._routes.get(self.path)
        response = handler(request) if handler else Response(body="Not found", status=404, content_type="text/plain")
        with contextlib.suppress(OSError):  # the client went away (refused body, timeout): expected in tests
            self._write(response)

    def _write(self, response: Response) -> None:
        if response.delay:
            time.sleep(response.delay)
        body = response.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for key, value in response.headers.items():
            self.send_header(key, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body) if response.content_length is None else response.content_length))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        if response.content_length is not None:
            self.send_header("Content-Length", str(response.content_length))
        self.end_headers()
        if self.command == "HEAD":
            return
        for chunk in body:
            if response.chunk_delay:
                time.sleep(response.chunk_delay)
            self.wfile.write(chunk)
            self.wfile.flush()

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()


def _conditional(response: Response, etag: str | None, last_modified: str | None) -> Handler:
    """A handler sending ``response`` with its validators, or 304 when the request's validators match."""
    validators = {k: v for k, v in (("ETag", etag), ("Last-Modified", last_modified)) if v is not None}
    full = replace(response, headers={**response.headers, **validators})
    not_modified = Response(body=b"", status=304, content_type=None, headers=validators)

    def handler(request: Request) -> Response:
        if_none_match, if_modified_since = request.header("If-None-Match"), request.header("If-Modified-Since")
        if if_none_match is not None:
            return not_modified if etag is not None and etag in {t.strip() for t in if_none_match.split(",")} else full
        if if_modified_since is not None and if_modified_since == last_modified:
            return not_modified
        return full

    return handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # quiet
        return


class LocalHTTPServer:
    """A threaded HTTP server on ``host`` (default 127.0.0.1) and a free port, with registered routes."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        self._httpd = _Server((host, port), _RequestHandler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> LocalHTTPServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> LocalHTTPServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- addresses ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """Absolute URL of ``path``; ``host`` swaps the host name (e.g. "localhost") keeping the port."""
        if not path.startswith("/"):
            path = "/" + path
        return f"http://{host or self.host}:{self.port}{path}"

    # --- routes ------------------------------------------------------------------------------

    def add_handler(self, path: str, handler: Handler) -> None:
        """Route ``path`` to a function of the Request returning a Response."""
        self._routes[path] = handler

    def add(
        self,
        path: str,
        body: bytes | str | Iterable[bytes] = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        content_length: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Serve a fixed response at ``path`` (an iterable body must be re-iterable, e.g. a list).

        With ``etag`` / ``last_modified`` the route answers matching conditional GETs with 304.
        """
        response = Response(
            body=body,
            status=status,
            content_type=content_type,
            headers=dict(headers or {}),
            delay=delay,
            chunk_delay=chunk_delay,
            content_length=content_length,
        )
        if etag is None and last_modified is None:
            self._routes[path] = lambda _request: response
        else:
            self._routes[path] = _conditional(response, etag, last_modified)

    def add_file(self, path: str, file: Path | str, *, content_type: str | None = None, **kwargs) -> None:
        """Serve a file's bytes; the content type is guessed from its name unless given."""
        file = Path(file)
        if content_type is None:
            guessed, _ = mimetypes.guess_type(file.name)
            content_type = guessed or "application/octet-stream"
            if content_type.startswith("text/") and "charset" not in content_type:
                content_type += "; charset=utf-8"
        self.add(path, file.read_bytes(), content_type=content_type, **kwargs)

    def add_redirect(self, path: str, location: str, *, status: int = 302) -> None:
        """Answer ``status`` with ``Location: location`` (relative or absolute)."""
        self.add(path, b"", status=status, content_type=None, headers={"Location": location})

    def add_stream(
        self,
        path: str,
        *,
        chunk: bytes,
        count: int,
        content_type: str = "text/html; charset=utf-8",
        chunk_delay: float = 0.0,
        declare_length: bool = False,
    ) -> None:
        """Stream ``count`` copies of ``chunk`` (generated lazily), with or without a Content-Length."""

        def handler(_request: Request) -> Response:
            return Response(
                body=(chunk for _ in range(count)),
                content_type=content_type,
                chunk_delay=chunk_delay,
                content_length=len(chunk) * count if declare_length else None,
            )

        self._routes[path] = handler

    # --- bookkeeping -------------------------------------------------------------------------

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def paths_requested(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]
