"""Accuracy of the pasted-claim checker on a table of claims written for QuoteDesk.

``claims/table.jsonl`` holds claims written by the QuoteDesk team on the articles shipped in
``index/data/demo`` (the seed article and Wikinews, CC BY 2.5): brackets, ``[sic]``, fragments,
mid-sentence starts, nested quotes, several fragments, stitched fragments, wrong attributions, with
the expected overall verdict, ``attributed_to`` and editorial notes of each. ``claims/heldout.jsonl``
was written the same way on other Wikinews articles *after* the code (one later rule was narrowed
after it broke a held-out row; see BENCHMARKS.md). A row is
right when all three match (editorial: the expected kinds are among the notes). "Before" is the
checker as it was: the whole pasted text checked as one quote (verdict only).

Every candidate article is given to every check (no retrieval), so the figure measures the
parsing and checking, not search.

Run: ``python -m index.evaluation.claim_eval`` (``--mistakes`` lists the rows it gets wrong).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from index.demo import demo_articles
from index.models import Article, ClaimCheck, Verdict
from index.quotes.checker import check_quote
from index.quotes.claim_check import check_claim
from index.quotes.editorial import check_fragment


@dataclass(frozen=True)
class Row:
    """One written claim and what the checker should say about it."""

    category: str
    claim: str
    kind: str
    attributed_to: str | None
    editorial: tuple[str, ...] = ()


@dataclass
class ClaimReport:
    """Accuracy overall, per part (verdict, attribution, editorial) and per category."""

    n: int = 0
    right: int = 0
    verdict_right: int = 0
    attribution_right: int = 0
    editorial_right: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    right_by_category: Counter[str] = field(default_factory=Counter)
    mistakes: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.n if self.n else 0.0

    def lines(self) -> list[str]:
        out = [f"claims: {self.n}  all right: {self.right}/{self.n} = {self.accuracy:.1%}",
               f"verdict {self.verdict_right}/{self.n}  attributed_to {self.attribution_right}/{self.n}  "
               f"editorial {self.editorial_right}/{self.n}"]
        out += [f"  {c:<18} {self.right_by_category[c]}/{n}" for c, n in sorted(self.by_category.items())]
        return out


def table(name: str = "table") -> list[Row]:
    """A claims table shipped with the package: ``table`` (developed on) or ``heldout`` (written after)."""
    text = (resources.files("index") / "evaluation" / "claims" / f"{name}.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [Row(r["category"], r["claim"], r["kind"], r["attributed_to"], tuple(r.get("editorial", ()))) for r in rows]


def shipped_articles() -> list[Article]:
    """The demo articles as checker input (ids are their file names)."""
    return [Article(d.name, d.document.text, d.document.meta) for d in demo_articles()]


def run_claim(claim: str, articles: Sequence[Article], embed: Callable[[list[str]], np.ndarray] | None) -> ClaimCheck:
    """Check one claim against ``articles`` (all of them candidates)."""
    by_id = {a.id: a for a in articles}

    def check(fragment: str, _attributed_to: str | None) -> Verdict:
        return check_fragment(fragment, articles, embed=embed)

    return check_claim(claim, check, by_id.__getitem__)


def evaluate_claims(rows: Sequence[Row], articles: Sequence[Article],
                    embed: Callable[[list[str]], np.ndarray] | None = None) -> ClaimReport:
    """Score the checker on ``rows``."""
    report = ClaimReport()
    for row in rows:
        result = run_claim(row.claim, articles, embed)
        notes = {e.kind for f in result.fragments for e in f.verdict.editorial}
        attributed = {f.attributed_to for f in result.fragments}
        verdict_ok = result.kind.value == row.kind
        who_ok = attributed == {row.attributed_to}
        editorial_ok = set(row.editorial) <= notes
        report.n += 1
        report.by_category[row.category] += 1
        report.verdict_right += verdict_ok
        report.attribution_right += who_ok
        report.editorial_right += editorial_ok
        if verdict_ok and who_ok and editorial_ok:
            report.right += 1
            report.right_by_category[row.category] += 1
        else:
            report.mistakes.append(f"{row.claim!r}: expected {row.kind}/{row.attributed_to}/{list(row.editorial)}, "
                                   f"got {result.kind.value}/{sorted(map(str, attributed))}/{sorted(notes)}")
    return report


def evaluate_whole_text(rows: Sequence[Row], articles: Sequence[Article],
                        embed: Callable[[list[str]], np.ndarray] | None = None) -> int:
    """Rows whose verdict the checker got right before claims were parsed (the whole text as one quote)."""
    return sum(check_quote(row.claim, articles, embed=embed).kind.value == row.kind for row in rows)


def main(argv: Sequence[str] = ()) -> int:  # pragma: no cover - a command-line report
    from index.retrieval.embed import shared_embedder

    embed = shared_embedder().encode
    for name in ("table", "heldout"):
        rows = table(name)
        report = evaluate_claims(rows, shipped_articles(), embed=embed)
        before = evaluate_whole_text(rows, shipped_articles(), embed=embed)
        print(f"== {name}.jsonl — before (whole text, one quote): verdict {before}/{len(rows)} = {before / len(rows):.1%}")
        print("\n".join(report.lines()))
        if "--mistakes" in argv:
            print("\n".join(report.mistakes))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
