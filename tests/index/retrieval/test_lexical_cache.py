"""BM25 indexes are saved with the store and loaded at the next start; few stay in memory."""

from __future__ import annotations

import pytest

from index.config import Settings
from index.library import Library
from index.models import ArticleMeta
from tests.support.data import SEED_FILE

CRANE = ("A crane collapsed at the Grand Mosque in Mecca during a storm, killing at least 107 people "
         "and injuring 238, officials said. The crane fell through the roof of the mosque.")


def count_full_reads(library: Library, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count reads of every chunk of a namespace (what building an index from the store costs)."""
    reads = {"n": 0}
    real = library.store.chunks

    def chunks(namespace, **kwargs):
        if not kwargs.get("article_id") and not kwargs.get("first_only") and not kwargs.get("url_keys"):
            reads["n"] += 1
        return real(namespace, **kwargs)

    monkeypatch.setattr(library.store, "chunks", chunks)
    return reads


def test_a_restart_loads_the_saved_index_instead_of_rereading_the_store(settings: Settings, embedder,
                                                                       monkeypatch) -> None:
    first = Library(settings, embedder=embedder)
    first.add_file("default", SEED_FILE)
    assert first.ask("default", "Who claimed responsibility for the attacks?").quotes  # builds and saves
    assert (settings.data_dir / "lexical").is_dir()
    restarted = Library(settings, embedder=embedder)
    reads = count_full_reads(restarted, monkeypatch)
    hits = restarted.searcher.lexical("default", "Islamic Resistance responsibility", 3, None)
    assert hits and "Islamic Resistance" in hits[0][0].text
    assert reads["n"] == 0


def test_a_saved_index_behind_the_store_catches_up_by_ids(settings: Settings, embedder, monkeypatch) -> None:
    first = Library(settings, embedder=embedder)
    first.add_file("default", SEED_FILE)
    first.searcher.lexical_index("default")  # saved as of now
    other = Library(settings, embedder=embedder)  # another process adds an article after that
    crane = other.add_text("default", CRANE, meta=ArticleMeta(title="Crane collapse in Mecca")).article_id
    restarted = Library(settings, embedder=embedder)
    reads = count_full_reads(restarted, monkeypatch)
    hits = restarted.searcher.lexical("default", "crane Grand Mosque storm", 3, None)
    assert hits and hits[0][0].record.article_id == crane
    assert reads["n"] == 0  # synced by comparing ids, not rebuilt


def test_only_the_most_recently_used_indexes_stay_in_memory(settings: Settings, embedder, monkeypatch) -> None:
    library = Library(settings.model_copy(update={"lexical_cache_namespaces": 2}), embedder=embedder)
    for namespace in ("guild-1", "guild-2", "guild-3"):
        library.add_file(namespace, SEED_FILE)
        assert library.ask(namespace, "Which bases came under attack?").quotes
    assert library.searcher.lexical_cache.in_memory() == ["guild-2", "guild-3"]
    reads = count_full_reads(library, monkeypatch)
    assert library.ask("guild-1", "Which bases came under attack?").quotes  # back from disk
    assert reads["n"] == 0 and library.searcher.lexical_cache.in_memory() == ["guild-3", "guild-1"]
