"""A namespace's BM25 index on disk, so a restart loads it instead of re-reading the whole namespace.

The folder holds the bm25s matrices (``bm25/``, memory-mapped on load), the chunk columns and token ids
(``chunks.npz``) and the store's change marker they reflect (``meta.json``). It is written to a temporary
folder and renamed into place, so a reader never sees half of it; a folder that cannot be read is
ignored (the index is rebuilt from the store).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import Counter
from pathlib import Path

import numpy as np

from index.retrieval.lexical import LexicalIndex, _bm25s

log = logging.getLogger(__name__)

FORMAT = 1


def save(index: LexicalIndex, folder: Path) -> None:
    """Write ``index`` to ``folder`` (replacing what was there)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    if index.retriever is not None:
        index.retriever.save(str(tmp / "bm25"), show_progress=False)
    lengths = np.array([len(t) for t in index.tokens], dtype=np.int64)
    np.savez(
        tmp / "chunks.npz",
        ids=np.array(index.ids, dtype=object),
        token_ids=np.concatenate(index.tokens) if index.tokens else np.zeros(0, dtype=np.int32),
        token_lengths=lengths,
        vocab=np.array(sorted(index.vocab, key=index.vocab.__getitem__), dtype=object),
        article_ids=np.array(index.article_ids, dtype=object),
        outlets=np.array([o or "" for o in index.outlets], dtype=object),
        days=index.days,
        words=np.array(list(index.words), dtype=object),
        word_counts=np.array(list(index.words.values()), dtype=np.int64),
    )
    (tmp / "meta.json").write_text(json.dumps({"format": FORMAT, "marker": index.marker, "chunks": len(index)}))
    old = folder.with_name(f"{folder.name}.old{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def load(folder: Path) -> LexicalIndex | None:
    """The index saved in ``folder``, or None when there is none (or it cannot be read)."""
    try:
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("format") != FORMAT:
            return None
        with np.load(folder / "chunks.npz", allow_pickle=True) as data:
            vocab = {str(t): i for i, t in enumerate(data["vocab"])}
            ends = np.cumsum(data["token_lengths"])
            tokens = np.split(data["token_ids"].astype(np.int32), ends[:-1]) if len(ends) else []
            index = LexicalIndex(
                ids=[str(i) for i in data["ids"]], tokens=list(tokens), vocab=vocab,
                article_ids=[str(a) for a in data["article_ids"]],
                outlets=[str(o) or None for o in data["outlets"]], days=data["days"].astype(np.int32),
                words=Counter(dict(zip((str(w) for w in data["words"]), (int(c) for c in data["word_counts"])))),
                marker=str(meta.get("marker", "")),
            )
        if index.ids:
            index.retriever = _bm25s().BM25.load(str(folder / "bm25"), mmap=True, show_progress=False)
        return index
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign folder: rebuild from the store
        log.warning("could not read the saved BM25 index in %s; rebuilding it", folder, exc_info=True)
        return None
