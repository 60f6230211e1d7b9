"""Namespaces map one-to-one to Chroma collections (issue 11, item 9)."""

from __future__ import annotations

import re

from index.library import Library
from index.models import ArticleMeta
from index.store.chroma import collection_name, feeds_collection_name

LOOKALIKES = ["team/x", "team-x", "team x", "team_x", "team.x", "Team-x", "@@@", "###", "", "default",
              "a" * 59, "a" * 60, "a" * 200, "a" * 201, "x..y", "x.y", "-team-x-", "123456789012345678"]
VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]")


def test_collection_names_are_injective_and_valid() -> None:
    names = [collection_name(ns) for ns in LOOKALIKES]
    feeds = [feeds_collection_name(ns) for ns in LOOKALIKES]
    assert len(set(names + feeds)) == 2 * len(LOOKALIKES)
    for name in names + feeds:
        assert VALID.fullmatch(name) and ".." not in name, name
    assert collection_name("default") == "qd-default"  # plain names keep their collection
    assert collection_name("123456789012345678") == "qd-123456789012345678"  # a Discord guild id


def test_lookalike_namespaces_never_see_each_other(library: Library) -> None:
    spaces = ["team/x", "team-x", "team x", "@@@", "default"]
    for number, ns in enumerate(spaces):
        library.add_text(ns, f"Report number {number}: the committee of {ns!r} met on Monday and voted on the "
                             "budget for the coming year after a short debate.",
                         meta=ArticleMeta(title=f"Title of {ns}"))
    for ns in spaces:
        assert [info.meta.title for info in library.sources(ns)] == [f"Title of {ns}"]
