"""``quotedesk eval speech``: "what did X say?" asked about news articles, end to end.

From the articles of one split's weeks (``index/evaluation/splits.py``; never the newsqa articles),
two kinds of question, generated as the ranker's speech pairs are (index/evaluation/ranker/speech_pairs.py):

* answerable: "What did {speaker} say about {topic}?" for a quotation the article parser attributes;
  the answer is the sentence that opens the quotation;
* unanswerable: the same question about someone the articles name (a full name) but who never
  speaks in any of them: no quotation of theirs, no sentence naming them with a quotation mark or a
  speech verb. Nothing there is their words, so the answer is "no answer".

The collection is all the sampled articles, so the same surname or topic in another story is a distractor.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from index.answer.context import ATTRIBUTION, QUOTATION_MARK
from index.evaluation.data import jsonl, realtimeqa_documents
from index.evaluation.qa_sets import QAItem, QASet
from index.evaluation.ranker.pairs import excluded_articles, in_split
from index.evaluation.ranker.speech_pairs import COMMON, WORD, article_pairs
from index.evaluation.splits import Split
from index.ingest.attribution import quotations
from index.ingest.segment import paragraphs, sentences
from index.ingest.speakers import is_name

ARTICLES = 150  # sampled articles: the collection
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")  # "Librarian Maria Delgado": the last two are the name
_NOT_A_FIRST_NAME = frozenset({"The", "This", "That", "When", "After", "But", "And", "In", "On", "At", "For", "With",
                               "From"})
_SILENT_TEMPLATES = ("What did {} say about {}?", "what did {} say about {}")


def load_speech(folder: Path, *, split: Split = "test", articles: int = ARTICLES, seed: int = 0,
                limit: int | None = None) -> QASet:
    """The set over ``articles`` articles of ``split`` from a RealTimeQA-style folder."""
    rng = random.Random(seed)
    banned = excluded_articles()
    keys = [r["doc_id"] for r in jsonl(folder / "articles.jsonl.gz") if in_split(r, split) and r["doc_id"] not in banned]
    chosen = set(rng.sample(keys, min(articles, len(keys))))
    documents = {key: doc for key, doc in realtimeqa_documents(folder) if key in chosen}
    texts = {key: doc.text for key, doc in documents.items()}
    silent_ok = _never_speaking(texts.values())
    items: list[QAItem] = []
    for key in sorted(texts):
        text, title = texts[key], documents[key].meta.title or ""
        for pair in article_pairs(text, rng, title=title):
            if pair.label:
                paragraph = text[: text.index(pair.sentence)].count("\n\n")
                items.append(QAItem(pair.question, [pair.sentence], {key}, {(key, paragraph)}, tags=("kind:said",)))
        names = [m.group(0).split()[-2:] for m in _CAPITALISED_RUN.finditer(text)]
        silent = [(f"{first} {surname}", surname) for first, surname in names
                  if len(first) > 2 and len(surname) > 3 and first not in _NOT_A_FIRST_NAME
                  and is_name(f"{first} {surname}") and silent_ok(surname)]
        if silent:
            full, surname = rng.choice(silent)
            topics = [w for w in WORD.findall(title) if w.lower() not in COMMON and w not in full] or ["it"]
            question = rng.choice(_SILENT_TEMPLATES).format(rng.choice([full, surname]), rng.choice(topics))
            items.append(QAItem(question, [], set(), answerable=False, tags=("kind:never-speaks",)))
    if limit:
        items = rng.sample(items, min(limit, len(items)))
    return QASet("speech", documents, items, paragraph_level=True)


def _never_speaking(texts: Iterable[str]) -> Callable[[str], bool]:
    """Whether a surname never speaks in ``texts``: no quotation's speaker has it, and no sentence naming it
    has a quotation mark or a speech verb (indirect speech would be their words too)."""
    speaking: set[str] = set()
    spoken: list[str] = []
    for text in texts:
        speaking.update(w for q in quotations(text) if q.speaker for w in q.speaker.split() if w[:1].isupper())
        spoken += [sentence for p_start, p_end in paragraphs(text) for start, end in sentences(text, p_start, p_end)
                   if QUOTATION_MARK.search(sentence := text[start:end]) or ATTRIBUTION.search(sentence)]
    return lambda surname: surname not in speaking and not any(surname in sentence for sentence in spoken)
