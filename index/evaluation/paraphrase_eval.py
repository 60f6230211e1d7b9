"""Paraphrases vs invented details: a confusion matrix on paraphrases written by hand.

The table (JSON Lines: ``dataset``, ``doc_id``, ``label`` = ``faithful`` | ``invented``, ``text``) is
written by a person from ``polnear-dev`` / ``realtimeqa-dev`` articles and stays OUTSIDE the
repository (those texts may not be copied in); only the figures are reported. Each paraphrase is
checked against its article plus ``distractors`` other articles of the same set (the next ones in
file order, deterministic).

A faithful paraphrase is *accepted* when the verdict is ``paraphrase`` (or ``near_miss`` / ``exact``);
an invented one is *caught* when it is ``unsupported`` or ``not_found``.

Run: ``python -m index.evaluation.paraphrase_eval TABLE.jsonl``
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.evaluation.data import dataset_dir, jsonl
from index.models import Article, ArticleMeta
from index.quotes.checker import check_quote

ACCEPTED = {"paraphrase", "near_miss", "exact"}
CAUGHT = {"unsupported", "not_found"}


def _articles(dataset: str, wanted: set[str], distractors: int) -> dict[str, list[Article]]:
    """For each wanted doc id: its article first, then ``distractors`` articles that follow it in the file."""
    folder = dataset_dir(dataset)
    path = folder / ("articles.jsonl" if dataset.startswith("polnear") else "articles.jsonl.gz")
    rows: list[Article] = []
    out: dict[str, list[Article]] = {}
    pending: dict[str, int] = {}
    for row in jsonl(path):
        doc_id = row.get("article_id") or row["doc_id"]
        text = row["text"] if "text" in row else "\n\n".join(row["paragraphs"])
        rows.append(Article(doc_id, text, ArticleMeta(title=row.get("title") or doc_id)))
        if doc_id in wanted:
            out[doc_id] = [rows[-1]]
            pending[doc_id] = distractors
        for key in [k for k, left in pending.items() if left and rows[-1].id != k]:
            out[key].append(rows[-1])
            pending[key] -= 1
        if len(out) == len(wanted) and not any(pending.values()):
            break
    return out


def evaluate(table: Path, embed: Callable[[list[str]], np.ndarray], distractors: int = 5) -> dict[str, Counter[str]]:
    """Verdict counts per label (``faithful`` / ``invented``)."""
    rows = list(jsonl(table))
    pools: dict[str, list[Article]] = {}
    for dataset in {r["dataset"] for r in rows}:
        pools.update(_articles(dataset, {r["doc_id"] for r in rows if r["dataset"] == dataset}, distractors))
    matrix: dict[str, Counter[str]] = {"faithful": Counter(), "invented": Counter()}
    for r in rows:
        verdict = check_quote(r["text"], pools[r["doc_id"]], embed=embed)
        matrix[r["label"]][verdict.kind.value] += 1
    return matrix


def report(matrix: dict[str, Counter[str]]) -> list[str]:
    """The confusion matrix and the two rates, as lines."""
    kinds = sorted({k for c in matrix.values() for k in c})
    lines = ["label      " + " ".join(f"{k:>12}" for k in kinds)]
    for label, counts in matrix.items():
        lines.append(f"{label:<10} " + " ".join(f"{counts[k]:>12}" for k in kinds))
    f, i = matrix["faithful"], matrix["invented"]
    lines.append(f"faithful accepted {sum(f[k] for k in ACCEPTED)}/{sum(f.values())}; "
                 f"invented caught {sum(i[k] for k in CAUGHT)}/{sum(i.values())}")
    return lines


def main(argv: Sequence[str]) -> int:  # pragma: no cover - a command-line report
    from index.retrieval.embed import shared_embedder

    if not argv:
        print(__doc__)
        return 2
    matrix = evaluate(Path(argv[0]), shared_embedder().encode)
    print("\n".join(report(matrix)))
    print(json.dumps({k: dict(v) for k, v in matrix.items()}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
