"""The three speed ratios, measured side by side in one run (absolute times are noise on a shared machine).

On SQuAD paragraphs (one short article each) and questions about them:

* warm ``Library.ask`` p50 ÷ encoding the question alone p50;
* a one-shot ``quotedesk ask`` ÷ ``quotedesk --help`` (fresh processes, wall time, median of runs);
* adding the paragraphs one by one (as ``add`` of one file does) ÷ encoding their chunk texts once in one
  batch, and the same for one bulk add (``Library.add_documents``, as ``add`` of many files does).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from index.config import Settings
from index.evaluation.bench.coldstart import child_run
from index.evaluation.bench.encoders import Report
from index.evaluation.data import dataset_dir, jsonl
from index.evaluation.stats import percentiles
from index.library import Library
from index.models import ArticleMeta, ExtractedDocument
from index.retrieval.embed import shared_embedder

NAMESPACE = "ratios"


def squad_slice(paragraphs: int, questions: int) -> tuple[list[ExtractedDocument], list[str]]:
    """The first ``paragraphs`` SQuAD dev paragraphs as articles, and questions whose answer is among them."""
    folder = dataset_dir("squad-dev")
    rows = [p for _, p in zip(range(paragraphs), jsonl(folder / "paragraphs.jsonl"))]
    wanted = {p["paragraph_id"] for p in rows}
    docs = [ExtractedDocument(p["text"], ArticleMeta(title=p["title"].replace("_", " "), outlet="Wikipedia"))
            for p in rows]
    asked = [q["question"] for q in jsonl(folder / "questions.jsonl") if q["gold_paragraph_id"] in wanted]
    step = max(1, len(asked) // max(questions, 1))
    return docs, asked[::step][:questions]


def bench_ratios(settings: Settings, workdir: Path, progress: Report, *, paragraphs: int = 150,
                 questions: int = 40, cold_runs: int = 3) -> dict[str, Any]:
    """Every ratio of the speed issue, with the raw times they come from."""
    docs, asked = squad_slice(paragraphs, questions)
    embedder = shared_embedder(settings.embedding_model, settings.embedding_backend, settings.embedding_batch_size)
    embedder.encode(["warm-up"])
    texts = [f"{d.meta.title}\n{d.text}" for d in docs]
    progress("ratios: encoding the paragraphs once")
    start = time.perf_counter()
    embedder.encode(texts)
    encode_once = time.perf_counter() - start

    progress("ratios: adding one by one")
    one_by_one_lib = Library(settings.model_copy(update={"data_dir": workdir / "one-by-one", "chroma_url": None}),
                             embedder=embedder)
    start = time.perf_counter()
    for doc in docs:
        one_by_one_lib.add_document(NAMESPACE, doc, added_by="bench")
    one_by_one = time.perf_counter() - start

    progress("ratios: adding in bulk")
    bulk_dir = workdir / "bulk"
    library = Library(settings.model_copy(update={"data_dir": bulk_dir, "chroma_url": None}), embedder=embedder)
    start = time.perf_counter()
    library.add_documents(NAMESPACE, docs, added_by="bench")
    bulk = time.perf_counter() - start

    progress("ratios: asking")
    for question in asked:  # warm-up: every cache a running bot would have
        library.ask(NAMESPACE, question)
    ask_times, encode_times = [], []
    for question in asked:
        start = time.perf_counter()
        library.ask(NAMESPACE, question)
        ask_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        embedder.encode([question])
        encode_times.append(time.perf_counter() - start)
    ask_p50, encode_p50 = statistics.median(ask_times), statistics.median(encode_times)

    progress("ratios: cold start")
    env = {"QUOTEDESK_DATA_DIR": str(bulk_dir), "QUOTEDESK_NAMESPACE": NAMESPACE,
           "QUOTEDESK_EMBEDDING_BACKEND": settings.embedding_backend}
    help_run = child_run(["--help"], env, cold_runs)
    ask_run = child_run(["ask", asked[0]], env, cold_runs)
    return {
        "data": f"{len(docs)} SQuAD dev paragraphs (one article each), {len(asked)} questions about them",
        "backend": settings.embedding_backend,
        "ask_over_question_encode": round(ask_p50 / encode_p50, 2),
        "cli_ask_over_help": round(ask_run["wall_s"] / help_run["wall_s"], 2),
        "one_by_one_add_over_encode_once": round(one_by_one / encode_once, 2),
        "bulk_add_over_encode_once": round(bulk / encode_once, 2),
        "ask_ms": percentiles(ask_times, scale=1000),
        "question_encode_ms": percentiles(encode_times, scale=1000),
        "encode_once_s": round(encode_once, 2),
        "one_by_one_add_s": round(one_by_one, 2),
        "bulk_add_s": round(bulk, 2),
        "cli_help": help_run,
        "cli_ask": ask_run,
    }
