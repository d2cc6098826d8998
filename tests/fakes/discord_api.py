"""A small fake Discord (REST + gateway) on 127.0.0.1 for the real discord.py client.

It answers what our adapter uses, records what the bot did, and can push events to the
connected bot: a DM, a slash command, a button press. Failures can be queued per route.

    async with FakeDiscord() as fake:
        settings = Settings(discord_token="t", discord_api_base=fake.api_base,
                            discord_gateway_url=fake.gateway_url)
        ... start the bot ...
        await fake.wait_connected()
        await fake.dm(ANN, "5 km easy, pain 2")
        msg = await fake.wait_message(channel=fake.dm_channel(ANN))
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from aiohttp import WSMsgType, web

DISCORD_EPOCH_MS = 1_420_070_400_000
JSON = "application/json"
EPHEMERAL = 64
TIMEOUT = 10.0
EVERYONE = 2248473465835073  # the permissions every member has in the fake guild
MANAGE_CHANNELS = 1 << 4
_WEBHOOK_MESSAGE = re.compile(r"/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)")


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """discord.py parses JSON only when Content-Type is exactly application/json (no charset)."""
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": JSON},
    )


def snowflake_at(moment: datetime, sequence: int) -> int:
    ms = int(moment.timestamp() * 1000)
    return ((ms - DISCORD_EPOCH_MS) << 22) | (sequence & 0x3FFFFF)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    path: str  # below the API base, e.g. /channels/1/messages
    query: dict[str, str]
    body: Any  # parsed JSON (or payload_json of a multipart request)
    files: list[tuple[str, bytes]]
    at: float  # time.monotonic()
    status: int = 200


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    remaining: int


@dataclass
class Shard:
    ws: web.WebSocketResponse
    shard: tuple[int, int] = (0, 1)
    identified: bool = False
    sequence: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)


class FakeDiscord:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.app_id = self.new_id()
        self.bot = self._user(self.app_id, "comeback", bot=True)
        self.guild_id = self.new_id()
        self.guild_channel_id = self.new_id()
        self.coach_role_id = self.new_id()  # a role with Manage Channels: who runs teams
        self.admins: set[int] = set()  # user ids holding that role
        self.users: dict[int, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, dict[str, Any]] = {}
        self.callbacks: list[dict[str, Any]] = []  # {"interaction": id, "type": t, "data": {...}}
        self.dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.shards: list[Shard] = []
        self._failures: list[Failure] = []
        # disappear(): open connections drop, new ones are refused (and counted).
        self.gone = False
        self.refused = 0
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gw", self._gateway)
        app.router.add_get("/gw/", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def close(self) -> None:
        for shard in list(self.shards):
            await shard.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    stop = close  # the name every fake server answers to (tests/e2e/conftest.py)

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gw"

    # --- ids, users, objects --------------------------------------------------------------

    def new_id(self, at: datetime | None = None) -> int:
        return snowflake_at(at or datetime.now(UTC), next(self._ids))

    @staticmethod
    def _user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
        return {
            "id": str(user_id),
            "username": name,
            "discriminator": "0",
            "global_name": name.title(),
            "avatar": None,
            "bot": bot,
            "flags": 0,
        }

    def user(self, name: str) -> int:
        """A runner: returns their user id."""
        user_id = self.new_id()
        self.users[user_id] = self._user(user_id, name)
        return user_id

    def dm_channel(self, user_id: int) -> int:
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = self.new_id()
        return self.dm_channels[user_id]

    def _guild(self) -> dict[str, Any]:
        gid = str(self.guild_id)
        return {
            "id": gid,
            "name": "Comeback Club",
            "icon": None,
            "owner_id": str(self.app_id),  # not a runner: nobody is admin by ownership
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "features": [],
            "roles": [
                {
                    "id": gid,
                    "name": "@everyone",
                    "permissions": str(EVERYONE),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
                {
                    "id": str(self.coach_role_id),
                    "name": "coach",
                    "permissions": str(EVERYONE | MANAGE_CHANNELS),
                    "position": 1,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
            ],
            "emojis": [],
            "stickers": [],
            "channels": [self._guild_channel()],
            "threads": [],
            "members": [self._member(self.bot)],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "member_count": 1 + len(self.users),
            "large": False,
            "unavailable": False,
            "joined_at": _iso(datetime.now(UTC)),
        }

    def _guild_channel(self) -> dict[str, Any]:
        return {
            "id": str(self.guild_channel_id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": "recovery",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def make_admin(self, user_id: int) -> None:
        """Give the runner the guild's coach role (Manage Channels)."""
        self.admins.add(user_id)

    def _member(self, user: dict[str, Any]) -> dict[str, Any]:
        admin = int(user["id"]) in self.admins
        return {
            "user": user,
            "roles": [str(self.coach_role_id)] if admin else [],
            "joined_at": _iso(datetime.now(UTC)),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            # What Discord sends with an interaction: the member's permissions in the channel.
            "permissions": str(EVERYONE | (MANAGE_CHANNELS if admin else 0)),
        }

    def _dm_channel_object(self, user_id: int) -> dict[str, Any]:
        return {
            "id": str(self.dm_channel(user_id)),
            "type": 1,
            "recipients": [self.users[user_id]],
            "last_message_id": None,
        }

    def _message(
        self, channel_id: int, author: dict[str, Any], body: dict[str, Any], files: list[Any]
    ) -> dict[str, Any]:
        message_id = self.new_id()
        attachments = [
            {
                "id": str(self.new_id()),
                "filename": name,
                "size": len(content),
                "url": f"http://127.0.0.1:{self.port}/files/{name}",
                "proxy_url": f"http://127.0.0.1:{self.port}/files/{name}",
            }
            for name, content in files
        ]
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": author,
            "content": body.get("content") or "",
            "timestamp": _iso(datetime.now(UTC)),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
            "components": self._components(body.get("components") or []),
            "_files": files,  # raw bytes, for the tests; stripped before sending out
        }
        self.messages[message_id] = message
        return message

    @staticmethod
    def _components(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**row, "id": i + 1, "components": [dict(c) for c in row.get("components", [])]}
            for i, row in enumerate(rows)
        ]

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in message.items() if not k.startswith("_")}

    # --- failures -------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        times: int = 1,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next `times` calls of METHOD path (a regex, below the API base)."""
        self._failures.append(
            Failure(method, re.compile(path), status, body or {}, headers or {}, times)
        )

    def rate_limit(
        self, method: str, path: str, retry_after: float, times: int = 1, *, globally: bool = False
    ) -> None:
        """429 to the next `times` calls: one route's limit, or (`globally`) the bot's 50 a
        second, as Discord says it (X-RateLimit-Global, scope "global")."""
        headers = {
            "Retry-After": str(retry_after),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(retry_after),
            "X-RateLimit-Bucket": "fake-bucket",
            "X-RateLimit-Scope": "user",
            "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
        }
        if globally:
            headers = {"Retry-After": str(retry_after), "X-RateLimit-Global": "true",
                       "X-RateLimit-Scope": "global", "Via": "1.1 google"}  # fmt: skip
        body = {"message": "You are being rate limited.", "retry_after": retry_after,
                "global": globally}  # fmt: skip
        self.fail(method, path, 429, times, body, headers)

    def close_dms(self, times: int = 1) -> None:
        """The next message to any DM channel gets 403 "Cannot send messages to this user"."""
        dm_ids = "|".join(str(c) for c in self.dm_channels.values()) or "0"
        self.fail(
            "POST",
            rf"/channels/({dm_ids})/messages",
            403,
            times,
            {"message": "Cannot send messages to this user", "code": 50007},
        )

    def take_rights(self, channel: int | None = None) -> None:
        """The bot lost Send Messages in the channel: every post there answers 403 Missing
        Permissions (50013), until give_rights()."""
        channel = channel or self.guild_channel_id
        body = {"message": "Missing Permissions", "code": 50013}
        self.fail("POST", rf"/channels/{channel}/messages", 403, 1_000_000, body)

    def give_rights(self) -> None:
        self._failures = [f for f in self._failures if f.body.get("code") != 50013]

    # --- the guild's life (gateway events) -------------------------------------------------

    async def delete_channel(self) -> None:
        """Someone deleted the guild's channel."""
        await self.dispatch("CHANNEL_DELETE", self._guild_channel(), guild=True)

    async def kick_bot(self) -> None:
        """The bot was removed from the guild: GUILD_DELETE without `unavailable`."""
        await self.dispatch("GUILD_DELETE", {"id": str(self.guild_id)}, guild=True)

    async def member_leaves(self, user_id: int) -> None:
        """A member left the guild (sent to bots with the Server Members intent)."""
        user = self.users[user_id]
        await self.dispatch(
            "GUILD_MEMBER_REMOVE", {"guild_id": str(self.guild_id), "user": user}, guild=True
        )

    def _failure_for(self, method: str, path: str) -> Failure | None:
        for failure in self._failures:
            live = failure.method == method and failure.remaining > 0
            if live and failure.pattern.fullmatch(path):
                failure.remaining -= 1
                return failure
        return None

    # --- REST -----------------------------------------------------------------------------

    def _changed_now(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _read(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type == "multipart/form-data":
            body: Any = {}
            files: list[tuple[str, bytes]] = []
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    filename = part.filename or ""  # type: ignore[union-attr]
                    files.append((filename, bytes(await part.read())))  # type: ignore[union-attr]
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read(request)
        call = Call(request.method, path, dict(request.query), body, files, time.monotonic())
        self.calls.append(call)
        try:
            failure = self._failure_for(request.method, path)
            if failure is not None:
                call.status = failure.status
                return json_response(failure.body, status=failure.status, headers=failure.headers)
            for method, pattern, handler in self._routes:
                match = pattern.fullmatch(path)
                if method == request.method and match:
                    result = handler(
                        self, *match.groups(), body=body, files=files, query=request.query
                    )
                    if result is None:
                        call.status = 204
                        return web.Response(status=204)
                    return json_response(result)
            call.status = 404
            return json_response({"message": "404: Not Found", "code": 0}, status=404)
        finally:
            self._changed_now()

    def _gateway_info(self, **_: Any) -> dict[str, Any]:
        return {"url": self.gateway_url}

    def _gateway_bot(self, **_: Any) -> dict[str, Any]:
        return {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 1000,
                "reset_after": 0,
                "max_concurrency": 1,
            },
        }

    def _me(self, **_: Any) -> dict[str, Any]:
        return self.bot

    def _application(self, **_: Any) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "name": "Comeback",
            "icon": None,
            "description": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self._user(self.new_id(), "owner"),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": self.bot,
        }

    def _put_commands(self, app_id: str, guild_id: str | None = None, **kw: Any) -> Any:
        synced = [
            {
                **command,
                "id": str(self.new_id()),
                "application_id": app_id,
                "version": str(self.new_id()),
                "default_member_permissions": None,
                **({"guild_id": guild_id} if guild_id else {}),
            }
            for command in kw["body"]
        ]
        self.commands[int(guild_id) if guild_id else None] = synced
        return synced

    def _put_guild_commands(self, app_id: str, guild_id: str, **kw: Any) -> Any:
        return self._put_commands(app_id, guild_id, **kw)

    def _open_dm(self, **kw: Any) -> dict[str, Any]:
        user_id = int(kw["body"]["recipient_id"])
        self.users.setdefault(user_id, self._user(user_id, f"user{user_id}"))
        return self._dm_channel_object(user_id)

    def _get_member(self, guild_id: str, user_id: str, **_: Any) -> dict[str, Any]:
        user = self.users.get(int(user_id)) or self._user(int(user_id), f"user{user_id}")
        return self._member(user)

    def _get_channel(self, channel_id: str, **_: Any) -> dict[str, Any]:
        if int(channel_id) == self.guild_channel_id:
            return self._guild_channel()
        user_id = next(u for u, c in self.dm_channels.items() if c == int(channel_id))
        return self._dm_channel_object(user_id)

    def _post_message(self, channel_id: str, **kw: Any) -> dict[str, Any]:
        return self._public(self._message(int(channel_id), self.bot, kw["body"] or {}, kw["files"]))

    def _history(self, channel_id: str, **kw: Any) -> list[dict[str, Any]]:
        """A channel's messages after `after` (the `limit` oldest of them), newest first, as
        Discord answers a history request."""
        query = kw.get("query") or {}
        after, limit = int(query.get("after", 0)), int(query.get("limit", 50))
        found = sorted(
            (m for m in self.messages.values()
             if m["channel_id"] == channel_id and int(m["id"]) > after),
            key=lambda m: int(m["id"]),
        )[:limit]  # fmt: skip
        return [self._public(m) for m in reversed(found)]

    def _edit_message(self, channel_id: str, message_id: str, **kw: Any) -> dict[str, Any]:
        message = self.messages[int(message_id)]
        self._apply_edit(message, kw["body"] or {})
        return self._public(message)

    def _apply_edit(self, message: dict[str, Any], body: dict[str, Any]) -> None:
        if "content" in body:
            message["content"] = body["content"] or ""
        if "components" in body:
            message["components"] = self._components(body["components"] or [])
        message["edited_timestamp"] = _iso(datetime.now(UTC))

    def _callback(self, interaction_id: str, token: str, **kw: Any) -> dict[str, Any]:
        body = kw["body"] or {}
        kind, data = int(body["type"]), body.get("data") or {}
        interaction = self.interactions[int(interaction_id)]
        self.callbacks.append({"interaction": int(interaction_id), "type": kind, "data": data})
        message: dict[str, Any] | None = None
        if kind in (4, 5):  # a message, or "thinking…"
            channel_id = int(interaction["channel_id"])
            message = self._message(channel_id, self.bot, data, kw["files"])
            message["_interaction"] = int(interaction_id)
            message["_loading"] = kind == 5
            interaction["_original"] = int(message["id"])
        elif kind == 7:  # update the message the button was on
            message = self.messages[int(interaction["message"]["id"])]
            self._apply_edit(message, data)
        response: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": interaction["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": {"type": kind},
        }
        if message is not None:
            response["resource"]["message"] = self._public(message)
        return response

    def _interaction_by_token(self, token: str) -> dict[str, Any]:
        return next(i for i in self.interactions.values() if i["token"] == token)

    def _followup(self, app_id: str, token: str, **kw: Any) -> dict[str, Any]:
        interaction = self._interaction_by_token(token)
        channel_id = int(interaction["channel_id"])
        message = self._message(channel_id, self.bot, kw["body"] or {}, kw["files"])
        message["_interaction"] = int(interaction["id"])
        message["_followup"] = True
        return self._public(message)

    def _original(self, token: str) -> dict[str, Any]:
        return self.messages[self._interaction_by_token(token)["_original"]]

    def _edit_webhook_message(self, app_id: str, token: str, which: str, **kw: Any) -> Any:
        message = self._original(token) if which == "@original" else self.messages[int(which)]
        self._apply_edit(message, kw["body"] or {})
        return self._public(message)

    def _delete_webhook_message(self, app_id: str, token: str, which: str, **kw: Any) -> None:
        message = self._original(token) if which == "@original" else self.messages[int(which)]
        message["_deleted"] = True

    def _get_webhook_message(self, app_id: str, token: str, which: str, **kw: Any) -> Any:
        message = self._original(token) if which == "@original" else self.messages[int(which)]
        return self._public(message)

    _routes: ClassVar[list[tuple[str, re.Pattern[str], Callable[..., Any]]]] = [
        ("GET", re.compile(r"/gateway"), _gateway_info),
        ("GET", re.compile(r"/gateway/bot"), _gateway_bot),
        ("GET", re.compile(r"/users/@me"), _me),
        ("GET", re.compile(r"/oauth2/applications/@me"), _application),
        ("GET", re.compile(r"/applications/@me"), _application),
        ("PUT", re.compile(r"/applications/(\d+)/commands"), _put_commands),
        ("PUT", re.compile(r"/applications/(\d+)/guilds/(\d+)/commands"), _put_guild_commands),
        ("POST", re.compile(r"/users/@me/channels"), _open_dm),
        ("GET", re.compile(r"/guilds/(\d+)/members/(\d+)"), _get_member),
        ("GET", re.compile(r"/channels/(\d+)"), _get_channel),
        ("POST", re.compile(r"/channels/(\d+)/messages"), _post_message),
        ("GET", re.compile(r"/channels/(\d+)/messages"), _history),
        ("PATCH", re.compile(r"/channels/(\d+)/messages/(\d+)"), _edit_message),
        ("POST", re.compile(r"/interactions/(\d+)/([^/]+)/callback"), _callback),
        ("POST", re.compile(r"/webhooks/(\d+)/([^/]+)"), _followup),
        ("PATCH", _WEBHOOK_MESSAGE, _edit_webhook_message),
        ("DELETE", _WEBHOOK_MESSAGE, _delete_webhook_message),
        ("GET", _WEBHOOK_MESSAGE, _get_webhook_message),
    ]

    # --- gateway --------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        if self.gone:  # the gateway is down: every reconnect attempt is refused
            self.refused += 1
            self._changed_now()
            raise web.HTTPServiceUnavailable()
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        shard = Shard(ws)
        self.shards.append(shard)
        await self._send(shard, {"op": 10, "d": {"heartbeat_interval": 41250}})
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                await self._on_gateway(shard, json.loads(frame.data))
        finally:
            self.shards.remove(shard)
            self._changed_now()
        return ws

    async def _send(self, shard: Shard, payload: dict[str, Any]) -> None:
        if payload["op"] == 0:
            shard.sequence += 1
            payload = {**payload, "s": shard.sequence}
        else:
            payload = {"s": None, "t": None, **payload}
        shard.sent.append(payload)
        await shard.ws.send_str(json.dumps(payload))

    def _owns_guild(self, shard: Shard) -> bool:
        shard_id, count = shard.shard
        return (self.guild_id >> 22) % count == shard_id

    async def _on_gateway(self, shard: Shard, message: dict[str, Any]) -> None:
        op, data = message.get("op"), message.get("d")
        if op == 1:
            self.heartbeats += 1
            await self._send(shard, {"op": 11})
        elif op == 2:
            self.identifies.append(data)
            shard.shard = tuple(data.get("shard") or (0, 1))  # type: ignore[assignment]
            owned = self._owns_guild(shard)
            guilds = [{"id": str(self.guild_id), "unavailable": True}] if owned else []
            ready = {
                "v": 10,
                "user": self.bot,
                "guilds": guilds,
                "session_id": f"session-{len(self.identifies)}",
                "resume_gateway_url": self.gateway_url,
                "application": {"id": str(self.app_id), "flags": 0},
                "shard": list(shard.shard),
                "private_channels": [],
                "relationships": [],
            }
            await self._send(shard, {"op": 0, "t": "READY", "d": ready})
            if guilds:
                await self._send(shard, {"op": 0, "t": "GUILD_CREATE", "d": self._guild()})
            shard.identified = True
            self._changed_now()
        elif op == 6:
            self.resumes.append(data)
            await self._send(shard, {"op": 0, "t": "RESUMED", "d": {}})
            shard.identified = True
            self._changed_now()

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway connection as Discord does when it wants a RESUME."""
        for shard in list(self.shards):
            shard.identified = False
            await shard.ws.close(code=code)

    async def disappear(self) -> None:
        """The gateway goes away: open connections drop, new ones are refused (503)."""
        self.gone = True
        for shard in list(self.shards):
            shard.identified = False
            transport = shard.ws._req.transport if shard.ws._req else None
            if transport is not None:
                transport.abort()

    async def dispatch(self, event: str, data: dict[str, Any], *, guild: bool = False) -> None:
        """Push a gateway event to the (first identified) shard that should see it."""
        shard = next(s for s in self.shards if s.identified and (not guild or self._owns_guild(s)))
        await self._send(shard, {"op": 0, "t": event, "d": data})

    # --- driving the bot ------------------------------------------------------------------

    async def dm(self, user_id: int, text: str, at: datetime | None = None) -> int:
        """The runner writes to the bot in a DM; returns the message id."""
        message_id = self.new_id(at)
        channel_id = self.dm_channel(user_id)
        data = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": self.users[user_id],
            "content": text,
            "timestamp": _iso(at or datetime.now(UTC)),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        self.messages[message_id] = {**data, "_files": []}  # in the channel's history too
        await self.dispatch("MESSAGE_CREATE", data)
        return message_id

    def _interaction(
        self, kind: int, user_id: int, data: dict[str, Any], guild: bool, at: datetime | None
    ) -> dict[str, Any]:
        interaction_id = self.new_id(at)
        interaction: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "data": data,
            "token": f"token-{interaction_id}-" + "x" * 40,
            "version": 1,
            "app_permissions": "2248473465835073",
            "locale": "en-GB",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id if guild else user_id)},
            "attachment_size_limit": 26_214_400,
        }
        if guild:
            interaction.update(
                guild_id=str(self.guild_id),
                channel_id=str(self.guild_channel_id),
                channel=self._guild_channel(),
                member=self._member(self.users[user_id]),
                guild_locale="en-GB",
                guild={"id": str(self.guild_id), "locale": "en-GB", "features": []},
                context=0,
            )
        else:
            interaction.update(
                channel_id=str(self.dm_channel(user_id)),
                channel=self._dm_channel_object(user_id),
                user=self.users[user_id],
                context=1,
            )
        self.interactions[interaction_id] = interaction
        return interaction

    def command_id(self, name: str, guild: bool = False) -> str:
        for scope in (self.guild_id, None) if guild else (None, self.guild_id):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return str(command["id"])
        raise KeyError(f"command /{name} was not synced")

    async def slash(
        self,
        user_id: int,
        name: str,
        text: str | None = None,
        *,
        guild: bool = False,
        at: datetime | None = None,
    ) -> int:
        """The runner uses /name [text] in their DM (or in the guild channel); returns the id."""
        data: dict[str, Any] = {"id": self.command_id(name, guild), "name": name, "type": 1}
        if text is not None:
            data["options"] = [{"name": "text", "type": 3, "value": text}]
        if guild:
            data["guild_id"] = str(self.guild_id)
        interaction = self._interaction(2, user_id, data, guild, at)
        await self.dispatch("INTERACTION_CREATE", interaction, guild=guild)
        return int(interaction["id"])

    async def press(
        self, user_id: int, message_id: int, label: str, at: datetime | None = None
    ) -> int:
        """The runner presses the button labelled `label` on a message; returns the id."""
        message = self.messages[message_id]
        custom_id = next(
            c["custom_id"]
            for row in message["components"]
            for c in row["components"]
            if c.get("label") == label
        )
        guild = message["channel_id"] == str(self.guild_channel_id)
        data = {"custom_id": custom_id, "component_type": 2}
        interaction = self._interaction(3, user_id, data, guild, at)
        interaction["message"] = self._public(message)
        await self.dispatch("INTERACTION_CREATE", interaction, guild=guild)
        return int(interaction["id"])

    # --- waiting and reading ----------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], within: float = TIMEOUT) -> Any:
        """Wait until predicate() (or its awaited result) is truthy. Re-checked whenever the
        fake sees traffic, and every 50 ms for work that makes none (a database write)."""
        async with asyncio.timeout(within):
            while True:
                changed = self._changed
                result = predicate()
                if inspect.isawaitable(result):
                    result = await result
                if result:
                    return result
                # Client-side work can finish without traffic; re-check now and then too.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), 0.05)

    async def wait_connected(self, shards: int = 1) -> None:
        await self.wait_for(lambda: sum(s.identified for s in self.shards) >= shards)

    def bot_messages(self, channel: int | None = None) -> list[dict[str, Any]]:
        return [
            m
            for m in self.messages.values()
            if m["author"]["id"] == self.bot["id"]
            and (channel is None or m["channel_id"] == str(channel))
            and not m.get("_loading")
            and not m.get("_deleted")
        ]

    async def wait_message(
        self, channel: int | None = None, after: int = 0, within: float = TIMEOUT
    ) -> dict[str, Any]:
        """The first bot message in `channel` with an id greater than `after`."""

        def found() -> dict[str, Any] | None:
            return next((m for m in self.bot_messages(channel) if int(m["id"]) > after), None)

        result: dict[str, Any] = await self.wait_for(found, within)
        return result

    async def wait_messages(
        self, count: int, channel: int | None = None, after: int = 0
    ) -> list[dict[str, Any]]:
        def found() -> list[dict[str, Any]] | None:
            new = [m for m in self.bot_messages(channel) if int(m["id"]) > after]
            return new if len(new) >= count else None

        result: list[dict[str, Any]] = await self.wait_for(found)
        return result

    def last_id(self) -> int:
        """A watermark: messages created after this call have larger ids."""
        return self.new_id()

    @staticmethod
    def labels(message: dict[str, Any]) -> list[str]:
        return [c.get("label", "") for row in message["components"] for c in row["components"]]

    def calls_to(self, method: str, path: str) -> list[Call]:
        pattern = re.compile(path)
        return [c for c in self.calls if c.method == method and pattern.fullmatch(c.path)]
