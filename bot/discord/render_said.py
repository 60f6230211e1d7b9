"""/quotes results -> Discord embeds: what the articles quote a person saying, with citations. Pure.

Names and quotations come from articles: everything is escaped and pages stay within
:data:`render.DESCRIPTION_BUDGET`; a long quotation is split across pages, never cut.
"""

from __future__ import annotations

import discord

from bot.discord.markdown import atoms, escape, shorten
from bot.discord.pages import Block, pack
from bot.discord.render import (
    ANSWER_COLOUR,
    DESCRIPTION_BUDGET,
    NEUTRAL_COLOUR,
    _embeds,
    _sources_footer,
)
from index.models import Said, SaidBy


def _said_block(q: Said) -> Block:
    head = f"**[{q.citation}]** · paragraph {q.paragraph} · {escape(shorten(q.speaker, 120))}"
    if q.cue:
        head += f", *{escape(q.cue)}*"
    return Block(tuple(escape(a) for a in atoms(q.text)), head=head, quote=True, cites=frozenset({q.citation}))


def said(result: SaidBy) -> list[discord.Embed]:
    """A person's quotations, newest first, each with its citation; the sources cited on each page."""
    about = f" on “{result.topic}”" if result.topic else ""
    heading = f"What {result.person} said{about}"
    if not result.quotes:
        text = (f"No direct quotations attributed to **{escape(shorten(result.person, 100))}**{escape(about)} "
                "in this server's articles. Try a surname, or the description the articles use "
                "(e.g. “government official”).")
        return _embeds(heading, [text], NEUTRAL_COLOUR)
    blocks = [_said_block(q) for q in result.quotes]
    if result.total > len(result.quotes):
        blocks.append(Block((f"*{result.total - len(result.quotes)} more not shown: add a topic to narrow it down.*",)))
    pages = pack(blocks, DESCRIPTION_BUDGET, footer=_sources_footer(result.sources))
    return _embeds(heading, [p.text for p in pages], ANSWER_COLOUR)

