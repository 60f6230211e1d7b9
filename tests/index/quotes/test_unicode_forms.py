"""Quotes and articles in different Unicode forms (NFC / NFD) match, spans stay exact (issue 11, item 5)."""

from __future__ import annotations

import unicodedata

import pytest

from index.models import Article, ArticleMeta, VerdictKind
from index.quotes.checker import check_quote
from index.quotes.normalize import fold, normalize, strict_form

TEXT = ("Mayor José Martínez said on Tuesday that “the Café Müller bridge will reopen in Saint-Étienne by "
        "spring”, after months of delays.\n\nOfficials in Zürich and Kraków confirmed the timetable. "
        "서울 시장은 다리가 봄에 다시 열릴 것이라고 말했다.")
QUOTE = "the Café Müller bridge will reopen in Saint-Étienne by spring"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("article_form, quote_form", [(nfc, nfd), (nfd, nfc), (nfd, nfd), (nfc, nfc)])
def test_quote_in_another_form_is_exact(article_form, quote_form) -> None:
    article = Article("a1", article_form(TEXT), ArticleMeta(title="Bridge"))
    verdict = check_quote(quote_form(QUOTE), [article])
    assert verdict.kind is VerdictKind.EXACT, (verdict.kind, verdict.message)
    assert not verdict.critical  # no false "name changed"
    span = verdict.spans[0]
    assert span.text == article.text[span.start:span.end] == article_form(QUOTE)


def test_names_in_another_form_are_not_a_changed_name() -> None:
    article = Article("a1", nfc(TEXT), ArticleMeta(title="Bridge"))
    verdict = check_quote(nfd("Mayor José Martínez said on Tuesday"), [article])
    assert verdict.kind is VerdictKind.EXACT and not verdict.critical


def test_offset_map_never_splits_a_letter_from_its_marks() -> None:
    raw = nfd(TEXT)
    form = strict_form(raw)
    assert form.norm == strict_form(nfc(TEXT)).norm == normalize(nfc(TEXT))
    for start, end, key in form.tokens:
        s, e = form.orig(start, end)
        piece = raw[s:e]
        assert nfc(piece).casefold() == key  # the original slice is exactly the token, marks included
        assert not unicodedata.combining(raw[s]) and (e == len(raw) or not unicodedata.combining(raw[e]))


@pytest.mark.parametrize("text", [TEXT, nfd(TEXT), "  It’s — “quoted”…\u00a0soft\u00adhyphen\u200b  ", "ÉTÉ  à\tParis\n\nİstanbul"])
def test_fold_is_normalize_without_the_map(text: str) -> None:
    assert fold(text) == normalize(text)
