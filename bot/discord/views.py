"""Buttons under QuoteDesk's messages: page through long results, and show the context of quotes.

Views live in memory for 14 minutes after the last click (interaction tokens last 15), then their
buttons are removed. The person who ran the command turns the shared message's pages; anyone else
who clicks gets that page privately, so nobody flips a message out from under its reader.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.discord import render
from bot.discord.errors import report
from bot.discord.replies import NO_MENTIONS
from index.models import Answer

log = logging.getLogger(__name__)

VIEW_TIMEOUT = 14 * 60.0

Editor = Callable[..., Awaitable[Any]]


class Pager(discord.ui.View):
    """Previous / page / Next buttons over a list of embeds (no buttons when there is one page)."""

    def __init__(self, pages: Sequence[discord.Embed], *, owner_id: int, index: int = 0, timeout: float = VIEW_TIMEOUT):
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = index
        self._edit: Editor | None = None
        if len(self.pages) < 2:
            for item in (self.previous, self.counter, self.next):
                self.remove_item(item)
        self._sync()

    @property
    def page(self) -> discord.Embed:
        return self.pages[self.index]

    def attach(self, edit: Editor) -> None:
        """Tell the view how to edit its message (to remove the buttons when it times out)."""
        self._edit = edit

    def clone(self, owner_id: int, index: int) -> Pager:
        """A private copy for another user, opened at ``index``."""
        return Pager(self.pages, owner_id=owner_id, index=index, timeout=self.timeout or VIEW_TIMEOUT)

    def has_buttons(self) -> bool:
        return bool(self.children)

    def _sync(self) -> None:
        self.previous.disabled = self.index <= 0
        self.next.disabled = self.index >= len(self.pages) - 1
        self.counter.label = f"{self.index + 1}/{len(self.pages)}"

    async def _turn(self, interaction: discord.Interaction, delta: int) -> None:
        target = min(max(self.index + delta, 0), len(self.pages) - 1)
        if interaction.user.id != self.owner_id:
            copy = self.clone(interaction.user.id, target)
            await interaction.response.send_message(embed=copy.page, view=copy, ephemeral=True, allowed_mentions=NO_MENTIONS)
            copy.attach(interaction.edit_original_response)
            return
        self.index = target
        self._sync()
        await interaction.response.edit_message(embed=self.page, view=self, allowed_mentions=NO_MENTIONS)
        self._edit = interaction.edit_original_response

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """A label, never clickable."""

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, +1)

    async def on_timeout(self) -> None:
        if self._edit is not None:
            with contextlib.suppress(discord.HTTPException):
                await self._edit(view=None)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        await report(interaction, error)


class AnswerView(Pager):
    """A :class:`Pager` over an answer, plus "Show context": the paragraph around each quote on the page."""

    def __init__(self, answer: Answer, rendered: render.RenderedAnswer, *, owner_id: int, index: int = 0,
                 timeout: float = VIEW_TIMEOUT):
        self.answer = answer
        self.rendered = rendered
        super().__init__(rendered.embeds, owner_id=owner_id, index=index, timeout=timeout)

    def clone(self, owner_id: int, index: int) -> AnswerView:
        return AnswerView(self.answer, self.rendered, owner_id=owner_id, index=index, timeout=self.timeout or VIEW_TIMEOUT)

    @discord.ui.button(label="Show context", style=discord.ButtonStyle.primary, emoji="📖")
    async def show_context(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        pages = render.context(self.answer, self.rendered.quotes_on_page[self.index])
        pager = Pager(pages, owner_id=interaction.user.id)
        kwargs: dict[str, Any] = {"view": pager} if pager.has_buttons() else {}
        await interaction.response.send_message(embed=pages[0], ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)
        if pager.has_buttons():
            pager.attach(interaction.edit_original_response)


def answer_view(answer: Answer, rendered: render.RenderedAnswer, *, owner_id: int) -> AnswerView | None:
    """The buttons for an answer, or ``None`` when it abstained (nothing to page or show)."""
    if answer.abstained or not answer.quotes:
        return None
    return AnswerView(answer, rendered, owner_id=owner_id)


def pager(pages: Sequence[discord.Embed], *, owner_id: int) -> Pager | None:
    """Page buttons when there is more than one page, else ``None``."""
    view = Pager(pages, owner_id=owner_id)
    return view if view.has_buttons() else None


class PrivateResult(Pager):
    """A private reply with page buttons and "Post publicly": the person who asked may share it in the channel."""

    def __init__(self, pages: Sequence[discord.Embed], *, owner_id: int, index: int = 0, timeout: float = VIEW_TIMEOUT):
        super().__init__(pages, owner_id=owner_id, index=index, timeout=timeout)
        self.posted = False

    def clone(self, owner_id: int, index: int) -> Pager:
        return Pager(self.pages, owner_id=owner_id, index=index, timeout=self.timeout or VIEW_TIMEOUT)

    @discord.ui.button(label="Post publicly", style=discord.ButtonStyle.primary, emoji="📢")
    async def publish(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Post the result in the channel (page buttons follow it); once only."""
        public = Pager(self.pages, owner_id=interaction.user.id, index=self.index)
        kwargs: dict[str, Any] = {"view": public} if public.has_buttons() else {}
        await interaction.response.send_message(embed=public.page, allowed_mentions=NO_MENTIONS, **kwargs)
        if public.has_buttons():
            public.attach(interaction.edit_original_response)
        self.posted = True
        button.disabled = True
        button.label = "Posted"
        if self._edit is not None:
            with contextlib.suppress(discord.HTTPException):
                await self._edit(view=self)
