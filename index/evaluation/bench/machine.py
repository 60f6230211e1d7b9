"""What the figures were measured on: CPU, memory, versions, load average."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path


def machine_info() -> dict[str, object]:
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
    versions: dict[str, str | None] = {}
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
        "load_avg_start": load_average(),
    }


def load_average() -> list[float] | None:
    """The 1/5/15-minute load averages (None where the platform has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
