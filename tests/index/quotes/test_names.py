"""Name matching for speakers (index/quotes/names.py): tolerant of titles, first names, descriptions."""

from __future__ import annotations

import pytest

from index.quotes.names import same_speaker


@pytest.mark.parametrize(("a", "b"), [
    ("Trump", "Donald Trump"),
    ("Mr. Trump", "President Donald Trump"),
    ("Sen. Lindsey Graham (R-S.C.)", "Graham"),
    ("government official", "an unnamed government official"),
    ("Lina Ortiz", "Mayor Lina Ortiz"),
    ("José Martí", "Jose Marti"),
    ("Kirby's", "John Kirby"),
    ("Kirby’s", "John Kirby"),  # the typographic apostrophe phones type
])
def test_the_same_speaker(a, b) -> None:
    assert same_speaker(a, b) and same_speaker(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Reuters", "an unnamed government official"),
    ("Eric Trump", "Donald Trump"),
    ("he", "Trump"),
    ("the spokesman", ""),
    (None, "Trump"),
    ("Mr.", "Dr."),
])
def test_different_speakers(a, b) -> None:
    assert not same_speaker(a, b)
