"""Chroma as the system of record: one collection per namespace, deterministic chunk ids.

Embedded (``PersistentClient`` in the data folder) by default; a Chroma server
(``HttpClient``) when ``chroma_url`` is set. Same code path for both.

Crash safety: an article's chunks are written with ``ready=False`` and flipped to
``ready=True`` only once all of them are stored, its first chunk (``seq`` 0) last; every read
filters on ``ready`` and an article is listed by its first chunk, so an interrupted add is
invisible, :meth:`Store.incomplete_articles` finds it, and re-running it repairs it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

import numpy as np

from index.config import Settings
from index.errors import StoreUnavailable
from index.store.filters import ChunkFilter
from index.store.records import ChunkRecord

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

T = TypeVar("T")

COLLECTION_PREFIX = "qd-"
FEEDS_PREFIX = "qdf-"
_PAGE = 5000


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from Chroma: its id, its exact text and its record."""

    id: str
    text: str
    record: ChunkRecord


_PLAIN_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,57}[A-Za-z0-9])?")


def collection_name(namespace: str, prefix: str = COLLECTION_PREFIX) -> str:
    """The Chroma collection of a namespace: one-to-one, so two namespaces never share a collection.

    A namespace that is already a valid name (``[A-Za-z0-9._-]``, alphanumeric at both ends, no
    "..", at most 59 characters) is used as is (``default`` -> ``qd-default``); any other one
    (``team/x``, ``team x``, ``@@@``, a long one) gets ``prefix + "-"``, a readable part and a hash
    of the exact namespace (``qd--team-x-<16 hex>``): the double dash never starts a plain name.
    """
    if _PLAIN_NAME.fullmatch(namespace) and ".." not in namespace:
        return prefix + namespace
    readable = re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9._-]+", "-", namespace)).strip("-._")[:30]
    digest = hashlib.sha256(namespace.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{readable}-{digest}" if readable else f"{prefix}-{digest}"


def feeds_collection_name(namespace: str) -> str:
    """The namespace's feed subscriptions (index/feeds/state.py): a prefix no chunk collection has."""
    return collection_name(namespace, FEEDS_PREFIX)


def connect(settings: Settings) -> ClientAPI:
    """Open the Chroma client the settings ask for (telemetry off)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.data_dir), settings=chroma_settings)
    except Exception as err:  # chromadb raises plain ValueError/ConnectionError here
        where = settings.chroma_url or str(settings.data_dir)
        raise StoreUnavailable(f"Cannot open the Chroma store at {where}: {err}") from err


class Store:
    """Reads and writes chunk records of one Chroma client.

    Several processes may share one store (a bot and a CLI on one data folder, or several bot
    processes on one ``chroma run`` server). Every write bumps the namespace's change marker
    (``generation`` in the collection's metadata); :meth:`changed_elsewhere` tells a process
    that someone else wrote since it last looked, so it can refresh what it caches. In embedded
    mode Chroma keeps each process's vector index in memory and does not see other processes'
    writes, so :meth:`refresh` reopens the client (the server is authoritative in server mode).
    """

    def __init__(self, client: ClientAPI, *, embedding_model: str,
                 reconnect: Callable[[], ClientAPI] | None = None) -> None:
        self._client = client
        self._model = embedding_model
        self._reconnect = reconnect
        self._collections: dict[str, Any] = {}
        self._seen: dict[str, str] = {}  # namespace -> the last change marker this process accounted for
        self._foreign: set[str] = set()  # namespaces another process wrote to since we last looked
        self._lock = threading.Lock()

    # -- collections -------------------------------------------------------
    def _collection(self, namespace: str) -> Collection:
        if namespace in self._collections:
            return self._collections[namespace]
        try:
            collection = self._client.get_or_create_collection(
                collection_name(namespace),
                embedding_function=None,  # we always pass our own vectors; never Chroma's default model
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"namespace": namespace, "embedding_model": self._model},
            )
        except Exception as err:
            raise StoreUnavailable(f"The Chroma store is unavailable: {err}") from err
        stored_model = (collection.metadata or {}).get("embedding_model")
        if stored_model and stored_model != self._model:
            raise StoreUnavailable(
                f"Namespace {namespace!r} was built with embedding model {stored_model!r}, "
                f"but {self._model!r} is configured; use a new data folder or namespace."
            )
        self._collections[namespace] = collection
        return collection

    @property
    def client(self) -> ClientAPI:
        """The Chroma client (for companion collections such as a namespace's feeds)."""
        return self._client

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return chroma_call(fn, *args, **kwargs)

    # -- change markers -----------------------------------------------------
    def generation(self, namespace: str) -> str:
        """The namespace's change marker as the store has it now (fresh from Chroma)."""
        self._collection(namespace)
        collection = self._call(self._client.get_collection, collection_name(namespace))
        return str((collection.metadata or {}).get("generation", ""))

    def _bump(self, namespace: str) -> None:
        """Record a write: a new marker (and note it if another process wrote since we last looked)."""
        collection = self._call(self._client.get_collection, collection_name(namespace))
        metadata = dict(collection.metadata or {})
        token = f"{os.getpid()}-{time.time_ns()}-{secrets.token_hex(4)}"
        with self._lock:
            if namespace in self._seen and metadata.get("generation", "") != self._seen[namespace]:
                self._foreign.add(namespace)
            self._seen[namespace] = token
        self._call(collection.modify, metadata={**metadata, "generation": token})

    def changed_elsewhere(self, namespace: str) -> str | None:
        """The current marker when another process wrote to ``namespace`` since this one last looked, else None.

        The caller refreshes what it caches, then calls :meth:`acknowledge` with that marker.
        """
        current = self.generation(namespace)
        with self._lock:
            if namespace not in self._seen:  # first look: nothing is cached yet
                self._seen[namespace] = current
                return None
            changed = namespace in self._foreign or current != self._seen[namespace]
        return current if changed else None

    def seen_marker(self, namespace: str) -> str | None:
        """The last change marker this process accounted for (its own latest write, or what it last saw)."""
        with self._lock:
            return self._seen.get(namespace)

    def acknowledge(self, namespace: str, marker: str) -> None:
        """What this process caches of ``namespace`` is now up to date with ``marker``."""
        with self._lock:
            self._seen[namespace] = marker
            self._foreign.discard(namespace)

    def refresh(self) -> None:
        """Reopen an embedded store so its vector index includes other processes' writes."""
        if self._reconnect is None:
            return
        with contextlib.suppress(Exception):
            self._client.close()  # type: ignore[attr-defined]
        self._client = self._reconnect()
        self._collections.clear()

    # -- writes -------------------------------------------------------------
    def upsert(self, namespace: str, chunks: Sequence[StoredChunk], vectors: np.ndarray) -> None:
        """Write chunks with their vectors (not yet visible: their records have ``ready=False``)."""
        collection = self._collection(namespace)
        for i in range(0, len(chunks), _PAGE):
            page = chunks[i : i + _PAGE]
            self._call(
                collection.upsert,
                ids=[c.id for c in page],
                documents=[c.text for c in page],
                embeddings=vectors[i : i + _PAGE],
                metadatas=[c.record.to_metadata() for c in page],
            )

    def set_ready(self, namespace: str, chunks: Sequence[StoredChunk]) -> None:
        """Make chunks visible (their records with ``ready=True``), every article's first chunk in a last call:
        an article whose first chunk is visible is whole, even when a flip over many calls was interrupted."""
        ready = [replace(c, record=replace(c.record, ready=True)) for c in chunks]
        for part in ([c for c in ready if c.record.seq != 0], [c for c in ready if c.record.seq == 0]):
            if part:
                self.update_records(namespace, part)

    def update_records(self, namespace: str, chunks: Sequence[StoredChunk]) -> None:
        """Replace the records of existing chunks (their text and vectors stay)."""
        collection = self._collection(namespace)
        for i in range(0, len(chunks), _PAGE):
            page = chunks[i : i + _PAGE]
            self._call(collection.update, ids=[c.id for c in page], metadatas=[c.record.to_metadata() for c in page])
        self._bump(namespace)

    def delete_article(self, namespace: str, article_id: str) -> None:
        """Delete every chunk of an article (ready or not)."""
        self._call(self._collection(namespace).delete, where={"article_id": article_id})
        self._bump(namespace)

    # -- reads --------------------------------------------------------------
    def query(self, namespace: str, vector: np.ndarray, k: int,
              flt: ChunkFilter | None = None) -> list[tuple[StoredChunk, float]]:
        """Nearest ready chunks to ``vector`` with their cosine similarity.

        ``ready`` is checked on the results rather than in the ``where`` filter: a filter that
        matches every record makes Chroma's search many times slower, and records that are not
        ready (an add in progress or interrupted) are rare, so a few extra results cover them.
        """
        collection = self._collection(namespace)
        result = self._call(
            collection.query,
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=k + 16,
            where=flt.where() if flt else None,
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(result["ids"][0], _first(result.get("documents")), _first(result.get("metadatas")),
                   _first(result.get("distances")))
        ready = [(_chunk(i, d, m), 1.0 - float(dist)) for i, d, m, dist in rows if m and m.get("ready")]
        return ready[:k]

    def chunks(self, namespace: str, *, article_id: str | None = None, first_only: bool = False,
               url_keys: Sequence[str] | None = None, ready_only: bool = True,
               documents: bool = True) -> list[StoredChunk]:
        """Chunks of one article, or the first chunk of every article (one per article), or all of them;
        ``url_keys`` keeps the articles from those pages."""
        clauses: list[dict[str, Any]] = []
        if article_id is not None:
            clauses.append({"article_id": article_id})
        if url_keys is not None:
            clauses.append({"url_key": {"$in": list(url_keys)}})
        if first_only:
            clauses.append({"seq": 0})
        if ready_only:
            clauses.append({"ready": True})
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        return list(self._iter(namespace, where, documents=documents))

    def _iter(self, namespace: str, where: dict[str, Any] | None, *, documents: bool) -> Iterator[StoredChunk]:
        collection = self._collection(namespace)
        include = ["metadatas", "documents"] if documents else ["metadatas"]
        offset = 0
        while True:
            page = self._call(collection.get, where=where, include=include, limit=_PAGE, offset=offset)
            docs = page.get("documents") or [""] * len(page["ids"])
            for i, d, m in zip(page["ids"], docs, page.get("metadatas") or []):
                if m:
                    yield _chunk(i, d, m)
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def export(self, namespace: str) -> tuple[list[StoredChunk], np.ndarray]:
        """Every ready chunk with its stored vector (for benchmarks that copy a collection)."""
        collection = self._collection(namespace)
        page = self._call(collection.get, where={"ready": True}, include=["embeddings", "documents", "metadatas"])
        rows = zip(page["ids"], page.get("documents") or [], page.get("metadatas") or [])
        chunks = [_chunk(i, d, m) for i, d, m in rows if m]
        return chunks, np.asarray(page.get("embeddings"), dtype=np.float32)

    def ready_ids(self, namespace: str) -> set[str]:
        """The ids of every visible chunk (no documents or metadata: cheap)."""
        collection = self._collection(namespace)
        ids: set[str] = set()
        offset = 0
        while True:
            page = self._call(collection.get, where={"ready": True}, include=[], limit=_PAGE, offset=offset)
            ids.update(page["ids"])
            if len(page["ids"]) < _PAGE:
                return ids
            offset += _PAGE

    def incomplete_articles(self, namespace: str, article_ids: Sequence[str] | None = None) -> set[str]:
        """Articles (of ``article_ids``, or all) with chunks that are not visible: an add in progress or interrupted."""
        where: dict[str, Any] = {"ready": False}
        if article_ids is not None:
            if not article_ids:
                return set()
            where = {"$and": [where, {"article_id": {"$in": list(article_ids)}}]}
        return {c.record.article_id for c in self._iter(namespace, where, documents=False)}

    def get_by_ids(self, namespace: str, ids: Sequence[str]) -> list[StoredChunk]:
        """Chunks by id (ready or not), in no particular order."""
        if not ids:
            return []
        page = self._call(self._collection(namespace).get, ids=list(ids), include=["metadatas", "documents"])
        rows = zip(page["ids"], page.get("documents") or [], page.get("metadatas") or [])
        return [_chunk(i, d, m) for i, d, m in rows if m]

    def count(self, namespace: str) -> int:
        """Number of chunk records (ready or not)."""
        return int(self._call(self._collection(namespace).count))

    def drop(self, namespace: str) -> None:
        """Delete a whole namespace: its chunks and its feed subscriptions."""
        self._collections.pop(namespace, None)
        with self._lock:
            self._seen.pop(namespace, None)
            self._foreign.discard(namespace)
        for name in (collection_name(namespace), feeds_collection_name(namespace)):
            try:
                self._call(self._client.delete_collection, name)
            except Exception as err:  # missing collection
                if "does not exist" not in str(err):
                    raise


def chroma_call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call Chroma; a lost connection or server error becomes :class:`StoreUnavailable`."""
    try:
        return fn(*args, **kwargs)
    except StoreUnavailable:
        raise
    except (ConnectionError, OSError, TimeoutError) as err:
        raise StoreUnavailable(f"The Chroma store is unavailable: {err}") from err
    except Exception as err:
        if type(err).__module__.startswith(("httpx", "chromadb.errors")) or "connect" in str(err).lower():
            raise StoreUnavailable(f"The Chroma store is unavailable: {err}") from err
        raise


def _first(column: list[Any] | None) -> list[Any]:
    """The first query's row of a Chroma result column (empty when the column was not returned)."""
    return column[0] if column else []


def _chunk(chunk_id: str, document: str | None, metadata: Mapping[str, Any]) -> StoredChunk:
    return StoredChunk(chunk_id, document or "", ChunkRecord.from_metadata(metadata))
