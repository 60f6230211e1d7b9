"""Warm ask latency as the collection grows, with padding beyond what is embedded for real."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from index.config import Settings
from index.evaluation.bench.corpus import Doc, load_articles, load_questions
from index.evaluation.bench.encoders import Report, TimedEmbedder, _embedder, _library
from index.evaluation.bench.options import BenchOptions
from index.evaluation.stats import percentiles
from index.library import Library
from index.models import AddStatus, chunk_id
from index.retrieval.lexical import LexicalIndex
from index.store.chroma import StoredChunk

BULK = 50  # articles per bulk add while building a collection
_PADDED = re.compile(r"p\d+$")  # a padding copy's article id: the real (hex) id + "p" + its round
PAD_NOISE = 0.02  # per-dimension sigma of the jitter on padding vectors (cosine to the original ~0.93)

def bench_ask_sizes(settings: Settings, options: BenchOptions, backend: str, workdir: Path,
                    progress: Report) -> list[dict]:
    """Warm ask latency as the collection grows through ``options.sizes``."""
    embedder = _embedder(settings, backend)
    timed = TimedEmbedder(embedder)
    library = _library(settings, workdir / "sizes", timed)
    namespace = "bench-sizes"
    questions = load_questions(options.corpus, options.questions)
    articles = iter(load_articles(options.corpus))
    results = []
    real_chunks = padded = 0
    real_articles = 0
    build_s = embed_s = pad_s = 0.0
    exhausted = False
    for size in sorted(options.sizes):
        progress(f"ask: building {size:,} chunks")
        timed.seconds = 0.0
        start = time.perf_counter()
        while not exhausted and real_chunks < min(size, options.max_real_chunks):
            batch = [d.document for _, d in zip(range(BULK), articles)]
            exhausted = len(batch) < BULK
            for result in library.add_documents(namespace, batch, added_by="bench"):
                if result.status in (AddStatus.ADDED, AddStatus.NEW_VERSION):
                    real_chunks += result.chunks
                    real_articles += 1
        step_build = time.perf_counter() - start
        build_s += step_build
        embed_s += timed.seconds
        start = time.perf_counter()
        if real_chunks + padded < size:
            padded += _pad(library, namespace, size - real_chunks - padded, padded)
        pad_s += time.perf_counter() - start
        total = library.store.count(namespace)
        progress(f"ask: {total:,} chunks, {len(questions)} questions")
        library.searcher.invalidate(namespace)
        start = time.perf_counter()
        library.ask(namespace, questions[0])
        first_ask = time.perf_counter() - start  # includes building the BM25 index from the store
        restarted = _library(settings, workdir / "sizes", timed)  # a new process would load the saved index
        start = time.perf_counter()
        restarted.ask(namespace, questions[0])
        first_ask_restarted = time.perf_counter() - start
        per_article = _bulk_add_ms(library, namespace, articles)
        index = library.searcher.lexical_index(namespace)
        unranked = _library(settings.model_copy(update={"answer_ranker": False}), workdir / "sizes", timed)
        for q in questions[: options.warmup]:
            library.ask(namespace, q)
            unranked.ask(namespace, q)
        ask_times, unranked_times, search_times, abstained = [], [], [], 0
        for q in questions:  # each question with the answer ranker, then without it: what ranking adds, paired
            start = time.perf_counter()
            answer = library.ask(namespace, q)
            ask_times.append(time.perf_counter() - start)
            abstained += answer.abstained
            start = time.perf_counter()
            unranked.ask(namespace, q)
            unranked_times.append(time.perf_counter() - start)
        vectors = embedder.encode(questions)
        dense_times, lexical_times = [], []
        searcher = library.searcher
        for q, v in zip(questions, vectors):
            start = time.perf_counter()
            searcher.search(namespace, q, k=settings.passages, query_vector=v)
            search_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            searcher.dense(namespace, v, settings.candidates, None)
            dense_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            searcher.lexical(namespace, q, settings.candidates, None)
            lexical_times.append(time.perf_counter() - start)
        how = f"{real_articles} real articles ({real_chunks:,} chunks) embedded with {backend}"
        if padded:
            how += (f" + {padded:,} padding chunks: copies of the real chunks under new ids, vectors jittered "
                    f"(N(0, {PAD_NOISE}) per dim, re-normalised)")
        results.append({
            "size": size,
            "chunks": total,
            "real_chunks": real_chunks,
            "padding_chunks": padded,
            "real_articles": real_articles,
            "built_as": how,
            "build_s_cumulative": round(build_s + pad_s, 1),
            "embed_s_cumulative": round(embed_s, 1),
            "embed_chunks_per_s": round(real_chunks / embed_s, 1) if embed_s else None,
            "first_ask_s": round(first_ask, 2),  # BM25 index built from the store
            "first_ask_after_restart_s": round(first_ask_restarted, 2),  # BM25 index loaded from disk
            "bulk_add_ms_per_article": per_article,
            "collection_articles": len(set(index.article_ids)),
            "lexical_index_mib": round((sum(t.nbytes for t in index.tokens) + index.days.nbytes
                                        + _matrix_bytes(index)) / 2**20, 1),
            "ask": percentiles(ask_times, scale=1000),
            "ask_without_ranker": percentiles(unranked_times, scale=1000),
            # per question, the ask with the ranker minus the same ask without it
            "ranking_added": percentiles([a - b for a, b in zip(ask_times, unranked_times)], scale=1000),
            "retrieval": percentiles(search_times, scale=1000),
            "retrieval_dense": percentiles(dense_times, scale=1000),  # Chroma HNSW query (with the ready filter)
            "retrieval_lexical": percentiles(lexical_times, scale=1000),  # BM25 scores over every chunk + top-k
            "questions": len(questions),
            "abstained": abstained,
        })
    return results


def _bulk_add_ms(library: Library, namespace: str, articles: Iterator[Doc], n: int = 20) -> float | None:
    """Milliseconds per article to add ``n`` unseen articles in one bulk add, at the collection's current size."""
    batch = [d.document for _, d in zip(range(n), articles)]
    if not batch:
        return None
    start = time.perf_counter()
    library.add_documents(namespace, batch, added_by="bench")
    return round((time.perf_counter() - start) * 1000 / len(batch), 1)


