"""``quotedesk eval speech``: questions about quoted speakers answer with their words; silent ones have no answer."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from index.evaluation.speech_set import load_speech
from index.evaluation.splits import RTQA_FIRST_TEST_WEEK

COUNCIL = [
    "The city council voted on Tuesday to close the Elm Street library.",
    "Mayor Jane Ortiz defended the library closure at a packed meeting.",
    "“We cannot keep the library open with a budget this small,” Ortiz said.",
    "Councillor Tom Reyes opposed the closure of the library.",
    "“Closing a library is the last thing a city should cut,” Reyes said.",
    "Librarian Maria Delgado has worked at the library for thirty years.",
]
FLOOD = [
    "Heavy rain flooded the river town of Millbrook on Sunday.",
    "Engineer Paul Brennan inspected the damaged bridge on Monday.",
    "“The bridge will stay closed until we know it is safe,” said Sheriff Dana Cole.",
]


def _folder(tmp_path: Path) -> Path:
    rows = [{"doc_id": "council", "weeks": [RTQA_FIRST_TEST_WEEK], "title": "Council votes to close library",
             "paragraphs": COUNCIL},
            {"doc_id": "flood", "weeks": [RTQA_FIRST_TEST_WEEK], "title": "Millbrook bridge closed after flood",
             "paragraphs": FLOOD},
            {"doc_id": "older", "weeks": ["20200101"], "title": "Not a test week", "paragraphs": COUNCIL}]
    with gzip.open(tmp_path / "articles.jsonl.gz", "wt") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)
    return tmp_path


def test_quoted_speakers_are_answerable_by_their_quotation_silent_ones_are_not(tmp_path: Path) -> None:
    qa = load_speech(_folder(tmp_path), split="test", articles=10)
    assert set(qa.documents) == {"council", "flood"}  # only the split's weeks
    said = [i for i in qa.items if i.answerable]
    silent = [i for i in qa.items if not i.answerable]
    assert said and all(i.tags == ("kind:said",) for i in said)
    for item in said:
        (sentence,) = item.answers
        assert "said" in sentence and sentence in qa.documents[next(iter(item.gold_docs))].text
        speaker = "Ortiz" if "Ortiz" in item.question else "Reyes" if "Reyes" in item.question else "Cole"
        assert speaker in sentence
    # Delgado and Brennan are named and never speak; Ortiz, Reyes and Cole do
    assert silent and all(("Delgado" in i.question or "Brennan" in i.question) and not i.answers for i in silent)
    assert all(i.gold_paragraphs <= {(d, p) for d in qa.documents for p in range(len(COUNCIL))} for i in said)
