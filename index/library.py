"""The facade every front end uses: add / ask / check / quotes_by / sources / remove, per namespace.

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
from index.answer.followup import Conversation, contextual_query, earlier_speaker
from index.answer.ranker import MODEL_FOLDER, AnswerRanker, shared_ranker
from index.config import Settings, get_settings, lexical_folder, vector_space
from index.errors import BadInput, QuoteDeskError, StoreUnavailable, TooLarge, UnknownArticle
from index.ingest.convert import extract_bytes
from index.ingest.fetch import fetch_document
from index.ingest.plaintext import extract_text
from index.models import (
    AddResult,
    Answer,
    Article,
    ArticleInfo,
    ArticleMeta,
    ClaimCheck,
    ExtractedDocument,
    Progress,
    SaidBy,
    SearchFilters,
    Source,
    Verdict,
    emit,
)
from index.quotes.checker import check_quote
from index.quotes.claim_check import check_claim as check_pasted_claim
from index.quotes.editorial import check_fragment
from index.quotes.locate import ellipsis_pieces
from index.quotes.said import said_by
from index.reader import ArticleReader
from index.retrieval.embed import Encoder, shared_embedder
from index.retrieval.hybrid import Hit, HybridSearcher
from index.store.chroma import Store, StoredChunk, connect
from index.store.writer import ArticleWriter, info_of

if TYPE_CHECKING:
    from index.feeds.service import Feeds

log = logging.getLogger(__name__)

FOLLOW_UP_ARTICLES = 2  # a follow-up searches this many of the articles already cited first
FOLLOW_UP_PASSAGES = 3  # ... taking this many passages from each


class Answerer(Protocol):
    """Writes an answer from retrieved passages (the language-model answerer implements this)."""

    def answer(self, question: str, question_vector: np.ndarray, hits: list[Hit], load_article: LoadArticle,
               *, progress: Progress | None = None) -> Answer: ...


class Library:
    """One QuoteDesk collection per namespace (a Discord guild, or the CLI's default).

    ``llm_answerer`` writes answers in prose (every quote verified); without one the
    answer is extractive. :meth:`from_settings` builds it from ``settings.llm``.
    """

    def __init__(self, settings: Settings | None = None, *, embedder: Encoder | None = None,
                 client: Any = None, llm_answerer: Answerer | None = None) -> None:
        self.settings = settings or get_settings()
        self._embedder = embedder
        reconnect = None if client is not None or self.settings.chroma_url else (lambda: connect(self.settings))
        self.store = Store(client or connect(self.settings), embedding_model=vector_space(self.settings),
                           reconnect=reconnect)
        self.reader = ArticleReader(self.store)
        self.searcher = HybridSearcher(self.store, self.encode, candidates=self.settings.candidates,
                                       recency_weight=self.settings.recency_weight,
                                       fusion=self.settings.fusion, lexical_weight=self.settings.lexical_weight,
                                       lexical_folder=lexical_folder(self.settings),
                                       max_lexical_namespaces=self.settings.lexical_cache_namespaces)
        self.answerer = ExtractiveAnswerer(self.encode, ranker=self._answer_ranker, min_relevance=self.settings.min_relevance,
                                           max_quotes=self.settings.max_quotes)
        self.llm_answerer = llm_answerer
        self.writer = ArticleWriter(self.store, lambda: self.embedder, self.settings, load_article=self.article,
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

    def _answer_ranker(self) -> AnswerRanker | None:
        """The answer ranker, unless switched off (``QUOTEDESK_ANSWER_RANKER=false``) or not installed."""
        if not self.settings.answer_ranker or not (MODEL_FOLDER / "ranker.json").is_file():
            return None
        return shared_ranker()

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
        return self.add_document(namespace, self.read_file(path), added_by=added_by, progress=progress)

    def read_file(self, path: Path) -> ExtractedDocument:
        """A .txt/.md/.html/.pdf file's article, extracted (not stored)."""
        path = Path(path)
        if not path.is_file():
            raise BadInput(f"No such file: {path}")
        if path.stat().st_size > self.settings.max_upload_bytes:
            raise TooLarge(f"{path.name} is larger than {self.settings.max_upload_bytes:,} bytes.")
        return extract_bytes(path.read_bytes(), filename=path.name)

    def add_many(self, namespace: str, items: Sequence[str | Path | ExtractedDocument], *,
                 added_by: str | None = None, progress: Progress | None = None) -> list[AddResult | QuoteDeskError]:
        """Store many articles at once (files, http(s) URLs or extracted documents), encoding them in shared batches.

        One result per item, in order: what happened, or why that item was refused (the others go on).
        Progress reports "reading" per item, then the stages of :meth:`add_documents`.
        """
        outcomes: list[AddResult | QuoteDeskError | ExtractedDocument] = []
        for number, item in enumerate(items, start=1):
            emit(progress, "reading", done=number - 1, total=len(items), item=str(item)[:200])
            try:
                if isinstance(item, ExtractedDocument):
                    outcomes.append(_require_body(item))
                elif isinstance(item, str) and item.startswith(("http://", "https://")):
                    outcomes.append(_require_body(fetch_document(item, self.settings)))
                else:
                    outcomes.append(_require_body(self.read_file(Path(item))))
            except QuoteDeskError as err:
                if isinstance(err, StoreUnavailable):
                    raise
                outcomes.append(err)
        docs = [o for o in outcomes if isinstance(o, ExtractedDocument)]
        added = iter(self.add_documents(namespace, docs, added_by=added_by, progress=progress) if docs else [])
        return [next(added) if isinstance(o, ExtractedDocument) else o for o in outcomes]

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
        return self.add_documents(namespace, [doc], added_by=added_by, progress=progress)[0]

    def add_documents(self, namespace: str, docs: Sequence[ExtractedDocument], *, added_by: str | None = None,
                      progress: Progress | None = None) -> list[AddResult]:
        """Store extracted documents in one batch (shared encoder batches; dedup and crash safety per article)."""
        for doc in docs:
            _require_body(doc)
        with self._write_lock:
            return self.writer.add_many(namespace, docs, added_by=added_by, progress=progress)

    @cached_property
    def feeds(self) -> Feeds:
        """The feeds each namespace follows (add / subscriptions / remove / poll): index/feeds."""
        from index.feeds.service import Feeds

        return Feeds(self)

    def _changed(self, namespace: str, chunks: Sequence[StoredChunk], removed_article: str | None) -> None:
        self.reader.forget(namespace, {c.record.article_id for c in chunks} | ({removed_article} if removed_article else set()))
        self.searcher.note_change(namespace, added=list(chunks), removed_article=removed_article)

    # -- reading ----------------------------------------------------------------
    def ask(self, namespace: str, question: str, *, filters: SearchFilters | None = None,
            as_of: date | None = None, progress: Progress | None = None,
            conversation: Conversation | None = None) -> Answer:
        """Answer with verbatim quotes, or abstain.

        With a language-model answerer, the model writes the answer and every quote in it is
        verified (index/answer/llm); it reports "writing" / "checking" to ``progress``. In a
        ``conversation`` a follow-up ("and when did it start?") is searched with the question before
        it, in the articles already cited first (index/answer/followup.py).
        """
        question = question.strip()
        if len(question) < 3:
            raise BadInput("Ask a question (at least a few words).")
        self._catch_up(namespace)
        corrected = self.searcher.correct(namespace, question)  # "wat happend" is searched as "what happened"
        query = contextual_query(corrected, conversation)
        vector = self.encode([query])[0]
        hits = self.searcher.search(namespace, query, k=self.settings.passages, filters=filters,
                                    as_of=as_of, query_vector=vector)
        if conversation is not None and filters is None and query != corrected:
            hits = self._cited_first(namespace, query, vector, conversation, hits)
        hits, articles = self.reader.passages(namespace, hits)  # an article removed meanwhile is never quoted
        if not hits:
            return Answer(question=question, quotes=(), sources=(), abstained=True, reason=NO_ANSWER)
        load = articles.__getitem__
        if self.llm_answerer is not None:
            return self.llm_answerer.answer(question, vector, hits, load, progress=progress)
        if query != corrected:  # a follow-up: passages found with the conversation, sentences read as asked
            return self.answerer.answer(question, self.encode([corrected])[0], hits, load, query=corrected,
                                        follow_up=True, speaker=earlier_speaker(corrected, conversation))
        return self.answerer.answer(question, vector, hits, load, query=query)

    def _cited_first(self, namespace: str, query: str, vector: np.ndarray, conversation: Conversation,
                     hits: list[Hit]) -> list[Hit]:
        """A follow-up's hits: the best passages of the articles already cited, then the rest."""
        cited: list[Hit] = []
        for article_id in conversation.cited[:FOLLOW_UP_ARTICLES]:
            cited.extend(self.searcher.search(namespace, query, k=FOLLOW_UP_PASSAGES,
                                              filters=SearchFilters(article_id=article_id), query_vector=vector))
        seen: set[str] = set()
        merged = []
        for hit in [*cited, *hits]:
            if hit.chunk.id not in seen:
                seen.add(hit.chunk.id)
                merged.append(hit)
        return merged[: self.settings.passages + len(cited)]

    def check(self, namespace: str, quote: str, *, article_id: str | None = None,
              attributed_to: str | None = None) -> Verdict:
        """Did the collection (or the named article) really say this (and did ``attributed_to`` say it)?"""
        if len(quote.strip()) < 2:
            raise BadInput("Paste the quote to check.")
        if article_id:
            self.article(namespace, article_id)  # raises UnknownArticle with a clear message
        self._catch_up(namespace)
        articles = self._candidates(namespace, quote, article_id)
        return check_quote(
            quote,
            articles,
            named_article_id=article_id,
            embed=self.encode,
            cite=lambda a: Source(number=1, article_id=a.id, meta=a.meta),
            attributed_to=attributed_to,
            quotations_of=lambda a: self.reader.quotations(namespace, a),
        )

    def check_claim(self, namespace: str, claim: str, *, article_id: str | None = None,
                    speaker: str | None = None) -> ClaimCheck:
        """Check a pasted claim: each quoted fragment verbatim (editorial brackets accepted), the framing
        as the writer's own words, whether the fragments were stitched from different places, and
        whether the article gives them to the speaker the claim names (or ``speaker``, when given)."""
        if len(claim.strip()) < 2:
            raise BadInput("Paste the quote to check.")
        if article_id:
            self.article(namespace, article_id)  # raises UnknownArticle with a clear message
        self._catch_up(namespace)
        loaded: dict[str, Article] = {}

        def check_one(fragment: str, attributed_to: str | None) -> Verdict:
            articles = self._candidates(namespace, fragment, article_id)
            loaded.update((a.id, a) for a in articles)
            return check_fragment(fragment, articles, named_article_id=article_id, embed=self.encode,
                                  cite=lambda a: Source(number=1, article_id=a.id, meta=a.meta),
                                  attributed_to=speaker or attributed_to,
                                  quotations_of=lambda a: self.reader.quotations(namespace, a))

        def load(article_id: str) -> Article:
            return loaded.get(article_id) or self.article(namespace, article_id)

        return check_pasted_claim(claim, check_one, load)

    def _candidates(self, namespace: str, quote: str, article_id: str | None) -> list[Article]:
        """The articles a quote may come from: retrieval on the quote and on each piece around an ellipsis."""
        candidate_ids: list[str] = []
        pieces = ellipsis_pieces(quote)
        searched = [p for p in pieces if len(p.split()) >= 3] if len(pieces) > 1 else []
        for piece in [quote, *searched]:
            hits = self.searcher.search(namespace, piece, k=max(self.settings.passages, 12))
            candidate_ids.extend(h.chunk.record.article_id for h in hits)
        candidate_ids = list(dict.fromkeys(candidate_ids))[:10]
        if article_id and article_id not in candidate_ids:
            candidate_ids.insert(0, article_id)
        return list(self.reader.articles(namespace, candidate_ids).values())

    def quotes_by(self, namespace: str, person: str, topic: str | None = None, *, limit: int = 25) -> SaidBy:
        """The direct quotations the collection attributes to ``person`` (on ``topic``), newest first."""
        if len(person.strip()) < 2:
            raise BadInput("Name the person (or the description the articles use, e.g. “government official”).")
        self._catch_up(namespace)
        records = [c.record for c in self.store.chunks(namespace, first_only=True, documents=False)]
        return said_by(records, lambda aid: self.reader.articles(namespace, [aid]).get(aid), person, topic,
                       encode=self.encode, limit=limit)

    def sources(self, namespace: str, query: str | None = None) -> list[ArticleInfo]:
        """Articles in the collection, newest first; ``query`` keeps those whose title, outlet or id
        contains it, or whose text matches it (see :meth:`_text_matches`)."""
        incomplete = self.store.incomplete_articles(namespace)  # an interrupted add (from before first-chunk-last)
        infos = [info_of(c.record) for c in self.store.chunks(namespace, first_only=True, documents=False)
                 if c.record.article_id not in incomplete]
        if query and query.strip():
            needle = query.strip().casefold()
            in_text = self._text_matches(namespace, query.strip())
            infos = [i for i in infos if i.article_id in in_text
                     or needle in f"{i.meta.title} {i.meta.outlet or ''} {i.article_id}".casefold()]
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(infos, key=lambda i: (i.meta.published or date.min, i.meta.added_at or oldest), reverse=True)

    def _text_matches(self, namespace: str, query: str) -> set[str]:
        """Articles whose text matches ``query``, grouped from chunk hits: every chunk with the query's
        words (BM25, all of them, not just the top few) and the hybrid search's passages that are
        about it (cosine similarity at least ``min_relevance``)."""
        self._catch_up(namespace)
        index = self.searcher.lexical_index(namespace)
        article_of = dict(zip(index.ids, index.article_ids))
        found = {article_of[cid] for cid, _ in index.top(query, len(index))}
        for hit in self.searcher.search(namespace, query, k=self.settings.candidates):
            if hit.lexical_rank is not None or (hit.dense_similarity or 0.0) >= self.settings.min_relevance:
                found.add(hit.chunk.record.article_id)
        return found

    def article(self, namespace: str, article_id: str) -> Article:
        """The full stored article: its text reassembled from its chunks, byte for byte."""
        return self.reader.article(namespace, article_id)

    def _catch_up(self, namespace: str) -> None:
        """When another process wrote to the namespace, refresh what this one caches of it."""
        marker = self.store.changed_elsewhere(namespace)
        if marker is None:
            return
        log.info("%s changed in another process: refreshing", namespace)
        self.store.refresh()
        self.reader.forget(namespace)
        self.searcher.sync(namespace, marker)
        self.store.acknowledge(namespace, marker)

    def remove(self, namespace: str, article_id: str) -> ArticleInfo:
        """Delete an article (an incomplete one too); it is never served again."""
        chunks = self.store.chunks(namespace, article_id=article_id, ready_only=False, documents=False)
        if not chunks:
            raise UnknownArticle(f"No article {article_id!r} in this collection. `sources` lists the ids.")
        record = min(chunks, key=lambda c: c.record.seq).record
        with self._write_lock:
            self.store.delete_article(namespace, article_id)
            self._changed(namespace, [], article_id)
        log.info("removed %s (%s) from %s", article_id, record.meta.title, namespace)
        return ArticleInfo(article_id, record.meta, len(chunks), record.chars)


def _require_body(doc: ExtractedDocument) -> ExtractedDocument:
    if not doc.text.strip():
        raise BadInput("The article text is empty.")
    return doc


def _merge_meta(extracted: ArticleMeta, given: ArticleMeta) -> ArticleMeta:
    """Metadata given by the caller wins over what extraction found."""
    fields = {k: v for k, v in given.__dict__.items() if v not in (None, "", ())}
    return replace(extracted, **fields)
