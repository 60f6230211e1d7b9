"""QuoteDesk on Discord: /ask, /add, /check, /sources, /remove, /feed, and @mention questions.

The layer is thin: parse the interaction, call :class:`index.library.Library` in a worker thread,
render the result to embeds (:mod:`bot.discord.render`), send it with ``AllowedMentions.none()``.

Decisions
---------
* **Collections.** One per server (``guild-{id}``). Nothing added in one server is ever quoted,
  listed or checked in another.
* **Direct messages.** Allowed: each user gets a private collection (``user-{id}``) that only they
  can see, add to and remove from. DM collections never mix with server collections. (Commands
  appear in DMs once they are synced globally; guild-synced test commands appear in the test server.)
  User installs are not offered: a user-installed command in a server the bot is not in would
  otherwise read that server's collection.
* **Message Content intent.** Not needed. Discord delivers a message's text to the bot when the
  bot is @mentioned in it and in DMs; QuoteDesk answers those. Follow-ups in the thread an /ask
  answer opens must @mention the bot (a reply with the mention on counts). Only if the intent is
  enabled are replies to the bot without a mention answered too.
* **Permissions.** Invite with scopes ``bot applications.commands`` and permissions integer
  ``309237730304`` (View Channels, Send Messages, Send Messages in Threads, Create Public
  Threads, Embed Links, Read Message History). /remove needs the member's Manage Messages,
  /feed add, remove and poll the member's Manage Server, checked on every use.
* **Feeds.** Server-only. A background loop polls the due feeds of the servers this process can
  see (so shards split the work) and announces new articles in a feed's chosen channel.
"""

from __future__ import annotations

from bot.discord.client import QuoteDeskBot, run

INVITE_PERMISSIONS = 309237730304
"""View Channels, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Read Message History."""

__all__ = ["INVITE_PERMISSIONS", "QuoteDeskBot", "run"]
