"""The engine end to end on a real embedded Chroma store with the real model."""

from __future__ import annotations

from datetime import date

import pytest

from index.errors import BadInput, UnknownArticle
from index.library import Library
from index.models import AddStatus, ArticleMeta, SearchFilters
from index.store.vectors import unpack
from tests.support.checks import assert_verbatim
from tests.support.data import SEED_FILE, add_wikinews


def test_seed_bases_question_quotes_the_sentence_naming_the_bases(library: Library, seed_id: str) -> None:
    answer = library.ask("default", "Which bases came under attack?")
    assert not answer.abstained
    top = answer.quotes[0]
    assert "Ain al-Asad" in top.text and "Conoco" in top.text and "Al-Omar" in top.text
    assert top.citation == 1 and answer.sources[0].number == 1 and answer.sources[0].article_id == seed_id
    assert answer.sources[0].meta.title == "Airstrikes Pummel US Bases In Iraq And Syria"
    assert_verbatim(library, "default", answer)


def test_seed_casualties_question_quotes_reuters(library: Library, seed_id: str) -> None:
    answer = library.ask("default", "Did the attacks cause casualties?")
    assert answer.quotes[0].text.startswith("Reuters cites security and government sources")
    assert "did not cause casualties or damage" in answer.quotes[0].text
    assert answer.quotes[0].paragraph == 3
    assert_verbatim(library, "default", answer)


def test_unrelated_question_abstains(library: Library, seed_id: str) -> None:
    answer = library.ask("default", "Who won the 2018 World Cup?")
    assert answer.abstained and not answer.quotes and not answer.sources
    assert "do not answer" in (answer.reason or "")


def test_empty_collection_abstains(library: Library) -> None:
    assert library.ask("default", "Which bases came under attack?").abstained


def test_citations_numbered_by_first_use_across_articles(library: Library, seed_id: str) -> None:
    add_wikinews(library, "default", "gum-news-crane", "gum-news-stampede")
    answer = library.ask("default", "How many people died in Mecca during the Hajj?")
    assert not answer.abstained
    seen: list[int] = []
    for quote in answer.quotes:
        if quote.citation not in seen:
            seen.append(quote.citation)
    assert seen == list(range(1, len(seen) + 1))
    by_number = {s.number: s.article_id for s in answer.sources}
    assert all(by_number[q.citation] == q.span.article_id for q in answer.quotes)
    assert_verbatim(library, "default", answer)


def test_re_adding_the_same_article_changes_nothing(library: Library, seed_id: str) -> None:
    before = library.store.count("default")
    again = library.add_file("default", SEED_FILE)
    assert again.status is AddStatus.ALREADY_PRESENT and again.article_id == seed_id
    assert "Already in the collection" in again.message
    assert library.store.count("default") == before
    assert len(library.sources("default")) == 1


def test_article_reassembles_exactly_from_store(library: Library, seed_id: str) -> None:
    from index.ingest.plaintext import extract_text

    expected = extract_text(SEED_FILE.read_text(encoding="utf-8")).text
    assert library.article("default", seed_id).text == expected


def test_removed_article_is_never_served_again(library: Library, seed_id: str) -> None:
    other = add_wikinews(library, "default", "gum-news-crane")["gum-news-crane"]
    assert library.ask("default", "Which bases came under attack?").quotes
    info = library.remove("default", seed_id)
    assert info.meta.title.startswith("Airstrikes")
    answer = library.ask("default", "Which bases came under attack?")
    assert all(q.span.article_id != seed_id for q in answer.quotes)
    assert [i.article_id for i in library.sources("default")] == [other]
    with pytest.raises(UnknownArticle):
        library.article("default", seed_id)
    with pytest.raises(UnknownArticle):
        library.remove("default", seed_id)


def test_namespaces_are_isolated(library: Library, seed_id: str) -> None:
    assert library.sources("guild-2") == []
    assert library.ask("guild-2", "Which bases came under attack?").abstained
    with pytest.raises(UnknownArticle):
        library.article("guild-2", seed_id)
    verdict = library.check("guild-2", "US troops stationed at Ain al-Asad air base in western Iraq")
    assert verdict.kind.value == "not_found"
    assert library.ask("default", "Which bases came under attack?").quotes


