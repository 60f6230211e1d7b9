"""Fake LangChain chat models that return scripted replies and record what they were sent."""

from __future__ import annotations

import time
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from pydantic import Field


class ScriptedModel(GenericFakeChatModel):
    """A fake chat model that records the messages it was sent."""

    calls: list = Field(default_factory=list)
    delay: float = 0.0

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.calls.append(messages)
        if self.delay:
            time.sleep(self.delay)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


class ToolCallingModel(ScriptedModel):
    """A fake that "supports" tool calling, so with_structured_output is the path used."""

    def bind_tools(self, tools, **kwargs):
        return self


class BrokenModel(ScriptedModel):
    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.calls.append(messages)
        raise ConnectionError("provider down")


def scripted(*replies: Any, cls=ScriptedModel, **kw) -> ScriptedModel:
    return cls(messages=iter(list(replies)), **kw)
