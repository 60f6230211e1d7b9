"""Reading stored articles back: whole texts (byte for byte), sentence vectors of hits, quotations."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from index.errors import UnknownArticle
from index.ingest.attribution import Quotation
from index.models import Article, chunk_id
from index.quotes.said import stored_or_computed
from index.retrieval.hybrid import Hit
from index.store.chroma import Store

log = logging.getLogger(__name__)
CACHE_CHARS = 32_000_000  # about 6,000 news articles of text


class ArticleReader:
    """What the answerer and the checkers read from the store, per namespace.

    Whole articles are kept in an LRU cache (an ask reads about eight); the library forgets an
    article when it is removed or re-added here, and a whole namespace when another process
    changed it (the change marker), so a removed article is never served.
    """

    def __init__(self, store: Store, *, cache_chars: int = CACHE_CHARS) -> None:
        self.store = store
        self._cache: OrderedDict[tuple[str, str], Article] = OrderedDict()
        self._cache_chars = cache_chars
        self._cached_chars = 0
        self._lock = threading.Lock()

    def article(self, namespace: str, article_id: str) -> Article:
        """The full stored article: its text reassembled from its chunks, byte for byte (cached)."""
        key = (namespace, article_id)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        article = self._read(namespace, article_id)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = article
                self._cached_chars += len(article.text)
            while self._cached_chars > self._cache_chars and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._cached_chars -= len(old.text)
        return article

    def forget(self, namespace: str, article_ids: Iterable[str] | None = None) -> None:
        """Drop cached articles: these ids, or (``None``) every article of the namespace."""
        wanted = None if article_ids is None else set(article_ids)
        with self._lock:
            for key in [k for k in self._cache if k[0] == namespace and (wanted is None or k[1] in wanted)]:
                self._cached_chars -= len(self._cache.pop(key).text)

    def _read(self, namespace: str, article_id: str) -> Article:
        by_ids = self._read_by_ids(namespace, article_id)
        if by_ids is not None:
            return by_ids
        chunks = sorted(self.store.chunks(namespace, article_id=article_id), key=lambda c: c.record.seq)
        whole = bool(chunks) and chunks[0].record.seq == 0 and len(chunks) == (chunks[0].record.n_chunks or len(chunks))
        if not chunks and not self.store.incomplete_articles(namespace, [article_id]):
            raise UnknownArticle(f"No article {article_id!r} in this collection. `sources` lists the ids.")
        if not whole:
            raise UnknownArticle(f"Article {article_id!r} is incomplete in the store (an add was interrupted); "
                                 "add it again to repair it.")
        return Article(article_id, "".join(c.text for c in chunks), chunks[0].record.meta)

    def _read_by_ids(self, namespace: str, article_id: str) -> Article | None:
        """The article read by its chunks' ids (primary-key lookups: a metadata filter scans the whole
        collection), or None when it is not whole and visible (then the filtered read says why)."""
        first = self.store.get_by_ids(namespace, [chunk_id(article_id, 0)])
        if not first or not first[0].record.ready or not first[0].record.n_chunks:
            return None
        n = first[0].record.n_chunks
        rest = self.store.get_by_ids(namespace, [chunk_id(article_id, seq) for seq in range(1, n)]) if n > 1 else []
        chunks = sorted([first[0], *rest], key=lambda c: c.record.seq)
        if [c.record.seq for c in chunks] != list(range(n)) or not all(c.record.ready for c in chunks):
            return None
        return Article(article_id, "".join(c.text for c in chunks), chunks[0].record.meta)

    def articles(self, namespace: str, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``article_ids`` (each read once); ones removed meanwhile are left out."""
        found: dict[str, Article] = {}
        for article_id in dict.fromkeys(article_ids):
            try:
                found[article_id] = self.article(namespace, article_id)
            except UnknownArticle:
                log.info("article %s of %s is gone (removed by another process?): skipped", article_id, namespace)
        return found

    def passages(self, namespace: str, hits: list[Hit]) -> tuple[list[Hit], dict[str, Article]]:
        """The hits an answerer may quote (their articles still stored, sentence vectors filled in), and
        those articles, each read once."""
        articles = self.articles(namespace, [h.chunk.record.article_id for h in hits])
        return self.with_vectors(namespace, [h for h in hits if h.chunk.record.article_id in articles]), articles

    def with_vectors(self, namespace: str, hits: list[Hit]) -> list[Hit]:
        """The hits with their chunks' sentence vectors (the lexical index does not keep them): one read."""
        lacking = [h.chunk.id for h in hits if h.chunk.record.sentence_vectors is None]
        if not lacking:
            return hits
        fresh = {c.id: c for c in self.store.get_by_ids(namespace, lacking)}
        return [replace(h, chunk=fresh[h.chunk.id]) if h.chunk.id in fresh else h for h in hits]

    def quotations(self, namespace: str, article: Article) -> Sequence[Quotation]:
        """Who said what in a stored article: as stored at ingest, or computed from its text (older stores)."""
        rows = self.store.get_by_ids(namespace, [chunk_id(article.id, 0)])
        return stored_or_computed(rows[0].record.quotations if rows else None, article)
