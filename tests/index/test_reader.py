"""ArticleReader: whole articles back from a real store, removed ones skipped, sentence vectors filled in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.errors import UnknownArticle
from index.library import Library
from index.reader import ArticleReader


def test_article_is_the_added_text_byte_for_byte(library: Library) -> None:
    text = "The council met on Monday.\n\nIt voted 7-2 to close the bridge for repairs."
    added = library.add_text("default", text)
    assert library.reader.article("default", added.article_id).text == text


def test_articles_leave_out_removed_and_unknown_ids(library: Library) -> None:
    kept = library.add_text("default", "The harbour reopened after the storm, officials said on Tuesday.")
    gone = library.add_text("default", "The school board approved a new budget of 3 million dollars.")
    library.remove("default", gone.article_id)
    found = library.reader.articles("default", [kept.article_id, gone.article_id, "no-such-id", kept.article_id])
    assert list(found) == [kept.article_id]
    with pytest.raises(UnknownArticle):
        library.reader.article("default", gone.article_id)


def test_with_vectors_reads_the_sentence_vectors_lexical_hits_lack(library: Library) -> None:
    library.add_text("default", "The mayor said the bridge will reopen in June. Repairs cost 4 million dollars.")
    hits = library.searcher.search("default", "bridge reopen", k=3)
    assert hits
    stripped = [replace(h, chunk=replace(h.chunk, record=replace(h.chunk.record, sentence_vectors=None)))
                for h in hits]
    filled = library.reader.with_vectors("default", stripped)
    assert [h.chunk.id for h in filled] == [h.chunk.id for h in hits]
    assert all(h.chunk.record.sentence_vectors for h in filled)


def test_cached_article_is_forgotten_when_removed(library: Library) -> None:
    added = library.add_text("default", "The ferry service resumes on Friday after a two-week strike.")
    first = library.reader.article("default", added.article_id)
    assert library.reader.article("default", added.article_id) is first  # the second read is the cache
    library.remove("default", added.article_id)
    with pytest.raises(UnknownArticle):
        library.reader.article("default", added.article_id)
    assert library.ask("default", "When does the ferry service resume?").quotes == ()


def test_cache_is_bounded_by_characters(library: Library) -> None:
    reader = ArticleReader(library.store, cache_chars=100)
    ids = [library.add_text("default", f"Story {n}: the {word} council met and voted on the budget plan.").article_id
           for n, word in enumerate(["city", "county", "state"])]
    for article_id in ids:
        reader.article("default", article_id)
    assert reader._cached_chars <= 100 or len(reader._cache) == 1
    assert reader.article("default", ids[0]).text.startswith("Story 0")
