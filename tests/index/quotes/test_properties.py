"""Properties of the quote checker: real spans are exact, altered ones never are, normalisation is invisible."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from index.models import Article, ArticleMeta, VerdictKind
from index.quotes.checker import check_quote
from tests.support.data import SHARED_DATA

DATA = SHARED_DATA
if not (DATA / "seed-article.txt").exists():  # pragma: no cover
    pytest.skip("shared data folder not available", allow_module_level=True)


def _articles() -> list[Article]:
    out = [Article("seed", (DATA / "seed-article.txt").read_text(encoding="utf-8"), ArticleMeta(title="Seed"))]
    wanted = ("gum-news-crane", "gum-news-stampede", "gum-news-afghan")  # Wikinews, CC BY 2.5
    with open(DATA / "wikinews" / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in wanted:
                out.append(Article(d["id"], d["text"], ArticleMeta(title=d["title"])))
    assert len(out) == 4
    return out


ARTICLES = _articles()
BY_ID = {a.id: a for a in ARTICLES}
WORDS = {a.id: [(m.start(), m.end()) for m in re.finditer(r"\S+", a.text)] for a in ARTICLES}
VOCABULARY = sorted({w.lower() for a in ARTICLES for w in re.findall(r"[A-Za-z]{3,}", a.text)})

# An independent, deliberately simple reference normalisation (not the one under test).
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "-", "–": "-", "\u00a0": " "})


def _ref(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD).lower()).strip()


def _occurs_anywhere(quote: str) -> bool:
    return any(_ref(quote) in _ref(a.text) for a in ARTICLES)


@st.composite
def real_spans(draw):
    """A word-boundary span of ≥ 4 words (and enough letters not to be 'too short') of a stored article."""
    article = draw(st.sampled_from(ARTICLES))
    words = WORDS[article.id]
    i = draw(st.integers(0, len(words) - 4))
    n = draw(st.integers(4, min(14, len(words) - i)))
    start, end = words[i][0], words[i + n - 1][1]
    text = article.text[start:end]
    assume(sum(c.isalpha() for c in text) >= 15)
    return article, start, end


def _unique(article: Article, start: int, end: int) -> bool:
    """The span's text occurs once in the collection (so its offsets are the only right answer)."""
    needle = _ref(article.text[start:end])
    return sum(_ref(a.text).count(needle) for a in ARTICLES) == 1


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(real_spans())
def test_any_real_span_is_exact_with_the_right_article_and_offsets(span):
    article, start, end = span
    quote = article.text[start:end]
    v = check_quote(quote, ARTICLES)
    assert v.kind is VerdictKind.EXACT, v.message
    (found,) = v.spans
    assert found.text == BY_ID[found.article_id].text[found.start:found.end]
    assert _ref(found.text) == _ref(quote)
    if _unique(article, start, end):
        assert (found.article_id, found.start, found.end) == (article.id, start, end)


@FAST
@given(real_spans(), st.data())
def test_one_substituted_word_is_never_exact(span, data):
    article, start, end = span
    words = article.text[start:end].split(" ")
    k = data.draw(st.integers(0, len(words) - 1))
    core = re.sub(r"^\W+|\W+$", "", words[k])
    assume(core)
    new = data.draw(st.sampled_from(VOCABULARY))
    assume(new != core.lower())
    words[k] = words[k].replace(core, new, 1)
    quote = " ".join(words)
    assume(not _occurs_anywhere(quote))  # a substitution that happens to be real text elsewhere is fine
    v = check_quote(quote, ARTICLES)
    assert v.kind is not VerdictKind.EXACT, (quote, v.message)
    for s in v.spans:
        assert s.text == BY_ID[s.article_id].text[s.start:s.end]


_SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u2009", " \t", "\n"])
_DASHES = st.sampled_from(["-", "–", "—", "‑", "−"])
_DOUBLE = st.sampled_from(['"', "“", "”", "„", "«", "»"])
_SINGLE = st.sampled_from(["'", "’", "‘"])


@FAST
@given(real_spans(), st.data())
def test_normalisation_never_changes_what_is_reported(span, data):
    article, start, end = span
    quote = article.text[start:end]
    baseline = check_quote(quote, ARTICLES)

    out = []
    for ch in quote:
        if ch.isspace():
            out.append(data.draw(_SPACES))
        elif ch in "-–—":
            out.append(data.draw(_DASHES))
        elif ch in '"“”':
            out.append(data.draw(_DOUBLE))
        elif ch in "'’‘":
            out.append(data.draw(_SINGLE))
        elif ch.isalpha():
            out.append(ch.upper() if data.draw(st.booleans()) else ch.lower())
        else:
            out.append(ch)
    variant = "".join(out)
    v = check_quote(variant, ARTICLES)
    assert v.kind is baseline.kind is VerdictKind.EXACT, (variant, v.message)
    assert [(s.article_id, s.start, s.end) for s in v.spans] == [(s.article_id, s.start, s.end) for s in baseline.spans]
