"""Candidate sentences and their first-stage scores, gathered from a real library's retrieval."""

from __future__ import annotations

from index.answer.candidates import gather
from index.library import Library
from index.models import ArticleMeta

BRIDGE = (
    "The Harbour Bridge has been closed to cars since January, when engineers found cracks in two of its cables. "
    "Repairs cost 12 million dollars.\n\n"
    "How long will the bridge stay closed?\n\n"
    "The bridge will reopen to traffic on March 3, the transport department announced on Friday.\n\n"
    "Cyclists and pedestrians have been able to use the footpath throughout the repairs."
)


def test_every_sentence_once_with_its_neighbours_across_paragraph_breaks(library: Library) -> None:
    library.add_text("default", BRIDGE, meta=ArticleMeta(title="Harbour Bridge repairs", outlet="Example"))
    query = "when does the harbour bridge reopen"
    vector = library.encode([query])[0]
    hits = library.searcher.search("default", query, k=library.settings.passages, query_vector=vector)
    hits, articles = library.reader.passages("default", hits)
    candidates = gather(query, vector, hits, articles, library.answerer.sentence_vectors)
    texts = [c.text for c in candidates]
    assert len(texts) == len(set(texts)) == 5  # each sentence once, though chunks may overlap
    article = articles[candidates[0].article_id].text
    assert all(article[c.start : c.end] == c.text for c in candidates)  # a candidate is a span of its article
    reopen = next(c for c in candidates if c.text.startswith("The bridge will reopen"))
    assert reopen.previous == "How long will the bridge stay closed?"  # the heading above it
    assert reopen.following.startswith("Cyclists and pedestrians")
    closed = next(c for c in candidates if c.text.startswith("The Harbour Bridge has been closed"))
    assert closed.previous == "" and closed.following == "Repairs cost 12 million dollars."
    # the question's terms as the retrievers tokenise them: "when", "doe", "harbour", "bridg", "reopen"
    assert (reopen.overlap, closed.overlap) == (0.4, 0.6)  # "…since January, when engineers…" shares "when"
    firsts = [c.first_stage for c in candidates]
    assert firsts == sorted(firsts, reverse=True)  # best first
