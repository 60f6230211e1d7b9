"""Pairs from the questions news articles ask themselves: a question-shaped heading and the section it opens.

Explainers and Q&A pieces put a question above the paragraph that answers it ("How much does Twitter
verification cost?", "Is the Education Department still canceling student loans?"): questions about
news, written by journalists, yes/no ones among them, which SQuAD lacks. The first sentence of the
section is the positive (a weak label: it usually answers); the heading itself (an echo of the
question) and the best-overlapping sentences of the article's other sections are negatives.

Left out: headings that lean on what came before ("Is he running?", "So what?": a pronoun, or fewer
than four words), link and kicker lines ("More: …", "TAX APPS: …"), and boilerplate that many
articles repeat (newsletter sign-ups, ad surveys).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from index.evaluation.data import jsonl, realtimeqa_text
from index.evaluation.ranker.pairs import (
    HARD_NEGATIVES,
    Pair,
    Sentence,
    document_sentences,
    excluded_articles,
    in_split,
    overlap_order,
)
from index.evaluation.splits import Split

MIN_WORDS = 4  # "What happens next?" asks about nothing a reader could name
MAX_WORDS = 25
MIN_ANSWER_WORDS = 6
BOILERPLATE = 3  # a heading this many articles carry is the site's, not the story's
_NUMBERED = re.compile(r"^\s*(?:\d+[.)]|Q[:.])\s*")
_LEANS_ON_CONTEXT = re.compile(r"\b(?:he|she|it|they|him|her|them|his|its|their|this|these|those|that|you|your|"
                               r"i|we|us|our|my|me)\b", re.I)
_WORD = re.compile(r"[\w'’-]+")


def asked_heading(text: str) -> str | None:
    """The question a heading asks, when it can stand alone ("2. What movies are playing?" -> "What movies
    are playing?"); None for a link line, a kicker, boilerplate-shaped or context-leaning heading."""
    question = _unnumbered(text)
    words = _WORD.findall(question)
    if not question.endswith("?") or ":" in question or not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    if _LEANS_ON_CONTEXT.search(question):
        return None
    return question


def _unnumbered(text: str) -> str:
    """A heading without its list number or "Q:" ("2. What movies…?" -> "What movies…?")."""
    return _NUMBERED.sub("", text.strip())


def article_heading_pairs(found: list[Sentence], *, skip: frozenset[str] = frozenset()) -> list[Pair]:
    """Pairs for each standalone question heading among one article's sentences (``skip``: boilerplate
    headings, lower case)."""
    pairs: list[Pair] = []
    for i, heading in enumerate(found):
        question = asked_heading(heading.text) if heading.heading else None
        if question is None or question.lower() in skip or i + 1 >= len(found):
            continue
        answer = found[i + 1]
        if answer.heading or answer.text.rstrip().endswith("?") or len(answer.text.split()) < MIN_ANSWER_WORDS:
            continue
        section_end = next((j for j in range(i + 1, len(found)) if found[j].heading), len(found))
        elsewhere = [s for j, s in enumerate(found) if not i <= j < section_end and not s.heading]
        pairs.append(Pair(question, answer.text, answer.previous, 1, "news-heading"))
        pairs.append(Pair(question, heading.text, heading.previous, 0, "news-heading"))
        pairs += [Pair(question, s.text, s.previous, 0, "news-heading")
                  for s in overlap_order(question, elsewhere)[:HARD_NEGATIVES]]
    return pairs


def heading_pairs(folder: Path, *, split: Split = "train") -> list[Pair]:
    """Pairs from the question headings of every RealTimeQA article of ``split`` (newsqa's articles left out);
    a question that a wire copy asks again is taken once."""
    banned = excluded_articles()
    articles = [document_sentences(realtimeqa_text(row)) for row in jsonl(folder / "articles.jsonl.gz")
                if in_split(row, split) and row["doc_id"] not in banned]
    counts = Counter(_unnumbered(s.text).lower() for found in articles for s in found if s.heading)
    skip = frozenset(heading for heading, n in counts.items() if n >= BOILERPLATE)
    asked: set[str] = set()
    pairs: list[Pair] = []
    for found in articles:
        fresh = [p for p in article_heading_pairs(found, skip=skip) if p.question.lower() not in asked]
        asked |= {p.question.lower() for p in fresh}
        pairs += fresh
    return pairs
