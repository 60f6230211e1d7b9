"""Cold start: wall time and peak RSS of a one-shot ``quotedesk`` command in a fresh process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from index.config import Settings
from index.evaluation.bench.encoders import Report


def bench_cold_start(settings: Settings, data_dir: Path, namespace: str, question: str, backends: tuple[str, ...],
                     runs: int, progress: Report) -> list[dict[str, Any]]:
    """Wall time and peak RSS of a one-shot `quotedesk ask` (a fresh process: imports, model load, store open)."""
    env = {"QUOTEDESK_DATA_DIR": str(data_dir), "QUOTEDESK_NAMESPACE": namespace,
           "QUOTEDESK_EMBEDDING_MODEL": settings.embedding_model}
    results = [{"backend": "(quotedesk --help)", **child_run(["--help"], env, runs)}]
    for backend in backends:
        progress(f"cold start: {backend}")
        row = child_run(["ask", question], {**env, "QUOTEDESK_EMBEDDING_BACKEND": backend}, runs)
        results.append({"backend": backend, **row})
    return results


def child_run(args: list[str], env: dict[str, str], runs: int) -> dict[str, Any]:
    """``quotedesk ARGS`` in fresh processes: median wall time and peak RSS over ``runs``."""
    script = Path(sys.executable).with_name("quotedesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    environment = {**os.environ, **env}
    environment.pop("QUOTEDESK_CHROMA_URL", None)
    return _child([*command, *args], environment, runs)


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


def _child(command: list[str], env: dict[str, str], runs: int) -> dict[str, Any]:
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
