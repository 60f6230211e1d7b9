"""The facade every front end uses: add / ask / check / sources / remove, per namespace.

All methods are synchronous and may block (embedding, Chroma, fetching):
async callers run them in a worker thread. Data flows one way:
front end -> Library -> engine modules -> Chroma.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from index.answer.citations import LoadArticle
from index.answer.extractive import NO_ANSWER, ExtractiveAnswerer
from index.config import Settings, get_settings
from index.errors import BadInput, TooLarge, UnknownArticle
from index.ingest.convert import extract_bytes
from index.ingest.fetch import fetch_document
from index.ingest.plaintext import extract_text
from index.models import (
    AddResult,
    Answer,
    Article,
    ArticleInfo,
    ArticleMeta,
    ExtractedDocument,
    Progress,
    SearchFilters,
    Source,
    Verdict,
    emit,
)
from index.quotes.checker import check_quote
from index.quotes.locate import ellipsis_pieces
from index.retrieval.embed import Encoder, shared_embedder
from index.retrieval.hybrid import Hit, HybridSearcher
from index.store.chroma import Store, StoredChunk, connect
from index.store.writer import ArticleWriter, info_of

if TYPE_CHECKING:
    from index.feeds.service import Feeds

log = logging.getLogger(__name__)


class Answerer(Protocol):
    """Writes an answer from retrieved passages (the language-model answerer implements this)."""

    def answer(self, question: str, question_vector: np.ndarray, hits: list[Hit], load_article: LoadArticle,
               *, progress: Progress | None = None) -> Answer: ...


def vector_space(settings: Settings) -> str:
    """What a collection's vectors are comparable with: the model, and int8 when quantised
    (torch and fp32 ONNX give the same vectors; int8 ones differ slightly and must not be mixed)."""
    return settings.embedding_model + ("#int8" if settings.embedding_backend == "onnx-int8" else "")


class Library:
    """One QuoteDesk collection per namespace (a Discord guild, or the CLI's default).

    ``llm_answerer`` writes answers in prose (every quote verified); without one the
    answer is extractive. :meth:`from_settings` builds it from ``settings.llm``.
    """

    def __init__(self, settings: Settings | None = None, *, embedder: Encoder | None = None,
                 client: Any = None, llm_answerer: Answerer | None = None) -> None:
        self.settings = settings or get_settings()
        self._embedder = embedder
        self.store = Store(client or connect(self.settings), embedding_model=vector_space(self.settings))
        self.searcher = HybridSearcher(self.store, self.encode, candidates=self.settings.candidates,
                                       recency_weight=self.settings.recency_weight)
        self.answerer = ExtractiveAnswerer(
            self.encode, min_relevance=self.settings.min_relevance, max_quotes=self.settings.max_quotes
        )
        self.llm_answerer = llm_answerer
        self.writer = ArticleWriter(self.store, self.encode, self.settings, load_article=self.article,
                                    on_change=self._changed)
        self._write_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> Library:
        """A library with the language-model answerer ``settings.llm`` names, if any."""
        library = cls(settings, **kwargs)
        if library.settings.llm and library.llm_answerer is None:
            from index.answer.llm.answerer import LLMAnswerer

            library.llm_answerer = LLMAnswerer.from_settings(library.settings, fallback=library.answerer)
        return library

    # -- the model is loaded on first use, so `sources`/`remove` start fast --
    @property
    def embedder(self) -> Encoder:
        if self._embedder is None:
            s = self.settings
            self._embedder = shared_embedder(s.embedding_model, s.embedding_backend, s.embedding_batch_size)
        return self._embedder

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    # -- adding ---------------------------------------------------------------
    def add_text(self, namespace: str, text: str, *, meta: ArticleMeta | None = None,
                 progress: Progress | None = None) -> AddResult:
        """Store raw text as an article (title from ``meta`` or the text's first line)."""
        emit(progress, "extracting")
        doc = extract_text(text, title=meta.title if meta else None, url=meta.url if meta else None)
        if meta:
            doc = ExtractedDocument(doc.text, _merge_meta(doc.meta, meta))
        return self.add_document(namespace, doc, progress=progress)

    def add_file(self, namespace: str, path: Path, *, added_by: str | None = None,
                 progress: Progress | None = None) -> AddResult:
        """Store a .txt/.md/.html/.pdf file."""
        path = Path(path)
        if not path.is_file():
            raise BadInput(f"No such file: {path}")
        if path.stat().st_size > self.settings.max_upload_bytes:
            raise TooLarge(f"{path.name} is larger than {self.settings.max_upload_bytes:,} bytes.")
        return self.add_bytes(namespace, path.read_bytes(), filename=path.name, added_by=added_by, progress=progress)

    def add_bytes(self, namespace: str, data: bytes, *, filename: str, content_type: str | None = None,
                  added_by: str | None = None, progress: Progress | None = None) -> AddResult:
        """Store an uploaded file's bytes (e.g. a Discord attachment)."""
        if len(data) > self.settings.max_upload_bytes:
            raise TooLarge(f"{filename} is larger than {self.settings.max_upload_bytes:,} bytes.")
        emit(progress, "extracting", bytes=len(data))
        doc = extract_bytes(data, filename=filename, content_type=content_type)
        return self.add_document(namespace, doc, added_by=added_by, progress=progress)

    def add_url(self, namespace: str, url: str, *, added_by: str | None = None,
                progress: Progress | None = None) -> AddResult:
        """Fetch a URL safely, extract the article and store it."""
        doc = fetch_document(url, self.settings, progress=progress)
        return self.add_document(namespace, doc, added_by=added_by, progress=progress)

    def add_document(self, namespace: str, doc: ExtractedDocument, *, added_by: str | None = None,
                     progress: Progress | None = None) -> AddResult:
        """Chunk, embed and store an extracted document, with deduplication and versions."""
        if not doc.text.strip():
            raise BadInput("The article text is empty.")
        with self._write_lock:
            return self.writer.add(namespace, doc, added_by=added_by, progress=progress)

    @cached_property
    def feeds(self) -> Feeds:
        """The feeds each namespace follows (add / subscriptions / remove / poll): index/feeds."""
        from index.feeds.service import Feeds

        return Feeds(self)

    def _changed(self, namespace: str, chunks: Sequence[StoredChunk], removed_article: str | None) -> None:
        self.searcher.note_change(namespace, added=list(chunks), removed_article=removed_article)

    # -- reading ----------------------------------------------------------------
    def ask(self, namespace: str, question: str, *, filters: SearchFilters | None = None,
            as_of: date | None = None, progress: Progress | None = None) -> Answer:
        """Answer with verbatim quotes, or abstain.

        With a language-model answerer, the model writes the answer and every quote in it is
        verified (index/answer/llm); it reports "writing" / "checking" to ``progress``.
        """
        question = question.strip()
        if len(question) < 3:
            raise BadInput("Ask a question (at least a few words).")
        vector = self.encode([question])[0]
        hits = self.searcher.search(namespace, question, k=self.settings.passages, filters=filters,
                                    as_of=as_of, query_vector=vector)
        if not hits:
            return Answer(question=question, quotes=(), sources=(), abstained=True, reason=NO_ANSWER)

        def load(article_id: str) -> Article:
            return self.article(namespace, article_id)

        if self.llm_answerer is not None:
            return self.llm_answerer.answer(question, vector, hits, load, progress=progress)
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
            candidate_ids.extend(h.chunk.record.article_id for h in hits)
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
        infos = [info_of(c.record) for c in self.store.chunks(namespace, first_only=True, documents=False)]
        if query:
            needle = query.casefold()
            infos = [i for i in infos if needle in f"{i.meta.title} {i.meta.outlet or ''} {i.article_id}".casefold()]
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(infos, key=lambda i: (i.meta.published or date.min, i.meta.added_at or oldest), reverse=True)

    def article(self, namespace: str, article_id: str) -> Article:
        """The full stored article: its text reassembled from its chunks, byte for byte."""
        chunks = sorted(self.store.chunks(namespace, article_id=article_id), key=lambda c: c.record.seq)
        if not chunks:
            raise UnknownArticle(f"No article {article_id!r} in this collection. `sources` lists the ids.")
        if len(chunks) != (chunks[0].record.n_chunks or len(chunks)):
            raise UnknownArticle(f"Article {article_id!r} is incomplete in the store; add it again to repair it.")
        return Article(article_id, "".join(c.text for c in chunks), chunks[0].record.meta)

    def remove(self, namespace: str, article_id: str) -> ArticleInfo:
        """Delete an article; it is never served again."""
        article = self.article(namespace, article_id)
        with self._write_lock:
            self.store.delete_article(namespace, article_id)
            self.searcher.note_change(namespace, removed_article=article_id)
        log.info("removed %s (%s) from %s", article_id, article.meta.title, namespace)
        return ArticleInfo(article_id, article.meta, 0, len(article.text))


def _merge_meta(extracted: ArticleMeta, given: ArticleMeta) -> ArticleMeta:
    """Metadata given by the caller wins over what extraction found."""
    fields = {k: v for k, v in given.__dict__.items() if v not in (None, "", ())}
    return replace(extracted, **fields)