def test_filters_restrict_retrieval(library: Library, seed_id: str) -> None:
    ids = add_wikinews(library, "default", "gum-news-korea", "gum-news-crane")
    question = "Which military forces were put on alert?"

    def articles(filters: SearchFilters) -> set[str]:
        hits = library.searcher.search("default", question, k=20, filters=filters)
        assert hits, filters
        return {h.chunk.record.article_id for h in hits}

    assert articles(SearchFilters()) == {seed_id, *ids.values()}  # unfiltered, every article is reachable
    assert articles(SearchFilters(article_id=seed_id)) == {seed_id}
    assert articles(SearchFilters(outlet="Wikinews")) == set(ids.values())
    assert articles(SearchFilters(until=date(2016, 1, 1))) == set(ids.values())
    assert articles(SearchFilters(since=date(2020, 1, 1))) == {seed_id}
    only_seed = library.ask("default", question, filters=SearchFilters(article_id=seed_id))
    assert all(q.span.article_id == seed_id for q in only_seed.quotes)


def test_sources_lists_metadata_newest_first(library: Library, seed_id: str) -> None:
    add_wikinews(library, "default", "gum-news-crane")
    infos = library.sources("default")
    assert next(i.meta.title for i in infos).startswith("Airstrikes")
    assert infos[0].meta.outlet == "Orinoco Tribune" and infos[0].meta.published == date(2023, 11, 1)
    assert infos[1].meta.url.startswith("https://en.wikinews.org/") and infos[1].meta.license == "CC BY 2.5"
    assert [i.article_id for i in library.sources("default", "mecca")] == [infos[1].article_id]


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_refused_and_stores_nothing(library: Library, text: str) -> None:
    with pytest.raises(BadInput, match="empty"):
        library.add_text("default", text)
    assert library.store.count("default") == 0


def test_missing_file_and_binary_are_refused(library: Library, tmp_path) -> None:
    with pytest.raises(BadInput, match="No such file"):
        library.add_file("default", tmp_path / "nope.txt")
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(BadInput):
        library.add_file("default", blob)
    assert library.store.count("default") == 0


def test_interrupted_add_is_invisible_and_rerun_completes(library: Library, monkeypatch) -> None:
    calls = {"n": 0}
    real = library.store.set_ready

    def crash(*args, **kwargs):
        calls["n"] += 1
        raise RuntimeError("power cut")

    monkeypatch.setattr(library.store, "set_ready", crash)
    with pytest.raises(RuntimeError):
        library.add_file("default", SEED_FILE)
    assert library.sources("default") == []
    assert library.ask("default", "Which bases came under attack?").abstained
    monkeypatch.setattr(library.store, "set_ready", real)
    result = library.add_file("default", SEED_FILE)
    assert result.status is AddStatus.ADDED
    assert library.store.count("default") == result.chunks
    assert library.ask("default", "Which bases came under attack?").quotes


def test_a_namespace_refuses_vectors_of_another_model(library: Library, seed_id: str, embedder) -> None:
    from index.config import Settings
    from index.errors import StoreUnavailable

    int8 = Library(Settings(data_dir=library.settings.data_dir, embedding_backend="onnx-int8", _env_file=None),
                   embedder=embedder)
    with pytest.raises(StoreUnavailable, match="built with embedding model"):
        int8.sources("default")
    assert int8.sources("fresh-namespace") == []