def _matrix_bytes(index: LexicalIndex) -> int:
    scores = getattr(index.retriever, "scores", None) or {}
    return int(sum(getattr(v, "nbytes", 0) for v in scores.values()))


def _pad(library: Library, namespace: str, wanted: int, already: int) -> int:
    """Store copies of whole real articles (new ids, jittered vectors) until ``wanted`` chunks are added."""
    chunks, embeddings = library.store.export(namespace)
    real = [i for i, c in enumerate(chunks) if not _PADDED.search(c.record.article_id)]
    if not real:
        return 0
    by_article: dict[str, list[int]] = {}
    for i in real:
        by_article.setdefault(chunks[i].record.article_id, []).append(i)
    groups = list(by_article.values())
    rng = np.random.default_rng(already + 12345)
    added, round_no = 0, already // len(real) + 1
    while added < wanted:
        rows: list[int] = []
        for group in groups:  # whole articles only, so every padded article can be reassembled
            if added + len(rows) >= wanted:
                break
            rows.extend(group)
        vectors = embeddings[rows] + rng.normal(0.0, PAD_NOISE, (len(rows), embeddings.shape[1])).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        # ids as the library gives them (chunk_id of the new article), so articles are read as real ones are
        copies = [StoredChunk(chunk_id(f"{chunks[i].record.article_id}p{round_no}", chunks[i].record.seq), chunks[i].text,
                              replace(chunks[i].record, article_id=f"{chunks[i].record.article_id}p{round_no}"))
                  for i in rows]
        library.store.upsert(namespace, copies, vectors)
        added += len(rows)
        round_no += 1
    library.searcher.invalidate(namespace)
    return added
