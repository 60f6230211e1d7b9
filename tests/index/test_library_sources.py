"""``sources QUERY`` searches the article text too, grouped by article (issue 11, item 11)."""

from __future__ import annotations

from index.library import Library
from index.models import ArticleMeta

EGGS = [
    ("Farm prices rise", "Prices of eggs rose sharply this week as farms struggled with a shortage of feed."),
    ("Bakery closes early", "The bakery ran out of eggs on Saturday morning and closed before noon."),
    ("School breakfast plan", "Pupils will get boiled eggs and toast under the new breakfast plan."),
    ("Avian flu spreads", "Officials said the outbreak had cut the supply of eggs across the region."),
    ("Easter market returns", "Painted eggs and chocolate bunnies filled the stalls of the Easter market."),
    ("Recipe contest winner", "The winning cake used six eggs, brown sugar and a pinch of salt."),
]
OTHERS = [
    ("Bridge reopens", "The harbour bridge reopened on Monday after two years of repairs to its cables."),
    ("Council budget", "The council approved the budget for the coming year after a long debate."),
]


def test_sources_query_finds_words_in_the_text(library: Library) -> None:
    for title, body in EGGS + OTHERS:
        library.add_text("default", f"{body} More details will follow later this week, the report said.",
                         meta=ArticleMeta(title=title))
    found = {info.meta.title for info in library.sources("default", "eggs")}
    assert found == {title for title, _ in EGGS}
    assert {info.meta.title for info in library.sources("default", "Egg")} >= {title for title, _ in EGGS}
    assert [info.meta.title for info in library.sources("default", "harbour bridge")] == ["Bridge reopens"]
    assert [info.meta.title for info in library.sources("default", "Council budg")] == ["Council budget"]  # title substring
    assert library.sources("default", "zeppelin") == []
