"""Feed subscriptions and their polling state, kept in Chroma beside the collection they feed.

**Where.** A companion Chroma collection per namespace (``qdf-<namespace>``, named by
:func:`index.store.chroma.feeds_collection_name`) holds one record per subscription: the
document is the feed's URL, the metadata its state — validators (ETag, Last-Modified), when
it was polled and is due, failures and the last error, and the items already seen (a JSON
list). :meth:`index.store.chroma.Store.drop` deletes it with the namespace.

**Why Chroma, not a SQLite file in the data folder.** With several bot processes (shards),
possibly on several machines, against one ``chroma run`` server, a file in a local data folder
is not shared: a shard restarted elsewhere would forget its server's feeds. Chroma is already
the one system of record every process shares (and the one that is backed up), so the
subscriptions live and die with the articles they feed. **Why not the chunk collection's own
metadata:** Chroma's ``modify(metadata=...)`` replaces the whole dictionary (dropping the keys
the store relies on, such as the embedding model), and two writers would overwrite each other's
feeds; one record per feed is written on its own.

Records carry a constant one-dimensional vector: Chroma requires one, and without it chromadb
would embed the document with its default model (a download). A poll's result is saved with
``update``, which does nothing for a record that no longer exists, so a feed removed while it
was being polled stays removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from index.store.chroma import FEEDS_PREFIX, chroma_call, feeds_collection_name

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

_VECTOR = [1.0]
_PAGE = 1000


@dataclass(frozen=True)
class Subscription:
    """One feed a namespace follows, and where its polling stands."""

    id: str
    url: str
    next_poll_at: datetime
    interval_minutes: int
    title: str | None = None
    announce_to: str | None = None  # opaque to the engine: the Discord channel id to announce in
    added_by: str | None = None
    added_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    last_new_at: datetime | None = None  # when the last new article arrived
    articles_added: int = 0
    failures: int = 0  # consecutive failed polls (the back-off grows with them)
    last_error: str | None = None
    seen: tuple[str, ...] = ()  # keys of items already handled, most recent first
    retries: Mapping[str, int] = field(default_factory=dict)  # item key -> failed attempts so far

    @property
    def name(self) -> str:
        """The feed's title, or its URL before the first poll."""
        return self.title or self.url

    def to_metadata(self, *, unset: bool = False) -> dict[str, str | int | None]:
        """Flat metadata for Chroma; with ``unset``, empty fields are sent as None (which deletes them)."""
        values: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        values["items"] = json.dumps({"seen": list(self.seen), "retries": dict(self.retries)})
        del values["seen"], values["retries"]
        out: dict[str, str | int | None] = {}
        for key, value in values.items():
            if isinstance(value, datetime):
                out[key] = value.isoformat()
            elif value is not None or unset:
                out[key] = value
        return out

    @classmethod
    def from_metadata(cls, values: Mapping[str, Any]) -> Subscription:
        items = json.loads(str(values.get("items") or "{}"))
        times = {"next_poll_at", "added_at", "last_polled_at", "last_new_at"}
        known = {f.name for f in fields(cls)} - {"seen", "retries"}
        kwargs: dict[str, Any] = {k: v for k, v in values.items() if k in known}
        for key in times & kwargs.keys():
            kwargs[key] = datetime.fromisoformat(str(kwargs[key]))
        return cls(**kwargs, seen=tuple(items.get("seen", ())), retries=dict(items.get("retries", {})))

    def with_changes(self, **changes: Any) -> Subscription:
        return replace(self, **changes)


class FeedStates:
    """Reads and writes the subscriptions of every namespace, in one Chroma client."""

    def __init__(self, client: ClientAPI) -> None:
        self._client = client

    def _collection(self, namespace: str, *, create: bool = False) -> Collection | None:
        name = feeds_collection_name(namespace)
        if create:
            return chroma_call(self._client.get_or_create_collection, name, embedding_function=None,
                               metadata={"namespace": namespace})
        try:
            return chroma_call(self._client.get_collection, name, embedding_function=None)
        except Exception as err:  # chromadb's NotFoundError, which chroma_call reports as StoreUnavailable
            if "does not exist" in str(err):
                return None
            raise

    def subscriptions(self, namespace: str) -> list[Subscription]:
        """Every subscription of ``namespace``, oldest first."""
        collection = self._collection(namespace)
        if collection is None:
            return []
        page = chroma_call(collection.get, include=["metadatas"])
        subs = [Subscription.from_metadata(m) for m in page.get("metadatas") or [] if m]
        return sorted(subs, key=lambda s: (s.added_at or s.next_poll_at, s.id))

    def get(self, namespace: str, feed_id: str) -> Subscription | None:
        collection = self._collection(namespace)
        if collection is None:
            return None
        page = chroma_call(collection.get, ids=[feed_id], include=["metadatas"])
        rows = page.get("metadatas") or []
        return Subscription.from_metadata(rows[0]) if rows and rows[0] else None

    def create(self, namespace: str, sub: Subscription) -> None:
        """Store a new subscription."""
        collection = self._collection(namespace, create=True)
        assert collection is not None
        chroma_call(collection.upsert, ids=[sub.id], documents=[sub.url], embeddings=[_VECTOR],
                    metadatas=[sub.to_metadata()])

    def save(self, namespace: str, sub: Subscription) -> None:
        """Write a subscription's new state; nothing happens if it was removed meanwhile."""
        collection = self._collection(namespace)
        if collection is not None:
            chroma_call(collection.update, ids=[sub.id], metadatas=[sub.to_metadata(unset=True)])

    def delete(self, namespace: str, feed_id: str) -> None:
        collection = self._collection(namespace)
        if collection is not None:
            chroma_call(collection.delete, ids=[feed_id])

    def namespaces(self) -> list[str]:
        """Namespaces that have (or had) subscriptions."""
        found: list[str] = []
        offset = 0
        while True:
            page = chroma_call(self._client.list_collections, limit=_PAGE, offset=offset)
            for collection in page:
                if collection.name.startswith(FEEDS_PREFIX) and (collection.metadata or {}).get("namespace"):
                    found.append(str(collection.metadata["namespace"]))
            if len(page) < _PAGE:
                return found
            offset += _PAGE
