"""Quality evaluation on a QA set: retrieval recall, answer-in-quote, abstention, verbatim share, latency.

Baselines are computed in the same run on the same store: plain BM25
(``mode="lexical"``) and plain dense retrieval (``mode="dense"``).
"""

from __future__ import annotations

import bisect
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from index.evaluation.qa_sets import QASet
from index.evaluation.stats import percentiles
from index.ingest.segment import paragraphs as paragraph_spans
from index.library import Library
from index.quotes.normalize import normalize
from index.store.records import ChunkRecord

RECALL_AT = (1, 5, 20)
MODES = ("hybrid", "lexical", "dense")


@dataclass
class EvalReport:
    """Every figure of one evaluation run."""

    dataset: str
    documents: int
    chunks: int
    questions: int
    answerable: int
    ingest_seconds: float
    recall: dict[str, dict[str, float]]  # mode -> "doc@k"/"para@k" -> share
    answer_in_top_quote: float
    answer_in_any_quote: float
    abstention: dict[str, float | None]
    exact_span_share: float
    quotes_shown: int
    latency_ms: dict[str, float]

    def to_dict(self) -> dict:
        return self.__dict__.copy()

    def rows(self) -> list[tuple[str, str]]:
        """(figure, value) pairs for a table."""
        rows = [("documents / chunks / questions", f"{self.documents} / {self.chunks} / {self.questions}"),
                ("ingest seconds", f"{self.ingest_seconds}")]
        for mode, figures in self.recall.items():
            rows.append((f"recall ({mode})", "  ".join(f"{k}={v:.3f}" for k, v in figures.items())))
        rows += [
            ("answer in top quote", f"{self.answer_in_top_quote:.3f}"),
            ("answer in any quote", f"{self.answer_in_any_quote:.3f}"),
            ("abstention", "  ".join(f"{k}={v}" for k, v in self.abstention.items())),
            ("quotes that are exact spans", f"{self.exact_span_share:.2%} of {self.quotes_shown}"),
            ("ask latency ms", "  ".join(f"{k}={v}" for k, v in self.latency_ms.items())),
        ]
        return rows


def run_eval(library: Library, qa: QASet, *, progress: Callable[[int, int], None] | None = None,
             namespace: str | None = None, keep: bool = False) -> EvalReport:
    """Ingest ``qa`` into a throwaway namespace, ask every question, and measure."""
    namespace = namespace or f"eval-{uuid.uuid4().hex[:8]}"
    try:
        started = time.perf_counter()
        key_of: dict[str, str] = {}
        para_starts: dict[str, list[int]] = {}
        for key, doc in qa.documents.items():
            result = library.add_document(namespace, doc, added_by="eval")
            key_of[result.article_id] = key
            para_starts[result.article_id] = [s for s, _ in paragraph_spans(doc.text)]
        ingest = time.perf_counter() - started
        return _ask_all(library, qa, namespace, key_of, para_starts, ingest, progress)
    finally:
        if not keep:
            library.store.drop(namespace)
            library.searcher.invalidate(namespace)


def _ask_all(library: Library, qa: QASet, namespace: str, key_of: dict[str, str], para_starts: dict[str, list[int]],
             ingest: float, progress: Callable[[int, int], None] | None) -> EvalReport:
    hits_at = {mode: {f"{lvl}@{k}": 0 for k in RECALL_AT for lvl in ("doc", "para")} for mode in MODES}
    in_top = in_any = quotes_shown = exact_quotes = 0
    abstain_tp = abstain_fp = abstain_fn = 0
    latencies: list[float] = []
    texts: dict[str, str] = {}
    answerable = [item for item in qa.items if item.answerable]
    for n, item in enumerate(qa.items, start=1):
        vector = library.encode([item.question])[0]
        if item.answerable:
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
        t0 = time.perf_counter()
        answer = library.ask(namespace, item.question, as_of=item.as_of)
        latencies.append((time.perf_counter() - t0) * 1000)
        for quote in answer.quotes:
            quotes_shown += 1
            aid = quote.span.article_id
            if aid not in texts:
                texts[aid] = library.article(namespace, aid).text
            exact_quotes += texts[aid][quote.span.start : quote.span.end] == quote.span.text
        if item.answerable:
            answers = [normalize(a) for a in item.answers if a.strip()]
            quoted = [normalize(q.text) for q in answer.quotes]
            in_top += bool(quoted) and any(a in quoted[0] for a in answers)
            in_any += any(a in q for a in answers for q in quoted)
            abstain_fp += answer.abstained
        else:
            abstain_tp += answer.abstained
            abstain_fn += not answer.abstained
        if progress:
            progress(n, len(qa.items))
    total = max(len(answerable), 1)
    unanswerable = len(qa.items) - len(answerable)
    abstained = abstain_tp + abstain_fp
    return EvalReport(
        dataset=qa.name,
        documents=len(qa.documents),
        chunks=library.store.count(namespace),
        questions=len(qa.items),
        answerable=len(answerable),
        ingest_seconds=round(ingest, 1),
        recall={mode: {k: round(v / total, 3) for k, v in row.items()} for mode, row in hits_at.items()},
        answer_in_top_quote=round(in_top / total, 3),
        answer_in_any_quote=round(in_any / total, 3),
        abstention={
            "unanswerable_questions": unanswerable,
            "precision": round(abstain_tp / abstained, 3) if abstained else None,
            "recall": round(abstain_tp / unanswerable, 3) if unanswerable else None,
            "abstained_on_answerable": round(abstain_fp / total, 3),
        },
        exact_span_share=round(exact_quotes / quotes_shown, 4) if quotes_shown else 1.0,
        quotes_shown=quotes_shown,
        latency_ms=percentiles(latencies),
    )


def _covered(para_starts: dict[str, list[int]], record: ChunkRecord) -> tuple[str, list[int]]:
    """The 0-based paragraphs a chunk overlaps."""
    starts = para_starts.get(record.article_id, [0])
    first = max(bisect.bisect_right(starts, record.start) - 1, 0)
    last = max(bisect.bisect_left(starts, record.end) - 1, first)
    return record.article_id, list(range(first, last + 1))
