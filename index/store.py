"""Chroma as the system of record: one collection per namespace, deterministic chunk ids.

Embedded (``PersistentClient`` in the data folder) by default; a Chroma server
(``HttpClient``) when ``chroma_url`` is set. Same code path for both.

Crash safety: an article's chunks are written with ``ready=False`` and flipped to
``ready=True`` only once all of them are stored; every read filters on ``ready``,
so an interrupted add is invisible, and re-running it upserts the same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import StoreUnavailable
from index.config import Settings

COLLECTION_PREFIX = "qd-"
_PAGE = 5000


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from Chroma."""

    id: str
    text: str
    meta: dict[str, Any]


def collection_name(namespace: str) -> str:
    """A valid Chroma collection name for a namespace (3-63 chars, [a-zA-Z0-9._-])."""
    safe = re.sub(r"[^a-zA-Z0-9._-]", "-", namespace).strip("-._") or "default"
    name = COLLECTION_PREFIX + safe
    if len(name) > 63:
        name = name[:50] + "-" + hashlib.sha1(namespace.encode()).hexdigest()[:12]
    return name


def connect(settings: Settings):
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
    """Reads and writes chunk records of one Chroma client."""

    def __init__(self, client, *, embedding_model: str) -> None:
        self._client = client
        self._model = embedding_model
        self._collections: dict[str, Any] = {}

    # -- collections -------------------------------------------------------
    def _collection(self, namespace: str):
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

    def _call(self, fn, *args, **kwargs):
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

    # -- writes -------------------------------------------------------------
    def upsert(self, namespace: str, ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray,
               metadatas: Sequence[dict[str, Any]]) -> None:
        """Write chunk records (not yet visible: ``ready`` must be False in the metadata)."""
        collection = self._collection(namespace)
        for i in range(0, len(ids), _PAGE):
            self._call(
                collection.upsert,
                ids=list(ids[i : i + _PAGE]),
                documents=list(texts[i : i + _PAGE]),
                embeddings=vectors[i : i + _PAGE],
                metadatas=[_clean(m) for m in metadatas[i : i + _PAGE]],
            )

    def set_ready(self, namespace: str, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None:
        """Make chunks visible (their metadata with ``ready=True``)."""
        collection = self._collection(namespace)
        for i in range(0, len(ids), _PAGE):
            self._call(
                collection.update,
                ids=list(ids[i : i + _PAGE]),
                metadatas=[_clean({**m, "ready": True}) for m in metadatas[i : i + _PAGE]],
            )

    def update_metadata(self, namespace: str, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None:
        """Replace the metadata of existing chunks."""
        collection = self._collection(namespace)
        self._call(collection.update, ids=list(ids), metadatas=[_clean(m) for m in metadatas])

    def delete_article(self, namespace: str, article_id: str) -> None:
        """Delete every chunk of an article (ready or not)."""
        self._call(self._collection(namespace).delete, where={"article_id": article_id})

    # -- reads --------------------------------------------------------------
    def query(self, namespace: str, vector: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[StoredChunk, float]]:
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
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0])
        ready = [(StoredChunk(i, d, dict(m)), 1.0 - float(dist)) for i, d, m, dist in rows if m.get("ready")]
        return ready[:k]

    def get(self, namespace: str, where: dict[str, Any] | None = None, *, ready_only: bool = True,
            documents: bool = True) -> list[StoredChunk]:
        """All chunks matching ``where`` (paged)."""
        return list(self.iter(namespace, where, ready_only=ready_only, documents=documents))

    def iter(self, namespace: str, where: dict[str, Any] | None = None, *, ready_only: bool = True,
             documents: bool = True) -> Iterator[StoredChunk]:
        collection = self._collection(namespace)
        clause = _with_ready(where) if ready_only else where
        include = ["metadatas", "documents"] if documents else ["metadatas"]
        offset = 0
        while True:
            page = self._call(collection.get, where=clause, include=include, limit=_PAGE, offset=offset)
            docs = page.get("documents") or [""] * len(page["ids"])
            for i, d, m in zip(page["ids"], docs, page["metadatas"]):
                yield StoredChunk(i, d or "", dict(m))
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def get_by_ids(self, namespace: str, ids: Sequence[str]) -> list[StoredChunk]:
        """Chunks by id (ready or not), in no particular order."""
        if not ids:
            return []
        page = self._call(self._collection(namespace).get, ids=list(ids), include=["metadatas", "documents"])
        return [StoredChunk(i, d or "", dict(m)) for i, d, m in zip(page["ids"], page["documents"], page["metadatas"])]

    def count(self, namespace: str) -> int:
        """Number of chunk records (ready or not)."""
        return int(self._call(self._collection(namespace).count))

    def drop(self, namespace: str) -> None:
        """Delete a whole namespace."""
        self._collections.pop(namespace, None)
        try:
            self._call(self._client.delete_collection, collection_name(namespace))
        except Exception as err:  # missing collection
            if "does not exist" not in str(err):
                raise


def _with_ready(where: dict[str, Any] | None) -> dict[str, Any]:
    ready = {"ready": True}
    if not where:
        return ready
    if "$and" in where:
        return {"$and": [*where["$and"], ready]}
    clauses = [{k: v} for k, v in where.items()]
    return {"$and": [*clauses, ready]}


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma metadata holds only str/int/float/bool: drop None values."""
    return {k: v for k, v in meta.items() if v is not None}
