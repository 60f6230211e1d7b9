"""Drive the bot with INTERACTION_CREATE / MESSAGE_CREATE payloads and record what it sends.

* :class:`RecordingAdapter` replaces discord.py's webhook adapter (``async_context``), through which
  every interaction response, edit and follow-up goes; :class:`FakeHTTP` replaces the bot's REST
  calls (channel messages, threads, typing) and the CDN (attachment downloads).
* Both *reject what Discord would reject* (over-long content, embeds over their limits, too many
  fields, rows or buttons, over-long custom ids) by raising :class:`discord.HTTPException`, so a
  test fails the way production would.
* Payloads go through the client's own ``ConnectionState.parse_*`` methods, so the bot's real
  ``CommandTree`` and view store handle them; :meth:`Harness.settle` waits for the tasks they start.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

APP_ID = 700000000000000001
BOT_ID = APP_ID
_ids = itertools.count(800000000000000000)


def snowflake() -> int:
    return next(_ids)


# -- what Discord rejects ------------------------------------------------------------------------

class _Response:
    status = 400
    reason = "Bad Request"


class Rejected(discord.HTTPException):
    """What Discord answers to an invalid message body (400, code 50035)."""

    def __init__(self, problem: str) -> None:
        super().__init__(_Response(), {"code": 50035, "message": f"Invalid Form Body: {problem}"})  # type: ignore[arg-type]
        self.problem = problem


def embed_size(embed: dict) -> int:
    """Characters Discord counts toward the 6000 per-embed total."""
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in embed.get("fields", []))
    size += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    return size


def validate_message(data: dict) -> None:
    """Raise :class:`Rejected` for a message body Discord would refuse."""
    content = data.get("content")
    if content is not None and len(content) > 2000:
        raise Rejected(f"content is {len(content)} > 2000 characters")
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        raise Rejected("more than 10 embeds")
    total = 0
    for e in embeds:
        if len(e.get("title") or "") > 256:
            raise Rejected("embed title > 256")
        if len(e.get("description") or "") > 4096:
            raise Rejected(f"embed description {len(e['description'])} > 4096")
        fields = e.get("fields", [])
        if len(fields) > 25:
            raise Rejected("more than 25 embed fields")
        for f in fields:
            if len(f.get("name") or "") > 256 or len(f.get("value") or "") > 1024:
                raise Rejected("embed field name > 256 or value > 1024")
            if not f.get("name") or not f.get("value"):
                raise Rejected("embed field name and value are required")
        if len((e.get("footer") or {}).get("text") or "") > 2048:
            raise Rejected("embed footer > 2048")
        if len((e.get("author") or {}).get("name") or "") > 256:
            raise Rejected("embed author name > 256")
        total += embed_size(e)
    if total > 6000:
        raise Rejected(f"embeds total {total} > 6000 characters")
    rows = data.get("components") or []
    if len(rows) > 5:
        raise Rejected("more than 5 action rows")
    for row in rows:
        children = row.get("components", [])
        if row.get("type") != 1 or not 1 <= len(children) <= 5:
            raise Rejected("an action row holds 1-5 components")
        for c in children:
            if c.get("type") == 2 and c.get("style") != 5 and (not c.get("custom_id") or len(c["custom_id"]) > 100):
                    raise Rejected("button custom_id missing or > 100")
            if len(c.get("label") or "") > 80:
                raise Rejected("button label > 80")
    if not content and not embeds and not data.get("components") and "content" not in data and "embeds" not in data:
        raise Rejected("cannot send an empty message")


def validate_choices(data: dict) -> None:
    choices = data.get("choices", [])
    if len(choices) > 25:
        raise Rejected("more than 25 autocomplete choices")
    for c in choices:
        if not 1 <= len(c["name"]) <= 100 or len(str(c["value"])) > 100:
            raise Rejected("choice name must be 1-100 and value <= 100 characters")


# -- what the bot sent ---------------------------------------------------------------------------

@dataclass
class Sent:
    """One request the bot made: ``kind`` is e.g. ``response``, ``edit``, ``followup``, ``channel``."""

    kind: str
    data: dict
    token: str | None = None
    channel_id: int | None = None
    message_id: int | None = None

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def embeds(self) -> list[dict]:
        return self.data.get("embeds") or []

    @property
    def text(self) -> str:
        """Content and every embed's title, description, fields and footer, as one string."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title") or "", e.get("description") or "", (e.get("footer") or {}).get("text") or ""]
            parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
        return "\n".join(p for p in parts if p)

    @property
    def ephemeral(self) -> bool:
        return bool((self.data.get("flags") or 0) & 64)

    @property
    def buttons(self) -> list[dict]:
        return [c for row in self.data.get("components") or [] for c in row.get("components", [])]

    def button(self, label: str) -> dict:
        for b in self.buttons:
            if label in (b.get("label") or ""):
                return b
        raise AssertionError(f"no button {label!r} in {[b.get('label') for b in self.buttons]}")

    @property
    def carries_message(self) -> bool:
        return any(k in self.data for k in ("content", "embeds", "components"))


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name.title(), "avatar": None, "bot": bot}


