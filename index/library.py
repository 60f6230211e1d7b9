"""The facade every front end uses: add / ask / check / sources / remove, per namespace.

All methods are synchronous and may block (embedding, Chroma, fetching):
async callers run them in a worker thread. Data flows one way:
front end -> Library -> engine modules -> Chroma.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from index import extract
from index.answer import NO_ANSWER, ExtractiveAnswerer, format_sentence_spans
from index.chunk import chunk_article
from index.config import Settings, get_settings
from index.embed import SentenceEmbedder, shared_embedder
from index.errors import BadInput, TooLarge, UnknownArticle
from index.models import (
    AddResult,
    AddStatus,
    Answer,
    Article,
    ArticleInfo,
    ArticleMeta,
    ExtractedDocument,
    SearchFilters,
    Source,
    Verdict,
    chunk_id,
)
from index.quotes import check_quote, ellipsis_pieces, normalize
from index.records import meta_to_record, record_to_meta, url_key
from index.search import HybridSearcher
from index.store import Store, StoredChunk, connect

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, dict], None]
"""Called with a stage ("extracting", "chunking", "embedding", "stored") and counts."""


def article_id_for(text: str) -> str:
    """Content-addressed article id: the same text always gets the same id."""
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def vector_space(settings: Settings) -> str:
    """What a collection's vectors are comparable with: the model, and int8 when quantised
    (torch and fp32 ONNX give the same vectors; int8 ones differ slightly and must not be mixed)."""
    return settings.embedding_model + ("#int8" if settings.embedding_backend == "onnx-int8" else "")


class Library:
    """One QuoteDesk collection per namespace (a Discord guild, or the CLI's default)."""

    def __init__(self, settings: Settings | None = None, *, embedder: SentenceEmbedder | None = None, client=None) -> None:
        self.settings = settings or get_settings()
        self._embedder = embedder
        self.store = Store(client or connect(self.settings), embedding_model=vector_space(self.settings))
        self.searcher = HybridSearcher(self.store, self.encode, candidates=self.settings.candidates,
                                       recency_weight=self.settings.recency_weight)
        self.answerer = ExtractiveAnswerer(
            self.encode, min_relevance=self.settings.min_relevance, max_quotes=self.settings.max_quotes
        )
        self._write_lock = threading.Lock()

    # -- the model is loaded on first use, so `sources`/`remove` start fast --
    @property
    def embedder(self) -> SentenceEmbedder:
        if self._embedder is None:
            s = self.settings
            self._embedder = shared_embedder(s.embedding_model, s.embedding_backend, s.embedding_batch_size)
        return self._embedder

    def encode(self, texts: list[str]):
        return self.embedder.encode(texts)

    # -- adding ---------------------------------------------------------------
    def add_text(self, namespace: str, text: str, *, meta: ArticleMeta | None = None,
                 progress: ProgressFn | None = None) -> AddResult:
        """Store raw text as an article (title from ``meta`` or the text's first line)."""
        _emit(progress, "extracting", {})
        doc = extract.extract_text(text, title=meta.title if meta else None, url=meta.url if meta else None)
        if meta:
            doc = ExtractedDocument(doc.text, _merge_meta(doc.meta, meta))
        return self.add_document(namespace, doc, progress=progress)

    def add_file(self, namespace: str, path: Path, *, added_by: str | None = None,
                 progress: ProgressFn | None = None) -> AddResult:
        """Store a .txt/.md/.html/.pdf file."""
        path = Path(path)
        if not path.is_file():
            raise BadInput(f"No such file: {path}")
        if path.stat().st_size > self.settings.max_upload_bytes:
            raise TooLarge(f"{path.name} is larger than {self.settings.max_upload_bytes:,} bytes.")
        return self.add_bytes(namespace, path.read_bytes(), filename=path.name, added_by=added_by, progress=progress)

    def add_bytes(self, namespace: str, data: bytes, *, filename: str, content_type: str | None = None,
                  added_by: str | None = None, progress: ProgressFn | None = None) -> AddResult:
        """Store an uploaded file's bytes (e.g. a Discord attachment)."""
        if len(data) > self.settings.max_upload_bytes:
            raise TooLarge(f"{filename} is larger than {self.settings.max_upload_bytes:,} bytes.")
        _emit(progress, "extracting", {"bytes": len(data)})
        doc = extract.extract_bytes(data, filename=filename, content_type=content_type)
        return self.add_document(namespace, doc, added_by=added_by, progress=progress)

    def add_url(self, namespace: str, url: str, *, added_by: str | None = None,
                progress: ProgressFn | None = None) -> AddResult:
        """Fetch a URL safely, extract the article and store it."""
        from index.fetch import fetch_url

        _emit(progress, "fetching", {"url": url})
        page = fetch_url(url, self.settings)
        _emit(progress, "extracting", {"bytes": len(page.data)})
        doc = extract.extract_bytes(page.data, content_type=page.content_type, url=page.url)
        if not doc.meta.url:
            doc = ExtractedDocument(doc.text, replace(doc.meta, url=page.url))
        return self.add_document(namespace, doc, added_by=added_by, progress=progress)

    def add_document(self, namespace: str, doc: ExtractedDocument, *, added_by: str | None = None,
                     progress: ProgressFn | None = None) -> AddResult:
        """Chunk, embed and store an extracted document, with deduplication.

        The same text again changes nothing (or links the new URL to it); a URL
        whose text changed is stored as a new version and the old one stays
        quotable; a near-identical text (wire copy) is stored and reported.
        """
        if not doc.text.strip():
            raise BadInput("The article text is empty.")
        article_id = article_id_for(doc.text)
        meta = replace(doc.meta, added_by=doc.meta.added_by or added_by,
                       added_at=doc.meta.added_at or datetime.now(timezone.utc).replace(microsecond=0))
        with self._write_lock:
            existing = self._first_chunk(namespace, article_id)
            if existing is not None:
                return self._same_text(namespace, article_id, existing, meta, progress)
            previous = self._latest_version(namespace, meta)
            if previous is not None:
                meta = replace(meta, version=previous.meta.version + 1, version_of=previous.article_id)
            plans = chunk_article(article_id, doc.text, target_chars=self.settings.chunk_target_chars,
                                  max_chars=self.settings.chunk_max_chars)
            _emit(progress, "chunking", {"chunks": len(plans)})
            vectors = self._embed_chunks([f"{meta.title}\n{p.chunk.text}" for p in plans], progress)
            near = self._near_duplicates(namespace, doc.text, vectors, exclude={previous.article_id} if previous else set())
            article_record = meta_to_record(meta)
            records = [
                {
                    **article_record,
                    "article_id": article_id,
                    "seq": p.chunk.seq,
                    "start": p.chunk.start,
                    "end": p.chunk.end,
                    "paragraph": p.chunk.paragraph,
                    "n_chunks": len(plans),
                    "chars": len(doc.text),
                    "sentences": format_sentence_spans(p.sentence_spans),
                    "ready": False,
                }
                for p in plans
            ]
            ids = [p.chunk.id for p in plans]
            self.store.upsert(namespace, ids, [p.chunk.text for p in plans], vectors, records)
            self.store.set_ready(namespace, ids, records)
            self.searcher.note_change(namespace, added=[StoredChunk(i, p.chunk.text, {**r, "ready": True})
                                                        for i, p, r in zip(ids, plans, records)])
            if previous is not None:
                self._update_article_meta(namespace, previous.article_id, superseded_by=article_id)
        _emit(progress, "stored", {"chunks": len(plans)})
        log.info("added %s (%d chunks) to %s by %s", article_id, len(plans), namespace, meta.added_by)
        message = f"Added {meta.title} as {article_id}."
        status = AddStatus.ADDED
        if previous is not None:
            status = AddStatus.NEW_VERSION
            message = (f"The page changed since it was added: stored as version {meta.version} ({article_id}); "
                       f"the earlier version {previous.article_id} stays quotable.")
        if near:
            titles = ", ".join(f"{info.article_id} ({info.meta.title})" for info in near)
            message += f" It looks like the same story as {titles} (a wire copy?)."
        return AddResult(status, article_id, meta, len(plans), message=message,
                         near_duplicates=tuple(info.article_id for info in near))

    def _same_text(self, namespace: str, article_id: str, record: dict, meta: ArticleMeta,
                   progress: ProgressFn | None) -> AddResult:
        """The text is already stored: report it, and link a new URL to it."""
        known = record_to_meta(record)
        chunks = int(record.get("n_chunks", 0))
        _emit(progress, "stored", {"chunks": chunks, "duplicate": True})
        new_url = meta.canonical_url or meta.url
        known_keys = {url_key(u) for u in (known.url, known.canonical_url, *known.duplicate_urls) if u}
        if new_url and url_key(new_url) not in known_keys:
            linked = replace(known, duplicate_urls=(*known.duplicate_urls, new_url))
            self._update_article_meta(namespace, article_id, duplicate_urls="\n".join(linked.duplicate_urls))
            return AddResult(AddStatus.DUPLICATE_LINKED, article_id, linked, chunks,
                             message=f"Same text is already in the collection as {article_id} ({known.title}); "
                                     f"linked {new_url} to it instead of storing it twice.")
        return AddResult(AddStatus.ALREADY_PRESENT, article_id, known, chunks,
                         message=f"Already in the collection as {article_id} ({known.title}).")

    def _latest_version(self, namespace: str, meta: ArticleMeta) -> ArticleInfo | None:
        """The newest stored article from the same URL, if any."""
        url = meta.canonical_url or meta.url
        if not url:
            return None
        rows = self.store.get(namespace, {"$and": [{"url_key": url_key(url)}, {"seq": 0}]}, documents=False)
        return max((_info(r.meta) for r in rows), key=lambda i: i.meta.version, default=None)

    def _near_duplicates(self, namespace: str, text: str, vectors, *, exclude: set[str]) -> list[ArticleInfo]:
        """Stored articles whose text is nearly the same (the same agency story on another outlet)."""
        if not len(vectors) or self.store.count(namespace) == 0:
            return []
        candidates = {c.meta["article_id"] for c, sim in self.store.query(namespace, vectors[0], 5) if sim >= 0.9}
        found = []
        normalized = normalize(text)
        for candidate in sorted(candidates - exclude):
            other = self.article(namespace, candidate)
            if fuzz.ratio(normalized, normalize(other.text), score_cutoff=90):
                found.append(ArticleInfo(candidate, other.meta, 0, len(other.text)))
        return found

    def _update_article_meta(self, namespace: str, article_id: str, **fields) -> None:
        chunks = self.store.get(namespace, {"article_id": article_id})
        updated = [StoredChunk(c.id, c.text, {**c.meta, **fields}) for c in chunks]
        self.store.update_metadata(namespace, [c.id for c in updated], [c.meta for c in updated])
        self.searcher.note_change(namespace, added=updated, removed_article=article_id)

    def _embed_chunks(self, texts: list[str], progress: ProgressFn | None) -> np.ndarray:
        batch = max(self.settings.embedding_batch_size, 1) * 4
        parts = []
        for i in range(0, len(texts), batch):
            parts.append(self.encode(texts[i : i + batch]))
            _emit(progress, "embedding", {"done": min(i + batch, len(texts)), "total": len(texts)})
        return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)

    def _first_chunk(self, namespace: str, article_id: str) -> dict | None:
        rows = self.store.get_by_ids(namespace, [chunk_id(article_id, 0)])
        return rows[0].meta if rows and rows[0].meta.get("ready") else None

    # -- reading ----------------------------------------------------------------
    def ask(self, namespace: str, question: str, *, filters: SearchFilters | None = None,
            as_of: date | None = None, progress: Callable[[str], None] | None = None) -> Answer:
        """Answer with verbatim quotes, or abstain.

        With a language model configured (``settings.llm``, or an ``llm_answerer``
        attribute set on this library), the model writes the answer and every quote
        in it is verified (index/llm.py); the extractive answer is the fallback.
        ``progress(stage)`` is called with "writing" / "checking" in that mode.
        """
        question = question.strip()
        if len(question) < 3:
            raise BadInput("Ask a question (at least a few words).")
        vector = self.encode([question])[0]
        hits = self.searcher.search(namespace, question, k=self.settings.passages, filters=filters,
                                    as_of=as_of, query_vector=vector)
        if not hits:
            return Answer(question=question, quotes=(), sources=(), abstained=True, reason=NO_ANSWER)
        load = lambda aid: self.article(namespace, aid)  # noqa: E731
        llm = getattr(self, "llm_answerer", None)
        if llm is None and self.settings.llm:
            from index.llm import LLMAnswerer

            llm = LLMAnswerer.from_settings(self.settings, fallback=self.answerer)
        if llm is not None:
            return llm.answer(question, vector, hits, load, progress=progress)
        return self.answerer.answer(question, vector, hits, load)

    def check(self, namespace: str, quote: str, *, article_id: str | None = None) -> Verdict:
        """Did the collection (or the named article) really say this?"""
        if len(quote.strip()) < 2:
            raise BadInput("Paste the quote to check.")
        if article_id:
            self.article(namespace, article_id)  # raises UnknownArticle with a clear message
        candidate_ids: list[str] = []
        pieces = ellipsis_pieces(quote)
        searched = [p for p in pieces if len(p.split()) >= 3] if len(pieces) > 1 else []
        for piece in [quote, *searched]:
            hits = self.searcher.search(namespace, piece, k=max(self.settings.passages, 12))
            candidate_ids.extend(h.chunk.meta["article_id"] for h in hits)
        candidate_ids = list(dict.fromkeys(candidate_ids))[:10]
        if article_id and article_id not in candidate_ids:
            candidate_ids.insert(0, article_id)
        articles = [self.article(namespace, aid) for aid in candidate_ids]
        return check_quote(
            quote,
            articles,
            named_article_id=article_id,
            embed=self.encode,
            cite=lambda a: Source(number=1, article_id=a.id, meta=a.meta),
        )

    def sources(self, namespace: str, query: str | None = None) -> list[ArticleInfo]:
        """Articles in the collection, newest first; ``query`` filters by title, outlet or id."""
        infos = [_info(c.meta) for c in self.store.get(namespace, {"seq": 0}, documents=False)]
        if query:
            needle = query.casefold()
            infos = [i for i in infos if needle in f"{i.meta.title} {i.meta.outlet or ''} {i.article_id}".casefold()]
        return sorted(infos, key=lambda i: (i.meta.published or date.min, i.meta.added_at or datetime.min.replace(tzinfo=timezone.utc)), reverse=True)

    def article(self, namespace: str, article_id: str) -> Article:
        """The full stored article: its text reassembled from its chunks, byte for byte."""
        chunks = sorted(self.store.get(namespace, {"article_id": article_id}), key=lambda c: c.meta["seq"])
        if not chunks:
            raise UnknownArticle(f"No article {article_id!r} in this collection. `sources` lists the ids.")
        expected = int(chunks[0].meta.get("n_chunks", len(chunks)))
        if len(chunks) != expected:
            raise UnknownArticle(f"Article {article_id!r} is incomplete in the store; add it again to repair it.")
        return Article(article_id, "".join(c.text for c in chunks), record_to_meta(chunks[0].meta))

    def remove(self, namespace: str, article_id: str) -> ArticleInfo:
        """Delete an article; it is never served again."""
        article = self.article(namespace, article_id)
        with self._write_lock:
            self.store.delete_article(namespace, article_id)
            self.searcher.note_change(namespace, removed_article=article_id)
        log.info("removed %s (%s) from %s", article_id, article.meta.title, namespace)
        return ArticleInfo(article_id, article.meta, 0, len(article.text))


def _info(record: dict) -> ArticleInfo:
    """The sources-list row of an article, from the metadata of one of its chunks."""
    return ArticleInfo(record["article_id"], record_to_meta(record), int(record.get("n_chunks", 0)),
                       int(record.get("chars", 0)))


def _merge_meta(extracted: ArticleMeta, given: ArticleMeta) -> ArticleMeta:
    """Metadata given by the caller wins over what extraction found."""
    fields = {k: v for k, v in given.__dict__.items() if v not in (None, "", ())}
    return replace(extracted, **fields)


def _emit(progress: ProgressFn | None, stage: str, counts: dict) -> None:
    if progress is not None:
        progress(stage, counts)
