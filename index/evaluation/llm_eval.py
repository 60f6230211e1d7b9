"""How often a model's quotes are exact, corrected or dropped — measured on a SQuAD slice.

Each SQuAD paragraph is stored as an article (the gold paragraphs of the sampled
questions plus their neighbours as distractors); each question goes through the
LLM answerer exactly as ``Library.ask`` runs it, and every model quote is counted
by what the quote checker made of it. With no ``--llm`` given, the bundled
SmolLM2-135M is served locally (xllamacpp) and used through ``openai:``.

    quotedesk llm-eval --questions 30
    quotedesk llm-eval --llm openai:gpt-4o-mini --questions 30
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from index.answer.llm.answerer import LLMAnswerer
from index.config import Settings
from index.evaluation.data import dataset_dir, jsonl
from index.library import Library
from index.models import ArticleMeta


def load_slice(data_dir: Path, n_questions: int,
               neighbours: int = 2) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every k-th question (deterministic), with its gold paragraph and ``neighbours`` paragraphs each side."""
    paragraphs = list(jsonl(data_dir / "paragraphs.jsonl"))
    questions = list(jsonl(data_dir / "questions.jsonl"))
    step = max(1, len(questions) // n_questions)
    sample = questions[::step][:n_questions]
    index = {p["paragraph_id"]: i for i, p in enumerate(paragraphs)}
    keep: set[int] = set()
    for q in sample:
        i = index[q["gold_paragraph_id"]]
        keep.update(j for j in range(i - neighbours, i + neighbours + 1) if 0 <= j < len(paragraphs))
    return [paragraphs[i] for i in sorted(keep)], sample


def evaluate(llm: str, base_url: str | None, *, n_questions: int = 30, data_dir: Path | None = None,
             passages: int = 4, timeout: float = 120.0, verbose: bool = False) -> dict:
    paras, sample = load_slice(data_dir or dataset_dir("squad-dev"), n_questions)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "store", llm=llm, llm_base_url=base_url, llm_timeout=timeout,
                            passages=passages, _env_file=None)
        library = Library(settings)
        for p in paras:
            library.add_text("eval", p["text"], meta=ArticleMeta(title=p["title"].replace("_", " ")))
        answerer = LLMAnswerer.from_settings(settings, fallback=library.answerer)
        assert answerer is not None
        totals: Counter = Counter()
        verdicts: Counter = Counter()
        answers_in_quote = 0
        rows = []
        started = time.monotonic()
        for q in sample:
            vector = library.encode([q["question"]])[0]
            hits = library.searcher.search("eval", q["question"], k=passages, query_vector=vector)
            answer, report = answerer.answer_with_report(q["question"], vector, hits,
                                                         lambda aid: library.article("eval", aid))
            for quote in answer.quotes:  # the one promise, checked on every answer
                text = library.article("eval", quote.span.article_id).text
                assert text[quote.span.start : quote.span.end] == quote.text
            totals["exact"] += report.exact
            totals["corrected"] += report.corrected
            totals["dropped"] += report.dropped
            totals["reattributed"] += sum(1 for o in report.outcomes if o.reattributed)
            verdicts.update(o.verdict.value for o in report.outcomes if o.verdict)
            totals["fallback"] += report.fallback is not None
            totals["refused"] += report.refused
            totals["gated"] += report.gated
            totals["llm_answer_shown"] += bool(answer.prose) or (report.fallback is None and not answer.abstained
                                                                 and not report.gated)
            totals["input_tokens"] += (report.usage or {}).get("input_tokens", 0)
            totals["output_tokens"] += (report.usage or {}).get("output_tokens", 0)
            shown = " ".join(x.text for x in answer.quotes).casefold()
            hit = any(a.casefold() in shown for a in q["answers"])
            answers_in_quote += hit
            rows.append({"question": q["question"], "exact": report.exact, "corrected": report.corrected,
                         "dropped": report.dropped, "fallback": report.fallback, "answer_in_quote": hit,
                         "seconds": round(report.elapsed, 1)})
            if verbose:
                print(json.dumps(rows[-1]), flush=True)
        model_quotes = totals["exact"] + totals["corrected"] + totals["dropped"]
        return {
            "llm": llm,
            "base_url": base_url,
            "questions": len(sample),
            "articles": len(paras),
            "passages_shown": passages,
            "model_quotes": model_quotes,
            "exact": totals["exact"],
            "corrected": totals["corrected"],
            "dropped": totals["dropped"],
            "reattributed": totals["reattributed"],
            "verdicts": dict(verdicts),
            "fell_back_to_extractive": totals["fallback"],
            "refused": totals["refused"],
            "gated_no_model_call": totals["gated"],
            "llm_answers_shown": totals["llm_answer_shown"],
            "answer_in_shown_quote": answers_in_quote,
            "input_tokens": totals["input_tokens"],
            "output_tokens": totals["output_tokens"],
            "seconds": round(time.monotonic() - started, 1),
            "unverified_quotes_shown": 0,  # asserted above for every answer
            "rows": rows,
        }
