"""Chunks tile the article exactly, never split a sentence, and carry exact offsets."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from index.ingest.chunk import chunk_article
from index.ingest.segment import sentences
from tests.support.data import SEED_FILE, SHARED_DATA

WIKINEWS = [json.loads(line) for line in (SHARED_DATA / "wikinews" / "articles.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("row", WIKINEWS[:40], ids=lambda r: r["id"])
def test_chunks_reassemble_article_byte_for_byte(row: dict) -> None:
    text = row["text"]
    plans = chunk_article("a1", text, target_chars=500, max_chars=900)
    assert "".join(p.chunk.text for p in plans) == text
    for plan in plans:
        assert text[plan.chunk.start : plan.chunk.end] == plan.chunk.text


def test_no_sentence_is_split_across_chunks() -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    plans = chunk_article("seed", text, target_chars=300, max_chars=500)
    boundaries = {p.chunk.start for p in plans[1:]}
    for start, end in sentences(text):
        assert not any(start < b < end for b in boundaries), text[start:end]
    chunk_sentences = [s for p in plans for s in p.sentence_spans]
    assert chunk_sentences == sentences(text)


def test_paragraph_numbers_are_one_based_and_increasing() -> None:
    text = "First para one. First para two.\n\nSecond para.\n\nThird para is here."
    plans = chunk_article("x", text, target_chars=100, max_chars=200)
    assert plans[0].chunk.paragraph == 1
    small = chunk_article("x", text, target_chars=10, max_chars=20)
    assert [p.chunk.paragraph for p in small] == sorted(p.chunk.paragraph for p in small)
    assert small[-1].chunk.paragraph == 3


def test_long_sentence_becomes_its_own_chunk() -> None:
    long_sentence = "word " * 400 + "end."
    text = "Short one. " + long_sentence + " Short two."
    plans = chunk_article("x", text, target_chars=100, max_chars=200)
    assert "".join(p.chunk.text for p in plans) == text
    assert any(long_sentence.strip() in p.chunk.text for p in plans)


@hsettings(max_examples=60, deadline=None)
@example(["0\x1f0", "0"])  # a digit after U+001F crashed pysbd
@example(["\x1b"])  # a text of control characters alone is one sentence
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=80),
                min_size=1, max_size=12))
def test_any_text_tiles_exactly(parts: list[str]) -> None:
    text = ". ".join(parts)
    if not text.strip():
        return
    plans = chunk_article("x", text, target_chars=100, max_chars=200)
    assert "".join(p.chunk.text for p in plans) == text
