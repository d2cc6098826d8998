"""A small fake Telegram Bot API server (aiohttp, 127.0.0.1, random port).

It speaks just enough of the Bot API for a real python-telegram-bot Application to poll it, send
messages, photos and documents, edit messages and answer callback queries. Tests drive it like a
transcript:

    alice = tg.user("Alice")
    await tg.user_says(alice, "/start")
    msg = await tg.bot_reply(alice)
    await tg.press(alice, msg.buttons[0][0])

A message the bot edits into a new keyboard (the next question, in place of the one pressed)
is read like a new message: `tg.bot_reply` returns it (same message id, the new text and
buttons); an edit that only drops a keyboard (the ✓ of an answered question) is not.

Every call is recorded (`tg.calls`); `tg.fail_next(method, status, ...)` answers the next calls of
a method with an error (429 with retry_after, 403 Forbidden, 502 Bad Gateway, ...).
`tg.never_started(user)`: the user never opened a private chat with the bot, so every send to it
is refused (403), as Telegram does, until the user writes to the bot in private.
`tg.make_admin(group, user)`: getChatMember answers "administrator" (or "creator") for them.
A group's life: `tg.bot_removed(group)` (a my_chat_member update), `tg.member_left(group,
user)` (a chat_member update, or the left_chat_member service message), and
`tg.take_rights(group)`: every send there answers 400 "not enough rights", until
`tg.give_rights(group)`.
`tg.hold(method)`: calls of that method are recorded and never answered (nor carried out), as
when the connection to Telegram hangs; `tg.release(method)` lets later calls through again.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

JSON_FIELDS = {
    "reply_markup",
    "commands",
    "allowed_updates",
    "entities",
    "caption_entities",
    "scope",
    "link_preview_options",
    "reply_parameters",
    "media",
}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id"}
SENDS = {"sendMessage", "sendPhoto", "sendDocument"}
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            out["username"] = self.username
        if self.last_name:
            out["last_name"] = self.last_name
        return out


@dataclass(frozen=True)
class FakeChat:
    id: int
    type: str  # "private" | "group" | "supergroup"
    title: str | None = None
    first_name: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            out["title"] = self.title
        if self.first_name:
            out["first_name"] = self.first_name
        return out


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    status: int = 200
    at: float = field(default_factory=time.monotonic)


@dataclass
class BotMessage:
    """A message the bot sent, as it was when sent (edits update the server copy only)."""

    chat_id: int
    message_id: int
    method: str
    text: str
    buttons: list[list[str]]  # labels, row by row
    data: list[list[str]]  # callback_data, row by row
    file: tuple[str, bytes] | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label in row]


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None = None


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token-do-not-log", username: str = "ComebackBot"):
        self.token = token
        self.bot = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "Comeback",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._sent: dict[int, list[BotMessage]] = defaultdict(list)
        self._read: dict[int, int] = defaultdict(int)
        self._failures: dict[str, list[_Failure]] = defaultdict(list)
        self.pushed: list[dict[str, Any]] = []  # every update the users sent, in order
        self._garbled: dict[str, list[bytes]] = defaultdict(list)  # raw 200 bodies to answer
        self._not_started: set[int] = set()  # private chats the bot may not write to first
        self._no_rights: set[int] = set()  # groups where the bot may not send messages
        self._held: set[str] = set()
        self._users: dict[int, FakeUser] = {}
        self._statuses: dict[tuple[int, int], str] = {}  # (chat, user) -> getChatMember status
        self._changed = asyncio.Condition()
        self._user_ids = itertools.count(1001)
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0
        self._closing = False

    # ---- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        web_app = web.Application()
        web_app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(web_app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._client:
            await self._client.close()
        if self._runner:
            await self._runner.cleanup()

    # ---- people ----------------------------------------------------------------------------

    def user(
        self, first_name: str, id: int | None = None, last_name: str | None = None
    ) -> FakeUser:
        username = first_name.lower()[:32]  # Telegram's own limit
        user = FakeUser(id or next(self._user_ids), first_name, username, last_name)
        self._users[user.id] = user
        return user

    def make_admin(self, chat: FakeChat, user: FakeUser, status: str = "administrator") -> None:
        """`status`: "administrator" or "creator" (the group's owner)."""
        self._statuses[(chat.id, user.id)] = status

    def group(self, title: str, id: int = -100123) -> FakeChat:
        return FakeChat(id, "supergroup", title=title)

    @staticmethod
    def private(user: FakeUser) -> FakeChat:
        return FakeChat(user.id, "private", first_name=user.first_name)

    def never_started(self, user: FakeUser) -> None:
        """The user never pressed Start: the bot cannot write to them until they write first."""
        self._not_started.add(user.id)

    def take_rights(self, chat: FakeChat) -> None:
        """The group's admins took the bot's right to send messages."""
        self._no_rights.add(chat.id)

    def give_rights(self, chat: FakeChat) -> None:
        self._no_rights.discard(chat.id)

    async def bot_removed(self, chat: FakeChat, by: FakeUser) -> None:
        """Someone removed the bot from the group: Telegram's my_chat_member update."""
        bot = {k: v for k, v in self.bot.items() if k in ("id", "is_bot", "first_name", "username")}
        await self._push({"my_chat_member": self._member_update(chat, by, bot, "member", "left")})

    async def member_left(self, chat: FakeChat, user: FakeUser, *, service: bool = False) -> None:
        """A member left the group: a chat_member update (what an admin bot gets), or with
        `service` the left_chat_member message small groups show."""
        if service:
            message = {
                "message_id": next(self._message_ids[chat.id]), "date": int(time.time()),
                "chat": chat.as_json(), "from": user.as_json(),
                "left_chat_member": user.as_json(),
            }  # fmt: skip
            await self._push({"message": message})
            return
        update = self._member_update(chat, user, user.as_json(), "member", "left")
        await self._push({"chat_member": update})

    @staticmethod
    def _member_update(
        chat: FakeChat, by: FakeUser, who: dict[str, Any], old: str, new: str
    ) -> dict[str, Any]:
        return {
            "chat": chat.as_json(), "from": by.as_json(), "date": int(time.time()),
            "old_chat_member": {"user": who, "status": old},
            "new_chat_member": {"user": who, "status": new},
        }  # fmt: skip

    # ---- the user side ---------------------------------------------------------------------

    async def user_says(
        self, user: FakeUser, text: str, chat: FakeChat | None = None
    ) -> dict[str, Any]:
        chat = chat or self.private(user)
        if chat.type == "private":
            self._not_started.discard(chat.id)  # writing to the bot opens the private chat
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat.id]),
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": user.as_json(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self._messages[(chat.id, message["message_id"])] = message
        await self._push({"message": message})
        return message

    async def press(
        self,
        user: FakeUser,
        label: str,
        on: BotMessage | None = None,
        as_sent: bool = False,
    ) -> str:
        """Press the button with `label` (or that callback_data) on `on` (default: the latest bot
        message with buttons in the user's private chat). The query carries the server's current
        copy of the message, as Telegram does, unless `as_sent` (a double tap racing the edit)."""
        on = on or self.last_keyboard(user.id)
        for row_labels, row_data in zip(on.buttons, on.data, strict=True):
            for shown, data in zip(row_labels, row_data, strict=True):
                if label in (shown, data):
                    return await self.press_data(user, data, on, as_sent)
        raise AssertionError(f"no button {label!r} on {on.labels} / {on.data}")

    async def press_data(
        self,
        user: FakeUser,
        data: str,
        on: BotMessage,
        as_sent: bool = False,
        inaccessible: bool = False,
    ) -> str:
        """Send a callback query with any `data` (a forged one, too). `inaccessible`: the message
        is too old for Telegram to include (an InaccessibleMessage, date 0)."""
        current = self._messages[(on.chat_id, on.message_id)]
        if inaccessible:
            current = {"chat": current["chat"], "message_id": on.message_id, "date": 0}
        query_id = hashlib.sha1(f"{user.id}:{on.message_id}:{time.time_ns()}".encode()).hexdigest()
        query = {
            "id": query_id[:16],
            "from": user.as_json(),
            "chat_instance": f"ci{on.chat_id}",
            "message": on.raw if as_sent else current,
            "data": data,
        }
        await self._push({"callback_query": query})
        return query["id"]

    def last_keyboard(self, chat_id: int) -> BotMessage:
        for message in reversed(self._sent[chat_id]):
            if message.buttons:
                return message
        raise AssertionError(f"no message with buttons in chat {chat_id}")

    # ---- the bot side, as seen by a test ---------------------------------------------------

    async def bot_reply(self, to: FakeUser | FakeChat | int, within: float = 10) -> BotMessage:
        """The next message the bot sent to this chat that the test has not read yet."""
        chat_id = to if isinstance(to, int) else to.id

        def unread() -> bool:
            return len(self._sent[chat_id]) > self._read[chat_id]

        await self.wait_until(unread, within, f"a bot message in chat {chat_id}")
        message = self._sent[chat_id][self._read[chat_id]]
        self._read[chat_id] += 1
        return message

    def unread(self, to: FakeUser | FakeChat | int) -> list[BotMessage]:
        chat_id = to if isinstance(to, int) else to.id
        return self._sent[chat_id][self._read[chat_id] :]

    def sent_to(self, to: FakeUser | FakeChat | int) -> list[BotMessage]:
        """Every message the bot sent to this chat, read or not."""
        chat_id = to if isinstance(to, int) else to.id
        return list(self._sent[chat_id])

    def current(self, message: BotMessage) -> dict[str, Any]:
        """The server's copy of a message (after edits)."""
        return self._messages[(message.chat_id, message.message_id)]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for_call(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda c: True,
        within: float = 10,
    ) -> Call:
        found: list[Call] = []

        def seen() -> bool:
            found[:] = [c for c in self.calls_of(method) if where(c)]
            return bool(found)

        await self.wait_until(seen, within, f"a call to {method}")
        return found[0]

    async def wait_until(self, condition: Callable[[], bool], within: float, what: str) -> None:
        try:
            async with asyncio.timeout(within), self._changed:
                await self._changed.wait_for(condition)
        except TimeoutError:
            raise AssertionError(f"timed out after {within}s waiting for {what}") from None

    def hold(self, method: str) -> None:
        self._held.add(method)

    def release(self, method: str) -> None:
        self._held.discard(method)

    def fail_next(
        self,
        method: str,
        status: int,
        description: str = "",
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        defaults = {
            400: "Bad Request",
            403: "Forbidden: bot was blocked by the user",
            429: f"Too Many Requests: retry after {retry_after}",
            502: "Bad Gateway",
        }
        failure = _Failure(status, description or defaults.get(status, "Error"), retry_after)
        self._failures[method].extend([failure] * times)

    async def push_raw(self, update: dict[str, Any]) -> None:
        """Queue an update as given (it gets an update_id): one PTB may not be able to read."""
        await self._push(update)

    def garble_next(self, method: str, body: bytes, times: int = 1) -> None:
        """Answer the next `method` calls with status 200 and this raw body (a proxy that
        mangles the answer, or an update PTB cannot parse)."""
        self._garbled[method].extend([body] * times)

    def confirmed_below(self) -> int:
        """Updates with an id below this were confirmed by the bot (a getUpdates offset moved
        past them): they will never be delivered again."""
        offsets = [int(c.params.get("offset") or 0) for c in self.calls_of("getUpdates")]
        return max(offsets, default=0)

    # ---- internals -------------------------------------------------------------------------

    async def _push(self, update: dict[str, Any]) -> None:
        update = {"update_id": next(self._update_ids), **update}
        self.pushed.append(update)
        if self.webhook:
            self._client = self._client or aiohttp.ClientSession()
            headers = {}
            if self.webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
            async with asyncio.timeout(60):  # like Telegram, retry until the bot listens (again)
                while True:
                    try:
                        async with self._client.post(
                            self.webhook["url"], json=update, headers=headers
                        ) as r:
                            assert r.status == 200, f"webhook answered {r.status}"
                            return
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.05)
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await _parse(request)
        call = Call(method, params, files)
        if method in self._held:
            call.status = 0  # never answered
            await self._record(call)
            async with self._changed:
                await self._changed.wait_for(lambda: self._closing)
            return _error(502, "Bad Gateway")
        if self._garbled.get(method):
            await self._record(call)
            return web.Response(body=self._garbled[method].pop(0), content_type="application/json")
        failures = self._failures.get(method)
        if failures:
            failure = failures.pop(0)
            call.status = failure.status
            await self._record(call)
            extra = {"retry_after": failure.retry_after} if failure.retry_after else None
            return _error(failure.status, failure.description, extra)
        if method in SENDS and params.get("chat_id") in self._no_rights:
            call.status = 400
            await self._record(call)
            return _error(400, "Bad Request: not enough rights to send text messages to the chat")
        if method in SENDS and params.get("chat_id") in self._not_started:
            call.status = 403
            await self._record(call)
            return _error(403, "Forbidden: bot can't initiate conversation with a user")
        if method == "getUpdates":
            await self._record(call)
            result: Any = await self._get_updates(params)
            return _ok(result)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            await self._record(call)
            return _error(404, f"Not Found: method {method} not faked")
        try:
            result = handler(params, files)
        except _ApiError as exc:
            call.status = 400
            await self._record(call)
            return _error(400, str(exc))
        await self._record(call)
        return _ok(result)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        async with self._changed:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]

            def pending() -> list[dict[str, Any]]:
                return [u for u in self._updates if u["update_id"] >= offset][:limit]

            if not pending() and timeout > 0:
                try:
                    async with asyncio.timeout(timeout):
                        await self._changed.wait_for(lambda: self._closing or bool(pending()))
                except TimeoutError:
                    pass
            return pending()

    def _bot_message(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = params.get("text")
        if method == "sendMessage" and not text:
            raise _ApiError("Bad Request: message text is empty")
        if text and len(text) > 4096:
            raise _ApiError("Bad Request: message is too long")
        chat = (
            {"id": chat_id, "type": "private", "first_name": "Runner"}
            if chat_id > 0
            else {"id": chat_id, "type": "supergroup", "title": "Group"}
        )
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot,
        }
        if text is not None:
            message["text"] = text
        if params.get("caption"):
            message["caption"] = params["caption"]
        markup = params.get("reply_markup")
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        file = None
        if method == "sendPhoto":
            file = files.get("photo")
            message["photo"] = [_file_json("photo", file, width=800, height=600)]
        elif method == "sendDocument":
            file = files.get("document")
            doc = _file_json("document", file)
            doc["file_name"] = file[0] if file else "file"
            message["document"] = doc
        self._messages[(chat_id, message["message_id"])] = message
        shown = text or params.get("caption") or ""
        self._sent[chat_id].append(_as_read(method, message, shown, markup, file))
        return message

    def _edit(self, params: dict[str, Any], text: str | None) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self._messages:
            raise _ApiError("Bad Request: message to edit not found")
        message = self._messages[key]
        markup = params.get("reply_markup")
        new = dict(message)
        if text is not None:
            new["text"] = text
        new.pop("reply_markup", None)
        if markup and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        if new == message:
            raise _ApiError(
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message"
            )
        new["edit_date"] = int(time.time())
        self._messages[key] = new
        if "reply_markup" in new:  # a new question in place of the old: the runner reads it
            self._sent[key[0]].append(_as_read("editMessageText", new, new.get("text", ""), markup))
        return new

    # Bot API methods: _api_<method>(params, files) -> result

    def _api_getMe(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self.bot

    def _api_sendMessage(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self._bot_message("sendMessage", params, files)

    def _api_sendPhoto(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self._bot_message("sendPhoto", params, files)

    def _api_sendDocument(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self._bot_message("sendDocument", params, files)

    def _api_editMessageText(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self._edit(params, params["text"])

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self._edit(params, None)

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> bool:
        return True

    def _api_sendChatAction(self, params: dict[str, Any], files: Any) -> bool:
        return True

    def _api_setMyCommands(self, params: dict[str, Any], files: Any) -> bool:
        self.commands = params.get("commands", [])
        return True

    def _api_getMyCommands(self, params: dict[str, Any], files: Any) -> list[dict[str, Any]]:
        return self.commands

    def _api_deleteWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook = None
        return True

    def _api_setWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    def _api_getChat(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if chat_id in self._not_started:  # a private chat that was never opened
            raise _ApiError("Bad Request: chat not found")
        if chat_id > 0:
            return {
                "id": chat_id,
                "type": "private",
                "first_name": "Runner",
                "accent_color_id": 0,
                "max_reaction_count": 11,
            }
        return {
            "id": chat_id,
            "type": "supergroup",
            "title": "Group",
            "accent_color_id": 0,
            "max_reaction_count": 11,
        }

    def _api_getChatMember(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        user = self._users.get(user_id)
        if user is None:
            raise _ApiError("Bad Request: user not found")
        status = self._statuses.get((chat_id, user_id), "member")
        member: dict[str, Any] = {"status": status, "user": user.as_json()}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(dict.fromkeys(ADMIN_RIGHTS, True), can_be_edited=False)
            member["is_anonymous"] = False
        return member

    def _api_close(self, params: dict[str, Any], files: Any) -> bool:
        return True

    def _api_logOut(self, params: dict[str, Any], files: Any) -> bool:
        return True


def _as_read(
    method: str,
    message: dict[str, Any],
    text: str,
    markup: dict[str, Any] | None,
    file: tuple[str, bytes] | None = None,
) -> BotMessage:
    keyboard = (markup or {}).get("inline_keyboard", [])
    return BotMessage(
        chat_id=message["chat"]["id"],
        message_id=message["message_id"],
        method=method,
        text=text,
        buttons=[[b["text"] for b in row] for row in keyboard],
        data=[[b.get("callback_data", "") for b in row] for row in keyboard],
        file=file,
        raw=json.loads(json.dumps(message)),
    )


class _ApiError(Exception):
    pass


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def _file_json(kind: str, file: tuple[str, bytes] | None, **extra: Any) -> dict[str, Any]:
    content = file[1] if file else b""
    digest = hashlib.sha1(content).hexdigest()
    return {
        "file_id": f"{kind}-{digest}",
        "file_unique_id": digest[:16],
        "file_size": len(content),
        **extra,
    }


async def _parse(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        params = await request.json() if request.can_read_body else {}
    elif request.can_read_body:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = (value.filename, value.file.read())
            else:
                params[name] = value
    params.update({k: v for k, v in request.query.items() if k not in params})
    for name in JSON_FIELDS & params.keys():
        if isinstance(params[name], str):
            params[name] = json.loads(params[name])
    for name in INT_FIELDS & params.keys():
        value = params[name]
        if isinstance(value, str) and value.lstrip("-").isdigit():
            params[name] = int(value)
    return params, files
