"""Encoder backends, ingest against the encoder's own speed, and the naive LangChain pipeline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from index.config import Settings
from index.evaluation.bench.corpus import Doc
from index.ingest.chunk import chunk_article
from index.library import Library
from index.models import AddStatus
from index.retrieval.embed import Encoder, SentenceEmbedder, resolve_model_path, shared_embedder
from index.retrieval.onnx import ONNX_BACKENDS, onnx_export
from index.store.writer import article_id_for

Report = Callable[[str], None]
"""Tells the user which stage is running."""

class TimedEmbedder:
    """Wraps an embedder and adds up the time spent encoding (to split ingest time)."""

    def __init__(self, inner: SentenceEmbedder) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.texts += len(texts)

    def encode_passages(self, texts: list[str],
                        spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        start = time.perf_counter()
        try:
            return self.inner.encode_passages(texts, spans)
        finally:
            self.seconds += time.perf_counter() - start
            self.texts += len(texts)


def _embedder(settings: Settings, backend: str, *, fresh: bool = False) -> SentenceEmbedder:
    """The process-wide embedder of a backend (as the library uses it), or a freshly loaded one (to time the load)."""
    if fresh:
        return SentenceEmbedder(settings.embedding_model, backend=backend, batch_size=settings.embedding_batch_size)
    return shared_embedder(settings.embedding_model, backend, settings.embedding_batch_size)


def _library(settings: Settings, data_dir: Path, embedder: Encoder) -> Library:
    return Library(settings.model_copy(update={"data_dir": data_dir, "chroma_url": None}), embedder=embedder)


def _chunk_texts(docs: list[Doc], settings: Settings) -> tuple[list[str], float]:
    """The texts the library embeds for these articles (title + chunk), and the time chunking took."""
    start = time.perf_counter()
    texts: list[str] = []
    for d in docs:
        plans = chunk_article(article_id_for(d.document.text), d.document.text,
                              target_chars=settings.chunk_target_chars, max_chars=settings.chunk_max_chars)
        texts.extend(f"{d.document.meta.title}\n{p.chunk.text}" for p in plans)
    return texts, time.perf_counter() - start


def _token_counts(tokenizer_folder: str, texts: list[str], max_tokens: int) -> tuple[int, int]:
    """(tokens the model sees, tokens in the texts)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(tokenizer_folder) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    lengths = [len(e.ids) for e in tok.encode_batch(texts)] if texts else []
    return sum(min(n, max_tokens) for n in lengths), sum(lengths)