def message_payload(message_id: int, channel_id: int, data: dict, *, author: dict | None = None,
                    guild_id: int | None = None, flags: int = 0) -> dict:
    payload = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author or user_payload(BOT_ID, "quotedesk", bot=True),
        "content": data.get("content") or "",
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
    }
    if guild_id:
        payload["guild_id"] = str(guild_id)
    return payload


@dataclass
class _Original:
    message_id: int
    channel_id: int
    guild_id: int | None
    data: dict = field(default_factory=dict)
    flags: int = 0
    deleted: bool = False


class Recorder:
    """Everything sent, in order, and the current state of each interaction's original message."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.originals: dict[str, _Original] = {}  # token -> original response message
        self.clicked: dict[str, _Original] = {}  # component interaction token -> the message clicked
        self.messages: dict[int, dict] = {}  # message id -> latest payload
        self.channel_of_token: dict[str, tuple[int, int | None]] = {}
        self.channel_guild: dict[int, int | None] = {}
        self.lock = asyncio.Lock()

    def record(self, item: Sent) -> Sent:
        if item.carries_message:
            validate_message(item.data)
        self.sent.append(item)
        return item

    def after(self, mark: int) -> list[Sent]:
        return self.sent[mark:]


class RecordingAdapter(AsyncWebhookAdapter):
    """discord.py's webhook adapter, recording instead of calling Discord (and rejecting like it)."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.r = recorder

    async def request(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - guard
        raise AssertionError(f"unexpected webhook request {args!r}")

    @staticmethod
    def _payload(payload: dict | None, multipart: list[dict] | None) -> dict:
        if payload is not None:
            return payload
        for part in multipart or []:
            if part.get("name") == "payload_json":
                return json.loads(part["value"])
        return {}

    def _original(self, token: str) -> _Original:
        channel_id, guild_id = self.r.channel_of_token.get(token, (0, None))
        if token in self.r.clicked:  # a component interaction's "original" is the clicked message
            return self.r.clicked[token]
        if token not in self.r.originals:
            self.r.originals[token] = _Original(snowflake(), channel_id, guild_id)
        return self.r.originals[token]

    def _message(self, original: _Original) -> dict:
        payload = message_payload(original.message_id, original.channel_id, original.data,
                                  guild_id=original.guild_id, flags=original.flags)
        self.r.messages[original.message_id] = payload
        return payload

    async def create_interaction_response(self, interaction_id, token, *, session, proxy=None, proxy_auth=None, params):
        body = self._payload(params.payload, params.multipart)
        kind, data = body["type"], body.get("data") or {}
        if kind == 8:  # autocomplete result
            validate_choices(data)
            self.r.record(Sent("autocomplete", data, token=token))
            return {"interaction": {"id": str(interaction_id), "type": 4}}
        if kind in (4, 5):  # channel message / deferred channel message ("thinking"): a new message
            self.r.clicked.pop(token, None)
            original = self._original(token)
            original.flags = data.get("flags", 0) | (128 if kind == 5 else 0)
            original.data = dict(data) if kind == 4 else {}
            self.r.record(Sent("response" if kind == 4 else "defer", dict(data), token=token,
                               message_id=original.message_id))
        elif kind in (6, 7):  # deferred update / update the component's message
            original = self.r.originals[token] = self.r.clicked.pop(token)
            if kind == 7:
                original.data.update(data)
            self.r.record(Sent("update" if kind == 7 else "defer_update", dict(data), token=token,
                               message_id=original.message_id))
        else:
            raise Rejected(f"unexpected interaction response type {kind}")
        message = self._message(original)
        return {
            "interaction": {"id": str(interaction_id), "type": 2, "response_message_id": str(original.message_id),
                            "response_message_ephemeral": bool(original.flags & 64)},
            "resource": {"type": kind, "message": message},
        }

    async def get_original_interaction_response(self, application_id, token, *, session, proxy=None, proxy_auth=None):
        original = self._original(token)
        if original.deleted:
            raise discord.NotFound(_Response(), {"code": 10008, "message": "Unknown Message"})  # type: ignore[arg-type]
        return self._message(original)

    async def edit_original_interaction_response(self, application_id, token, *, session, proxy=None, proxy_auth=None,
                                                 payload=None, multipart=None, files=None):
        data = self._payload(payload, multipart)
        original = self._original(token)
        if original.deleted:
            raise discord.NotFound(_Response(), {"code": 10008, "message": "Unknown Message"})  # type: ignore[arg-type]
        self.r.record(Sent("edit", dict(data), token=token, message_id=original.message_id))
        original.data.update(data)
        original.flags &= ~128
        return self._message(original)

    async def delete_original_interaction_response(self, application_id, token, *, session, proxy=None, proxy_auth=None):
        original = self._original(token)
        original.deleted = True
        self.r.record(Sent("delete", {}, token=token, message_id=original.message_id))

    async def execute_webhook(self, webhook_id, token, *, session, proxy=None, proxy_auth=None, payload=None,
                              multipart=None, files=None, thread_id=None, wait=False, with_components=False):
        data = self._payload(payload, multipart)
        channel_id, guild_id = self.r.channel_of_token.get(token, (0, None))
        message_id = snowflake()
        self.r.record(Sent("followup", dict(data), token=token, message_id=message_id, channel_id=channel_id))
        message = message_payload(message_id, channel_id, data, guild_id=guild_id, flags=data.get("flags", 0))
        self.r.messages[message_id] = message
        return message if wait else None

    async def edit_webhook_message(self, webhook_id, token, message_id, *, session, proxy=None, proxy_auth=None,
                                   payload=None, multipart=None, files=None, thread_id=None, with_components=False):
        data = self._payload(payload, multipart)
        self.r.record(Sent("followup_edit", dict(data), token=token, message_id=message_id))
        message = self.r.messages.setdefault(message_id, message_payload(message_id, 0, {}))
        message.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
        return message

    async def delete_webhook_message(self, webhook_id, token, message_id, *, session, proxy=None, proxy_auth=None,
                                     thread_id=None):
        self.r.record(Sent("followup_delete", {}, token=token, message_id=message_id))


class FakeHTTP:
    """The bot's REST calls (messages, threads, typing) and CDN downloads, recorded and validated."""

    def __init__(self, recorder: Recorder, files: dict[str, bytes]) -> None:
        self.r = recorder
        self.files = files
        self.threads: dict[int, dict] = {}

    async def request(self, route: discord.http.Route, **kwargs: Any) -> Any:
        method, path = route.method, route.path
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
        found = re.fullmatch(re.escape(route.BASE) + pattern, route.url.split("?")[0])
        params = {k: int(v) for k, v in (found.groupdict() if found else {}).items() if v.isdigit()}
        body = kwargs.get("json")
        if body is None and kwargs.get("form"):
            body = RecordingAdapter._payload(None, kwargs["form"])
        body = body or {}
        channel_id = params.get("channel_id")
        if method == "POST" and path == "/channels/{channel_id}/typing":
            self.r.record(Sent("typing", {}, channel_id=channel_id))
            return None
        if method == "POST" and path == "/channels/{channel_id}/messages":
            message_id = snowflake()
            self.r.record(Sent("channel", dict(body), channel_id=channel_id, message_id=message_id))
            message = message_payload(message_id, channel_id, body)
            self.r.messages[message_id] = message
            return message
        if method == "PATCH" and path == "/channels/{channel_id}/messages/{message_id}":
            message_id = params["message_id"]
            self.r.record(Sent("channel_edit", dict(body), channel_id=channel_id, message_id=message_id))
            message = self.r.messages.setdefault(message_id, message_payload(message_id, channel_id, {}))
            message.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            return message
        if method == "POST" and path == "/channels/{channel_id}/messages/{message_id}/threads":
            name = body.get("name") or ""
            if not 1 <= len(name) <= 100:
                raise Rejected("thread name must be 1-100 characters")
            thread_id = params["message_id"]  # Discord gives a thread started from a message the message's id
            self.r.record(Sent("thread", dict(body), channel_id=channel_id, message_id=thread_id))
            thread = {
                "id": str(thread_id), "type": 11, "guild_id": str(self.r.channel_guild.get(channel_id) or 0),
                "parent_id": str(channel_id), "owner_id": str(BOT_ID), "name": name, "message_count": 0,
                "member_count": 1, "rate_limit_per_user": 0,
                "thread_metadata": {"archived": False, "auto_archive_duration": body.get("auto_archive_duration", 1440),
                                    "archive_timestamp": "2026-01-01T00:00:00+00:00", "locked": False},
            }
            self.threads[thread_id] = thread
            return thread
        raise AssertionError(f"unexpected HTTP request {method} {path} {params}")

    async def get_from_cdn(self, url: str) -> bytes:
        if url not in self.files:
            raise discord.NotFound(_Response(), "attachment not found")  # type: ignore[arg-type]
        return self.files[url]


def assert_no_pings(sent: list[Sent]) -> None:
    """Every message-carrying request allows no mentions at all (``AllowedMentions.none()``)."""
    for s in sent:
        if s.carries_message:
            mentions = s.data.get("allowed_mentions")
            assert mentions is not None, s
            assert mentions.get("parse") == [] and not mentions.get("users") and not mentions.get("roles"), s
            assert not mentions.get("replied_user"), s


def last(sent: list[Sent], kind: str) -> Sent:
    """The last request of a kind (``edit``, ``update``, ``channel``, ...)."""
    found = [s for s in sent if s.kind == kind]
    assert found, [s.kind for s in sent]
    return found[-1]


def unescape(text: str) -> str:
    """What a Discord reader sees of escaped text: backslash escapes and zero-width spaces vanish."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "")


def quoted_text(descriptions: list[str]) -> str:
    """All block-quote lines of some pages, in order, unescaped and with whitespace normalised."""
    lines = [line[2:] for d in descriptions for line in d.split("\n") if line.startswith("> ")]
    return " ".join(unescape(" ".join(lines)).split())


# -- building payloads ---------------------------------------------------------------------------

EVERYTHING = discord.Permissions.all().value
MEMBER = discord.Permissions(view_channel=True, send_messages=True, use_application_commands=True, read_message_history=True).value
BOT_PERMS = discord.Permissions(view_channel=True, send_messages=True, send_messages_in_threads=True,
                                create_public_threads=True, embed_links=True, read_message_history=True).value


@dataclass
class Where:
    """Where an interaction happens: a guild text channel (or thread), or a DM."""

    guild_id: int | None
    channel_id: int
    channel_type: int = 0  # 0 text, 11 public thread, 1 DM

    @classmethod
    def guild(cls, guild_id: int, channel_id: int | None = None, *, channel_type: int = 0) -> Where:
        return cls(guild_id, channel_id or snowflake(), channel_type)

    @classmethod
    def dm(cls) -> Where:
        return cls(None, snowflake(), 1)


class Harness:
    """A :class:`~bot.discord.client.QuoteDeskBot` wired to a recorder instead of Discord."""

    def __init__(self, bot: discord.Client) -> None:
        self.bot = bot
        self.recorder = Recorder()
        self.files: dict[str, bytes] = {}
        self.http = FakeHTTP(self.recorder, self.files)
        self.user_ids = {"alice": 900000000000000001, "bob": 900000000000000002}
        self._token = None

    async def start(self) -> Harness:
        bot = self.bot
        await bot._async_setup_hook()
        state = bot._connection
        state.application_id = APP_ID
        state.user = discord.ClientUser(state=state, data=user_payload(BOT_ID, "quotedesk", bot=True))
        bot.http.request = self.http.request  # type: ignore[method-assign]
        bot.http.get_from_cdn = self.http.get_from_cdn  # type: ignore[method-assign]
        self._token = async_context.set(RecordingAdapter(self.recorder))
        await bot.load_cogs()  # type: ignore[attr-defined]
        return self

    def join(self, guild_id: int, name: str = "Test server") -> None:
        """Make the bot see a server (as GUILD_CREATE would), e.g. for the feed loop's shard check."""
        state = self.bot._connection
        state._add_guild(discord.Guild(data={"id": str(guild_id), "name": name, "roles": [], "emojis": [],
                                             "stickers": [], "features": [], "channels": [], "threads": [],
                                             "members": [], "member_count": 1}, state=state))

    async def stop(self) -> None:
        for extension in list(self.bot.extensions):  # cog_unload: stops background loops
            await self.bot.unload_extension(extension)
        store = self.bot._connection._view_store
        for view in {item.view for items in store._views.values() for item in items.values() if item.view}:
            view.stop()
        if self._token is not None:
            async_context.reset(self._token)

    @property
    def sent(self) -> list[Sent]:
        return self.recorder.sent

    def mark(self) -> int:
        return len(self.recorder.sent)

    # -- payloads --
    def _base(self, kind: int, user: str, where: Where, permissions: int, app_permissions: int) -> dict:
        interaction_id = snowflake()
        token = f"token-{interaction_id}"
        self.recorder.channel_of_token[token] = (where.channel_id, where.guild_id)
        self.recorder.channel_guild[where.channel_id] = where.guild_id
        user_id = self.user_ids.setdefault(user, snowflake())
        channel: dict[str, Any] = {"id": str(where.channel_id), "type": where.channel_type}
        payload: dict[str, Any] = {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": kind, "token": token, "version": 1,
            "channel_id": str(where.channel_id), "channel": channel, "locale": "en-US",
            "app_permissions": str(app_permissions), "entitlements": [], "attachment_size_limit": 10 * 1024 * 1024,
        }
        if where.guild_id:
            channel.update({"guild_id": str(where.guild_id), "name": "news", "position": 0, "permission_overwrites": [],
                            "nsfw": False, "parent_id": None})
            if where.channel_type == 11:
                channel.update({"owner_id": str(BOT_ID), "parent_id": str(snowflake()), "thread_metadata": {
                    "archived": False, "auto_archive_duration": 1440, "archive_timestamp": "2026-01-01T00:00:00+00:00",
                    "locked": False}})
            payload.update({
                "guild_id": str(where.guild_id), "guild_locale": "en-US", "context": 0,
                "authorizing_integration_owners": {"0": str(where.guild_id)},
                "member": {"user": user_payload(user_id, user), "roles": [], "joined_at": "2025-01-01T00:00:00+00:00",
                           "deaf": False, "mute": False, "flags": 0, "permissions": str(permissions)},
            })
        else:
            channel["recipients"] = [user_payload(user_id, user)]
            payload.update({"context": 1, "user": user_payload(user_id, user),
                            "authorizing_integration_owners": {"0": str(user_id)}})
        return payload

    def _command_data(self, name: str, options: dict[str, Any], focused: str | None = None) -> tuple[dict, dict]:
        """``name`` is a command, or a path into a group (``"feed add"``)."""
        top, *path = name.split()
        root = self.bot.tree.get_command(top)
        assert root is not None, name
        command: Any = root
        for part in path:
            command = command.get_command(part)
            assert command is not None, name
        types = {p.name: p.type.value for p in command.parameters}
        opts, resolved = [], {}
        for key, value in options.items():
            if isinstance(value, Attachment):
                resolved.setdefault("attachments", {})[str(value.id)] = value.payload()
                self.files[value.url] = value.data
                value = str(value.id)
            elif isinstance(value, Channel):
                resolved.setdefault("channels", {})[str(value.id)] = value.payload()
                value = str(value.id)
            option = {"name": key, "type": types[key], "value": value}
            if key == focused:
                option["focused"] = True
            opts.append(option)
        for depth, part in reversed(list(enumerate(path))):  # wrap in subcommand (1) / subcommand group (2) options
            opts = [{"name": part, "type": 1 if depth == len(path) - 1 else 2, "options": opts}]
        data = {"id": str(hash(root) & 0xFFFFFFFF), "name": top, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        return data, resolved

    async def slash(self, name: str, *, user: str = "alice", where: Where, permissions: int = MEMBER,
                    app_permissions: int = BOT_PERMS, **options: Any) -> int:
        """Run ``/name option=value …``; returns the mark of the first request it caused."""
        payload = self._base(2, user, where, permissions, app_permissions)
        payload["data"], _ = self._command_data(name, {k: v for k, v in options.items() if v is not None})
        return await self._dispatch(payload)

    def posted(self, content: str, *, where: Where, user: str = "bob", embeds: list[dict] | None = None) -> dict:
        """A message someone posted, as a message command's ``data.resolved.messages`` carries it."""
        user_id = self.user_ids.setdefault(user, snowflake())
        return message_payload(snowflake(), where.channel_id, {"content": content, "embeds": embeds or []},
                               author=user_payload(user_id, user), guild_id=where.guild_id)

    async def message_command(self, name: str, target: dict, *, user: str = "alice", where: Where,
                              permissions: int = MEMBER, app_permissions: int = BOT_PERMS) -> int:
        """Right-click ``target`` (a :meth:`posted` payload) → Apps → ``name``: a type-3 application command."""
        command = self.bot.tree.get_command(name, type=discord.AppCommandType.message)
        assert command is not None, name
        payload = self._base(2, user, where, permissions, app_permissions)
        payload["data"] = {"id": str(hash(command) & 0xFFFFFFFF), "name": name, "type": 3,
                           "target_id": target["id"], "resolved": {"messages": {target["id"]: target}}}
        return await self._dispatch(payload)

    async def autocomplete(self, name: str, focused: str, *, user: str = "alice", where: Where,
                           permissions: int = MEMBER, **options: Any) -> list[dict]:
        payload = self._base(4, user, where, permissions, BOT_PERMS)
        payload["data"], _ = self._command_data(name, options, focused=focused)
        mark = await self._dispatch(payload)
        replies = [s for s in self.recorder.after(mark) if s.kind == "autocomplete"]
        assert len(replies) == 1, self.recorder.after(mark)
        return replies[0].data["choices"]

    async def click(self, message: Sent, label: str, *, user: str = "alice", where: Where,
                    permissions: int = MEMBER) -> int:
        """Click the button ``label`` on the message that ``message`` created or last edited."""
        button = message.button(label)
        assert not button.get("disabled"), f"{label!r} is disabled"
        payload = self._base(3, user, where, permissions, BOT_PERMS)
        message_id = message.message_id
        assert message_id is not None
        current = self.recorder.messages.get(message_id) or message_payload(message_id, where.channel_id, message.data)
        payload["message"] = dict(current, flags=current.get("flags", 0) & ~128)
        payload["data"] = {"custom_id": button["custom_id"], "component_type": 2}
        # The component's interaction edits the message it is on.
        original = _Original(message_id, where.channel_id, where.guild_id, data=dict(current), flags=current.get("flags", 0))
        self.recorder.clicked[payload["token"]] = original
        return await self._dispatch(payload)

    async def message(self, content: str, *, user: str = "alice", where: Where, mention_bot: bool = False,
                      reply_to: int | None = None) -> int:
        """A MESSAGE_CREATE (content as Discord delivers it *without* the Message Content intent)."""
        user_id = self.user_ids.setdefault(user, snowflake())
        payload = message_payload(snowflake(), where.channel_id, {"content": content},
                                  author=user_payload(user_id, user), guild_id=where.guild_id)
        if mention_bot:
            payload["mentions"] = [user_payload(BOT_ID, "quotedesk", bot=True)]
        if reply_to is not None:
            payload["message_reference"] = {"message_id": str(reply_to), "channel_id": str(where.channel_id)}
            referenced = self.recorder.messages.get(reply_to)
            if referenced is not None:
                payload["referenced_message"] = referenced
                payload["type"] = 19
        mark = self.mark()
        self.bot._connection.parse_message_create(payload)
        await self.settle()
        return mark

    async def _dispatch(self, payload: dict) -> int:
        mark = self.mark()
        self.bot._connection.parse_interaction_create(payload)
        await self.settle()
        return mark

    async def settle(self) -> None:
        """Wait for the tasks discord.py started for the last event (commands, view callbacks, listeners)."""
        prefixes = ("CommandTree-invoker", "discord-ui-view-dispatch", "discord.py: ")
        for _ in range(100):
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()
                       and t.get_name().startswith(prefixes)]
            if not pending:
                return
            await asyncio.wait(pending, timeout=60)
        raise AssertionError("tasks did not settle")


@dataclass
class Channel:
    """A channel picked in a channel option, as ``data.resolved.channels`` carries it (0 text, 5 announcement)."""

    name: str = "news-feed"
    type: int = 0
    id: int = field(default_factory=snowflake)

    def payload(self) -> dict:
        return {"id": str(self.id), "name": self.name, "type": self.type, "permissions": str(EVERYTHING),
                "parent_id": None}


@dataclass
class Attachment:
    """An uploaded file as it appears in ``data.resolved.attachments``; its bytes are served by :class:`FakeHTTP`."""

    filename: str
    data: bytes
    content_type: str | None = None
    id: int = field(default_factory=snowflake)

    @property
    def url(self) -> str:
        return f"https://cdn.discordapp.com/attachments/1/{self.id}/{self.filename}"

    def payload(self) -> dict:
        payload = {"id": str(self.id), "filename": self.filename, "size": len(self.data), "url": self.url,
                   "proxy_url": self.url.replace("cdn.", "media."), "ephemeral": True}
        if self.content_type:
            payload["content_type"] = self.content_type
        return payload
