"""The stopgap claim split (bot/claim_stopgap.py) until the claim parser lands."""

from __future__ import annotations

import pytest

from bot.claim_stopgap import split_claim

WORDS = "Iraq is preparing for possible Israeli attacks."


@pytest.mark.parametrize(("text", "name"), [
    (f'Reuters said "{WORDS}"', "Reuters"),
    (f"Reuters said: “{WORDS}”", "Reuters"),
    (f"According to Reuters, “{WORDS}”", "Reuters"),
    (f"“{WORDS}” said the spokesman.", "the spokesman"),
    (f"“{WORDS},” the spokesman said.", "the spokesman"),
    (f"“{WORDS}” — John Kirby", "John Kirby"),
])
def test_a_named_claim_is_split(text, name) -> None:
    quote, attributed_to = split_claim(text)
    assert attributed_to == name and quote.rstrip(",") == WORDS


@pytest.mark.parametrize("text", [WORDS, f'"{WORDS}"', f'He said "{WORDS}" and "{WORDS}"'])
def test_no_single_named_quote_is_left_as_it_is(text) -> None:
    assert split_claim(text) == (text, None)
