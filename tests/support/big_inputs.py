"""Large inputs for the reliability figures (README, "Reliability"): a 2 MB text file on one line and a
4.6 MB HTML page, made from the shared SQuAD paragraphs (Wikipedia, CC BY-SA 4.0).

    python -m tests.support.big_inputs OUT_DIR   # writes one-line-2mb.txt and page-4.6mb.html
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

from tests.support.data import SHARED_DATA


def _paragraphs() -> Iterator[str]:
    """SQuAD dev paragraphs, round and round (numbered, so repeated rounds are different texts)."""
    with open(SHARED_DATA / "squad-dev" / "paragraphs.jsonl", encoding="utf-8") as f:
        texts = [json.loads(line)["text"].strip() for line in f]
    for n, text in enumerate(cycle(texts)):
        yield text if n < len(texts) else f"({n // len(texts) + 1}) {text}"


def one_line_text(size: int = 2_000_000) -> str:
    """About ``size`` bytes of prose with no line break at all."""
    parts: list[str] = []
    total = 0
    for text in _paragraphs():
        line = " ".join(text.split())
        parts.append(line)
        total += len(line.encode("utf-8")) + 1
        if total >= size:
            return " ".join(parts)
    raise AssertionError("unreachable")


def big_page(size: int = 4_600_000) -> str:
    """An article page of about ``size`` bytes: a header, a menu, then the article's ``<p>`` paragraphs."""
    head = ("<!doctype html><html><head><meta charset='utf-8'><title>A very long report</title>"
            "<meta property='og:site_name' content='Example Gazette'>"
            "<meta name='date' content='2024-03-01'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            "<article><h1>A very long report</h1>")
    tail = "</article><footer>© Example Gazette</footer></body></html>"
    parts = [head]
    total = len(head) + len(tail)
    for text in _paragraphs():
        p = f"<p>{html.escape(text)}</p>\n"
        parts.append(p)
        total += len(p.encode("utf-8"))
        if total >= size:
            break
    return "".join(parts) + tail


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "one-line-2mb.txt").write_text(one_line_text(), encoding="utf-8")
    (out / "page-4.6mb.html").write_text(big_page(), encoding="utf-8")
    for path in sorted(out.iterdir()):
        print(f"{path}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "big-inputs")
