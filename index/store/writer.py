"""Storing an article: chunk, embed, write crash-safely, with deduplication and versions.

* The same text again changes nothing (or links the new URL to the stored article).
* A URL whose text changed is stored as a new version; the old one stays quotable
  and is marked ``superseded_by``.
* A near-identical text (the same agency story on another outlet) is stored and reported.

Crash safety: an article's chunks are written invisible (``ready=False``) and made
visible only once all of them are stored; re-running an interrupted add upserts
the same deterministic ids.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
from rapidfuzz import fuzz

from index.config import Settings
from index.ingest.chunk import chunk_article
from index.models import (
    AddResult,
    AddStatus,
    Article,
    ArticleInfo,
    ArticleMeta,
    ExtractedDocument,
    Progress,
    chunk_id,
    emit,
)
from index.quotes.normalize import normalize
from index.store.chroma import Store, StoredChunk
from index.store.records import ChunkRecord, url_key

log = logging.getLogger(__name__)

Encode = Callable[[list[str]], np.ndarray]
LoadArticle = Callable[[str, str], Article]
"""``(namespace, article_id) -> Article``."""
OnChange = Callable[[str, Sequence[StoredChunk], str | None], None]
"""Told about every write: ``(namespace, chunks added or rewritten, article removed or rewritten)``."""


def article_id_for(text: str) -> str:
    """Content-addressed article id: the same text always gets the same id."""
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def info_of(record: ChunkRecord) -> ArticleInfo:
    """The sources-list row of an article, from the record of one of its chunks."""
    return ArticleInfo(record.article_id, record.meta, record.n_chunks, record.chars)


class ArticleWriter:
    """Writes articles into a :class:`Store`; the caller serialises writes to one namespace."""

    def __init__(self, store: Store, encode: Encode, settings: Settings, *, load_article: LoadArticle,
                 on_change: OnChange) -> None:
        self._store = store
        self._encode = encode
        self._settings = settings
        self._load_article = load_article
        self._on_change = on_change

    def add(self, namespace: str, doc: ExtractedDocument, *, added_by: str | None = None,
            progress: Progress | None = None) -> AddResult:
        """Chunk, embed and store ``doc`` (see the module doc for duplicates and versions)."""
        article_id = article_id_for(doc.text)
        meta = replace(doc.meta, added_by=doc.meta.added_by or added_by,
                       added_at=doc.meta.added_at or datetime.now(UTC).replace(microsecond=0))
        existing = self._first_chunk(namespace, article_id)
        if existing is not None:
            return self._same_text(namespace, existing, meta, progress)
        previous = self._latest_version(namespace, meta)
        if previous is not None:
            meta = replace(meta, version=previous.meta.version + 1, version_of=previous.article_id)
        plans = chunk_article(article_id, doc.text, target_chars=self._settings.chunk_target_chars,
                              max_chars=self._settings.chunk_max_chars)
        emit(progress, "chunking", chunks=len(plans))
        vectors = self._embed([f"{meta.title}\n{p.chunk.text}" for p in plans], progress)
        near = self._near_duplicates(namespace, doc.text, vectors,
                                     exclude={previous.article_id} if previous else set())
        chunks = [
            StoredChunk(p.chunk.id, p.chunk.text, ChunkRecord(
                article_id=article_id, seq=p.chunk.seq, start=p.chunk.start, end=p.chunk.end,
                paragraph=p.chunk.paragraph, n_chunks=len(plans), chars=len(doc.text),
                sentences=p.sentence_spans, meta=meta, ready=False))
            for p in plans
        ]
        self._store.upsert(namespace, chunks, vectors)
        self._store.set_ready(namespace, chunks)
        self._on_change(namespace, [replace(c, record=replace(c.record, ready=True)) for c in chunks], None)
        if previous is not None:
            self.update_meta(namespace, previous.article_id, superseded_by=article_id)
        emit(progress, "stored", chunks=len(plans))
        log.info("added %s (%d chunks) to %s by %s", article_id, len(plans), namespace, meta.added_by)
        return _added(article_id, meta, len(plans), previous, near)

    def update_meta(self, namespace: str, article_id: str, **changes: object) -> None:
        """Change article-level metadata on every chunk of an article."""
        chunks = [replace(c, record=c.record.with_meta(**changes))
                  for c in self._store.chunks(namespace, article_id=article_id)]
        self._store.update_records(namespace, chunks)
        self._on_change(namespace, chunks, article_id)

    # -- duplicates and versions --------------------------------------------------------------
    def _first_chunk(self, namespace: str, article_id: str) -> ChunkRecord | None:
        rows = self._store.get_by_ids(namespace, [chunk_id(article_id, 0)])
        return rows[0].record if rows and rows[0].record.ready else None

    def _same_text(self, namespace: str, known: ChunkRecord, meta: ArticleMeta,
                   progress: Progress | None) -> AddResult:
        """The text is already stored: report it, and link a new URL to it."""
        emit(progress, "stored", chunks=known.n_chunks, duplicate=True)
        stored = known.meta
        new_url = meta.canonical_url or meta.url
        known_keys = {url_key(u) for u in (stored.url, stored.canonical_url, *stored.duplicate_urls) if u}
        if new_url and url_key(new_url) not in known_keys:
            linked = replace(stored, duplicate_urls=(*stored.duplicate_urls, new_url))
            self.update_meta(namespace, known.article_id, duplicate_urls=linked.duplicate_urls)
            return AddResult(AddStatus.DUPLICATE_LINKED, known.article_id, linked, known.n_chunks,
                             message=f"Same text is already in the collection as {known.article_id} "
                                     f"({stored.title}); linked {new_url} to it instead of storing it twice.")
        return AddResult(AddStatus.ALREADY_PRESENT, known.article_id, stored, known.n_chunks,
                         message=f"Already in the collection as {known.article_id} ({stored.title}).")

    def _latest_version(self, namespace: str, meta: ArticleMeta) -> ArticleInfo | None:
        """The newest stored article from the same URL, if any."""
        url = meta.canonical_url or meta.url
        if not url:
            return None
        rows = self._store.chunks(namespace, url_key=url_key(url), first_only=True, documents=False)
        return max((info_of(r.record) for r in rows), key=lambda i: i.meta.version, default=None)

    def _near_duplicates(self, namespace: str, text: str, vectors: np.ndarray, *,
                         exclude: set[str]) -> list[ArticleInfo]:
        """Stored articles whose text is nearly the same (the same agency story on another outlet)."""
        if not len(vectors) or self._store.count(namespace) == 0:
            return []
        close = {c.record.article_id for c, sim in self._store.query(namespace, vectors[0], 5) if sim >= 0.9}
        found = []
        normalized = normalize(text)
        for candidate in sorted(close - exclude):
            other = self._load_article(namespace, candidate)
            if fuzz.ratio(normalized, normalize(other.text), score_cutoff=90):
                found.append(ArticleInfo(candidate, other.meta, 0, len(other.text)))
        return found

    def _embed(self, texts: list[str], progress: Progress | None) -> np.ndarray:
        batch = max(self._settings.embedding_batch_size, 1) * 4
        parts = []
        for i in range(0, len(texts), batch):
            parts.append(self._encode(texts[i : i + batch]))
            emit(progress, "embedding", done=min(i + batch, len(texts)), total=len(texts))
        return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)


def _added(article_id: str, meta: ArticleMeta, chunks: int, previous: ArticleInfo | None,
           near: list[ArticleInfo]) -> AddResult:
    message = f"Added {meta.title} as {article_id}."
    status = AddStatus.ADDED
    if previous is not None:
        status = AddStatus.NEW_VERSION
        message = (f"The page changed since it was added: stored as version {meta.version} ({article_id}); "
                   f"the earlier version {previous.article_id} stays quotable.")
    if near:
        titles = ", ".join(f"{info.article_id} ({info.meta.title})" for info in near)
        message += f" It looks like the same story as {titles} (a wire copy?)."
    return AddResult(status, article_id, meta, chunks, message=message,
                     near_duplicates=tuple(info.article_id for info in near))
