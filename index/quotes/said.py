"""What did X say? The direct quotations the collection attributes to a person, newest first.

Each article's quotations are stored with it at ingest (index/ingest/attribution.py, on the
first chunk); for articles stored before that, they are computed from the text on first use.
A person matches a speaker by index/quotes/names.py ("Kirby", "John Kirby", "Mr. Kirby";
"government official" matches "an unnamed government official"). With a topic, only quotations
close to it in meaning (or sharing a word with it) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime

import numpy as np

from index.ingest.attribution import Quotation, from_json
from index.ingest.segment import paragraph_number
from index.models import Article, Said, SaidBy, Source, Span
from index.quotes.locate import sentence_around
from index.quotes.misattribution import computed_quotations, known_quotations
from index.quotes.names import PRONOUNS, same_speaker
from index.store.records import ChunkRecord

Encode = Callable[[list[str]], np.ndarray]
TOPIC_MIN_SIMILARITY = 0.3  # cosine of a quotation (with its sentence) and the topic
DEFAULT_LIMIT = 25


def stored_or_computed(stored: str | None, article: Article) -> Sequence[Quotation]:
    """The quotations stored with an article, or computed from its text (older stores, older rules)."""
    found = from_json(stored)
    return found if found is not None else computed_quotations(article)


def speaker_matches(person: str, quotation: Quotation) -> bool:
    """Is ``person`` who the article says said it (its speaker, or the name it was attributed with)?"""
    mention = quotation.mention if quotation.mention and quotation.mention.lower() not in PRONOUNS else None
    return same_speaker(person, quotation.speaker) or same_speaker(person, mention)


def said_by(records: Iterable[ChunkRecord], load: Callable[[str], Article | None], person: str,
            topic: str | None = None, *, encode: Encode | None = None, limit: int = DEFAULT_LIMIT) -> SaidBy:
    """The quotations attributed to ``person`` across the articles whose first-chunk ``records`` are given."""
    person, topic = person.strip(), (topic or "").strip() or None
    found: list[tuple[Article, Quotation]] = []
    for record in sorted(records, key=_newest_first):
        stored: Sequence[Quotation] | None = from_json(record.quotations)
        if stored is None:
            stored = known_quotations(record.article_id)
        if stored is not None and not any(speaker_matches(person, q) for q in stored):
            continue  # nothing of theirs here: the article text is not read
        article = load(record.article_id)
        if article is None:
            continue
        in_article = stored if stored is not None else computed_quotations(article)
        found.extend((article, q) for q in in_article if speaker_matches(person, q))
    if topic:
        found = _on_topic(found, topic, encode)
    sources: dict[str, Source] = {}
    quotes: list[Said] = []
    for article, q in found[:limit]:
        source = sources.setdefault(article.id, Source(len(sources) + 1, article.id, article.meta))
        end = q.end
        while end > q.start + 1 and article.text[end - 1] in ",;: \u00a0":
            end -= 1  # “…, ” he said: the comma belongs to the sentence, not to the words quoted
        cs, ce = sentence_around(article.text, q.start, min(len(article.text), q.end + 1))
        quotes.append(Said(Span(article.id, q.start, end, article.text[q.start:end]), q.speaker or person, q.cue,
                           source.number, paragraph_number(article.text, q.start),
                           Span(article.id, cs, ce, article.text[cs:ce])))
    return SaidBy(person, topic, tuple(quotes), tuple(sources.values()), len(found))


def _newest_first(record: ChunkRecord) -> tuple[int, float]:
    added = record.meta.added_at or datetime.min.replace(tzinfo=UTC)
    return -(record.meta.published or date.min).toordinal(), -added.timestamp()


def _on_topic(found: list[tuple[Article, Quotation]], topic: str, encode: Encode | None) -> list[tuple[Article, Quotation]]:
    """The quotations about ``topic``: sharing a word with it, or close in meaning (order kept)."""
    if not found:
        return found
    words = {w for w in re.findall(r"\w+", topic.lower()) if len(w) > 3}
    texts = [a.text[q.start:q.end] for a, q in found]
    shares = [bool(words & set(re.findall(r"\w+", t.lower()))) for t in texts]
    if encode is None:
        return [f for f, keep in zip(found, shares) if keep]
    vectors = encode([topic, *texts])
    similarity = vectors[1:] @ vectors[0]
    return [f for f, keep, s in zip(found, shares, similarity) if keep or float(s) >= TOPIC_MIN_SIMILARITY]
