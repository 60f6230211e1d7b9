"""``quotedesk bench``: every stage in one process and run, so the ratios are comparable on a noisy machine.

Corpora: full runs use the RealTimeQA news articles (``realtimeqa-dev``, internal
evaluation data, read at run time and never copied anywhere); ``quick`` uses the
Wikinews articles bundled with QuoteDesk (CC BY 2.5).

Collections larger than ``max_real_chunks`` are padded: the real chunks are
stored again under new ids (and new article ids) with their vectors jittered
by Gaussian noise (``PAD_NOISE`` per dimension, re-normalised), so retrieval
is measured at that size without embedding it all. The report says so per size.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from index.config import Settings
from index.evaluation.bench.coldstart import bench_cold_start
from index.evaluation.bench.corpus import load_articles, load_questions
from index.evaluation.bench.encoders import (
    Report,
    _chunk_texts,
    bench_encoders,
    bench_ingest,
    bench_langchain,
)
from index.evaluation.bench.machine import load_average, machine_info
from index.evaluation.bench.options import BenchOptions
from index.evaluation.bench.ratios import bench_ratios
from index.evaluation.bench.sizes import bench_ask_sizes


def run_bench(settings: Settings, options: BenchOptions, progress: Report | None = None) -> dict:
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
        if options.ratios:
            report["ratios"] = bench_ratios(settings, workdir / "ratios", progress, paragraphs=options.ratio_paragraphs,
                                            questions=options.ratio_questions,
                                            cold_runs=max(1, options.cold_start_runs))
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
            # a store answers only in its own vector space: int8 vectors and fp32 ones are not mixed
            same_space = tuple(b for b in options.backends if (b == "onnx-int8") == (ingest["backend"] == "onnx-int8"))
            report["cold_start"] = bench_cold_start(settings, Path(ingest["store_dir"]), "bench", queries[0],
                                                    same_space, options.cold_start_runs, progress)
            report["cold_start_store_chunks"] = ingest["chunks"]
        # the parent's own peak, for scale (it holds every model and store of the run)
        report["bench_process_max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    finally:
        if not options.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    report["machine"]["load_avg_end"] = load_average()
    if "torch" in sys.modules:
        report["machine"]["torch_threads"] = sys.modules["torch"].get_num_threads()
    report["total_s"] = round(time.perf_counter() - started, 1)
    return report
