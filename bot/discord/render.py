"""Engine results -> Discord embeds. Pure functions: no I/O, no Discord state.

Every page is a single embed whose title is at most 256 characters and whose description is at most
:data:`DESCRIPTION_BUDGET` characters, with no fields, so each message stays well inside Discord's
limits (4096 description, 6000 per embed, 2000 content). Quotes are shown whole: a long one is
split across pages at a sentence (or word) boundary with a visible "(continued)", never cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import discord

from bot.discord.markdown import atoms, bold, escape, plain_shorten, shorten
from bot.discord.pages import Block, pack
from index.models import (
    AddResult,
    AddStatus,
    Answer,
    ArticleInfo,
    ArticleMeta,
    DiffOp,
    Quote,
    Source,
    Span,
    Verdict,
    VerdictKind,
)
from index.quotes.editorial import explain

TITLE_LIMIT = 256
DESCRIPTION_BUDGET = 3900  # < 4096; with a <=256 title and a short footer an embed stays far below 6000
CONTENT_LIMIT = 2000
SOURCES_PER_PAGE = 10

ANSWER_COLOUR = discord.Colour.blurple()
NEUTRAL_COLOUR = discord.Colour.light_grey()
GOOD_COLOUR = discord.Colour.green()
WARN_COLOUR = discord.Colour.orange()
BAD_COLOUR = discord.Colour.red()

_VERDICT_LOOK: dict[VerdictKind, tuple[str, discord.Colour]] = {
    VerdictKind.EXACT: ("✅ Exact quote", GOOD_COLOUR),
    VerdictKind.ELIDED: ("✅ Accurate, with words left out (…)", GOOD_COLOUR),
    VerdictKind.NEAR_MISS: ("⚠️ Close, but not the exact words", WARN_COLOUR),
    VerdictKind.STITCHED: ("⚠️ Stitched together from separate passages", WARN_COLOUR),
    VerdictKind.OTHER_ARTICLE: ("ℹ️ Found, but in a different article", WARN_COLOUR),
    VerdictKind.PARAPHRASE: ("⚠️ A paraphrase, not a verbatim quote", WARN_COLOUR),
    VerdictKind.UNSUPPORTED: ("❌ Details not supported by the article", BAD_COLOUR),
    VerdictKind.NOT_FOUND: ("❌ Not found in this collection", BAD_COLOUR),
    VerdictKind.TOO_SHORT: ("❔ Too short to check", NEUTRAL_COLOUR),
    VerdictKind.MISATTRIBUTED: ("❌ Misattributed: someone else said it", BAD_COLOUR),
}


@dataclass(frozen=True)
class RenderedAnswer:
    """The pages of an answer and, for each page, the indices of the quotes shown on it."""

    embeds: list[discord.Embed]
    quotes_on_page: list[tuple[int, ...]]


# -- shared pieces -------------------------------------------------------------------------------


def title(text: str) -> str:
    """An embed title: escaped, one line, at most 256 characters."""
    return shorten(text, TITLE_LIMIT)


def _text_block(text: str, *, head: str = "", quote: bool = False, cites: Iterable[int] = ()) -> Block:
    return Block(tuple(escape(a) for a in atoms(text)), head=head, quote=quote, cites=frozenset(cites))


def _styled(text: str, marker: str) -> list[str]:
    """Atoms of ``text`` each wrapped in ``marker`` (``~~`` or ``**``), whitespace kept outside."""
    if marker == "**":
        return [bold(a) for a in atoms(text)]
    out = []
    for a in atoms(text):
        core = a.strip()
        out.append(a if not core else a[: len(a) - len(a.lstrip())] + f"{marker}{escape(core)}{marker}" + a[len(a.rstrip()) :])
    return out


def _safe_url(url: str | None) -> str | None:
    if url and re.fullmatch(r"https?://[^\s<>()\[\]`]+", url) and len(url) <= 500:
        return url
    return None


def _article_line(article_id: str, meta: ArticleMeta) -> str:
    """``Title — Outlet, 2024-05-01 · `id``` with the title linked when there is a URL."""
    name = shorten(meta.title or "Untitled", 150)
    url = _safe_url(meta.url)
    head = f"[{name}]({url})" if url else f"**{name}**"
    details = shorten(meta.dateline(), 80)
    return head + (f" — {details}" if details else "") + f" · {_code(article_id)}"


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text and len(text) <= 80 else escape(text[:80])


def _source_line(source: Source) -> str:
    return f"**[{source.number}]** " + _article_line(source.article_id, source.meta)


def _sources_footer(sources: Sequence[Source]) -> Callable[[frozenset[int]], str]:
    by_number = {s.number: s for s in sources}

    def footer(cites: frozenset[int]) -> str:
        if not cites:
            return ""
        lines = [_source_line(by_number[n]) if n in by_number else f"**[{n}]** *(source unavailable)*" for n in sorted(cites)]
        return "**Sources**\n" + "\n".join(lines)

    return footer


def _embeds(heading: str, texts: Sequence[str], colour: discord.Colour, note: str | None = None) -> list[discord.Embed]:
    """One embed per page, with "Page i/n" in the footer when there is more than one."""
    embeds = []
    for i, text in enumerate(texts, start=1):
        embed = discord.Embed(title=title(heading), description=text or None, colour=colour)
        footer = " · ".join(p for p in (f"Page {i}/{len(texts)}" if len(texts) > 1 else None, note) if p)
        if footer:
            embed.set_footer(text=plain_shorten(footer, 200))
        embeds.append(embed)
    return embeds


# -- /ask ----------------------------------------------------------------------------------------


def _quote_block(quote: Quote) -> Block:
    head = "**" + "".join(f"[{n}]" for n in quote.citations) + f"** · paragraph {quote.paragraph}"
    if quote.also:
        head += " · *the same words in another article*"
    if quote.corrected:
        head += " · *repaired to the article's exact words*"
    return _text_block(quote.text, head=head, quote=True, cites=quote.citations)


def answer(result: Answer) -> RenderedAnswer:
    """An answer as pages: notices, the model's prose (if any), then each quote with its citation."""
    notices = [_text_block(n, head="ℹ️") for n in result.notices]
    if result.abstained or not result.quotes:
        text = "**Nothing in this collection answers that.**"
        if result.reason:
            text += "\n" + escape(result.reason)
        shown = [Block((text,))]
        if result.related is not None:
            source = next((s for s in result.sources if s.number == result.related.citation), None)
            where = f" ({shorten(source.meta.heading(), 120)})" if source else ""
            shown.append(Block(tuple(_styled(result.related.text, "*")),
                               head=f"Related, but it does **not** answer{where}:"))
        pages = pack([*shown, *notices], DESCRIPTION_BUDGET)
        return RenderedAnswer(_embeds(result.question, [p.text for p in pages], NEUTRAL_COLOUR), [() for _ in pages])

    blocks: list[Block] = list(notices)
    if result.prose:
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", result.prose)}
        blocks.append(_text_block(result.prose, cites=cited))
    first_quote = len(blocks)
    blocks.extend(_quote_block(q) for q in result.quotes)
    pages = pack(blocks, DESCRIPTION_BUDGET, footer=_sources_footer(result.sources))
    on_page = [tuple(i - first_quote for i in p.blocks if i >= first_quote) for p in pages]
    return RenderedAnswer(_embeds(result.question, [p.text for p in pages], ANSWER_COLOUR), on_page)


