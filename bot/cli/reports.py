"""Evaluation and benchmark reports as rich tables (the reports themselves are plain data)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from index.evaluation.qa_eval import EvalReport
from index.evaluation.quote_eval import (
    CRITICAL_EXPECTED,
    EXPECTED,
    KINDS,
    QuoteEvalReport,
)


def qa_eval_table(report: EvalReport, title: str) -> Table:
    """One row per figure of a QA evaluation."""
    table = Table("figure", "value", title=title)
    for name, value in report.rows():
        table.add_row(name, value)
    return table


def quote_eval_table(report: QuoteEvalReport) -> Table:
    """The quote checker's confusion matrix: rows = how the check was made (expected verdict), columns = verdict."""
    cols = [k for k in KINDS if k != "too_short" or any(c[k] for c in report.by_label.values())]
    table = Table("label", "expected", *[c.replace("_", " ") for c in cols],
                  title=f"Quote checker on {report.n} checks ({report.seconds:.0f} s)")
    for label in EXPECTED:
        if label in report.by_label:
            row = report.by_label[label]
            table.add_row(label, EXPECTED[label], *[str(row[c]) for c in cols])
    pr = report.precision_recall()
    table.add_section()
    for kind, row in sorted(report.by_expected.items()):
        table.add_row("all", kind, *[str(row[c]) for c in cols], style="bold")
    table.caption = (f"accuracy {report.accuracy:.3f}; "
                     + "; ".join(f"{k}: precision {v['precision']:.3f}, recall {v['recall']:.3f}" for k, v in pr.items())
                     + "; " + "; ".join(f"{label}: '{CRITICAL_EXPECTED[label]}' flagged in {f}/{t} near misses"
                                        for label, (f, t) in report.critical.items()))
    return table


def render_bench(console: Console, report: dict[str, Any]) -> None:
    """Print the report as rich tables."""
    m = report["machine"]
    v = m["versions"]
    console.print(f"[bold]Machine:[/] {m['cpu_count']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, no GPU; "
                  f"Python {m['python']}, torch {v.get('torch')} ({m['torch_threads']} threads), "
                  f"sentence-transformers {v.get('sentence-transformers')}, onnxruntime {v.get('onnxruntime')}, "
                  f"chromadb {v.get('chromadb')}; load avg {m['load_avg_start']} -> {m.get('load_avg_end')}")
    r = report.get("ratios")
    if r:
        t = Table(title=f"Speed ratios, one run ({r['data']}; backend {r['backend']})")
        for col in ("ratio", "value", "from"):
            t.add_column(col)
        t.add_row("warm ask p50 ÷ encoding the question alone", f"{r['ask_over_question_encode']}×",
                  f"{r['ask_ms']['p50']} ms ÷ {r['question_encode_ms']['p50']} ms")
        t.add_row("one-shot `quotedesk ask` ÷ `quotedesk --help`", f"{r['cli_ask_over_help']}×",
                  f"{r['cli_ask']['wall_s']} s ÷ {r['cli_help']['wall_s']} s")
        t.add_row("adding one by one ÷ encoding once", f"{r['one_by_one_add_over_encode_once']}×",
                  f"{r['one_by_one_add_s']} s ÷ {r['encode_once_s']} s")
        t.add_row("bulk add ÷ encoding once", f"{r['bulk_add_over_encode_once']}×",
                  f"{r['bulk_add_s']} s ÷ {r['encode_once_s']} s")
        console.print(t)
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
    for col in ("chunks", "real", "padding", "embed chunks/s", "first ask s (rebuild)", "first ask s (restart)",
                "bulk add ms/article", "BM25 MiB", "ask p50 ms", "ask p95 ms", "ranking adds p50 ms",
                "retrieval p50 ms", "retrieval p95 ms", "dense p50 ms", "BM25 p50 ms"):
        t.add_column(col, justify="right")
    for r in report["ask"]:
        t.add_row(f"{r['chunks']:,}", f"{r['real_chunks']:,}", f"{r['padding_chunks']:,}", _fmt(r["embed_chunks_per_s"]),
                  f"{r['first_ask_s']}", f"{r['first_ask_after_restart_s']}", _fmt(r["bulk_add_ms_per_article"]),
                  f"{r['lexical_index_mib']}", f"{r['ask']['p50']}", f"{r['ask']['p95']}", f"{r['ranking_added']['p50']}",
                  f"{r['retrieval']['p50']}", f"{r['retrieval']['p95']}",
                  f"{r['retrieval_dense']['p50']}", f"{r['retrieval_lexical']['p50']}")
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


def _fmt(value: object) -> str:
    return "" if value is None else str(value)
