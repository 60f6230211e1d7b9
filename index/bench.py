"""Performance benchmarks: ingest throughput, encoder backends, ask latency by collection size, CLI cold start.

``run_bench`` returns a plain dict (the JSON report); ``render_report`` prints it
as tables. ``quotedesk bench`` wires both to the command line. Every figure is
measured in the same process and run, so the ratios are comparable even on a
noisy machine; the machine (CPU count, load, versions) is part of the report.

Corpora:

* full runs: the RealTimeQA news articles (``shared/data/realtimeqa-dev``) —
  internal evaluation data, read at run time and never copied anywhere;
* ``quick``: the Wikinews articles bundled with QuoteDesk (CC BY 2.5).

Collections larger than ``max_real_chunks`` are padded: the real chunks are
stored again under new ids (and new article ids) with their vectors jittered
by Gaussian noise (``PAD_NOISE`` per dimension, re-normalised), so retrieval
is measured at that size without embedding it all. The report says so per size.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from index.chunk import chunk_article
from index.config import Settings
from index.embed import ONNX_BACKENDS, SentenceEmbedder, onnx_export, resolve_model_path, shared_embedder
from index.models import AddStatus, ArticleMeta, ExtractedDocument

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REALTIMEQA = SHARED_DATA / "realtimeqa-dev"
PAD_NOISE = 0.02  # per-dimension sigma of the jitter on padding vectors (cosine to the original ~0.93)
QUICK_QUESTIONS = (
    "Which bases came under attack?",
    "Who won the robotics competition?",
    "How many people were killed when the crane collapsed?",
    "What did the team receive a medal for?",
    "Who claimed responsibility for the attacks?",
)

Progress = Callable[[str], None]


@dataclass
class BenchOptions:
    """What to measure and on how much data."""

    sizes: tuple[int, ...] = (1000, 10000, 100000)
    articles: int = 50  # articles for the ingest / encoder / LangChain comparison
    backends: tuple[str, ...] = ("torch", "onnx", "onnx-int8")
    questions: int = 30  # asks per size (after warm-up)
    warmup: int = 3
    max_real_chunks: int = 10000  # beyond this, collections are padded (see module doc)
    langchain: bool = True
    cold_start_runs: int = 3  # 0 to skip
    ask_backend: str | None = None  # backend for the size runs; default: the fastest measured
    quick: bool = False
    corpus: str = "realtimeqa"  # or "wikinews" (bundled)
    workdir: Path | None = None  # default: a temporary folder, removed afterwards

    @classmethod
    def quick_options(cls, **overrides) -> "BenchOptions":
        """A tiny slice for tests: a few bundled Wikinews articles, small sizes, one cold start."""
        base = cls(sizes=(100, 400), articles=4, backends=("torch", "onnx-int8"), questions=5, warmup=1,
                   max_real_chunks=150, cold_start_runs=1, quick=True, corpus="wikinews")
        return replace(base, **overrides)


@dataclass
class Doc:
    key: str
    document: ExtractedDocument


# -- data ------------------------------------------------------------------------
def load_articles(corpus: str, limit: int | None = None) -> Iterable[Doc]:
    """Articles in file order (deterministic); ``limit`` stops early."""
    count = 0
    for doc in (_realtimeqa_docs() if corpus == "realtimeqa" else _wikinews_docs()):
        if limit is not None and count >= limit:
            return
        count += 1
        yield doc


def _realtimeqa_docs() -> Iterable[Doc]:
    path = REALTIMEQA / "articles.jsonl.gz"
    if not path.exists():
        raise FileNotFoundError(f"RealTimeQA articles not found at {path} (use --quick for the bundled corpus).")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            paras = [p.strip() for p in row.get("paragraphs") or [] if p and p.strip()]
            if not paras:
                continue
            published = row.get("publish_date")
            meta = ArticleMeta(
                title=row.get("title") or paras[0][:80],
                author=", ".join(row.get("authors") or []) or None,
                published=date.fromisoformat(published.replace("/", "-")) if published else None,
                url=row.get("url"),
            )
            yield Doc(row["doc_id"], ExtractedDocument("\n\n".join(paras), meta))


def _wikinews_docs() -> Iterable[Doc]:
    folder = resources.files("index") / "data" / "demo"
    for line in (folder / "wikinews.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        meta = ArticleMeta(title=row["title"], outlet=row["source"], url=row["url"],
                           published=date.fromisoformat(row["published"]))
        yield Doc(row["id"], ExtractedDocument(row["text"], meta))


def load_questions(corpus: str, limit: int) -> list[str]:
    if corpus != "realtimeqa":
        return (list(QUICK_QUESTIONS) * (1 + limit // len(QUICK_QUESTIONS)))[:limit]
    rows = [json.loads(line) for line in (REALTIMEQA / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    step = max(len(rows) // max(limit, 1), 1)
    return [r["question"] for r in rows[::step][:limit]]


# -- machine ---------------------------------------------------------------------
def machine_info() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = None
    versions = {}
    for dist in ("torch", "sentence-transformers", "transformers", "onnxruntime", "chromadb", "bm25s",
                 "langchain-chroma", "langchain-huggingface", "langchain-text-splitters"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    torch_threads = None
    if "torch" in sys.modules:
        torch_threads = sys.modules["torch"].get_num_threads()
    return {
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem, 1) if mem else None,
        "gpu": False,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch_threads": torch_threads,
        "versions": versions,
        "load_avg_start": _load(),
    }


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# -- helpers ---------------------------------------------------------------------
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


def percentiles(values: list[float]) -> dict[str, float]:
    """p50 / p95 / mean / max of timings in seconds, as milliseconds."""
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "mean_ms": 0.0, "max_ms": 0.0}
    ordered = sorted(values)

    def pct(q: float) -> float:  # nearest-rank on the sorted sample
        return ordered[min(len(ordered) - 1, max(0, int(np.ceil(q * len(ordered))) - 1))]

    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(pct(0.95) * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1)}


def _embedder(settings: Settings, backend: str, *, fresh: bool = False) -> SentenceEmbedder:
    """The process-wide embedder of a backend (as the library uses it), or a freshly loaded one (to time the load)."""
    if fresh:
        return SentenceEmbedder(settings.embedding_model, backend=backend, batch_size=settings.embedding_batch_size)
    return shared_embedder(settings.embedding_model, backend, settings.embedding_batch_size)


def _library(settings: Settings, data_dir: Path, embedder):
    from index.library import Library

    return Library(settings.model_copy(update={"data_dir": data_dir, "chroma_url": None}), embedder=embedder)


def _chunk_texts(docs: list[Doc], settings: Settings) -> tuple[list[str], float]:
    """The texts the library embeds for these articles (title + chunk), and the time chunking took."""
    from index.library import article_id_for

    start = time.perf_counter()
    texts = []
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


# -- stages ------------------------------------------------------------------------
def bench_encoders(settings: Settings, texts: list[str], queries: list[str], backends: tuple[str, ...],
                   progress: Progress, *, fresh: bool = True) -> list[dict]:
    """Encoder throughput per backend on the same texts, and how close each stays to torch."""
    results = []
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


def bench_ingest(settings: Settings, docs: list[Doc], backend: str, workdir: Path, progress: Progress) -> dict:
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


def bench_langchain(settings: Settings, docs: list[Doc], workdir: Path, progress: Progress) -> dict:
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
    max_tokens = int(embeddings._client.max_seq_length)
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


def bench_ask_sizes(settings: Settings, options: BenchOptions, backend: str, workdir: Path,
                    progress: Progress) -> list[dict]:
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
            doc = next(articles, None)
            if doc is None:
                exhausted = True
                break
            result = library.add_document(namespace, doc.document, added_by="bench")
            if result.status == AddStatus.ADDED or result.status == AddStatus.NEW_VERSION:
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
        for q in questions[: options.warmup]:
            library.ask(namespace, q)
        ask_times, search_times, abstained = [], [], 0
        for q in questions:
            start = time.perf_counter()
            answer = library.ask(namespace, q)
            ask_times.append(time.perf_counter() - start)
            abstained += answer.abstained
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
            "first_ask_s": round(first_ask, 2),
            "ask": percentiles(ask_times),
            "retrieval": percentiles(search_times),
            "retrieval_dense": percentiles(dense_times),  # Chroma HNSW query (with the ready filter)
            "retrieval_lexical": percentiles(lexical_times),  # BM25 scores over every chunk + top-k
            "questions": len(questions),
            "abstained": abstained,
        })
    return results


def _pad(library, namespace: str, wanted: int, already: int) -> int:
    """Store copies of whole real articles (new ids, jittered vectors) until ``wanted`` chunks are added."""
    collection = library.store._collection(namespace)
    source = collection.get(where={"ready": True}, include=["embeddings", "documents", "metadatas"])
    real = [i for i, cid in enumerate(source["ids"]) if not cid.startswith("pad")]
    if not real:
        return 0
    by_article: dict[str, list[int]] = {}
    for i in real:
        by_article.setdefault(source["metadatas"][i]["article_id"], []).append(i)
    groups = list(by_article.values())
    embeddings = np.asarray(source["embeddings"], dtype=np.float32)
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
        ids = [f"pad{round_no}-{source['ids'][i]}" for i in rows]
        metas = [{**source["metadatas"][i], "article_id": f"{source['metadatas'][i]['article_id']}p{round_no}"}
                 for i in rows]
        library.store.upsert(namespace, ids, [source["documents"][i] for i in rows], vectors, metas)
        added += len(rows)
        round_no += 1
    library.searcher.invalidate(namespace)
    return added


def bench_cold_start(settings: Settings, data_dir: Path, namespace: str, question: str, backends: tuple[str, ...],
                     runs: int, progress: Progress) -> list[dict]:
    """Wall time and peak RSS of a one-shot `quotedesk ask` (a fresh process: imports, model load, store open)."""
    script = Path(sys.executable).with_name("quotedesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    env = {**os.environ, "QUOTEDESK_DATA_DIR": str(data_dir), "QUOTEDESK_NAMESPACE": namespace,
           "QUOTEDESK_EMBEDDING_MODEL": settings.embedding_model}
    env.pop("QUOTEDESK_CHROMA_URL", None)
    results = [{"backend": "(quotedesk --help)", **_child([*command, "--help"], env, runs)}]
    for backend in backends:
        progress(f"cold start: {backend}")
        row = _child([*command, "ask", question], {**env, "QUOTEDESK_EMBEDDING_BACKEND": backend}, runs)
        results.append({"backend": backend, **row})
    return results


# Started from this (large) process, a child's ru_maxrss would include our own pages (Linux records the
# forking process's high-water mark at exec), so a small helper interpreter starts the command and reports it.
_SPAWN_HELPER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = proc.stderr.read().decode(errors="replace")
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"wall": time.perf_counter() - start, "maxrss_kib": usage.ru_maxrss,
                  "code": os.waitstatus_to_exitcode(status), "stderr": err[-800:]}))
"""


