"""Talking to a LangChain chat model: ``provider:model`` specs, timeouts, and reading what comes back."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from langchain_core.language_models import BaseChatModel


class LLMTimeout(TimeoutError):
    """The model did not answer within the time allowed."""


# --- the chat model ----------------------------------------------------------------------


def provider_of(spec: str) -> str | None:
    return spec.split(":", 1)[0].strip().lower() if ":" in spec else None


@lru_cache(maxsize=8)
def get_chat_model(spec: str, base_url: str | None = None, timeout: float = 60.0) -> BaseChatModel:
    """A LangChain chat model for ``provider:model`` via ``init_chat_model`` (cached per process).

    ``base_url`` points the provider at another server (an OpenAI-compatible local
    server for ``openai:``). With a base URL and no ``OPENAI_API_KEY``, a dummy key
    is sent: local servers do not check it.
    """
    from langchain.chat_models import init_chat_model

    spec = spec.strip()
    extra: dict[str, Any] = {}
    if base_url:
        extra["base_url"] = base_url
        if provider_of(spec) in ("openai", None) and not os.environ.get("OPENAI_API_KEY"):
            extra["api_key"] = "not-needed"
    attempts = [
        {**extra, "timeout": timeout, "max_retries": 1},
        {**extra, "timeout": timeout},
        extra,
    ]
    error: Exception | None = None
    for kwargs in attempts:
        try:
            return init_chat_model(spec, **kwargs)
        except (TypeError, ValueError) as err:  # a provider that does not take one of the options
            error = err
            if "timeout" not in kwargs and "max_retries" not in kwargs:
                break
    assert error is not None
    raise error


def call_with_timeout(fn: Callable[[], Any], timeout: float) -> Any:
    """Run ``fn`` in a daemon thread; raise :class:`LLMTimeout` if it takes longer than ``timeout``."""
    if timeout <= 0:
        raise LLMTimeout()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:
            box["error"] = err

    thread = threading.Thread(target=run, name="quotedesk-llm", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise LLMTimeout()
    if "error" in box:
        raise box["error"]
    return box["value"]


def message_text(message: Any) -> str:
    """The text of a model reply (content blocks joined)."""
    if message is None:
        return ""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content
                       if isinstance(b, str) or (isinstance(b, dict) and b.get("type") in (None, "text")))
    return str(content)


def truncated_reply(err: Exception) -> tuple[str, dict | None] | None:
    """The text of a reply the OpenAI client refused to parse because it hit the length limit."""
    completion: Any = getattr(err, "completion", None)
    try:
        text = completion.choices[0].message.content or ""
    except (AttributeError, IndexError, TypeError):
        return None
    usage = getattr(completion, "usage", None)
    tokens = None
    if usage is not None:
        tokens = {"input_tokens": usage.prompt_tokens, "output_tokens": usage.completion_tokens,
                  "total_tokens": usage.total_tokens}
    return text, tokens


def tool_args(message: Any) -> dict[str, Any] | None:
    """The arguments of the first tool call of a reply, if any."""
    calls = getattr(message, "tool_calls", None) or []
    for call in calls:
        args = call.get("args") if isinstance(call, dict) else None
        if isinstance(args, dict) and args:
            return args
    return None


def usage(message: Any) -> dict[str, Any] | None:
    """The token usage a provider reported with a reply."""
    usage = getattr(message, "usage_metadata", None)
    return dict(usage) if usage else None
