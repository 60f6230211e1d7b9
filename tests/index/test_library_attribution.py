"""Who said it, end to end on a real embedded Chroma store: stored at ingest, checked, listed by person."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from index.errors import BadInput
from index.ingest.attribution import from_json
from index.library import Library
from index.models import ArticleMeta, VerdictKind, chunk_id
from index.quotes.said import said_by

IRAQ = "Iraq is preparing for possible Israeli attacks on its territory if the current confrontation widens."
OFFICIAL = "an unnamed government official"
HARBOUR = """Harbour bridge reopens after repairs

“We replaced every one of the 212 cables and the bridge is safer than ever,” Mayor Lina Ortiz said on Monday.

The transport office expects traffic to return to normal within a week.

“Cyclists finally get the protected lane they asked for,” she added. “It opens on the eastern side of the deck.”

“The harbour festival will go ahead on Sunday as planned,” a council spokesman said.
"""


def test_quotations_are_stored_with_the_article_and_checked(library: Library, seed_id: str) -> None:
    [first] = library.store.get_by_ids("default", [chunk_id(seed_id, 0)])
    stored = from_json(first.record.quotations)
    assert stored and any(q.speaker == OFFICIAL for q in stored)
    assert all(c.record.quotations is None for c in library.store.chunks("default", article_id=seed_id)
               if c.record.seq > 0)

    misattributed = library.check("default", IRAQ, attributed_to="Reuters")
    assert misattributed.kind is VerdictKind.MISATTRIBUTED
    assert (misattributed.speaker, misattributed.attributed_to) == (OFFICIAL, "Reuters")
    exact = library.check("default", IRAQ)
    assert exact.kind is VerdictKind.EXACT and exact.speaker == OFFICIAL


def test_quotes_by_person_with_name_forms_and_topic(library: Library, seed_id: str) -> None:
    meta = ArticleMeta(title="Harbour bridge reopens after repairs", outlet="Harbour Times", published=date(2024, 5, 6))
    harbour = library.add_text("default", HARBOUR, meta=meta).article_id

    official = library.quotes_by("default", "government official")
    assert [q.text for q in official.quotes] == [IRAQ + " They do not want to become a new version of Syria, "
                                                 "subject to repeated Israeli strikes without a response"]
    assert official.sources[0].article_id == seed_id and official.quotes[0].speaker == OFFICIAL

    for name in ("Ortiz", "Lina Ortiz", "Mayor Ortiz"):
        said = library.quotes_by("default", name)
        assert len(said.quotes) == 3 and {q.span.article_id for q in said.quotes} == {harbour}, name
    article = library.article("default", harbour)
    for q in library.quotes_by("default", "Ortiz").quotes:
        assert article.text[q.span.start:q.span.end] == q.text  # verbatim, from the store

    cycling = library.quotes_by("default", "Ortiz", "bike lanes for cyclists")
    assert [q.text for q in cycling.quotes] == ["Cyclists finally get the protected lane they asked for"]
    assert library.quotes_by("default", "Reuters").quotes == ()
    assert library.quotes_by("other-guild", "Ortiz").quotes == ()  # namespaces never mix


def test_articles_stored_before_attribution_are_read_lazily(library: Library, seed_id: str) -> None:
    old = [replace(c.record, quotations=None) for c in library.store.chunks("default", first_only=True, documents=False)]
    said = said_by(old, lambda aid: library.article("default", aid), "government official")
    assert len(said.quotes) == 1 and said.quotes[0].speaker == OFFICIAL


def test_a_person_must_be_named(library: Library) -> None:
    with pytest.raises(BadInput):
        library.quotes_by("default", " ")
