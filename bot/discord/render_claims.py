"""A checked claim -> Discord embeds: one verdict per quoted passage, with the article's words and citation.

Used by ``/check`` and the "Check quotes" message command. A claim with one passage and no framing
looks exactly like a single quote check; otherwise the first block sums up the claim (frankenquote,
passages not checked), then each passage follows with its own verdict blocks.
"""

from __future__ import annotations

import discord

from bot.discord.markdown import shorten
from bot.discord.pages import Block, pack
from bot.discord.render import DESCRIPTION_BUDGET, _embeds, _text_block, verdict, verdict_blocks, verdict_look
from index.models import ClaimCheck, FragmentCheck

PASSAGE_PREVIEW = 300  # characters of a passage shown in its head line


def _passage_head(n: int, fragment: FragmentCheck) -> str:
    heading, _ = verdict_look(fragment.verdict.kind)
    who = f" — attributed to **{shorten(fragment.attributed_to, 120)}**" if fragment.attributed_to else ""
    return f"**{n}.** “{shorten(fragment.text, PASSAGE_PREVIEW)}”{who}\n{heading}"


def claim(result: ClaimCheck) -> list[discord.Embed]:
    """A checked claim as pages (see the module doc)."""
    if len(result.fragments) == 1 and not result.framing and not result.more:
        return verdict(result.fragments[0].verdict)
    heading, colour = verdict_look(result.kind)
    if len(result.fragments) > 1:
        heading = f"{heading} · {len(result.fragments)} passages checked"
    blocks: list[Block] = [_text_block(_summary(result))]
    if result.framing:
        blocks.append(_text_block(result.framing, head="**Framing** (the writer’s words, not checked word for word)",
                                  quote=True))
    for n, fragment in enumerate(result.fragments, 1):
        parts = verdict_blocks(fragment.verdict)
        first = parts[0]
        blocks.append(Block(first.atoms, head=_passage_head(n, fragment)))
        blocks.extend(parts[1:])
    pages = pack(blocks, DESCRIPTION_BUDGET)
    return _embeds(heading, [p.text for p in pages], colour)


def _summary(result: ClaimCheck) -> str:
    """The claim-level sentences: how many passages, stitching, unsupported framing, passages left out."""
    if len(result.fragments) == 1:
        return result.message.replace(result.fragments[0].verdict.message, "").strip() or "One quoted passage."
    return result.message
