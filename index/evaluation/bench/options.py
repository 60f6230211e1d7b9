"""What ``quotedesk bench`` measures, and on how much data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


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
    ratios: bool = True  # the three ratios of the speed issue (SQuAD paragraphs, see bench/ratios.py)
    ratio_paragraphs: int = 150
    ratio_questions: int = 40
    cold_start_runs: int = 3  # 0 to skip
    ask_backend: str | None = None  # backend for the size runs; default: the fastest measured
    quick: bool = False
    corpus: str = "realtimeqa"  # or "wikinews" (bundled)
    workdir: Path | None = None  # default: a temporary folder, removed afterwards

    @classmethod
    def quick_options(cls, **overrides: Any) -> BenchOptions:
        """A tiny slice for tests: a few bundled Wikinews articles, small sizes, one cold start."""
        base = cls(sizes=(100, 400), articles=4, backends=("torch", "onnx-int8"), questions=5, warmup=1,
                   max_real_chunks=150, cold_start_runs=1, quick=True, corpus="wikinews", ratio_paragraphs=12,
                   ratio_questions=4)
        return replace(base, **overrides)
