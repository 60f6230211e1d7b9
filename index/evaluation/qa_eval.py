"""Quality evaluation on a QA set: retrieval recall, answers, abstention, conciseness, verbatim share, latency.

For answerable questions: does the first quote (and any quote) contain a gold answer string, and how
often does QuoteDesk wrongly abstain. For unanswerable ones: does it abstain (precision, recall, F1
of abstaining). Every shown quote is checked to be an exact span of its stored article. Baselines are
computed in the same run on the same store: plain BM25 (``mode="lexical"``) and plain dense retrieval
(``mode="dense"``). Figures are also broken down by the questions' tags (kind, style, impossible).
"""

from __future__ import annotations

import bisect
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from index.evaluation.qa_sets import QAItem, QASet
from index.evaluation.stats import percentiles
from index.ingest.segment import paragraphs as paragraph_spans
from index.library import Library
from index.models import Answer
from index.quotes.normalize import normalize
from index.store.records import ChunkRecord

RECALL_AT = (1, 5, 20)
MODES = ("hybrid", "lexical", "dense")


@dataclass
class _Tally:
    """Outcomes of a group of questions."""

    answerable: int = 0
    first: int = 0  # gold answer in the first quote
    any: int = 0  # gold answer in some quote
    false_abstain: int = 0
    unanswerable: int = 0
    abstained_right: int = 0

    def add(self, item: QAItem, answer: Answer) -> None:
        if item.answerable:
            self.answerable += 1
            wanted = [normalize(a) for a in item.answers if a.strip()]
            quoted = [normalize(q.text) for q in answer.quotes]
            self.first += bool(quoted) and any(a in quoted[0] for a in wanted)
            self.any += any(a in q for a in wanted for q in quoted)
            self.false_abstain += answer.abstained
        else:
            self.unanswerable += 1
            self.abstained_right += answer.abstained

    def figures(self) -> dict[str, float | int | None]:
        abstained = self.abstained_right + self.false_abstain
        precision = self.abstained_right / abstained if abstained else None
        recall = self.abstained_right / self.unanswerable if self.unanswerable else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if recall == 0 else None)
        return {
            "answerable": self.answerable,
            "answer_in_first_quote": _share(self.first, self.answerable),
            "answer_in_any_quote": _share(self.any, self.answerable),
            "false_abstention": _share(self.false_abstain, self.answerable),
            "unanswerable": self.unanswerable,
            "abstention_precision": _round(precision),
            "abstention_recall": _round(recall),
            "abstention_f1": _round(f1),
        }


@dataclass
class EvalReport:
    """Every figure of one evaluation run."""

    dataset: str
    documents: int
    chunks: int
    questions: int
    ingest_seconds: float
    overall: dict[str, float | int | None]
    by_tag: dict[str, dict[str, float | int | None]]
    recall: dict[str, dict[str, float]]  # mode -> "doc@k"/"para@k" -> share of answerable questions
    quotes_per_answer: float
    mean_quote_chars: float
    exact_span_share: float
    quotes_shown: int
    latency_ms: dict[str, float]
    split: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def rows(self) -> list[tuple[str, str]]:
        """(figure, value) pairs for a table."""
        o = self.overall
        rows = [("documents / chunks / questions", f"{self.documents} / {self.chunks} / {self.questions}"),
                ("split", self.split or "all"), ("ingest seconds", f"{self.ingest_seconds}")]
        for mode, figures in self.recall.items():
            rows.append((f"recall ({mode})", "  ".join(f"{k}={v:.3f}" for k, v in figures.items())))
        rows += [
            ("answer in first quote / any quote", f"{o['answer_in_first_quote']} / {o['answer_in_any_quote']}"
                                                   f"  (of {o['answerable']} answerable)"),
            ("false abstention", f"{o['false_abstention']}"),
            ("abstention on unanswerable: precision / recall / F1",
             f"{o['abstention_precision']} / {o['abstention_recall']} / {o['abstention_f1']}"
             f"  (of {o['unanswerable']} unanswerable)"),
            ("quotes per answer / mean quote length", f"{self.quotes_per_answer} / {self.mean_quote_chars} chars"),
            ("quotes that are exact spans", f"{self.exact_span_share:.2%} of {self.quotes_shown}"),
            ("ask latency ms", "  ".join(f"{k}={v}" for k, v in self.latency_ms.items())),
        ]
        for tag, tagged in sorted(self.by_tag.items()):
            shown = {k: v for k, v in tagged.items() if v not in (None, 0) or k in ("answerable", "unanswerable")}
            rows.append((f"  {tag}", "  ".join(f"{k}={v}" for k, v in shown.items())))
        return rows


