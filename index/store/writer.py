"""Storing articles: chunk, embed, write crash-safely, with deduplication and versions — one or many at once.

* The same text again changes nothing (or links the new URL to the stored article).
* A URL whose text changed is stored as a new version; the old one stays quotable
  and is marked ``superseded_by``.
* A near-identical text (the same agency story on another outlet) is stored and reported.

Many articles are added in one go (:meth:`ArticleWriter.add_many`): the encoder runs over the
chunks of all of them in full batches, the store is written in pages, and every check that reads
the store (known texts, earlier versions, wire copies) is one call for the whole batch.

Crash safety, per article: chunks are written invisible (``ready=False``) and made visible in
pages that only ever hold whole articles, each article's first chunk last (it is what lists the
article), so an article is never half visible. Adding an interrupted article again repairs it:
when all its chunks are stored they are made visible; otherwise it is stored again (the same
deterministic ids are upserted).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from index.config import Settings
from index.ingest.attribution import quotations, to_json
from index.ingest.chunk import ChunkPlan, chunk_article
from index.models import AddResult, AddStatus, Article, ArticleInfo, ExtractedDocument, Progress, chunk_id, emit
from index.retrieval.embed import Encoder
from index.store.chroma import Store, StoredChunk
from index.store.dedup import near_duplicates, same_text_result
from index.store.records import ChunkRecord, url_key
from index.store.vectors import pack

log = logging.getLogger(__name__)

LoadArticle = Callable[[str, str], Article]
"""``(namespace, article_id) -> Article``."""
OnChange = Callable[[str, Sequence[StoredChunk], str | None], None]
"""Told about every write: ``(namespace, chunks added or rewritten, article removed or rewritten)``."""

FLIP_PAGE = 5000
"""Most chunks made visible in one store call (a page holds whole articles only)."""


def article_id_for(text: str) -> str:
    """Content-addressed article id: the same text always gets the same id."""
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def info_of(record: ChunkRecord) -> ArticleInfo:
    """The sources-list row of an article, from the record of one of its chunks."""
    return ArticleInfo(record.article_id, record.meta, record.n_chunks, record.chars)


@dataclass
class _New:
    """An article of the batch that is not stored yet."""

    position: int  # in the caller's list
    article_id: str
    doc: ExtractedDocument
    plans: list[ChunkPlan]
    previous: ArticleInfo | None = None
    chunks: list[StoredChunk] | None = None
    vectors: np.ndarray | None = None


class ArticleWriter:
    """Writes articles into a :class:`Store`; the caller serialises writes to one namespace."""

    def __init__(self, store: Store, encoder: Callable[[], Encoder], settings: Settings, *,
                 load_article: LoadArticle, on_change: OnChange) -> None:
        self._store = store
        self._encoder = encoder
        self._settings = settings
        self._load_article = load_article
        self._on_change = on_change

    def add(self, namespace: str, doc: ExtractedDocument, *, added_by: str | None = None,
            progress: Progress | None = None) -> AddResult:
        """Chunk, embed and store ``doc`` (see the module doc for duplicates and versions)."""
        return self.add_many(namespace, [doc], added_by=added_by, progress=progress)[0]

    def add_many(self, namespace: str, docs: Sequence[ExtractedDocument], *, added_by: str | None = None,
                 progress: Progress | None = None) -> list[AddResult]:
        """Store many articles with batched encoding and store calls; one result per document, in order."""
        now = datetime.now(UTC).replace(microsecond=0)
        docs = [replace(d, meta=replace(d.meta, added_by=d.meta.added_by or added_by, added_at=d.meta.added_at or now))
                for d in docs]
        ids = [article_id_for(d.text) for d in docs]
        broken, repaired = self._repair(namespace, list(dict.fromkeys(ids)))
        stored = {c.record.article_id: c.record
                  for c in self._store.get_by_ids(namespace, [chunk_id(a, 0) for a in dict.fromkeys(ids)])
                  if c.record.ready and c.record.article_id not in broken - repaired}
        results: list[AddResult | None] = [None] * len(docs)
        new: list[_New] = []
        for i, (doc, article_id) in enumerate(zip(docs, ids)):
            if article_id in stored or any(n.article_id == article_id for n in new):
                continue  # reported below, once the first copy is stored
            plans = chunk_article(article_id, doc.text, target_chars=self._settings.chunk_target_chars,
                                  max_chars=self._settings.chunk_max_chars)
            new.append(_New(i, article_id, doc, plans))
        emit(progress, "chunking", chunks=sum(len(n.plans) for n in new))
        self._versions(namespace, new)
        self._embed(new, progress)
        for position, result in self._store_all(namespace, new):
            results[position] = result
            emit(progress, "stored", chunks=result.chunks)
        for i, (doc, article_id) in enumerate(zip(docs, ids)):
            if results[i] is None:
                known = stored.get(article_id) or self._first_record(namespace, article_id)
                result = same_text_result(known, doc.meta, self.update_meta, namespace)
                results[i] = result
                if article_id in repaired and i == ids.index(article_id):
                    results[i] = replace(result, status=AddStatus.ADDED, message=(
                        f"Repaired {known.meta.title} ({article_id}): an earlier add was interrupted; "
                        f"all {known.n_chunks} chunks are quotable now."))
                emit(progress, "stored", chunks=known.n_chunks, duplicate=True)
        return [r for r in results if r is not None]

    def update_meta(self, namespace: str, article_id: str, **changes: object) -> None:
        """Change article-level metadata on every chunk of an article."""
        chunks = [replace(c, record=c.record.with_meta(**changes))
                  for c in self._store.chunks(namespace, article_id=article_id)]
        self._store.update_records(namespace, chunks)
        self._on_change(namespace, chunks, article_id)

    # -- the steps -----------------------------------------------------------------------------
    def _repair(self, namespace: str, article_ids: list[str]) -> tuple[set[str], set[str]]:
        """Of ``article_ids``, those left incomplete by an interrupted add, and those of them made whole
        here (every chunk was stored: only the flip to visible was missing). The others are stored again."""
        broken = self._store.incomplete_articles(namespace, article_ids)
        repaired: set[str] = set()
        for article_id in sorted(broken):
            chunks = self._store.chunks(namespace, article_id=article_id, ready_only=False)
            n = chunks[0].record.n_chunks if chunks else 0
            if n and len(chunks) == n and {c.record.seq for c in chunks} == set(range(n)):
                self._store.set_ready(namespace, [c for c in chunks if not c.record.ready])
                self._on_change(namespace, [replace(c, record=replace(c.record, ready=True)) for c in chunks], None)
                repaired.add(article_id)
                log.info("repaired %s in %s: made its %d stored chunks visible", article_id, namespace, n)
        return broken, repaired

    def _versions(self, namespace: str, new: list[_New]) -> None:
        """Articles whose URL is already stored (or earlier in the batch) become its next version."""
        keys = {url_key(u) for n in new if (u := n.doc.meta.canonical_url or n.doc.meta.url)}
        latest: dict[str, ArticleInfo] = {}
        adding = {n.article_id for n in new}
        for chunk in self._store.chunks(namespace, url_keys=sorted(keys), first_only=True, documents=False) if keys else []:
            if chunk.record.article_id in adding:
                continue  # an interrupted copy of an article being stored again is not its earlier version
            info = info_of(chunk.record)
            key = url_key(info.meta.canonical_url or info.meta.url or "")
            if key not in latest or info.meta.version > latest[key].meta.version:
                latest[key] = info
        for item in new:
            url = item.doc.meta.canonical_url or item.doc.meta.url
            if not url:
                continue
            key = url_key(url)
            item.previous = latest.get(key)
            if item.previous is not None:
                meta = replace(item.doc.meta, version=item.previous.meta.version + 1,
                               version_of=item.previous.article_id)
                item.doc = replace(item.doc, meta=meta)
            latest[key] = ArticleInfo(item.article_id, item.doc.meta, len(item.plans), len(item.doc.text))

    def _embed(self, new: list[_New], progress: Progress | None) -> None:
        """Chunk and sentence vectors for every new article, in full batches across articles."""
        jobs = [(item, plan) for item in new for plan in item.plans]
        texts, spans = [], []
        for item, plan in jobs:
            prefix = len(item.doc.meta.title) + 1
            texts.append(f"{item.doc.meta.title}\n{plan.chunk.text}")
            spans.append([(s - plan.chunk.start + prefix, e - plan.chunk.start + prefix)
                          for s, e in plan.sentence_spans])
        batch = max(self._settings.embedding_batch_size, 1) * 4
        vectors: list[np.ndarray] = []
        sentence_vectors: list[np.ndarray] = []
        for i in range(0, len(texts), batch):
            chunk_vectors, span_vectors = self._encoder().encode_passages(texts[i : i + batch], spans[i : i + batch])
            vectors.append(chunk_vectors)
            sentence_vectors.extend(span_vectors)
            emit(progress, "embedding", done=min(i + batch, len(texts)), total=len(texts))
        flat = np.concatenate(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)
        k = 0
        for item in new:
            n = len(item.plans)
            item.vectors = flat[k : k + n]
            item.chunks = [
                StoredChunk(p.chunk.id, p.chunk.text, ChunkRecord(
                    article_id=item.article_id, seq=p.chunk.seq, start=p.chunk.start, end=p.chunk.end,
                    paragraph=p.chunk.paragraph, n_chunks=n, chars=len(item.doc.text),
                    sentences=p.sentence_spans, meta=item.doc.meta, ready=False,
                    sentence_vectors=pack(sentence_vectors[k + j]),
                    quotations=to_json(quotations(item.doc.text)) if p.chunk.seq == 0 else None))
                for j, p in enumerate(item.plans)
            ]
            k += n

    def _store_all(self, namespace: str, new: list[_New]) -> list[tuple[int, AddResult]]:
        """Write every new article invisible, make them visible a page of whole articles at a time."""
        near = {}
        for item in new:
            assert item.vectors is not None
            exclude = {item.article_id} | ({item.previous.article_id} if item.previous else set())
            earlier = [(o.article_id, o.doc, o.vectors) for o in new if o.position < item.position]
            near[item.article_id] = near_duplicates(
                self._store, namespace, item.doc.text, item.vectors, exclude=exclude,
                load=lambda aid: self._load_article(namespace, aid), batch=earlier)
        chunks = [c for item in new for c in item.chunks or []]
        if chunks:
            self._store.upsert(namespace, chunks, np.concatenate([item.vectors for item in new if item.vectors is not None]))
        for page in _whole_article_pages([item.chunks or [] for item in new]):
            self._store.set_ready(namespace, page)
        results = []
        for item in new:
            visible = [replace(c, record=replace(c.record, ready=True)) for c in item.chunks or []]
            self._on_change(namespace, visible, None)
            if item.previous is not None:
                self.update_meta(namespace, item.previous.article_id, superseded_by=item.article_id)
            log.info("added %s (%d chunks) to %s by %s", item.article_id, len(visible), namespace,
                     item.doc.meta.added_by)
            results.append((item.position, _added(item, near[item.article_id])))
        return results

    def _first_record(self, namespace: str, article_id: str) -> ChunkRecord:
        rows = self._store.get_by_ids(namespace, [chunk_id(article_id, 0)])
        return rows[0].record


def _whole_article_pages(articles: list[list[StoredChunk]]) -> list[list[StoredChunk]]:
    """Chunks in pages of at most :data:`FLIP_PAGE` that never split an article (a longer one is its own page)."""
    pages: list[list[StoredChunk]] = [[]]
    for chunks in articles:
        if pages[-1] and len(pages[-1]) + len(chunks) > FLIP_PAGE:
            pages.append([])
        pages[-1].extend(chunks)
    return [p for p in pages if p]


def _added(item: _New, near: list[ArticleInfo]) -> AddResult:
    meta = item.doc.meta
    message = f"Added {meta.title} as {item.article_id}."
    status = AddStatus.ADDED
    if item.previous is not None:
        status = AddStatus.NEW_VERSION
        message = (f"The page changed since it was added: stored as version {meta.version} ({item.article_id}); "
                   f"the earlier version {item.previous.article_id} stays quotable.")
    if near:
        titles = ", ".join(f"{info.article_id} ({info.meta.title})" for info in near)
        message += f" It looks like the same story as {titles} (a wire copy?)."
    if meta.published is None:
        message += " No publication date was found in it, so date filters (since/until) leave it out."
    return AddResult(status, item.article_id, meta, len(item.plans), message=message,
                     near_duplicates=tuple(info.article_id for info in near))
