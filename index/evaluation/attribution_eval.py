"""How well "who said it" works: quote detection and speakers against PolNeAR's gold attributions.

PolNeAR (../shared/data/polnear-dev) annotates direct quotations with character offsets, the
speaker mention as written ("he", "Trump", "Tad Devine, a senior strategist for Sanders") and the
cue. Each (article, annotator) annotation is one document. The articles are split in two halves
by a hash of the article id: ``dev`` (rules tuned on it) and ``test`` (held apart; report on it).

* **detection**: a found quotation matches a gold one when it covers at least half of it (one to
  one); precision, recall, F1.
* **speaker (named)**: of the matched gold quotations whose speaker is a name, the share whose
  found mention names the same person (index/quotes/names.py, the checker's matcher).
* **speaker (all)**: the same over every matched quotation; pronouns must be the same pronoun.
* **pronoun resolution** (a proxy: PolNeAR has no coreference links): of matched "he"/"she"
  quotations, the share resolved to the gold named speaker of the nearest earlier gold quotation.
* **cue**: the found cue word is part of the gold cue.

Run: ``quotedesk eval-attribution ../shared/data/polnear-dev --half test``.
Internal evaluation only: the texts are read at run time, never copied.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from index.evaluation.data import jsonl
from index.ingest.attribution import Quotation, quotations
from index.ingest.speakers import PERSONAL, is_name
from index.quotes.names import same_speaker

Half = Literal["dev", "test", "all"]


def half_of(article_id: str) -> Literal["dev", "test"]:
    """The fixed half of a PolNeAR article (by a hash of its id, so annotations of one article stay together)."""
    return "dev" if hashlib.sha256(article_id.encode()).digest()[0] % 2 == 0 else "test"


@dataclass
class AttributionReport:
    """Counts and rates of one run."""

    half: str
    documents: int = 0
    gold: int = 0
    found: int = 0
    matched: int = 0
    named: int = 0
    named_right: int = 0
    mentions_right: int = 0
    pronouns: int = 0
    pronouns_right: int = 0
    cues: int = 0
    cues_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def rates(self) -> dict[str, float]:
        """The figures reported."""
        return {
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "speaker_named": self.named_right / self.named if self.named else 0.0,
            "speaker_all": self.mentions_right / self.matched if self.matched else 0.0,
            "pronoun_resolution": self.pronouns_right / self.pronouns if self.pronouns else 0.0,
            "cue": self.cues_right / self.cues if self.cues else 0.0,
        }

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["errors"] = values["errors"][:20]
        return {**values, **self.rates()}


def evaluate_attribution(folder: Path, *, half: Half = "test", limit: int | None = None,
                         progress: Callable[[int, int], None] | None = None) -> AttributionReport:
    """Run the extractor over the PolNeAR documents of ``half`` and compare with the gold attributions."""
    folder = Path(folder)
    gold: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in jsonl(folder / "quotes.jsonl"):
        gold.setdefault((row["article_id"], row["annotator"]), []).append(row)
    docs = [d for d in jsonl(folder / "articles.jsonl") if half == "all" or half_of(d["article_id"]) == half]
    docs = docs[:limit] if limit else docs
    report = AttributionReport(half=half)
    for number, doc in enumerate(docs, start=1):
        rows = sorted(gold.get((doc["article_id"], doc["annotator"]), []), key=lambda r: r["char_start"])
        _score(report, doc["text"], rows, quotations(doc["text"]))
        if progress:
            progress(number, len(docs))
    return report


def _score(report: AttributionReport, text: str, rows: list[dict[str, Any]], found: list[Quotation]) -> None:
    report.documents += 1
    report.gold += len(rows)
    report.found += len(found)
    free = list(found)
    last_named: str | None = None
    for row in rows:
        gs, ge = row["char_start"], row["char_end"]
        match = next((q for q in free if (min(ge, q.end) - max(gs, q.start)) * 2 >= max(ge - gs, 1)), None)
        gold_mention = (row.get("speaker_mention") or "").strip()
        if match is not None:
            free.remove(match)
            _speaker(report, row, match, gold_mention, last_named, text)
        elif len(report.errors) < 200:
            report.errors.append({"missed": text[max(0, gs - 80):ge + 60]})
        if gold_mention and is_name(gold_mention):
            last_named = gold_mention
    for q in free:
        if len(report.errors) < 200:
            report.errors.append({"spurious": text[max(0, q.start - 60):q.end + 40], "speaker": q.mention})


def _speaker(report: AttributionReport, row: dict[str, Any], q: Quotation, gold_mention: str,
             last_named: str | None, text: str) -> None:
    report.matched += 1
    right = same_speaker(q.mention, gold_mention) or same_speaker(q.speaker, gold_mention)
    report.mentions_right += right
    if gold_mention and is_name(gold_mention):
        report.named += 1
        report.named_right += right
        if not right and len(report.errors) < 200:
            report.errors.append({"speaker": q.mention, "gold": gold_mention,
                                  "at": text[max(0, q.start - 80):q.end + 80]})
    if gold_mention.lower() in PERSONAL and last_named and q.mention and q.mention.lower() in PERSONAL:
        report.pronouns += 1
        report.pronouns_right += same_speaker(q.speaker, last_named)
    gold_cue = (row.get("cue") or "").lower()
    if gold_cue:
        report.cues += 1
        report.cues_right += bool(q.cue) and (q.cue or "") in gold_cue
