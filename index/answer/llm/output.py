"""What a language model returns, and how we read it when it does not follow the format.

The model is asked (prompts/system.txt) for one JSON object::

    {"quotes": [{"passage": 2, "text": "exact words"}],
     "answer": "prose with markers like [2]",
     "answerable": true}

A marker ``[n]`` names passage ``n``; an explicit ``"marker"`` per quote is also read.

Where the provider supports it, LangChain structured output enforces
:class:`LLMAnswer`. Otherwise (or when the structured parse fails) the raw text
goes through :func:`parse_output`, which tolerates code fences, text around the
JSON, trailing commas, Python literals, other key names, quote lists given as
strings, and — with no JSON at all — a prose answer followed by ``[n] "quote"``
lines or with ``"quote" [n]`` inline.

Nothing here decides what is shown: every quote read here is verified against
the store afterwards (index/llm_repair.py).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field


class LLMQuote(BaseModel):
    """Words copied exactly from one passage; the answer cites it as [passage]."""

    passage: int = Field(description="Number of the passage the quote is copied from.")
    text: str = Field(description="Words copied exactly, character for character, from that passage.")


class LLMAnswer(BaseModel):
    """Exact quotes from the numbered passages, and a short answer citing them as [n]."""

    quotes: list[LLMQuote] = Field(description="The exact words that support the answer, each with its passage.")
    answer: str = Field(description="A short answer with the passage number in brackets, like [2], after each claim.")
    answerable: bool = Field(description="False when the passages do not answer the question.")


@dataclass(frozen=True)
class ModelQuote:
    marker: int
    passage: int | None
    text: str


@dataclass
class ModelOutput:
    """The model's answer as read (still unverified)."""

    answerable: bool
    answer: str
    quotes: list[ModelQuote] = field(default_factory=list)
    tolerant: bool = False  # read by the tolerant parser rather than structured output


class UnreadableOutput(ValueError):
    """The model's reply contains nothing we can use."""


_ANSWER_KEYS = ("answer", "prose", "response", "summary", "final_answer", "content")
_QUOTES_KEYS = ("quotes", "citations", "evidence", "sources", "references", "quote")
_TEXT_KEYS = ("text", "quote", "content", "exact", "words", "excerpt", "span")
_PASSAGE_KEYS = ("passage", "passage_id", "passage_number", "source", "source_id", "doc", "document", "id")
_MARKER_KEYS = ("marker", "citation", "ref", "reference", "n", "number", "index")
_INT = re.compile(r"-?\d+")


def parse_output(raw: Any) -> ModelOutput:
    """Read a model reply (pydantic object, dict, or text) into a :class:`ModelOutput`.

    Raises :class:`UnreadableOutput` when there is neither an answer nor a quote.
    """
    if isinstance(raw, BaseModel):
        return _from_mapping(raw.model_dump(), tolerant=False)
    if isinstance(raw, dict):
        return _from_mapping(raw, tolerant=True)
    text = raw if isinstance(raw, str) else str(raw or "")
    obj = find_json_object(text)
    if obj is not None:
        return _from_mapping(obj, tolerant=True)
    return _from_text(text)


def find_json_object(text: str) -> dict | None:
    """The first JSON object in ``text`` that looks like an answer (fences, chatter and small errors tolerated)."""
    cleaned = re.sub(r"```(?:json|JSON)?", "", text)
    decoder = json.JSONDecoder()
    fallback: dict | None = None
    for match in re.finditer(r"\{", cleaned):
        start = match.start()
        obj = _decode_at(decoder, cleaned, start)
        if isinstance(obj, dict):
            if _looks_like_answer(obj):
                return obj
            fallback = fallback or obj
    return fallback if fallback is not None and _looks_like_answer(fallback) else None


def _decode_at(decoder: json.JSONDecoder, text: str, start: int) -> Any:
    try:
        return decoder.raw_decode(text, start)[0]
    except json.JSONDecodeError:
        pass
    end = _balanced_end(text, start)
    chunk = text[start:end] if end is not None else _close_truncated(text[start:])
    if chunk is None:
        return None
    repaired = re.sub(r",\s*([}\]])", r"\1", chunk)  # trailing commas
    for attempt in (repaired, repaired.replace("“", '"').replace("”", '"')):
        try:
            return json.loads(attempt)
        except json.JSONDecodeError:
            pass
    try:  # Python-style dicts: single quotes, True/False/None
        value = ast.literal_eval(repaired)
        return value if isinstance(value, dict) else None
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None