def test_bm25_index_follows_adds_and_removes_here_and_elsewhere_without_rereading_the_store(library: Library, seed_id: str,
                                                                         monkeypatch) -> None:
    assert library.ask("default", "Which bases came under attack?").quotes  # builds the BM25 index
    reads = {"n": 0}
    real_chunks = library.store.chunks

    def counting_chunks(namespace, **kwargs):
        if not kwargs.get("article_id") and not kwargs.get("first_only") and not kwargs.get("url_key"):
            reads["n"] += 1  # a full read of the namespace
        return real_chunks(namespace, **kwargs)

    monkeypatch.setattr(library.store, "chunks", counting_chunks)
    crane = add_wikinews(library, "default", "gum-news-crane")["gum-news-crane"]
    hits = library.searcher.lexical("default", "crane Grand Mosque storm", 5, None)
    assert hits and hits[0][0].record.article_id == crane
    library.remove("default", crane)
    assert all(c.record.article_id != crane for c, _ in library.searcher.lexical("default", "crane Grand Mosque", 5, None))
    assert reads["n"] == 0
    # Another writer (another Library, as another process would be) moves the change marker: the next ask
    # brings the index up to date by comparing ids, still without re-reading every chunk.
    other = Library(library.settings, embedder=library.embedder)
    other_id = add_wikinews(other, "default", "gum-news-korea")["gum-news-korea"]
    assert library.searcher.lexical("default", "North Korea quasi-state of war", 5, None)[0][0].record.article_id != other_id
    library.ask("default", "Which bases came under attack?")
    hits = library.searcher.lexical("default", "North Korea quasi-state of war", 5, None)
    assert hits[0][0].record.article_id == other_id and reads["n"] == 0


def test_as_of_hides_later_articles_and_prefers_recent_ones(library: Library) -> None:
    ids = add_wikinews(library, "default", "meantime-113219", "meantime-114613", "meantime-96770")
    question = "How far did stock markets fall?"
    earlier = (ids["meantime-113219"], ids["meantime-96770"])
    assert all(h.chunk.record.article_id in earlier
               for h in library.searcher.search("default", question, as_of=date(2008, 9, 20)))
    early = library.ask("default", question, as_of=date(2008, 9, 20))
    shown = [q.span.article_id for q in early.quotes] + ([early.related.span.article_id] if early.related else [])
    assert shown and all(article_id in earlier for article_id in shown)  # an answer, or the closest passage
    hits = library.searcher.search("default", question, as_of=date(2008, 10, 8))
    assert hits[0].chunk.record.article_id == ids["meantime-114613"]  # the story of that week comes first


def test_recency_prior_prefers_the_newer_of_two_equally_relevant_articles(library: Library) -> None:
    from index.retrieval.hybrid import recency
    from index.store.records import day_number

    assert recency(day_number(date(2008, 10, 8)), date(2008, 10, 8)) == pytest.approx(1.0)
    assert recency(day_number(date(2008, 10, 1)), date(2008, 10, 8)) == pytest.approx(0.5)
    assert recency(None, date(2008, 10, 8)) == 0.0
    body = ("Share prices fell sharply on the exchange as traders sold bank stocks, and the index closed "
            "at its lowest level in four years, analysts said.")
    old = library.add_text("default", body + " Morning edition.", meta=ArticleMeta(title="Markets fall", published=date(2008, 9, 1)))
    new = library.add_text("default", body + " Evening edition.", meta=ArticleMeta(title="Markets fall", published=date(2008, 10, 7)))
    library.searcher.recency_weight = 1.0
    hits = library.searcher.search("default", "Why did share prices fall?", as_of=date(2008, 10, 8))
    assert hits[0].chunk.record.article_id == new.article_id
    plain = library.searcher.search("default", "Why did share prices fall?", as_of=date(2008, 10, 8), mode="lexical")
    assert {h.chunk.record.article_id for h in plain} == {old.article_id, new.article_id}


class CountingEncoder:
    """The real embedder, counting the texts it is asked to encode one by one."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        return self.inner.encode(texts)

    def encode_passages(self, texts, spans):
        return self.inner.encode_passages(texts, spans)


def test_sentence_vectors_are_stored_at_ingest_without_encoding_sentences_again(settings, embedder) -> None:
    counting = CountingEncoder(embedder)
    library = Library(settings, embedder=counting)
    library.add_file("default", SEED_FILE)
    chunks = library.store.chunks("default")
    assert chunks and all(len(unpack(c.record.sentence_vectors, embedder.dimension)) == len(c.record.sentences)
                          for c in chunks)
    assert counting.encoded == []  # one pass over the chunks gave the sentences' vectors too
