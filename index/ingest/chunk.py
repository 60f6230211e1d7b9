"""Split an article into sentence-aligned chunks that tile its text exactly.

Chunk ``i`` covers ``text[start_i:start_{i+1}]`` (the last one runs to the end), so
concatenating the chunks gives the article back byte for byte, and no sentence is
ever split across two chunks. Each chunk also records where its sentences are, so
the answerer can quote single sentences without re-segmenting.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from index.ingest.segment import paragraphs, sentences
from index.models import Chunk


@dataclass(frozen=True)
class ChunkPlan:
    """A chunk plus the article-level offsets of the sentences inside it."""

    chunk: Chunk
    sentence_spans: tuple[tuple[int, int], ...]


def chunk_article(article_id: str, text: str, *, target_chars: int = 700, max_chars: int = 1200) -> list[ChunkPlan]:
    """Group whole sentences into chunks of about ``target_chars``, preferring paragraph ends."""
    spans = sentences(text)
    if not spans:
        return []
    paragraph_starts = [s for s, _ in paragraphs(text)]
    starts_a_paragraph = set(paragraph_starts)
    groups: list[list[tuple[int, int]]] = [[]]
    for span in spans:
        current = groups[-1]
        if current:
            size = span[1] - current[0][0]
            starts_paragraph = span[0] in starts_a_paragraph
            current_size = current[-1][1] - current[0][0]
            if size > max_chars or (size > target_chars and (starts_paragraph or current_size >= target_chars // 2)) or (starts_paragraph and current_size >= target_chars * 0.75):
                groups.append([])
                current = groups[-1]
        current.append(span)
    plans: list[ChunkPlan] = []
    for seq, group in enumerate(groups):
        start = 0 if seq == 0 else group[0][0]
        end = groups[seq + 1][0][0] if seq + 1 < len(groups) else len(text)
        chunk = Chunk(
            article_id=article_id,
            seq=seq,
            start=start,
            end=end,
            paragraph=_paragraph_at(paragraph_starts, group[0][0]),
            text=text[start:end],
        )
        plans.append(ChunkPlan(chunk=chunk, sentence_spans=tuple(group)))
    return plans


def _paragraph_at(paragraph_starts: list[int], offset: int) -> int:
    return max(1, bisect.bisect_right(paragraph_starts, offset))
