"""Sentence segmentation stays linear on huge paragraphs (issue 11, item 4)."""

from __future__ import annotations

import random

import pysbd
import pytest

from index.ingest import segment
from index.ingest.chunk import chunk_article

LIMIT = 5000  # no call to pysbd may see more than this many characters


@pytest.fixture
def pysbd_inputs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text given to pysbd; a text over LIMIT fails at once (it would take minutes)."""
    real = segment._segmenter()
    seen: list[int] = []

    class Recording:
        def segment(self, text: str) -> list[str]:
            assert len(text) <= LIMIT, f"pysbd given {len(text):,} characters at once"
            seen.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(segment, "_segmenter", lambda: Recording())
    return seen


def _sentences(n: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    words = ["the", "council", "said", "on", "tuesday", "that", "bridge", "repairs", "would", "take", "two",
             "more", "years", "and", "cost"]
    return " ".join(" ".join(rng.choice(words) for _ in range(rng.randint(6, 24))).capitalize() + rng.choice(".?!")
                    for _ in range(n))


def _check_tiling(text: str, spans: list[tuple[int, int]]) -> None:
    cursor = 0
    for start, end in spans:
        assert cursor <= start < end <= len(text)
        assert not text[cursor:start].strip()  # only whitespace between sentences: nothing lost
        assert text[start:end] == text[start:end].strip()
        cursor = end
    assert not text[cursor:].strip()


def test_long_paragraph_gives_the_same_sentences_as_one_pysbd_call(pysbd_inputs: list[int]) -> None:
    text = _sentences(300)  # about 28 kB in one paragraph
    pysbd_inputs.clear()
    spans = segment.sentences(text)
    _check_tiling(text, spans)
    reference = [piece.strip() for piece in pysbd.Segmenter(language="en", clean=False).segment(text)]
    assert [text[s:e] for s, e in spans] == [p for p in reference if p]
    assert sum(pysbd_inputs) <= 2 * len(text)  # each character is segmented about once: linear


def test_a_huge_line_without_punctuation_is_cut_into_bounded_pieces(pysbd_inputs: list[int]) -> None:
    text = " ".join(f"word{i}" for i in range(40_000))  # about 310 kB, one line, no sentence end
    spans = segment.sentences(text)
    _check_tiling(text, spans)
    assert max(e - s for s, e in spans) <= segment.MAX_PIECE
    assert sum(pysbd_inputs) <= 2 * len(text)


def test_a_huge_line_chunks_tile_the_text(pysbd_inputs: list[int]) -> None:
    text = "Headline\n\n" + _sentences(2000, seed=3) + ("x" * 30_000)  # sentences, then a 30 kB unbroken word
    plans = chunk_article("a1", text)
    assert "".join(p.chunk.text for p in plans) == text
    assert max(len(p.chunk.text) for p in plans) <= 4000


def test_control_characters_do_not_crash_the_segmenter_and_offsets_stay_exact() -> None:
    text = "The vote was 0\x1f0. Officials said 12\x1f3 ballots were void. The count ends today."
    spans = segment.sentences(text)
    assert [text[s:e] for s, e in spans] == ["The vote was 0\x1f0.", "Officials said 12\x1f3 ballots were void.",
                                            "The count ends today."]
