"""Quality evaluation on a QA set: retrieval recall, answer-in-quote, abstention, verbatim share, latency.

Two input formats (JSON Lines, as in the project's evaluation data):

* SQuAD-style folder: ``paragraphs.jsonl`` {paragraph_id, title, text} and
  ``questions.jsonl`` {id, question, title, gold_paragraph_id, answers[]}.
  Each paragraph is stored as one document. ``holdout`` titles are not ingested:
  their questions are unanswerable, which measures abstention.
* RealTimeQA-style folder: ``articles.jsonl.gz`` {doc_id, title, publish_date,
  paragraphs[]} and ``questions.jsonl`` {question, question_date_iso,
  answer_text, eval_positive_doc_ids, eval_positive_paragraphs}. Questions are
  asked "as of" their date, so newer articles are out of reach.

Baselines are computed in the same run on the same store: plain BM25
(``mode="lexical"``) and plain dense retrieval (``mode="dense"``).
"""

from __future__ import annotations

import bisect
import gzip
import json
import statistics
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index.library import Library
from index.models import ArticleMeta, ExtractedDocument
from index.quotes import normalize
from index.segment import paragraphs as paragraph_spans

RECALL_AT = (1, 5, 20)
MODES = ("hybrid", "lexical", "dense")


@dataclass
class QAItem:
    """One question with what counts as a correct retrieval and answer."""

    question: str
    answers: list[str]
    gold_docs: set[str]  # document keys (paragraph ids or article ids)
    gold_paragraphs: set[tuple[str, int]] = field(default_factory=set)  # (doc key, 0-based paragraph)
    as_of: date | None = None
    answerable: bool = True


@dataclass
class QASet:
    """Documents to ingest and questions to ask."""

    name: str
    documents: dict[str, ExtractedDocument]  # doc key -> document
    items: list[QAItem]
    paragraph_level: bool  # whether gold_paragraphs is meaningful (documents have several paragraphs)


def _jsonl(path: Path) -> Iterable[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _spread(items: list, limit: int | None) -> list:
    """``limit`` items spread evenly over the list (deterministic)."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def load_squad(folder: Path, *, limit: int | None = None, holdout: int = 2) -> QASet:
    """A SQuAD-style set; the last ``holdout`` titles are left out to make unanswerable questions."""
    paragraphs = list(_jsonl(folder / "paragraphs.jsonl"))
    titles = list(dict.fromkeys(p["title"] for p in paragraphs))
    held = set(titles[len(titles) - holdout :]) if holdout else set()
    documents = {
        p["paragraph_id"]: ExtractedDocument(p["text"], ArticleMeta(title=p["title"].replace("_", " "), outlet="Wikipedia"))
        for p in paragraphs
        if p["title"] not in held
    }
    items = [
        QAItem(q["question"], q["answers"], {q["gold_paragraph_id"]}, answerable=q["title"] not in held)
        for q in _jsonl(folder / "questions.jsonl")
    ]
    return QASet("squad", documents, _spread(items, limit), paragraph_level=False)


def load_realtimeqa(folder: Path, *, limit: int | None = None) -> QASet:
    """A RealTimeQA-style set: whole weeks of questions, and the articles retrieved for those weeks.

    With ``limit``, the questions of the first weeks (in file order) up to ``limit`` are taken, so the
    corpus stays small; every article of those weeks is ingested as a distractor.
    """
    questions = list(_jsonl(folder / "questions.jsonl"))
    if limit:
        questions = questions[:limit]
    weeks = {q["question_id"].split("_")[0] for q in questions}
    documents: dict[str, ExtractedDocument] = {}
    for row in _jsonl(folder / "articles.jsonl.gz"):
        if not weeks & set(row.get("weeks") or []):
            continue
        paras = [p.strip() for p in row["paragraphs"] if p and p.strip()]
        if not paras:
            continue
        published = row.get("publish_date")
        meta = ArticleMeta(
            title=row.get("title") or paras[0][:80],
            outlet=_outlet(row.get("url") or ""),
            author=", ".join(row.get("authors") or []) or None,
            published=date.fromisoformat(published.replace("/", "-")) if published else None,
            url=row.get("url"),
        )
        documents[row["doc_id"]] = ExtractedDocument("\n\n".join(paras), meta)
    items = [
        QAItem(
            q["question"],
            [q["answer_text"].strip("“”\"' ")],
            set(q["eval_positive_doc_ids"]),
            {(d, int(i)) for d, i in q["eval_positive_paragraphs"]},
            as_of=date.fromisoformat(q["question_date_iso"]),
        )
        for q in questions
    ]
    return QASet("realtimeqa", documents, items, paragraph_level=True)


def _outlet(url: str) -> str | None:
    for host, name in (("cnn.com", "CNN"), ("usatoday.com", "USA Today"), ("theweek.com", "The Week")):
        if host in url:
            return name
    return None


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
    abstention: dict[str, float]
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


def detect_format(folder: Path) -> str:
    """squad, realtimeqa or polnear, from the files in the folder."""
    if (folder / "paragraphs.jsonl").exists():
        return "squad"
    if (folder / "articles.jsonl.gz").exists():
        return "realtimeqa"
    if (folder / "quotes.jsonl").exists():
        return "polnear"
    raise ValueError(f"{folder} holds no known QA set (paragraphs.jsonl, articles.jsonl.gz or quotes.jsonl)")


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


def _ask_all(library, qa, namespace, key_of, para_starts, ingest, progress) -> EvalReport:
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
                docs = [key_of.get(h.chunk.meta["article_id"]) for h in found]
                paras = [_covered(para_starts, h.chunk.meta) for h in found]
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
            wanted = [normalize(a) for a in item.answers if a.strip()]
            quoted = [normalize(q.text) for q in answer.quotes]
            in_top += bool(quoted) and any(a in quoted[0] for a in wanted)
            in_any += any(a in q for a in wanted for q in quoted)
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
        latency_ms=_percentiles(latencies),
    )


def _covered(para_starts: dict[str, list[int]], meta: dict) -> tuple[str, list[int]]:
    """The 0-based paragraphs a chunk overlaps."""
    starts = para_starts.get(meta["article_id"], [0])
    first = max(bisect.bisect_right(starts, meta["start"]) - 1, 0)
    last = max(bisect.bisect_left(starts, meta["end"]) - 1, first)
    return meta["article_id"], list(range(first, last + 1))


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(int(q * len(ordered)), len(ordered) - 1)]  # noqa: E731
    return {"p50": round(statistics.median(ordered), 1), "p95": round(pick(0.95), 1), "max": round(ordered[-1], 1)}