def _highlighted(context: Span, span: Span | None) -> tuple[str, ...]:
    """The context paragraph with the quoted span in bold (plain when the span is not inside it)."""
    text = context.text
    if span is not None and span.article_id == context.article_id:
        a, b = span.start - context.start, span.end - context.start
        if 0 <= a < b <= len(text) and text[a:b] == span.text:
            return tuple(
                [escape(x) for x in atoms(text[:a])] + [bold(x) for x in atoms(text[a:b])] + [escape(x) for x in atoms(text[b:])]
            )
    return tuple(escape(x) for x in atoms(text))


def context(result: Answer, quote_indices: Sequence[int]) -> list[discord.Embed]:
    """The paragraph around each of the given quotes, the quoted words in bold."""
    by_number = {s.number: s for s in result.sources}
    blocks = []
    for i in quote_indices:
        q = result.quotes[i]
        source = by_number.get(q.citation)
        name = shorten(source.meta.title, 120) if source else "source unavailable"
        head = f"**[{q.citation}]** {name} · paragraph {q.paragraph}"
        blocks.append(Block(_highlighted(q.context, q.span), head=head, quote=True))
    pages = pack(blocks, DESCRIPTION_BUDGET) if blocks else pack([Block(("*No quotes on this page.*",))], DESCRIPTION_BUDGET)
    return _embeds(f"Context: {result.question}", [p.text for p in pages], ANSWER_COLOUR)


