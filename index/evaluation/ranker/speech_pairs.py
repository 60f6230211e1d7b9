"""Synthetic "what did X say about Y" pairs from the training weeks' news articles.

SQuAD and RealTimeQA rarely ask what someone said, yet a news community asks it all the time. The
article parser (``index.ingest.attribution``) finds each quotation and its speaker, so a question can
be written for it: "What did {speaker} say about {topic}?", where the topic is a word of the quotation
that the article keeps coming back to. The sentence that opens the quotation is the positive; the
negatives are the other speakers' quotations in the same article (same story, wrong person), and a
sentence that names the speaker without giving their words (a biography, an action).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bm25s.stopwords import STOPWORDS_EN

from index.answer.candidates import previous_sentence
from index.answer.context import ATTRIBUTION, QUOTATION_MARK
from index.evaluation.data import jsonl, realtimeqa_text
from index.evaluation.ranker.pairs import Pair, excluded_articles, in_split
from index.evaluation.splits import Split
from index.ingest.attribution import quotations
from index.ingest.segment import paragraphs, sentences
from index.ingest.speakers import is_name
from index.quotes.names import same_speaker

ARTICLES = 600  # articles sampled from the split's weeks
QUESTIONS_PER_ARTICLE = 2  # quotations asked about, each from a different speaker
OTHER_SPEAKERS = 3  # negatives: other speakers' quotations per question
MIN_QUOTATION = 30  # characters: shorter quotations are titles and scare quotes, not statements
_COMMON_WORDS = (
    "about after also been before being could does doing from going have just like made make many more most much "
    "need only other over really said says should some than that their them then there these they thing things "
    "think this those through very want well were what when where which while will with would year years your "
    "people time today know going told tell says saying added")
COMMON = frozenset(STOPWORDS_EN) | frozenset(_COMMON_WORDS.split())
_NOT_A_TOPIC = ("ed", "ly", "ing", "ous", "ful", "ive")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_TEMPLATES = (
    "What did {speaker} say about {topic}?", "what did {speaker} say about {topic}", "What did {speaker} say?",
    "How did {speaker} react to {topic}?", "What was {speaker}'s response to {topic}?",
    "what has {speaker} said about {topic}?", "What did {speaker} tell reporters about {topic}?",
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def speech_pairs(folder: Path, rng: random.Random, *, split: Split = "train", articles: int = ARTICLES) -> list[Pair]:
    """Pairs for synthetic questions about who said what, over ``articles`` of the split's articles."""
    banned = excluded_articles()
    texts = []
    for row in jsonl(folder / "articles.jsonl.gz"):
        if in_split(row, split) and row["doc_id"] not in banned:
            texts.append((str(row.get("title") or ""), realtimeqa_text(row)))
    pairs: list[Pair] = []
    for title, text in rng.sample(texts, min(articles, len(texts))):
        pairs += article_pairs(text, rng, title=title)
    return pairs


def article_pairs(text: str, rng: random.Random, *, title: str = "") -> list[Pair]:
    """Questions about up to ``QUESTIONS_PER_ARTICLE`` speakers of one article, with their pairs."""
    spans = [_Span(s, e) for p_start, p_end in paragraphs(text) for s, e in sentences(text, p_start, p_end)]
    counts = Counter(WORD.findall(text))
    found = [q for q in quotations(text) if q.speaker and _speakable(q.speaker, counts) and not q.inherited
             and q.end - q.start >= MIN_QUOTATION]
    pairs: list[Pair] = []
    asked: list[str] = []
    for quote in rng.sample(found, len(found)):
        if len(asked) == QUESTIONS_PER_ARTICLE:
            break
        speaker = quote.speaker or ""
        if any(same_speaker(speaker, other) for other in asked):
            continue
        topic = _topic(text[quote.start:quote.end], speaker, counts, set(WORD.findall(title)), rng)
        question = _question(speaker, topic, rng)
        positive = _sentence_at(spans, quote.start)
        if positive is None:
            continue
        asked.append(speaker)
        pairs.append(_pair(question, text, positive, 1))
        others = [q for q in found if not same_speaker(q.speaker, speaker)]
        taken = {positive.start}
        for other in rng.sample(others, min(OTHER_SPEAKERS, len(others))):
            span = _sentence_at(spans, other.start)
            if span and span.start not in taken:
                taken.add(span.start)
                pairs.append(_pair(question, text, span, 0))
        surname = speaker.split()[-1]
        introducing = {_sentence_at(spans, q.start - 3) for q in found if same_speaker(q.speaker, speaker)}
        mentions = [s for s in spans if s.start not in taken and s not in introducing and surname in text[s.start:s.end]
                    and not QUOTATION_MARK.search(text[s.start:s.end]) and not ATTRIBUTION.search(text[s.start:s.end])]
        if mentions:
            pairs.append(_pair(question, text, rng.choice(mentions), 0))
    return pairs


def _speakable(speaker: str, counts: Counter[str]) -> bool:
    """A speaker a reader would ask about: words, not an abbreviation like "D-N.J." nor a capitalised
    common word the parser took for a name ("Such", which the article also writes in lower case)."""
    one_word = len(speaker.split()) == 1
    return (len(speaker) >= 4 and any(c.islower() for c in speaker) and len(speaker.split()) <= 6
            and not (one_word and counts[speaker.lower()]))


def _topic(quotation: str, speaker: str, counts: Counter[str], headline: set[str], rng: random.Random) -> str | None:
    """A word of the quotation that the headline has or the article keeps repeating, as a reader would put it.

    A capitalised word that the article also writes in lower case only opened a sentence; words that
    end like adjectives, adverbs and verb forms make odd topics and are left out.
    """
    own = {w.lower() for w in speaker.split()}
    words: dict[str, int] = {}
    for word in WORD.findall(quotation):
        if word[0].isupper() and counts[word.lower()]:
            word = word.lower()
        key = word.lower()
        if key in COMMON or key in own or word.endswith(_NOT_A_TOPIC):
            continue
        frequency = counts[word] + counts[word.capitalize()] * (word != word.capitalize())
        if frequency >= 2 or word in headline:
            words[word] = frequency + 100 * (word in headline or word.capitalize() in headline)
    if not words:
        return None
    word = rng.choice(sorted(words, key=lambda w: -words[w])[:3])
    return word if word[0].isupper() else rng.choice((f"the {word}", word))


def _question(speaker: str, topic: str | None, rng: random.Random) -> str:
    """The question, naming the speaker by full name or surname (titles dropped), or as the article describes them."""
    if is_name(speaker):
        names = [w for w in speaker.split(" of ")[0].split() if w[:1].isupper() and not w.endswith(".")]
        if names:
            speaker = " ".join(names[-2:]) if rng.random() < 0.5 else names[-1]
    templates = [t for t in _TEMPLATES if topic or "{topic}" not in t]
    return rng.choice(templates).format(speaker=speaker, topic=topic or "")


def _sentence_at(spans: list[_Span], offset: int) -> _Span | None:
    return next((s for s in spans if s.start <= offset < s.end), None)


def _pair(question: str, text: str, span: _Span, label: int) -> Pair:
    return Pair(question, text[span.start:span.end], previous_sentence(text, span.start), label, "speech")
