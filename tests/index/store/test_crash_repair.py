"""An add interrupted while its chunks are made visible (issue 11, item 2): the article is never half
visible, ask/check/sources skip it, and adding it again repairs it. Real Chroma, real model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.config import Settings
from index.errors import UnknownArticle
from index.library import Library
from index.models import AddStatus, VerdictKind
from index.retrieval.embed import SentenceEmbedder
from index.store import chroma
from index.store.chroma import Store
from index.store.writer import article_id_for
from tests.support.data import SEED_FILE

QUOTE = "Tuesday's attacks \"did not cause casualties or damage.\""


class Killed(Exception):
    """The process died here (nothing after this store call happened)."""


def _restart(settings: Settings, embedder: SentenceEmbedder) -> Library:
    return Library(settings, embedder=embedder)


def _assert_skipped(library: Library, article_id: str) -> None:
    assert library.sources("default") == []
    answer = library.ask("default", "Which bases came under attack?")
    assert all(s.article_id != article_id for s in answer.sources)
    assert library.check("default", QUOTE).kind is VerdictKind.NOT_FOUND
    with pytest.raises(UnknownArticle, match="incomplete"):
        library.check("default", QUOTE, article_id=article_id)


def _assert_whole(library: Library, article_id: str) -> None:
    assert [i.article_id for i in library.sources("default")] == [article_id]
    assert library.check("default", QUOTE).kind is VerdictKind.EXACT
    answer = library.ask("default", "Which bases came under attack?")
    assert answer.sources and answer.sources[0].article_id == article_id


def test_flip_interrupted_between_pages_is_invisible_then_repaired(settings, embedder, monkeypatch) -> None:
    """A long article is made visible over several store calls (5,000 chunks each; 2 here); killed after one."""
    library = _restart(settings, embedder)
    monkeypatch.setattr(chroma, "_PAGE", 2)
    real = Store._call
    flips = []

    def dies_after_first_page(self, fn, *args, **kwargs):
        if getattr(fn, "__name__", "") == "update" and any(m.get("ready") for m in kwargs.get("metadatas", [])):
            flips.append(kwargs["ids"])
            if len(flips) > 1:
                raise Killed
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(Store, "_call", dies_after_first_page)
    with pytest.raises(Killed):
        library.add_file("default", SEED_FILE)
    monkeypatch.setattr(Store, "_call", real)
    assert len(flips[0]) == 2  # one page of the article was made visible before the kill

    after = _restart(settings, embedder)
    article_id = article_id_for(after.read_file(SEED_FILE).text)
    _assert_skipped(after, article_id)
    result = after.add_file("default", SEED_FILE)
    assert result.status is AddStatus.ADDED and "Repaired" in result.message and result.article_id == article_id
    assert after.store.incomplete_articles("default") == set()
    _assert_whole(after, article_id)
    assert after.add_file("default", SEED_FILE).status is AddStatus.ALREADY_PRESENT


def test_first_chunk_visible_but_others_not_is_repaired(library: Library, settings, embedder) -> None:
    """The state an interrupted flip left before the first chunk was flipped last: 'already present' before."""
    article_id = library.add_file("default", SEED_FILE).article_id
    chunks = library.store.chunks("default", article_id=article_id)
    library.store.update_records("default", [replace(c, record=replace(c.record, ready=False))
                                             for c in chunks if c.record.seq > 0])
    after = _restart(settings, embedder)
    _assert_skipped(after, article_id)
    result = after.add_file("default", SEED_FILE)
    assert result.status is AddStatus.ADDED and "Repaired" in result.message
    _assert_whole(after, article_id)


def test_chunks_missing_are_stored_again(library: Library, settings, embedder) -> None:
    """Killed while writing: some chunks never reached the store; adding again stores the article whole."""
    article_id = library.add_file("default", SEED_FILE).article_id
    chunks = library.store.chunks("default", article_id=article_id)
    library.store.update_records("default", [replace(c, record=replace(c.record, ready=False)) for c in chunks])
    library.store._collection("default").delete(ids=[chunks[-1].id])
    after = _restart(settings, embedder)
    _assert_skipped(after, article_id)
    result = after.add_file("default", SEED_FILE)
    assert result.status is AddStatus.ADDED and result.article_id == article_id and result.chunks == len(chunks)
    _assert_whole(after, article_id)


def test_an_incomplete_article_can_be_removed(library: Library) -> None:
    article_id = library.add_file("default", SEED_FILE).article_id
    chunks = library.store.chunks("default", article_id=article_id)
    library.store.update_records("default", [replace(c, record=replace(c.record, ready=False)) for c in chunks[1:]])
    removed = library.remove("default", article_id)
    assert removed.chunks == len(chunks)
    assert library.store.count("default") == 0
