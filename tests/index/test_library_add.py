"""Adding articles from URLs through the library: clean bodies, dedup, versions, wire copies, crash safety."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from index.config import Settings
from index.errors import BlockedAddress, FetchError, NotAnArticle
from index.library import Library
from index.models import AddStatus
from tests.support.checks import assert_verbatim
from tests.support.data import PAGES
from tests.support.httpserver import LocalHTTPServer

CLUTTER = ("cookie", "Accept all", "Related stories", "Markets tumble", "Leave a comment", "Subscribe")


def article_page(title: str, paragraphs: list[str], *, canonical: str | None = None, site: str = "Example News") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html><head><title>{title}</title>{link}<meta property='og:site_name' content='{site}'>"
            f"<meta property='article:published_time' content='2024-03-05'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Example News</footer></body></html>")


STORY = [
    "The city council approved the new harbour bridge budget on Tuesday after a four-hour debate, "
    "allocating 48 million euros to the project over the next three years.",
    "Council member Ana Ruiz said the vote ended a decade of delays. \"We finally have a plan that the "
    "port, the cyclists and the ferry operators can all live with,\" she told reporters outside the chamber.",
    "Construction is expected to begin in the spring, and the old swing bridge will stay open to traffic "
    "until the new deck is finished, according to the transport office.",
]


@pytest.fixture
def server():
    with LocalHTTPServer() as srv:
        yield srv


@pytest.fixture
def web_library(tmp_path, embedder) -> Library:
    settings = Settings(data_dir=tmp_path / "store", fetch_allow_hosts=["127.0.0.1"], _env_file=None)
    return Library(settings, embedder=embedder)


@pytest.mark.parametrize("name", ["crane", "asylum", "korea", "clock"])
def test_fixture_page_yields_clean_article_with_metadata(web_library: Library, server, name: str) -> None:
    expected = json.loads((PAGES / f"{name}.expected.json").read_text())
    server.add_file(f"/{name}.html", PAGES / f"{name}.html")
    result = web_library.add_url("ns", server.url(f"/{name}.html"))
    assert result.status is AddStatus.ADDED
    assert result.meta.title == expected["title"] and result.meta.outlet == expected["outlet"]
    assert str(result.meta.published) == expected["published"]
    chunks = web_library.store.chunks("ns", article_id=result.article_id)
    assert len(chunks) == result.chunks
    for chunk in chunks:
        assert not any(word in chunk.text for word in CLUTTER), chunk.text
    assert web_library.article("ns", result.article_id).text == expected["text"]


def test_pdf_url_is_added(web_library: Library, server) -> None:
    server.add_file("/crane.pdf", PAGES / "crane.pdf")
    result = web_library.add_url("ns", server.url("/crane.pdf"))
    answer = web_library.ask("ns", "How many people were wounded when the crane fell?")
    assert "238" in answer.quotes[0].text and answer.sources[0].article_id == result.article_id
    assert_verbatim(web_library, "ns", answer)


def test_refusals_store_nothing(web_library: Library, server, tmp_path, embedder) -> None:
    server.add("/binary", bytes(range(256)) * 100, content_type="application/octet-stream")
    server.add_file("/stub.html", PAGES / "stub.html")
    server.add("/missing", "gone", status=404, content_type="text/plain")
    for path, error, words in (("/binary", FetchError, "content type"), ("/stub.html", NotAnArticle, ""),
                               ("/missing", FetchError, "404")):
        with pytest.raises(error, match=words or None):
            web_library.add_url("ns", server.url(path))
    guarded = Library(Settings(data_dir=tmp_path / "guarded", _env_file=None), embedder=embedder)
    with pytest.raises(BlockedAddress, match="loopback|Refused"):
        guarded.add_url("ns", server.url("/stub.html"))
    assert web_library.sources("ns") == [] and guarded.sources("ns") == []


def test_same_canonical_url_is_already_added(web_library: Library, server) -> None:
    server.add("/a", article_page("Bridge budget approved", STORY, canonical="https://news.example/bridge"))
    server.add("/a?utm_source=x", article_page("Bridge budget approved", STORY, canonical="https://news.example/bridge"))
    first = web_library.add_url("ns", server.url("/a"))
    again = web_library.add_url("ns", server.url("/a"))
    assert first.status is AddStatus.ADDED and again.status is AddStatus.ALREADY_PRESENT
    assert "already in the collection" in again.message.lower() and again.article_id == first.article_id


def test_same_text_under_another_url_is_linked_not_stored_twice(web_library: Library, server) -> None:
    server.add("/one", article_page("Bridge budget approved", STORY, canonical="https://one.example/bridge"))
    server.add("/two", article_page("Bridge budget approved", STORY, canonical="https://two.example/story/77"))
    first = web_library.add_url("ns", server.url("/one"))
    count = web_library.store.count("ns")
    second = web_library.add_url("ns", server.url("/two"))
    assert second.status is AddStatus.DUPLICATE_LINKED and second.article_id == first.article_id
    assert web_library.store.count("ns") == count
    [info] = web_library.sources("ns")
    assert "https://two.example/story/77" in info.meta.duplicate_urls


def test_changed_page_is_a_new_version_and_old_stays_quotable(web_library: Library, server) -> None:
    canonical = "https://news.example/bridge"
    server.add("/story", article_page("Bridge budget approved", STORY, canonical=canonical))
    v1 = web_library.add_url("ns", server.url("/story"))
    updated = [STORY[0].replace("48 million", "52 million"), *STORY[1:],
               "Correction: an earlier version of this story misstated the budget."]
    server.add("/story", article_page("Bridge budget approved", updated, canonical=canonical))
    v2 = web_library.add_url("ns", server.url("/story"))
    assert v2.status is AddStatus.NEW_VERSION and v2.meta.version == 2 and v2.meta.version_of == v1.article_id
    assert "version 2" in v2.message and v1.article_id in v2.message
    old = web_library.check("ns", "allocating 48 million euros to the project over the next three years")
    assert old.kind.value == "exact" and old.spans[0].article_id == v1.article_id
    assert "version 1, since updated" in old.source.label()
    new = web_library.check("ns", "allocating 52 million euros to the project over the next three years")
    assert new.kind.value == "exact" and new.spans[0].article_id == v2.article_id
    assert "(version 2)" in new.source.label()


def test_wire_copy_on_another_outlet_is_reported(web_library: Library, server) -> None:
    server.add("/ap", article_page("Bridge budget approved", STORY, canonical="https://ap.example/1", site="Wire"))
    copy = [STORY[0], STORY[1], STORY[2] + " Reporting by the wire service."]
    server.add("/paper", article_page("Council backs bridge", copy, canonical="https://paper.example/9", site="Paper"))
    original = web_library.add_url("ns", server.url("/ap"))
    result = web_library.add_url("ns", server.url("/paper"))
    assert result.status is AddStatus.ADDED
    assert result.near_duplicates == (original.article_id,)
    assert "same story" in result.message


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from index.config import Settings
    from index.library import Library
    from index.store.chroma import Store

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # the power goes out after the chunks are written

    Store.set_ready = die
    Library(Settings(data_dir=Path(sys.argv[1]), _env_file=None)).add_file("default", Path(sys.argv[2]))
    """
)


def test_killed_ingest_leaves_nothing_visible_and_rerun_completes(tmp_path, embedder) -> None:
    from tests.support.data import SEED_FILE

    store = tmp_path / "store"
    proc = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(store), str(SEED_FILE)], capture_output=True,
                          timeout=300)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    library = Library(Settings(data_dir=store, _env_file=None), embedder=embedder)
    assert library.store.count("default") > 0  # chunks were written ...
    assert library.sources("default") == []  # ... but none is visible
    assert library.ask("default", "Which bases came under attack?").abstained
    result = library.add_file("default", SEED_FILE)
    assert result.status is AddStatus.ADDED
    assert library.store.count("default") == result.chunks  # no duplicates
    assert "Ain al-Asad" in library.ask("default", "Which bases came under attack?").quotes[0].text