def _balanced_end(text: str, start: int) -> int | None:
    depth = 0
    in_string: str | None = None
    escaped = False
    for i in range(start, min(len(text), start + 200_000)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == in_string:
                in_string = None
            continue
        if ch in "\"'" and not (ch == "'" and i > 0 and text[i - 1].isalnum()):
            in_string = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _close_truncated(text: str) -> str | None:
    """A JSON object cut off at the token limit, closed: the open string ended, brackets closed.

    The last, unfinished value is kept (a quote cut short is still checked like any other).
    """
    stack: list[str] = []
    in_string = False
    escaped = False
    for ch in text[:200_000]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack:
            stack.pop()
    if not stack:
        return None
    body = text.rstrip()
    if in_string:
        body = body.rstrip("\\") + '"'
    body = re.sub(r",\s*$", "", body)
    body = re.sub(r',\s*"[^"]*"\s*:?\s*$', "", body)  # a dangling key
    return body + "".join(reversed(stack))


def _looks_like_answer(obj: dict) -> bool:
    keys = {str(k).lower() for k in obj}
    return bool(keys & set(_ANSWER_KEYS + _QUOTES_KEYS + ("answerable",)))


def _get(obj: dict, keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for key in keys:
        if key in lowered and lowered[key] not in (None, ""):
            return lowered[key]
    return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        m = _INT.search(value)
        return int(m.group()) if m else None
    return None


def _as_bool(value: Any, default: bool = True) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("false", "no", "0", "n"):
            return False
        if v in ("true", "yes", "1", "y"):
            return True
    if isinstance(value, (int, float)):
        return bool(value)
    return default


def _from_mapping(obj: dict, *, tolerant: bool) -> ModelOutput:
    answer = _get(obj, _ANSWER_KEYS)
    answer = answer if isinstance(answer, str) else ""
    raw_quotes = _get(obj, _QUOTES_KEYS)
    if isinstance(raw_quotes, (dict, str)):
        raw_quotes = [raw_quotes]
    quotes: list[ModelQuote] = []
    for i, item in enumerate(raw_quotes if isinstance(raw_quotes, list) else []):
        if isinstance(item, str):
            if len(item.split()) < 3:
                continue  # a stray token, not a quote
            text, passage, marker = item, None, None
        elif isinstance(item, dict):
            text = _get(item, _TEXT_KEYS)
            passage = _as_int(_get(item, _PASSAGE_KEYS))
            marker = _as_int(_get(item, _MARKER_KEYS))
        else:
            continue
        if not isinstance(text, str) or not text.strip():
            continue
        if marker is None:
            marker = passage if passage is not None else i + 1
        quotes.append(ModelQuote(marker=marker, passage=passage, text=text.strip()))
    # "answerable": false with quotes is contradictory: the quotes are checked like any others
    answerable = _as_bool(_get(obj, ("answerable", "answered", "can_answer")), default=True) or bool(quotes)
    if not answer.strip() and not quotes and answerable:
        raise UnreadableOutput("The model's JSON has no answer and no quotes.")
    return ModelOutput(answerable=answerable, answer=answer.strip(), quotes=quotes, tolerant=tolerant)


# A line such as  [1] (passage 2): "exact words"   or   - [2] “words”
_QUOTE_LINE = re.compile(
    r"^\s*(?:[-*•]\s*)?\[(\d{1,3})\]\s*(?:\(?\s*passage\s*(\d{1,3})\s*\)?)?\s*[:\-–—]?\s*[\"“](.+?)[\"”]\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Inline:  "exact words" [2]
_INLINE_QUOTE = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]\s*\[(\d{1,3})\]")
_QUOTES_HEADER = re.compile(r"^\s*(?:quotes|citations|sources|evidence)\s*:?\s*$", re.IGNORECASE | re.MULTILINE)


def _from_text(text: str) -> ModelOutput:
    body = text.strip()
    if not body:
        raise UnreadableOutput("The model returned no text.")
    quotes = [ModelQuote(int(m.group(1)), int(m.group(2)) if m.group(2) else None, m.group(3).strip())
              for m in _QUOTE_LINE.finditer(body)]
    prose = body
    if quotes:
        first_line = _QUOTE_LINE.search(body)
        assert first_line is not None  # quotes were found by the same pattern
        header = _QUOTES_HEADER.search(body)
        cut = min(first_line.start(), header.start() if header and header.start() < first_line.start() else len(body))
        prose = body[:cut].strip()
    else:
        quotes = [ModelQuote(int(m.group(2)), None, m.group(1).strip()) for m in _INLINE_QUOTE.finditer(body)]
    if body.lower().startswith(("i cannot", "i can't", "the passages do not", "no answer")) and not quotes:
        return ModelOutput(answerable=False, answer="", quotes=[], tolerant=True)
    return ModelOutput(answerable=True, answer=prose, quotes=quotes, tolerant=True)
