"""Recognising an article that is already stored: the same text (maybe at a new URL), or a wire copy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from rapidfuzz import fuzz

from index.models import AddResult, AddStatus, Article, ArticleInfo, ArticleMeta, ExtractedDocument
from index.quotes.normalize import normalize
from index.store.chroma import Store
from index.store.records import ChunkRecord, url_key

WIRE_COPY_MIN_COSINE = 0.9  # first chunks this close are compared word by word
WIRE_COPY_MIN_RATIO = 90  # rapidfuzz ratio of the normalised texts


def same_text_result(known: ChunkRecord, meta: ArticleMeta, update_meta: Callable[..., None],
                     namespace: str) -> AddResult:
    """The text is already stored: report it, and link a new URL to it."""
    stored = known.meta
    new_url = meta.canonical_url or meta.url
    known_keys = {url_key(u) for u in (stored.url, stored.canonical_url, *stored.duplicate_urls) if u}
    if new_url and url_key(new_url) not in known_keys:
        linked = replace(stored, duplicate_urls=(*stored.duplicate_urls, new_url))
        update_meta(namespace, known.article_id, duplicate_urls=linked.duplicate_urls)
        return AddResult(AddStatus.DUPLICATE_LINKED, known.article_id, linked, known.n_chunks,
                         message=f"Same text is already in the collection as {known.article_id} "
                                 f"({stored.title}); linked {new_url} to it instead of storing it twice.")
    return AddResult(AddStatus.ALREADY_PRESENT, known.article_id, stored, known.n_chunks,
                     message=f"Already in the collection as {known.article_id} ({stored.title}).")


def near_duplicates(store: Store, namespace: str, text: str, vectors: np.ndarray, *, exclude: set[str],
                    load: Callable[[str], Article],
                    batch: Sequence[tuple[str, ExtractedDocument, np.ndarray | None]] = ()) -> list[ArticleInfo]:
    """Stored articles (and articles earlier in the same batch) whose text is nearly the same as ``text``."""
    if not len(vectors):
        return []
    close = ({c.record.article_id for c, sim in store.query(namespace, vectors[0], 5) if sim >= WIRE_COPY_MIN_COSINE}
             if store.count(namespace) else set())
    normalized = normalize(text)
    found = []
    for candidate in sorted(close - exclude):
        other = load(candidate)
        if fuzz.ratio(normalized, normalize(other.text), score_cutoff=WIRE_COPY_MIN_RATIO):
            found.append(ArticleInfo(candidate, other.meta, 0, len(other.text)))
    for article_id, doc, other_vectors in batch:
        if (article_id not in exclude and other_vectors is not None and len(other_vectors)
                and float(vectors[0] @ other_vectors[0]) >= WIRE_COPY_MIN_COSINE
                and fuzz.ratio(normalized, normalize(doc.text), score_cutoff=WIRE_COPY_MIN_RATIO)):
            found.append(ArticleInfo(article_id, doc.meta, 0, len(doc.text)))
    return found
