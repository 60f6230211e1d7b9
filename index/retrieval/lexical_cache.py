"""The BM25 indexes a process keeps: a bounded number in memory, every one saved to disk.

* On first use of a namespace its index is loaded from disk; when the store's change marker moved
  since it was saved (another process wrote), it is synced by comparing chunk ids. Without a saved
  index it is built from the store once and saved.
* This process's own adds and removes are recorded and applied in one step at the next use (no
  re-read, no re-tokenising of the other chunks), then saved.
* At most ``max_namespaces`` indexes stay in memory (least recently used first out): a bot in
  a thousand servers does not hold a thousand indexes.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from index.retrieval import lexical_files
from index.retrieval.lexical import LexicalIndex
from index.store.chroma import Store, StoredChunk, collection_name

log = logging.getLogger(__name__)


class LexicalCache:
    """BM25 indexes of one store's namespaces (``folder``: where they are saved; None: memory only)."""

    def __init__(self, store: Store, folder: Path | None, *, max_namespaces: int = 32) -> None:
        self._store = store
        self._folder = folder
        self.max_namespaces = max(1, max_namespaces)
        self._indexes: OrderedDict[str, LexicalIndex] = OrderedDict()
        self._pending: dict[str, list[tuple[list[StoredChunk], str | None]]] = {}
        self._lock = threading.RLock()

    def get(self, namespace: str) -> LexicalIndex:
        """The namespace's index, up to date with this process's writes (see :meth:`sync` for others')."""
        with self._lock:
            index = self._indexes.get(namespace)
            if index is None:
                index = self._open(namespace)
            pending = self._pending.pop(namespace, [])
            if pending:
                added = {c.id: c for changes, _ in pending for c in changes}
                removed = {article for _, article in pending if article}
                index = index.updated(list(added.values()), removed)
                index.marker = self._store.seen_marker(namespace) or index.marker
                self._save(namespace, index)
            self._keep(namespace, index)
            return index

    def note_change(self, namespace: str, added: Sequence[StoredChunk], removed_article: str | None) -> None:
        """Record a write made through this process (applied at the index's next use)."""
        with self._lock:
            self._pending.setdefault(namespace, []).append((list(added), removed_article))

    def sync(self, namespace: str, marker: str) -> None:
        """Another process wrote to the namespace: compare ids with the store and catch up."""
        with self._lock:
            index = self._indexes.get(namespace)
            if index is None:
                return  # loaded (and synced) at its next use
            self._keep(namespace, self._synced(namespace, index, marker))

    def forget(self, namespace: str) -> None:
        """Drop the namespace's index from memory and disk (the namespace was deleted)."""
        with self._lock:
            self._indexes.pop(namespace, None)
            self._pending.pop(namespace, None)
            if self._folder is not None:
                shutil.rmtree(self._path(namespace), ignore_errors=True)

    def in_memory(self) -> list[str]:
        """The namespaces whose index is held in memory, least recently used first."""
        with self._lock:
            return list(self._indexes)

    # -- internals ---------------------------------------------------------------------------------
    def _open(self, namespace: str) -> LexicalIndex:
        marker = self._store.generation(namespace)  # read before the data, so a write in between is noticed
        saved = lexical_files.load(self._path(namespace)) if self._folder is not None else None
        if saved is not None:
            if saved.marker == marker:
                return saved
            log.info("BM25 index of %s is behind the store: syncing by ids", namespace)
            return self._synced(namespace, saved, marker)
        log.info("building the BM25 index of %s from the store", namespace)
        index = LexicalIndex.build(self._store.chunks(namespace), marker)
        self._save(namespace, index)
        return index

    def _synced(self, namespace: str, index: LexicalIndex, marker: str) -> LexicalIndex:
        synced = index.synced(self._store.ready_ids(namespace), lambda ids: self._store.get_by_ids(namespace, ids),
                              marker)
        self._save(namespace, synced)
        return synced

    def _keep(self, namespace: str, index: LexicalIndex) -> None:
        self._indexes[namespace] = index
        self._indexes.move_to_end(namespace)
        while len(self._indexes) > self.max_namespaces:
            evicted, _ = self._indexes.popitem(last=False)
            log.info("BM25 index of %s leaves memory (it stays on disk)", evicted)

    def _save(self, namespace: str, index: LexicalIndex) -> None:
        if self._folder is None:
            return
        try:
            lexical_files.save(index, self._path(namespace))
        except OSError:  # a read-only or full disk costs a rebuild at the next start, nothing more
            log.warning("could not save the BM25 index of %s", namespace, exc_info=True)

    def _path(self, namespace: str) -> Path:
        assert self._folder is not None
        return self._folder / collection_name(namespace)