# -- /check --------------------------------------------------------------------------------------


def _diff_atoms(diff: Sequence[DiffOp]) -> tuple[str, ...]:
    out: list[str] = []
    for op in diff:
        if op.op == "equal":
            pieces = [escape(a) for a in atoms(op.actual or op.quoted)]
        elif op.op == "delete":
            pieces = _styled(op.quoted, "~~")
        elif op.op == "insert":
            pieces = _styled(op.actual, "**")
        else:  # replace
            pieces = _styled(op.quoted, "~~") + [" "] + _styled(op.actual, "**")
        if out and pieces and not out[-1].endswith((" ", "\n")) and not pieces[0].startswith((" ", "\n")):
            out.append(" ")
        out.extend(pieces)
    return tuple(out)


def _change(quoted: str, actual: str) -> str:
    q = f"~~{escape(quoted)}~~" if quoted.strip() else "*(nothing)*"
    a = f"**{escape(actual)}**" if actual.strip() else "*(nothing)*"
    return f"quoted {q}, the article says {a}"


def verdict_blocks(result: Verdict) -> list[Block]:
    """The blocks of one verdict: message, critical changes, editorial notes, diff, the article's words, source."""
    blocks = [_text_block(result.message)]
    if result.critical:
        lines = [f"• {escape(c.kind)}: {_change(shorten(c.quoted, 300), shorten(c.actual, 300))}\n" for c in result.critical]
        blocks.append(Block(tuple(lines), head="❗ **This changes the meaning:**"))
    if result.unsupported:
        blocks.append(Block(("❗ **Not in the source sentence:** " + escape(shorten(", ".join(result.unsupported), 600)),)))
    if result.editorial:
        lines = [f"• {escape(explain(e))}\n" for e in result.editorial]
        blocks.append(Block(tuple(lines), head="✎ **Editorial conventions** (accepted, not differences):"))
    if any(op.op != "equal" for op in result.diff):
        blocks.append(Block(_diff_atoms(result.diff), head="**Your quote against the article** (~~yours~~ **article**)"))
    if result.spans:
        parts: list[str] = []
        for k, span in enumerate(result.spans):
            if k:
                parts.append(" … ")
            parts.extend(escape(a) for a in atoms(span.text))
        where = f" · paragraph {result.paragraph}" if result.paragraph else ""
        blocks.append(Block(tuple(parts), head=f"**The article says**{where}", quote=True))
    if result.context is not None and (not result.spans or result.context.text.strip() != result.spans[0].text.strip()):
        blocks.append(Block(_highlighted(result.context, result.spans[0] if result.spans else None), head="**In context**", quote=True))
    if result.speaker or result.attributed_to:
        said_by = f"**Said by (the article):** {escape(shorten(result.speaker, 200)) if result.speaker else '*no one named*'}"
        named = f"\n**You named:** {escape(shorten(result.attributed_to, 200))}" if result.attributed_to else ""
        blocks.append(Block((said_by + named,)))
    if result.source is not None:
        blocks.append(Block(("**Source:** " + _article_line(result.source.article_id, result.source.meta),)))
    return blocks


def verdict(result: Verdict) -> list[discord.Embed]:
    """A quote check as pages: the verdict, critical changes, the diff, the article's words and context."""
    heading, colour = verdict_look(result.kind)
    note = f"similarity {result.similarity:.0%}" if result.similarity is not None else None
    pages = pack(verdict_blocks(result), DESCRIPTION_BUDGET)
    return _embeds(heading, [p.text for p in pages], colour, note)


def verdict_look(kind: VerdictKind) -> tuple[str, discord.Colour]:
    """The heading and colour of a verdict kind."""
    return _VERDICT_LOOK.get(kind, (kind.value.replace("_", " ").capitalize(), WARN_COLOUR))


# -- /sources, /add, /remove -------------------------------------------------------------------


def _info_block(info: ArticleInfo) -> Block:
    meta = info.meta
    extra = [f"{info.chunks} chunks" if info.chunks else None, f"added by {shorten(meta.added_by, 80)}" if meta.added_by else None]
    line2 = " · ".join(p for p in extra if p)
    return Block((_article_line(info.article_id, meta) + (f"\n{line2}" if line2 else ""),))