def _child(command: list[str], env: dict, runs: int) -> dict:
    walls, rss = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _SPAWN_HELPER, *command], env=env, capture_output=True,
                              text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result["code"] != 0:
            raise RuntimeError(f"{' '.join(command)} exited {result['code']}: {result['stderr']}")
        walls.append(result["wall"])
        rss.append(result["maxrss_kib"] / 1024)  # KiB on Linux
    return {"runs": runs, "wall_s": round(statistics.median(walls), 2), "wall_s_all": [round(w, 2) for w in walls],
            "max_rss_mib": round(max(rss), 1)}


# -- the whole run -------------------------------------------------------------------
def run_bench(settings: Settings, options: BenchOptions, progress: Progress | None = None) -> dict:
    """Run every stage and return the report (a JSON-serialisable dict)."""
    progress = progress or (lambda _msg: None)
    workdir = Path(options.workdir) if options.workdir else Path(tempfile.mkdtemp(prefix="quotedesk-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict = {"machine": machine_info(), "options": {k: (str(v) if isinstance(v, Path) else v)
                                                           for k, v in asdict(options).items()},
                    "settings": {"embedding_model": settings.embedding_model,
                                 "embedding_batch_size": settings.embedding_batch_size,
                                 "chunk_target_chars": settings.chunk_target_chars,
                                 "chunk_max_chars": settings.chunk_max_chars,
                                 "candidates": settings.candidates, "passages": settings.passages}}
    try:
        docs = list(load_articles(options.corpus, options.articles))
        texts, _ = _chunk_texts(docs, settings)
        queries = load_questions(options.corpus, min(options.questions, 30))
        report["corpus"] = {"name": options.corpus, "articles": len(docs), "chunks": len(texts),
                            "chars": sum(len(d.document.text) for d in docs)}
        report["encoder"] = bench_encoders(settings, texts, queries, options.backends, progress,
                                           fresh=not options.quick)
        first, fastest = options.backends[0], max(report["encoder"], key=lambda r: r["texts_per_s"])["backend"]
        ingest_backends = tuple(dict.fromkeys([first, fastest]))
        report["ingest"] = [bench_ingest(settings, docs, b, workdir, progress) for b in ingest_backends]
        if options.langchain:
            lc = bench_langchain(settings, docs, workdir, progress)
            if "seconds" in lc:
                for row in report["ingest"]:
                    lc[f"speed_ratio_quotedesk_{row['backend']}_vs_langchain"] = round(lc["seconds"] / row["seconds"], 3)
            report["langchain"] = lc
        report["ask_backend"] = options.ask_backend or fastest
        report["ask"] = bench_ask_sizes(settings, options, report["ask_backend"], workdir, progress)
        if options.cold_start_runs:
            ingest = report["ingest"][0]
            report["cold_start"] = bench_cold_start(settings, Path(ingest["store_dir"]), "bench", queries[0],
                                                    options.backends, options.cold_start_runs, progress)
            report["cold_start_store_chunks"] = ingest["chunks"]
        # the parent's own peak, for scale (it holds every model and store of the run)
        report["bench_process_max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    finally:
        if not options.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    report["machine"]["load_avg_end"] = _load()
    if "torch" in sys.modules:
        report["machine"]["torch_threads"] = sys.modules["torch"].get_num_threads()
    report["total_s"] = round(time.perf_counter() - started, 1)
    return report


# -- rendering ---------------------------------------------------------------------
def render_report(console, report: dict) -> None:
    """Print the report as rich tables."""
    from rich.table import Table

    m = report["machine"]
    v = m["versions"]
    console.print(f"[bold]Machine:[/] {m['cpu_count']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, no GPU; "
                  f"Python {m['python']}, torch {v.get('torch')} ({m['torch_threads']} threads), "
                  f"sentence-transformers {v.get('sentence-transformers')}, onnxruntime {v.get('onnxruntime')}, "
                  f"chromadb {v.get('chromadb')}; load avg {m['load_avg_start']} -> {m.get('load_avg_end')}")
    c = report["corpus"]
    console.print(f"[bold]Model:[/] {report['settings']['embedding_model']}   [bold]Corpus:[/] {c['name']}, "
                  f"{c['articles']} articles, {c['chunks']} chunks, {c['chars']:,} chars")

    t = Table(title="Encoder backends (same chunk texts)")
    for col in ("backend", "load s", "texts/s", "speedup", "query ms", "mean cos", "min cos", "top-5 same", "top-5 overlap"):
        t.add_column(col, justify="right")
    for r in report["encoder"]:
        cos = next((r[k] for k in r if k.startswith("mean_cos")), None)
        mincos = next((r[k] for k in r if k.startswith("min_cos")), None)
        t.add_row(r["backend"], _fmt(r["load_s"]), f"{r['texts_per_s']}", f"{r['speedup_vs_first']}x", f"{r['query_ms']}",
                  _fmt(cos), _fmt(mincos), _fmt(r.get("top5_identical_share")), _fmt(r.get("top5_overlap")))
    console.print(t)

    t = Table(title="Ingest (Library.add_document) vs encoder limit and LangChain")
    for col in ("pipeline", "articles/s", "chunks", "chunks/s", "seconds", "encoder-only s", "at model limit",
                "tokens embedded", "embedded tokens/s", "re-add s"):
        t.add_column(col, justify="right")
    for r in report["ingest"]:
        t.add_row(f"quotedesk ({r['backend']})", f"{r['articles_per_s']}", f"{r['chunks']}", f"{r['chunks_per_s']}",
                  f"{r['seconds']}", f"{r['encoder_only_s']}", f"{r['encoder_share']:.0%}",
                  f"{r['embedded_token_share']:.0%}", f"{r['embedded_tokens_per_s']:.0f}", f"{r['readd_s']}")
    lc = report.get("langchain")
    if lc and "seconds" in lc:
        t.add_row("langchain naive", f"{lc['articles_per_s']}", f"{lc['chunks']}", f"{lc['chunks_per_s']}",
                  f"{lc['seconds']}", "", "", f"{lc['embedded_token_share']:.0%}", f"{lc['embedded_tokens_per_s']:.0f}", "")
    console.print(t)
    if lc and "seconds" in lc:
        ratios = ", ".join(f"{k.removeprefix('speed_ratio_')}: {val}x" for k, val in lc.items() if k.startswith("speed_ratio"))
        console.print(f"Speed ratio (LangChain seconds / QuoteDesk seconds, >1 = QuoteDesk faster): {ratios}")
    elif lc:
        console.print(f"LangChain baseline: {lc.get('skipped')}")

    t = Table(title=f"Ask latency (warm, {report['ask_backend']}) by collection size")
    for col in ("chunks", "real", "padding", "embed chunks/s", "first ask s", "ask p50 ms", "ask p95 ms",
                "retrieval p50 ms", "retrieval p95 ms", "dense p50 ms", "BM25 p50 ms"):
        t.add_column(col, justify="right")
    for r in report["ask"]:
        t.add_row(f"{r['chunks']:,}", f"{r['real_chunks']:,}", f"{r['padding_chunks']:,}", _fmt(r["embed_chunks_per_s"]),
                  f"{r['first_ask_s']}", f"{r['ask']['p50_ms']}", f"{r['ask']['p95_ms']}",
                  f"{r['retrieval']['p50_ms']}", f"{r['retrieval']['p95_ms']}",
                  f"{r['retrieval_dense']['p50_ms']}", f"{r['retrieval_lexical']['p50_ms']}")
    console.print(t)
    for r in report["ask"]:
        console.print(f"  {r['chunks']:,} chunks: {r['built_as']}")

    if report.get("cold_start"):
        t = Table(title=f"Cold start: one-shot `quotedesk ask` ({report['cold_start_store_chunks']} chunks)")
        for col in ("backend", "wall s (median)", "runs", "peak RSS MiB"):
            t.add_column(col, justify="right")
        for r in report["cold_start"]:
            t.add_row(r["backend"], f"{r['wall_s']}", " ".join(map(str, r["wall_s_all"])), f"{r['max_rss_mib']}")
        console.print(t)
    console.print(f"Total {report['total_s']} s.")


def _fmt(value) -> str:
    return "" if value is None else str(value)