def run_eval(library: Library, qa: QASet, *, progress: Callable[[int, int], None] | None = None,
             namespace: str | None = None, keep: bool = False, split: str | None = None) -> EvalReport:
    """Ingest ``qa`` into a throwaway namespace, ask every question, and measure."""
    namespace = namespace or f"eval-{uuid.uuid4().hex[:8]}"
    try:
        started = time.perf_counter()
        key_of: dict[str, str] = {}
        para_starts: dict[str, list[int]] = {}
        keys = list(qa.documents)
        results = library.add_documents(namespace, [qa.documents[k] for k in keys], added_by="eval")
        for key, result in zip(keys, results):
            key_of[result.article_id] = key
            para_starts[result.article_id] = [s for s, _ in paragraph_spans(qa.documents[key].text)]
        ingest = time.perf_counter() - started
        report = _ask_all(library, qa, namespace, key_of, para_starts, ingest, progress)
        report.split = split
        return report
    finally:
        if not keep:
            library.store.drop(namespace)
            library.searcher.invalidate(namespace)


def _ask_all(library: Library, qa: QASet, namespace: str, key_of: dict[str, str], para_starts: dict[str, list[int]],
             ingest: float, progress: Callable[[int, int], None] | None) -> EvalReport:
    hits_at = {mode: {f"{lvl}@{k}": 0 for k in RECALL_AT for lvl in ("doc", "para")} for mode in MODES}
    overall = _Tally()
    by_tag: dict[str, _Tally] = defaultdict(_Tally)
    quotes_shown = exact_quotes = quote_chars = answered = 0
    latencies: list[float] = []
    texts: dict[str, str] = {}
    for n, item in enumerate(qa.items, start=1):
        if item.answerable:
            _retrieval(library, qa, namespace, item, key_of, para_starts, hits_at)
        t0 = time.perf_counter()
        answer = library.ask(namespace, item.question, as_of=item.as_of)
        latencies.append((time.perf_counter() - t0) * 1000)
        for quote in answer.quotes:
            aid = quote.span.article_id
            if aid not in texts:
                texts[aid] = library.article(namespace, aid).text
            exact_quotes += texts[aid][quote.span.start : quote.span.end] == quote.span.text
            quote_chars += len(quote.text)
        quotes_shown += len(answer.quotes)
        answered += not answer.abstained
        overall.add(item, answer)
        for tag in item.tags:
            by_tag[tag].add(item, answer)
        if progress:
            progress(n, len(qa.items))
    total = max(overall.answerable, 1)
    return EvalReport(
        dataset=qa.name,
        documents=len(qa.documents),
        chunks=library.store.count(namespace),
        questions=len(qa.items),
        ingest_seconds=round(ingest, 1),
        overall=overall.figures(),
        by_tag={tag: tally.figures() for tag, tally in by_tag.items()},
        recall={mode: {k: round(v / total, 3) for k, v in row.items()} for mode, row in hits_at.items()},
        quotes_per_answer=round(quotes_shown / answered, 2) if answered else 0.0,
        mean_quote_chars=round(quote_chars / quotes_shown, 1) if quotes_shown else 0.0,
        exact_span_share=round(exact_quotes / quotes_shown, 4) if quotes_shown else 1.0,
        quotes_shown=quotes_shown,
        latency_ms=percentiles(latencies),
    )


def _retrieval(library: Library, qa: QASet, namespace: str, item: QAItem, key_of: dict[str, str],
               para_starts: dict[str, list[int]], hits_at: dict[str, dict[str, int]]) -> None:
    """Count whether each retriever finds a gold document / paragraph in its top k."""
    vector = library.encode([item.question])[0]
    for mode in MODES:
        found = library.searcher.search(namespace, item.question, k=max(RECALL_AT), as_of=item.as_of,
                                        query_vector=vector, mode=mode)
        docs = [key_of.get(h.chunk.record.article_id) for h in found]
        paras = [_covered(para_starts, h.chunk.record) for h in found]
        for k in RECALL_AT:
            if item.gold_docs & set(docs[:k]):
                hits_at[mode][f"doc@{k}"] += 1
            wanted = item.gold_paragraphs if qa.paragraph_level else {(d, 0) for d in item.gold_docs}
            covered = {(key_of.get(aid), p) for aid, ps in paras[:k] for p in ps}
            if wanted & covered:
                hits_at[mode][f"para@{k}"] += 1


def _covered(para_starts: dict[str, list[int]], record: ChunkRecord) -> tuple[str, list[int]]:
    """The 0-based paragraphs a chunk overlaps."""
    starts = para_starts.get(record.article_id, [0])
    first = max(bisect.bisect_right(starts, record.start) - 1, 0)
    last = max(bisect.bisect_left(starts, record.end) - 1, first)
    return record.article_id, list(range(first, last + 1))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _round(value: float | None) -> float | None:
    return round(value, 3) if value is not None else None
