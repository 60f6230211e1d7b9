"""/ask, @mention questions, and follow-up questions in the thread an answer opened.

Without the privileged Message Content intent Discord still delivers a message's text when the
bot is @mentioned in it (a reply to the bot with "@ mention" on counts), and in DMs. So:

* ``/ask`` answers in the channel and, in a text channel where the bot may create public threads,
  opens a thread from the answer for follow-ups (``thread: False`` to skip it);
* a message that @mentions the bot is answered, in any channel or thread, including those threads;
* in DMs every message is a question (against the user's private collection);
* in a thread or a DM, a question is read as a follow-up of the ones before it (bot/discord/conversations.py);
* a reply to the bot *without* the mention arrives with empty text unless the Message Content
  intent is enabled; with the intent it is answered too, without it it is ignored.
"""

from __future__ import annotations

import contextlib
import logging
import re
from functools import partial

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import render
from bot.discord.client import QuoteDeskBot
from bot.discord.conversations import Conversations
from bot.discord.errors import GENERIC, describe
from bot.discord.markdown import plain_shorten
from bot.discord.namespaces import namespace_for
from bot.discord.progress import ProgressReporter
from bot.discord.replies import NO_MENTIONS, defer
from bot.discord.views import answer_view
from index.answer.followup import Turn

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100


def _guild_id(message: discord.Message) -> int | None:
    """The message's server (also when the server is not cached and the channel is partial); None in DMs."""
    return message.guild.id if message.guild else getattr(message.channel, "guild_id", None)


CONVERSATION_TYPES = frozenset({discord.ChannelType.public_thread, discord.ChannelType.private_thread,
                                discord.ChannelType.news_thread, discord.ChannelType.private})


def _conversation_channel(channel: object) -> int | None:
    """The channel whose questions form one conversation: a thread or a DM; None elsewhere."""
    if getattr(channel, "type", None) in CONVERSATION_TYPES:
        return getattr(channel, "id", None)
    return None


class Ask(commands.Cog):
    """Questions about the collection, answered with verbatim quotes."""

    def __init__(self, bot: QuoteDeskBot) -> None:
        self.bot = bot
        self.conversations = Conversations()

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="What do you want to know? Answered with word-for-word quotes.",
        thread="Open a thread under the answer for follow-up questions (default: yes).",
    )
    @app_commands.allowed_installs(guilds=True, users=False)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 3, 300],
        thread: bool = True,
    ) -> None:
        """Answer a question with verbatim, cited quotes from this server's articles."""
        self.bot.cooldowns.take("ask", interaction.user.id)
        await defer(interaction)
        namespace = namespace_for(interaction.guild_id, interaction.user.id)
        status = partial(interaction.edit_original_response, allowed_mentions=NO_MENTIONS)
        channel_id = _conversation_channel(interaction.channel)
        conversation = self.conversations.get(channel_id) if channel_id is not None else None
        async with ProgressReporter(lambda text: status(content=text), lambda stage, _counts: render.ask_progress(stage)) as progress:
            answer = await self.bot.call(self.bot.library.ask, namespace, question, progress=progress,
                                         conversation=conversation)
        if channel_id is not None:
            self.conversations.remember(channel_id, Turn.of(answer))
        rendered = render.answer(answer)
        view = answer_view(answer, rendered, owner_id=interaction.user.id)
        message = await interaction.edit_original_response(content=None, embed=rendered.embeds[0], view=view,
                                                           allowed_mentions=NO_MENTIONS)
        if view is not None:
            view.attach(interaction.edit_original_response)
        if thread and not answer.abstained and self._can_open_thread(interaction):
            opened = await self._open_thread(message, question)
            if opened is not None:  # a follow-up asked in the thread continues this question
                self.conversations.remember(opened.id, Turn.of(answer))

    @staticmethod
    def _can_open_thread(interaction: discord.Interaction) -> bool:
        perms = interaction.app_permissions
        return (
            isinstance(interaction.channel, discord.TextChannel)
            and perms.create_public_threads
            and perms.send_messages_in_threads
        )

    async def _open_thread(self, message: discord.Message, question: str) -> discord.Thread | None:
        """Best effort: an answer without a thread is still an answer."""
        try:
            return await message.create_thread(name=plain_shorten(question, THREAD_NAME_LIMIT),
                                               auto_archive_duration=1440)
        except discord.HTTPException as exc:
            log.warning("could not open a thread for message %s: %s", message.id, exc)
            return None

    # -- @mentions, DMs and thread follow-ups ----------------------------------------------------

    def _question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or ``None`` when the message is not for the bot."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return None
        mentioned = any(user.id == me.id for user in message.mentions)
        is_dm = _guild_id(message) is None
        reply_to_me = (
            message.reference is not None
            and isinstance(message.reference.resolved, discord.Message)
            and message.reference.resolved.author.id == me.id
        )
        if not (mentioned or is_dm or reply_to_me):
            return None
        text = re.sub(rf"<@!?{me.id}>", " ", message.content or "")
        return " ".join(text.split())

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = self._question_in(message)
        if question is None:
            return
        if not question:
            if message.content or _guild_id(message) is None:  # mentioned with nothing else to say
                await self._reply(message, "Ask me a question after the mention, e.g. “@QuoteDesk what did the minister say about rents?”")
            return
        try:
            self.bot.cooldowns.take("ask", message.author.id)
            async with message.channel.typing():
                namespace = namespace_for(_guild_id(message), message.author.id)
                # a thread opened by an answer is known by id even when its channel object is partial
                conversation = self.conversations.get(message.channel.id)
                answer = await self.bot.call(self.bot.library.ask, namespace, question, conversation=conversation)
            if conversation is not None or _conversation_channel(message.channel) is not None:
                self.conversations.remember(message.channel.id, Turn.of(answer))
            rendered = render.answer(answer)
            view = answer_view(answer, rendered, owner_id=message.author.id)
            if view is not None:
                sent = await message.reply(embed=rendered.embeds[0], allowed_mentions=NO_MENTIONS, mention_author=False,
                                           view=view)
            else:
                sent = await message.reply(embed=rendered.embeds[0], allowed_mentions=NO_MENTIONS, mention_author=False)
            if view is not None:
                view.attach(sent.edit)
        except Exception as exc:  # every failure is answered, never silent
            text = describe(exc)
            if text is None:
                log.exception("answering message %s from %s in %s failed", message.id, message.author.id, message.channel.id)
                text = GENERIC
            await self._reply(message, text)

    async def _reply(self, message: discord.Message, text: str) -> None:
        with contextlib.suppress(discord.HTTPException):
            await message.reply(text, allowed_mentions=NO_MENTIONS, mention_author=False)


async def setup(bot: QuoteDeskBot) -> None:
    await bot.add_cog(Ask(bot))
