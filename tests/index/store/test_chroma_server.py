"""Server mode: the same code path against a real `chroma run` on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.config import Settings
from index.errors import StoreUnavailable
from index.library import Library
from tests.support.checks import assert_verbatim
from tests.support.chroma_server import chroma_server, free_port
from tests.support.data import SEED_FILE

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def test_add_ask_remove_against_a_chroma_server(server: str, embedder, tmp_path) -> None:
    library = Library(Settings(chroma_url=server, data_dir=tmp_path / "unused", _env_file=None), embedder=embedder)
    added = library.add_file("server-ns", SEED_FILE)
    assert library.add_file("server-ns", SEED_FILE).status.value == "already_present"
    answer = library.ask("server-ns", "Which bases came under attack?")
    assert "Ain al-Asad" in answer.quotes[0].text
    assert_verbatim(library, "server-ns", answer)
    assert not (tmp_path / "unused").exists(), "server mode must not create a local store"
    # A second client (another process in real life) sees the same data.
    other = Library(Settings(chroma_url=server, _env_file=None), embedder=embedder)
    assert [i.article_id for i in other.sources("server-ns")] == [added.article_id]
    library.remove("server-ns", added.article_id)
    assert other.sources("server-ns") == []
    assert other.ask("server-ns", "Which bases came under attack?").abstained


def test_server_down_gives_a_clear_error(embedder) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable, match="Chroma"):
        library = Library(Settings(chroma_url=url, _env_file=None), embedder=embedder)
        library.sources("default")
