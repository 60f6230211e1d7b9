"""Rendering is pure: escaping, splitting and paging obey Discord's limits and never lose text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord import render
from bot.discord.markdown import atoms, escape
from bot.discord.pages import CONTINUED, CONTINUES, Block, pack
from index.models import (
    AddResult,
    AddStatus,
    ArticleInfo,
    ArticleMeta,
    CriticalChange,
    DiffOp,
    Source,
    Span,
    Verdict,
    VerdictKind,
)
from tests.support.discord_fakes import make_answer
from tests.support.discord_harness import quoted_text, unescape, validate_message


def as_message(embed) -> dict:
    return {"embeds": [embed.to_dict()]}


# -- escaping ------------------------------------------------------------------------------------


def test_escape_neutralises_mentions_and_markdown():
    text = "Hi @everyone and @here, <@123456789012345678> <@&123456789012345678> *bold* __u__ ||spoiler|| `code` [x](https://evil.example)"
    out = escape(text)
    assert "@everyone" not in out and "@here" not in out
    assert "<@" not in out.replace("\\<@", "")
    assert unescape(out) == text
    for marker in ("*", "_", "|", "`", "["):
        assert f"\\{marker}" in out


def test_escape_line_starts_and_keeps_links_clickable():
    out = escape("# Heading\n- item\n1. first\n> quote https://example.org/a_b_c")
    assert out.splitlines()[:3] == ["\\# Heading", "\\- item", "1\\. first"]
    assert "https://example.org/a_b_c" in out


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000), st.integers(20, 900))
@settings(max_examples=60, deadline=None)
def test_atoms_tile_the_text_and_fit(text, max_len):
    pieces = atoms(text, max_len)
    assert "".join(pieces) == text
    assert all(len(escape(p)) <= max_len for p in pieces)


@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 120)), min_size=1, max_size=30), st.integers(300, 2000))
@settings(max_examples=60, deadline=None)
def test_pack_respects_budget_and_keeps_every_atom(shape, budget):
    blocks = [
        Block(tuple(f"w{b}x{i}" + "y" * (length % 50) + ". " for i in range(length % 7 + 1)) * (n % 5 + 1),
              head=f"**[{b}]**", quote=True, cites=frozenset({b}))
        for b, (n, length) in enumerate(shape)
    ]
    pages = pack(blocks, budget, footer=lambda cites: "Sources: " + ",".join(map(str, sorted(cites))))
    assert all(len(p.text) <= budget for p in pages)
    expected = " ".join(" ".join("".join(b.atoms).split()) for b in blocks)
    assert quoted_text([p.text for p in pages]) == expected


# -- answers -------------------------------------------------------------------------------------

SENTENCE = "The minister said the plan would cost {n} million and take years to finish. "


def long_answer():
    huge = "".join(SENTENCE.format(n=i) for i in range(120))  # ~9,000 characters: longer than two pages
    medium = ["".join(SENTENCE.format(n=100 * k + i) for i in range(12)).strip() for k in range(5)]
    return make_answer("What did the minister say about the plan?", [medium[0], huge.strip(), *medium[1:]])


def test_long_answer_paginates_within_limits_and_never_cuts_a_quote():
    answer = long_answer()
    rendered = render.answer(answer)
    assert len(rendered.embeds) > 3
    for embed in rendered.embeds:
        validate_message(as_message(embed))
        assert embed.footer.text.startswith("Page ")
    descriptions = [e.description for e in rendered.embeds]
    # Every quote appears whole, in order: nothing lost, nothing added.
    assert quoted_text(descriptions) == " ".join(" ".join(q.text.split()) for q in answer.quotes)
    # Splits are visible and fall at sentence ends.
    text = "\n".join(descriptions)
    assert text.count(CONTINUES) == text.count(CONTINUED) > 0
    for d in descriptions:
        if CONTINUES in d:
            before = d.split(CONTINUES)[0].rstrip().split("\n")[-1]
            assert before.endswith("."), before
    # Each page lists the sources it cites, and the quote pages map back to quotes.
    assert all("**Sources**" in d and "The Gazette" in d for d in descriptions)
    assert sorted({i for page in rendered.quotes_on_page for i in page}) == list(range(len(answer.quotes)))


def test_abstained_answer_says_so():
    from index.models import Answer

    rendered = render.answer(Answer("Who won?", (), (), abstained=True, reason="No passage answers this."))
    assert "Nothing in this collection answers that" in rendered.embeds[0].description
    assert rendered.quotes_on_page == [()]


def test_context_highlights_the_quote_inside_its_paragraph():
    paragraph = "Before it. The key sentence is here. After it."
    start = paragraph.index("The key")
    span = Span("a1", 100 + start, 100 + start + len("The key sentence is here."), "The key sentence is here.")
    answer = make_answer("q?", ["x"])
    quote = answer.quotes[0].__class__(span=span, citation=1, paragraph=3, context=Span("a1", 100, 100 + len(paragraph), paragraph))
    answer = answer.__class__(answer.question, (quote,), answer.sources)
    [embed] = render.context(answer, [0])
    assert "**The key sentence is here.**" in embed.description
    assert "> Before it." in embed.description and "paragraph 3" in embed.description


# -- verdicts, sources, add ----------------------------------------------------------------------


def test_verdict_shows_a_readable_diff_and_critical_changes():
    meta = ArticleMeta(title="Budget talks", outlet="Wire", published=date(2024, 1, 2))
    verdict = Verdict(
        kind=VerdictKind.NEAR_MISS,
        quote="We will never raise taxes by 5 percent",
        message="Close to what the article says, with changes.",
        spans=(Span("a9", 10, 48, "We will not raise taxes by 3 percent"),),
        source=Source(1, "a9", meta),
        paragraph=2,
        diff=(DiffOp("equal", "We will", "We will"), DiffOp("replace", "never", "not"),
              DiffOp("equal", "raise taxes by", "raise taxes by"), DiffOp("replace", "5", "3"),
              DiffOp("equal", "percent", "percent")),
        critical=(CriticalChange("number", "5", "3"), CriticalChange("negation", "never", "not")),
        similarity=0.91,
    )
    [embed] = render.verdict(verdict)
    validate_message(as_message(embed))
    d = embed.description
    assert "We will ~~never~~ **not** raise taxes by ~~5~~ **3** percent" in d
    assert "❗" in d and "number: quoted ~~5~~, the article says **3**" in d
    assert "> We will not raise taxes by 3 percent" in d
    assert "Budget talks" in d and "`a9`" in d
    assert embed.title.startswith("⚠️") and "91%" in embed.footer.text


def test_sources_are_paginated_ten_per_page():
    infos = [ArticleInfo(f"a{i:03d}", ArticleMeta(title=f"Story {i} " + "x" * 200, outlet="Wire", url="https://e.org/" + "p" * 300), 4)
             for i in range(35)]
    pages = render.sources(infos)
    assert len(pages) == 4
    for embed in pages:
        validate_message(as_message(embed))
    assert all(f"`a{i:03d}`" in "".join(e.description for e in pages) for i in range(35))


def test_add_result_reports_duplicates_with_the_existing_id():
    result = AddResult(AddStatus.ALREADY_PRESENT, "a123", ArticleMeta(title="Crane collapse"), 4)
    embed = render.add_result(result)
    assert "already in the collection as `a123`" in embed.description


def test_progress_lists_stages_with_counts():
    assert render.progress("x.pdf", "embedding", {"done": 64, "total": 120}) == \
        "⏳ Adding x.pdf — extracting ✓ · chunking ✓ · **embedding 64/120**"
    assert "fetching ✓" in render.progress("link", "chunking", {"chunks": 9}, fetched=True)