def bench_encoders(settings: Settings, texts: list[str], queries: list[str], backends: tuple[str, ...],
                   progress: Report, *, fresh: bool = True) -> list[dict]:
    """Encoder throughput per backend on the same texts, and how close each stays to torch."""
    results: list[dict[str, Any]] = []
    reference: np.ndarray | None = None
    reference_top: list[set[int]] = []
    for backend in backends:
        progress(f"encoder: {backend}")
        row: dict = {"backend": backend}
        if backend in ONNX_BACKENDS:  # the one-off export is timed apart from the load
            start = time.perf_counter()
            onnx_export(resolve_model_path(settings.embedding_model), quantized=backend == "onnx-int8")
            row["export_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        embedder = _embedder(settings, backend, fresh=fresh)
        row["load_s"] = round(time.perf_counter() - start, 2) if fresh else None  # shared: maybe loaded before
        embedder.encode(texts[:8])  # warm-up
        start = time.perf_counter()
        vectors = embedder.encode(texts)
        seconds = time.perf_counter() - start
        q_vectors = embedder.encode(queries)
        start = time.perf_counter()
        for q in queries:
            embedder.encode([q])
        q_seconds = time.perf_counter() - start
        row.update(texts=len(texts), seconds=round(seconds, 2), texts_per_s=round(len(texts) / seconds, 1),
                   query_ms=round(q_seconds / max(len(queries), 1) * 1000, 1))
        top = [set(np.argsort(-(vectors @ q))[:5].tolist()) for q in q_vectors]
        if reference is None:
            reference, reference_top = vectors, top
            row["speedup_vs_first"] = 1.0
        else:
            cos = (vectors * reference).sum(axis=1)
            row["mean_cos_vs_" + backends[0]] = round(float(cos.mean()), 5)
            row["min_cos_vs_" + backends[0]] = round(float(cos.min()), 5)
            row["top5_identical_share"] = round(sum(a == b for a, b in zip(top, reference_top)) / len(top), 3)
            row["top5_overlap"] = round(sum(len(a & b) for a, b in zip(top, reference_top)) / (5 * len(top)), 3)
            row["speedup_vs_first"] = round(row["texts_per_s"] / results[0]["texts_per_s"], 2)
        results.append(row)
        del embedder
    return results


def bench_ingest(settings: Settings, docs: list[Doc], backend: str, workdir: Path, progress: Report) -> dict:
    """Library.add_document over the articles vs the pure encoder time for the same texts."""
    progress(f"ingest: {backend}")
    embedder = _embedder(settings, backend)
    embedder.encode(["warm-up"])
    texts, chunk_s = _chunk_texts(docs, settings)
    timed = TimedEmbedder(embedder)
    library = _library(settings, workdir / f"ingest-{backend}", timed)
    start = time.perf_counter()
    chunks = 0
    for d in docs:
        chunks += library.add_document("bench", d.document, added_by="bench").chunks
    seconds = time.perf_counter() - start
    start = time.perf_counter()  # the encoder alone, one batched call over the same texts
    embedder.encode(texts)
    encoder_s = time.perf_counter() - start
    start = time.perf_counter()  # adding the same articles again must not re-embed anything
    before = timed.texts
    statuses = [library.add_document("bench", d.document, added_by="bench").status for d in docs]
    readd_s = time.perf_counter() - start
    return {
        "backend": backend,
        "articles": len(docs),
        "chunks": chunks,
        "chars": sum(len(d.document.text) for d in docs),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(docs) / seconds, 2),
        "chunks_per_s": round(chunks / seconds, 1),
        "embedding_in_ingest_s": round(timed.seconds, 2),
        "chunking_s": round(chunk_s, 2),
        "encoder_only_s": round(encoder_s, 2),
        "encoder_share": round(encoder_s / seconds, 3),  # 1.0 = ingest runs at the model's limit
        "readd_s": round(readd_s, 2),
        "readd_reembedded_texts": timed.texts - before,
        "readd_all_already_present": all(s == AddStatus.ALREADY_PRESENT for s in statuses),
        **_tokens(resolve_model_path(settings.embedding_model), texts, _max_tokens(embedder), seconds),
        "store_dir": str(workdir / f"ingest-{backend}"),
    }


def _max_tokens(embedder: SentenceEmbedder) -> int:
    model = embedder._model
    return int(getattr(model, "max_seq_length", 256) or 256)


def bench_langchain(settings: Settings, docs: list[Doc], workdir: Path, progress: Report) -> dict:
    """The naive LangChain pipeline on the same articles: default splitter, HuggingFaceEmbeddings, Chroma.from_documents."""
    try:
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter
    except ImportError as err:
        return {"skipped": f"LangChain baseline not installed ({err.name}); pip install 'quotedesk[bench]'"}
    progress("langchain baseline")
    model_path = resolve_model_path(settings.embedding_model)
    embeddings = HuggingFaceEmbeddings(model_name=model_path, model_kwargs={"device": "cpu"},
                                       encode_kwargs={"normalize_embeddings": True})
    embeddings.embed_query("warm-up")
    documents = [Document(page_content=d.document.text, metadata={"title": d.document.meta.title or "", "key": d.key})
                 for d in docs]
    start = time.perf_counter()
    splits = RecursiveCharacterTextSplitter().split_documents(documents)
    store = Chroma.from_documents(splits, embeddings, collection_name="langchain-bench",
                                  persist_directory=str(workdir / "langchain"),
                                  client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True))
    seconds = time.perf_counter() - start
    count = store._collection.count()
    max_tokens = int(embeddings._client.max_seq_length or 256)
    return {
        "pipeline": "RecursiveCharacterTextSplitter() + HuggingFaceEmbeddings + Chroma.from_documents",
        "articles": len(docs),
        "chunks": count,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(docs) / seconds, 2),
        "chunks_per_s": round(count / seconds, 1),
        **_tokens(model_path, [s.page_content for s in splits], max_tokens, seconds),
    }


def _tokens(model_path: str, texts: list[str], max_tokens: int, seconds: float) -> dict:
    embedded, total = _token_counts(model_path, texts, max_tokens)
    return {"embedded_tokens": embedded, "text_tokens": total,
            "embedded_token_share": round(embedded / total, 4) if total else 1.0,
            "embedded_tokens_per_s": round(embedded / seconds, 1)}
