"""A long-lived Library in its own process, driven by JSON lines on stdin (one command, one reply).

Used to test what a bot process sees while another process (the CLI) writes to the same store::

    python -m tests.support.library_worker DATA_DIR [CHROMA_URL]
    {"op": "ask", "namespace": "ns", "question": "..."}   -> {"abstained": false, "quotes": [[article_id, text], ...]}
    {"op": "add", "namespace": "ns", "title": "...", "text": "..."} -> {"article_id": "...", "chunks": 3}
    {"op": "remove", "namespace": "ns", "article_id": "..."}  -> {"removed": "..."}
    {"op": "sources", "namespace": "ns"}                      -> {"ids": [...]}
    {"op": "check", "namespace": "ns", "quote": "..."}        -> {"kind": "exact", "articles": [...]}
Errors come back as {"error": "<type>: <message>"}; the worker never dies on one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import index  # noqa: F401  (offline switches first)
from index.config import Settings
from index.library import Library
from index.models import ArticleMeta


def handle(library: Library, command: dict[str, Any]) -> dict[str, Any]:
    """Run one command against the library."""
    ns = command["namespace"]
    op = command["op"]
    if op == "ask":
        answer = library.ask(ns, command["question"])
        return {"abstained": answer.abstained, "quotes": [[q.span.article_id, q.text] for q in answer.quotes]}
    if op == "add":
        result = library.add_text(ns, command["text"], meta=ArticleMeta(title=command["title"]))
        return {"article_id": result.article_id, "chunks": result.chunks}
    if op == "remove":
        return {"removed": library.remove(ns, command["article_id"]).article_id}
    if op == "sources":
        return {"ids": [i.article_id for i in library.sources(ns)]}
    if op == "check":
        verdict = library.check(ns, command["quote"])
        return {"kind": verdict.kind.value, "articles": sorted({s.article_id for s in verdict.spans})}
    raise ValueError(f"unknown op {op!r}")


def main() -> None:
    settings = Settings(_env_file=None, data_dir=Path(sys.argv[1]),
                        chroma_url=sys.argv[2] if len(sys.argv) > 2 else None)
    library = Library(settings)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handle(library, json.loads(line))
        except Exception as err:  # reported to the test, which decides
            reply = {"error": f"{type(err).__name__}: {err}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
