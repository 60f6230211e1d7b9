"""A real ``chroma run`` server on a free loopback port, for server-mode tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chroma_server(folder: Path, *, timeout: float = 60.0) -> Iterator[str]:
    """Start ``chroma run`` storing in ``folder``; yield its URL; stop it afterwards."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` CLI (installed with chromadb) is missing")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    with open(folder / "server.log", "wb") as log:
        proc = subprocess.Popen([chroma, "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            else:
                pytest.fail("chroma run did not start: " + (folder / "server.log").read_text(errors="replace")[-2000:])
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
