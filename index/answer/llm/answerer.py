"""Written answers from any LangChain chat model — with every quote verified.

Optional. With ``QUOTEDESK_LLM`` unset, QuoteDesk answers extractively (quotes
only) and nothing here is used. With it set to a LangChain ``provider:model``
string (``openai:gpt-4o-mini``, ``anthropic:claude-…``, ``ollama:llama3.2``, or
``openai:<name>`` plus ``QUOTEDESK_LLM_BASE_URL`` for an OpenAI-compatible local
server such as llama.cpp, vLLM or LM Studio), :class:`LLMAnswerer`:

1. computes the extractive answer first (cheap): it is the abstention gate —
   when nothing is relevant the model is not called — and the fallback;
2. shows the model the retrieved passages, numbered and delimited as untrusted
   data (prompts/system.txt, prompts/refuse.txt, prompts/answer.txt);
3. reads a structured answer (LangChain structured output where the model
   supports it; :mod:`index.llm_output` tolerates everything else);
4. verifies and repairs every quote against the store (:mod:`index.llm_repair`);
5. falls back to the extractive answer, with a notice, on timeout, provider
   error, unreadable output, or when no quote survives verification.

Token usage is logged per answer when the provider reports it. API keys come
from the provider's usual environment variables (``OPENAI_API_KEY``, …).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel

from index.answer.citations import LoadArticle
from index.answer.extractive import NO_ANSWER, ExtractiveAnswerer, hit_articles
from index.answer.llm.model import (
    LLMTimeout,
    call_with_timeout,
    get_chat_model,
    message_text,
    tool_args,
    truncated_reply,
    usage,
)
from index.answer.llm.output import (
    LLMAnswer,
    ModelOutput,
    UnreadableOutput,
    parse_output,
)
from index.answer.llm.prompts import load_prompt, render_prompt
from index.answer.llm.repair import (
    CORRECTED,
    DROPPED,
    EXACT,
    Passage,
    QuoteOutcome,
    repair_answer,
)
from index.answer.their_words import asked_person
from index.config import Settings
from index.models import Answer, Progress, emit
from index.retrieval.hybrid import Hit

log = logging.getLogger(__name__)


STRUCTURED_MODES = ("auto", "json_schema", "function_calling", "json_mode", "none")

NOTICE_TIMEOUT = "The language model did not answer in time; showing quotes only."
NOTICE_ERROR = "The language model could not be reached ({error}); showing quotes only."
NOTICE_UNAVAILABLE = "The configured language model could not be loaded ({error}); showing quotes only."
NOTICE_UNREADABLE = "The language model's answer could not be read; showing quotes only."
NOTICE_UNVERIFIED = (
    "None of the language model's quotes could be verified against the articles, so its answer is not shown; "
    "showing quotes only."
)


# --- the answerer --------------------------------------------------------------------------


@dataclass
class LLMReport:
    """What happened while answering (for logs, evaluation and debugging)."""

    model: str
    elapsed: float = 0.0
    usage: dict | None = None  # input_tokens / output_tokens / total_tokens, when reported
    structured: str = "none"  # the structured-output method used
    tolerant: bool = False  # the reply was read by the tolerant parser
    raw: str = ""  # the model's reply, for debugging (never shown to users)
    outcomes: list[QuoteOutcome] = field(default_factory=list)
    fallback: str | None = None  # why the extractive answer was used
    refused: bool = False
    gated: bool = False  # the model was not called: nothing relevant enough

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exact(self) -> int:
        return self.count(EXACT)

    @property
    def corrected(self) -> int:
        return self.count(CORRECTED)

    @property
    def dropped(self) -> int:
        return self.count(DROPPED)


class LLMAnswerer:
    """A model writes the answer; QuoteDesk checks and repairs every quote in it.

    ``model`` is a LangChain chat model, or a zero-argument callable returning one
    (called on first use; if it raises, answers fall back with a notice).
    """

    def __init__(
        self,
        model: BaseChatModel | Callable[[], BaseChatModel],
        *,
        fallback: ExtractiveAnswerer,
        name: str = "llm",
        timeout: float = 60.0,
        structured: str = "auto",
        local: bool = False,
        max_passages: int = 8,
        max_passage_chars: int = 1500,
        gate: bool = True,
    ) -> None:
        if structured not in STRUCTURED_MODES:
            raise ValueError(f"structured must be one of {STRUCTURED_MODES}")
        self._model = model
        self.fallback = fallback
        self.name = name
        self.timeout = timeout
        self.structured = structured
        self.local = local
        self.max_passages = max_passages
        self.max_passage_chars = max_passage_chars
        self.gate = gate

    @classmethod
    def from_settings(cls, settings: Settings, *, fallback: ExtractiveAnswerer) -> LLMAnswerer | None:
        """The answerer for ``settings.llm`` / ``llm_base_url`` / ``llm_timeout`` (None when no model is set)."""
        spec, base_url, timeout = settings.llm, settings.llm_base_url, settings.llm_timeout
        if not spec:
            return None
        return cls(
            lambda: get_chat_model(spec, base_url, timeout),
            fallback=fallback,
            name=spec,
            timeout=timeout,
            local=bool(base_url),
            max_passages=settings.passages,
        )

    # -- public API --
    def answer(self, question: str, question_vector: np.ndarray, hits: Sequence[Hit], load_article: LoadArticle,
               *, progress: Progress | None = None) -> Answer:
        """A written answer whose every quote is verified; the extractive answer on any failure."""
        return self.answer_with_report(question, question_vector, hits, load_article, progress=progress)[0]

    def answer_with_report(self, question: str, question_vector: np.ndarray, hits: Sequence[Hit],
                           load_article: LoadArticle, *, progress: Progress | None = None) -> tuple[Answer, LLMReport]:
        report = LLMReport(model=self.name)
        extractive = self.fallback.answer(question, question_vector, hits, load_article)
        if self.gate and extractive.abstained:
            report.gated = True
            return extractive, report

        def fall_back(reason: str, notice: str) -> tuple[Answer, LLMReport]:
            report.fallback = reason
            log.warning("LLM answer fell back to extractive (%s): %s", self.name, reason)
            return replace(extractive, notices=extractive.notices + (notice,)), report

        passages = self.passages(hits)
        messages = self.messages(question, passages)
        emit(progress, "writing")
        started = time.monotonic()
        try:
            output = self._ask_model(messages, report)
        except LLMTimeout:
            return fall_back("timeout", NOTICE_TIMEOUT)
        except _ModelUnavailable as err:
            return fall_back(f"unavailable: {err.cause!r}", NOTICE_UNAVAILABLE.format(error=_short(err.cause)))
        except UnreadableOutput as err:
            return fall_back(f"unreadable: {err}", NOTICE_UNREADABLE)
        except Exception as err:  # provider errors: network, auth, rate limits, bad requests
            log.exception("LLM call failed")
            return fall_back(f"error: {err!r}", NOTICE_ERROR.format(error=_short(err)))
        finally:
            report.elapsed = time.monotonic() - started
            self._logusage(report)

        if not output.answerable:
            report.refused = True
            return replace(extractive, quotes=(), sources=(), abstained=True, reason=NO_ANSWER, prose=None), report

        emit(progress, "checking")
        articles = hit_articles(hits, load_article)
        asked = asked_person(question, articles)
        repair = repair_answer(question, output, passages, load_article, asked=asked)
        report.outcomes = repair.outcomes
        log.info("LLM quotes (%s): %d exact, %d corrected, %d dropped", self.name,
                 report.exact, report.corrected, report.dropped)
        if not repair.answer.quotes:
            return fall_back("no verified quote", NOTICE_UNVERIFIED)
        return repair.answer, report

    # -- prompt --
    def passages(self, hits: Sequence[Hit]) -> list[Passage]:
        out: list[Passage] = []
        for i, hit in enumerate(hits[: self.max_passages]):
            record = hit.chunk.record
            text = hit.chunk.text
            if len(text) > self.max_passage_chars:
                text = text[: self.max_passage_chars].rsplit(" ", 1)[0] + " …"
            out.append(Passage(i + 1, record.article_id, record.meta.heading(), text, record.start, record.end))
        return out

    def messages(self, question: str, passages: Sequence[Passage]) -> list[tuple[str, str]]:
        """The chat messages: system rules (with the refusal rule) and the delimited passages + question."""
        system = render_prompt("system", refusal=load_prompt("refuse"))
        blocks = "\n\n".join(
            f'<passage n="{p.number}">\n{_neutralise(p.text)}\n</passage>' for p in passages
        )
        user = render_prompt("answer", passages=blocks, question=_neutralise(question.strip()))
        return [("system", system), ("human", user)]

    # -- the model call --
    def _model_instance(self) -> Any:
        if callable(self._model) and not hasattr(self._model, "invoke"):
            try:
                self._model = self._model()
            except Exception as err:  # missing integration package, missing key, bad spec
                log.error("could not load language model %s: %r", self.name, err)
                raise _ModelUnavailable(err) from err
        return self._model

    def _method(self) -> str:
        if self.structured != "auto":
            return self.structured
        return "json_mode" if self.local else "default"

    def _ask_model(self, messages: list[tuple[str, str]], report: LLMReport) -> ModelOutput:
        model = self._model_instance()
        method = self._method()
        deadline = time.monotonic() + self.timeout
        runnable = None
        if method == "json_mode" and hasattr(model, "openai_api_base"):
            # OpenAI-compatible servers: ask for a JSON object and read the raw text ourselves, so a reply cut
            # off at the token limit is still read (LangChain's json_mode parser would raise instead)
            model = model.bind(response_format={"type": "json_object"})
            report.structured = "json_object"
            method = "none"
        if method != "none":
            try:
                kwargs = {} if method == "default" else {"method": method}
                runnable = model.with_structured_output(LLMAnswer, include_raw=True, **kwargs)
                report.structured = method
            except (NotImplementedError, TypeError, ValueError) as err:
                log.info("structured output unavailable for %s (%r); parsing text", self.name, err)
        if runnable is not None:
            try:
                structured = runnable
                result = call_with_timeout(lambda: structured.invoke(messages), deadline - time.monotonic())
            except LLMTimeout:
                raise
            except Exception as err:  # e.g. the server rejects response_format: try once without it
                log.warning("structured call failed for %s (%r); retrying as plain text", self.name, err)
                if deadline - time.monotonic() < 1:
                    raise
                report.structured = "none"
                runnable = None
            else:
                raw = result.get("raw")
                report.raw = message_text(raw)
                report.usage = usage(raw)
                parsed = result.get("parsed")
                if parsed is not None:
                    return parse_output(parsed)
                report.tolerant = True
                args = tool_args(raw)
                return parse_output(args if args is not None else report.raw)
        try:
            message = call_with_timeout(lambda: model.invoke(messages), deadline - time.monotonic())
        except Exception as err:
            truncated = truncated_reply(err)  # cut off at the token limit: still read what was written
            if truncated is None:
                raise
            report.raw, report.usage = truncated
            report.tolerant = True
            return parse_output(report.raw)
        report.raw = message_text(message)
        report.usage = usage(message)
        report.tolerant = True
        return parse_output(report.raw)

    def _logusage(self, report: LLMReport) -> None:
        u = report.usage or {}
        if u:
            log.info("LLM usage (%s): %s input + %s output = %s tokens in %.1fs", self.name,
                     u.get("input_tokens"), u.get("output_tokens"), u.get("total_tokens"), report.elapsed)
        else:
            log.info("LLM call (%s) took %.1fs; the provider reported no token usage", self.name, report.elapsed)


class _ModelUnavailable(Exception):
    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _short(err: Exception) -> str:
    return type(err).__name__


_DELIMITER_TAGS = ("passage", "question")


def _neutralise(text: str) -> str:
    """Make sure untrusted text cannot open or close our delimiters."""
    import re

    return re.sub(r"<\s*(/?)\s*(" + "|".join(_DELIMITER_TAGS) + r")", r"‹\1\2", text, flags=re.IGNORECASE)