def sources(infos: Sequence[ArticleInfo], query: str | None = None) -> list[discord.Embed]:
    """The collection's articles, ten per page, each with the id that /check and /remove take."""
    heading = f"Articles matching “{query}” ({len(infos)})" if query else f"Articles in this collection ({len(infos)})"
    if not infos:
        empty = "No articles match that." if query else "No articles yet. Add one with `/add`."
        return _embeds(heading, [empty], NEUTRAL_COLOUR)
    pages = pack([_info_block(i) for i in infos], DESCRIPTION_BUDGET, max_blocks=SOURCES_PER_PAGE)
    return _embeds(heading, [p.text for p in pages], ANSWER_COLOUR)


def add_result(result: AddResult) -> discord.Embed:
    """What /add did: added, already present (with the existing id), or linked as a duplicate/new version."""
    line = _article_line(result.article_id, result.meta)
    if result.status is AddStatus.ADDED:
        heading, colour = "✅ Article added", GOOD_COLOUR
        text = f"{line}\n{result.chunks} passages indexed. Ask about it with `/ask`."
    elif result.status is AddStatus.ALREADY_PRESENT:
        heading, colour = "ℹ️ Already in the collection", NEUTRAL_COLOUR
        text = f"This article is already in the collection as {_code(result.article_id)}:\n{line}"
    else:
        heading, colour = ("🔗 Duplicate linked" if result.status is AddStatus.DUPLICATE_LINKED else "🆕 New version added"), NEUTRAL_COLOUR
        text = f"{escape(result.message)}\n{line}" if result.message else line
    if result.near_duplicates:
        text += "\nSimilar articles already here: " + ", ".join(_code(i) for i in result.near_duplicates[:10])
    return _embeds(heading, [text[:DESCRIPTION_BUDGET]], colour)[0]


def add_batch(outcomes: Sequence[tuple[str, AddResult | str]]) -> list[discord.Embed]:
    """The summary of adding several links: one line per link (result or the reason it failed)."""
    blocks = []
    for url, outcome in outcomes:
        link = escape(plain_shorten(url, 200))
        if isinstance(outcome, str):
            blocks.append(Block((f"❌ {link}\n{escape(outcome)}",)))
        else:
            mark = {AddStatus.ADDED: "✅", AddStatus.NEW_VERSION: "🆕", AddStatus.DUPLICATE_LINKED: "🔗"}.get(outcome.status, "ℹ️")
            blocks.append(Block((f"{mark} {link}\n{_article_line(outcome.article_id, outcome.meta)} · {outcome.status.value.replace('_', ' ')}",)))
    failed = sum(isinstance(o, str) for _, o in outcomes)
    heading = f"Added {len(outcomes) - failed} of {len(outcomes)} links" + (f" ({failed} failed)" if failed else "")
    pages = pack(blocks, DESCRIPTION_BUDGET)
    return _embeds(heading, [p.text for p in pages], WARN_COLOUR if failed else GOOD_COLOUR)


_STAGES = ("fetching", "extracting", "chunking", "embedding", "stored")
_ASK_STAGES = {"writing": "✍️ Writing an answer…", "checking": "🔎 Checking every quote against the articles…"}


def ask_progress(stage: str) -> str:
    """The status line shown while /ask works (the language-model mode reports writing and checking)."""
    return _ASK_STAGES.get(stage, "🔎 Searching the articles…")



def progress(label: str, stage: str, counts: dict, *, fetched: bool = False) -> str:
    """A one-line progress message, e.g. ``⏳ Adding report.pdf — extracting ✓ · chunking ✓ · embedding 64/120``.

    ``label`` is already escaped; ``fetched`` adds the "fetching" stage (adding by URL).
    """
    stages = _STAGES if fetched else _STAGES[1:]
    current = stages.index(stage) if stage in stages else len(stages)
    shown = [f"{name} ✓" for name in stages[:current]]
    if stage == "stored":
        shown.append("**stored ✓**")
    elif "done" in counts and "total" in counts:
        shown.append(f"**{stage} {counts['done']}/{counts['total']}**")
    elif "chunks" in counts:
        shown.append(f"**{stage} ({counts['chunks']} passages)**")
    else:
        shown.append(f"**{escape(stage)}…**")
    return f"⏳ Adding {label} — " + " · ".join(shown)


def removed(info: ArticleInfo, by: discord.abc.User) -> discord.Embed:
    """The public record of a removal: what was removed and by whom."""
    text = f"{_article_line(info.article_id, info.meta)}\nRemoved by {by.mention}. It will not be quoted again."
    return _embeds("🗑️ Article removed", [text], NEUTRAL_COLOUR)[0]
