"""Pack blocks of markdown into pages that fit an embed description, never cutting text silently.

A :class:`Block` (a quote, a paragraph, a sources row) stays on one page when it can. When it is
longer than a page it is split *between its atoms* (sentences, or words for a giant sentence) and
each part says so: "*(continued)*" on the next page, "*(continued on the next page)*" before it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

CONTINUED = "*(continued)*"
CONTINUES = "*(continued on the next page)*"


@dataclass(frozen=True)
class Block:
    """A unit of description text: an optional head line and a body made of rendered markdown atoms."""

    atoms: tuple[str, ...]
    head: str = ""
    quote: bool = False  # render the body as a Discord block quote ("> ")
    cites: frozenset[int] = field(default_factory=frozenset)  # citation numbers the block uses

    def render(self, i: int = 0, j: int | None = None) -> str:
        """Atoms ``i:j`` with the head and continuation markers."""
        j = len(self.atoms) if j is None else j
        head = " ".join(p for p in (self.head, CONTINUED if i > 0 else "") if p)
        body = "".join(self.atoms[i:j]).strip()
        if self.quote:
            body = "\n".join("> " + line for line in body.split("\n"))
        lines = [p for p in (head, body) if p]
        if j < len(self.atoms):
            lines.append(CONTINUES)
        return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    """One page of description text and the indices of the blocks (or parts of blocks) on it."""

    text: str
    blocks: tuple[int, ...]


def pack(
    blocks: Sequence[Block],
    budget: int,
    *,
    footer: Callable[[frozenset[int]], str] = lambda cites: "",
    sep: str = "\n\n",
    max_blocks: int | None = None,
) -> list[Page]:
    """Pack ``blocks`` in order into pages of at most ``budget`` characters (and ``max_blocks`` blocks).

    ``footer(cites)`` is appended to each page (e.g. the sources cited on it) and counts against the budget.
    """
    pages: list[Page] = []
    parts: list[str] = []
    on_page: list[int] = []
    cites: frozenset[int] = frozenset()

    def text_of(extra: str | None, extra_cites: frozenset[int]) -> str:
        body = parts + ([extra] if extra is not None else [])
        tail = footer(cites | extra_cites)
        return sep.join(body + ([tail] if tail else []))

    def fits(extra: str, extra_cites: frozenset[int]) -> bool:
        return len(text_of(extra, extra_cites)) <= budget

    def flush() -> None:
        nonlocal parts, on_page, cites
        if parts:
            pages.append(Page(text_of(None, frozenset()), tuple(on_page)))
        parts, on_page, cites = [], [], frozenset()

    def add(index: int, text: str, block_cites: frozenset[int]) -> None:
        nonlocal cites
        parts.append(text)
        on_page.append(index)
        cites = cites | block_cites

    for index, block in enumerate(blocks):
        if max_blocks is not None and len(on_page) >= max_blocks:
            flush()
        whole = block.render()
        if fits(whole, block.cites):
            add(index, whole, block.cites)
            continue
        if parts:
            flush()
            if fits(whole, block.cites):
                add(index, whole, block.cites)
                continue
        # Longer than a page: split between atoms, each part as long as fits.
        n, i = len(block.atoms), 0
        while i < n:
            if not fits(block.render(i, i + 1), block.cites):
                if parts:
                    flush()
                    continue
                raise ValueError(f"an atom of {len(block.atoms[i])} characters cannot fit a page of {budget}")
            # fits() is monotone in the end index: binary search for the first end that does not fit.
            ends = range(i + 1, n + 1)
            first_bad = bisect_left(ends, True, key=lambda j: not fits(block.render(i, j), block.cites))
            j = ends[first_bad - 1]
            add(index, block.render(i, j), block.cites)
            i = j
            if i < n:
                flush()
    flush()
    return pages or [Page("", ())]
