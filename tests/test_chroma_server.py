"""Server mode: the same code path against a real `chroma run` on a loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from index.config import Settings
from index.errors import StoreUnavailable
from index.library import Library
from tests.conftest import SEED_FILE, assert_verbatim


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` CLI (installed with chromadb) is missing")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen([chroma, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start: " + (data / "server.log").read_text(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_add_ask_remove_against_a_chroma_server(chroma_server: str, embedder, tmp_path) -> None:
    library = Library(Settings(chroma_url=chroma_server, data_dir=tmp_path / "unused", _env_file=None), embedder=embedder)
    added = library.add_file("server-ns", SEED_FILE)
    assert library.add_file("server-ns", SEED_FILE).status.value == "already_present"
    answer = library.ask("server-ns", "Which bases came under attack?")
    assert "Ain al-Asad" in answer.quotes[0].text
    assert_verbatim(library, "server-ns", answer)
    assert not (tmp_path / "unused").exists(), "server mode must not create a local store"
    # A second client (another process in real life) sees the same data.
    other = Library(Settings(chroma_url=chroma_server, _env_file=None), embedder=embedder)
    assert [i.article_id for i in other.sources("server-ns")] == [added.article_id]
    library.remove("server-ns", added.article_id)
    assert other.sources("server-ns") == []
    assert other.ask("server-ns", "Which bases came under attack?").abstained


def test_server_down_gives_a_clear_error(embedder) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable, match="Chroma"):
        library = Library(Settings(chroma_url=url, _env_file=None), embedder=embedder)
        library.sources("default")
