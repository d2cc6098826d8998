"""The platform contract: what every chat platform adapter is, and the jobs they share.

Modelled on errbot's Backend: the shell asks a `Platform` to `send` replies and to decide where
a reply goes (`destination`, errbot's `build_reply(private=...)`); the adapter only translates
neutral values to its platform's calls and its platform's errors to neutral ones.

Adding a third platform (say Slack) means one subclass of `Platform` and an event translator:

1. Class facts: `name` (the ConversationKey.platform string), `text_limit` (characters in one
   message), `menu_description_limit`, `choice_mark` (shown before a pressed answer), and
   `prompts_go_private` (True where the bot cannot show one runner a private message inside a
   group outside of an answer, so a scheduled prompt for a group conversation goes to a DM);
   `limits(settings)`, the send rates the scheduler keeps to.
2. Keys: build every ConversationKey so that a private conversation has `chat == user` (the user
   id, even where the platform's DM channel has its own id); a group conversation has the group's
   chat id. `is_group(key)` and `destination` rely on this and nothing else.
3. `post(destination, reply)`: one reply into platform calls. Split the text with `self.split`,
   put the buttons on the last text piece (a press edits that text), return what was posted
   (`Posted`, in order).
   Translate failures: the user blocked the bot or closed DMs -> `Unreachable`; the user never
   opened a private chat (a bot may not write first) -> `NotStarted`; a rate limit or a network
   failure after your own retries -> `RetryLater(seconds)`. Anything else is a bug: let it raise.
4. `open_private_chat(user)`, `is_admin(chat, user)` and `deep_link(payload)` for teams.
5. Incoming: translate updates to `bot.core.types.Event`, call `app.handle`, wrap the wait in
   `still_working(...)` with your platform's indicator, echo a pressed answer with `self.echo`,
   and hand the replies to `deliver`. Register the command menu from `self.menu()`.
6. Tests: a fake server for the platform's API with `start()`/`stop()`, served by the `serve`
   fixture in tests/e2e/conftest.py; the shared jobs are tested once, on tests/fakes/platform.py.

Shared here, so no adapter writes them again: splitting long text, where a reply goes (a private
reply in a group goes to the runner's own chat), the command menu, the pressed-answer echo, the
"still working" indicator, marking a blocked runner unreachable, and proactive sends (the
`bot.delivery.Sender` the scheduler uses) with their error mapping.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Protocol, TypeVar

from bot.core.commands import COMMANDS
from bot.core.types import ConversationKey, Event, Reply
from bot.delivery import NotStarted, RetryLater, Unreachable
from bot.metrics import REPLIES, SEND_ERRORS, send_error_kind
from bot.settings import Settings
from bot.text import text
from messages.replies import reply_text

log = logging.getLogger("bot.adapters")
T = TypeVar("T")


class CoachApp(Protocol):
    """The part of bot.app.App an adapter needs (a port: the real App fits it)."""

    async def handle(self, event: Event) -> list[Reply]: ...

    async def mark_unreachable(self, platform: str, user: str) -> None: ...


class Where(Enum):
    HERE = "here"  # the conversation's own chat
    PRIVATE = "private"  # the runner's own private chat, away from the group they wrote in
    ELSEWHERE = "elsewhere"  # another chat the reply names (`Reply.to`: a team announcement)


@dataclass(frozen=True, slots=True)
class Destination:
    """Where one reply goes. `chat` is a chat id, except for a private chat, where it is the
    user's id (the adapter opens the DM: on some platforms a DM channel has its own id)."""

    where: Where
    chat: str

    @property
    def private(self) -> bool:
        return self.where is Where.PRIVATE


@dataclass(frozen=True, slots=True)
class Posted:
    """One platform message we sent."""

    chat: str
    id: str
    has_buttons: bool = False


@dataclass(frozen=True, slots=True)
class MenuEntry:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class SendLimits:
    """How fast a bot may send on the platform: overall, and in one group chat."""

    per_second: float
    group_per_minute: float | None = None
    paid: bool = False  # a paid rate (Telegram's paid broadcasts), apart from the free one


@dataclass(frozen=True, slots=True)
class GroupOrigin:
    """A personal command typed in a group and answered in the runner's private chat: the group,
    and how to address the runner there if that private chat is closed."""

    chat: str
    name: str


DEFAULT_RATE = 30.0  # sends a second, for a platform that declares none
OPEN_PRIVATE_CHAT = "telegram.open_private_chat"  # catalog key: "{name}, open a chat with me"


def split_text(body: str, limit: int) -> list[str]:
    """Cut a long text so each piece fits one message: at a paragraph break, else a line break,
    else a space, else hard at the limit. An empty text is no pieces."""
    pieces: list[str] = []
    rest = body
    while len(rest) > limit:
        for boundary in ("\n\n", "\n", " "):
            cut = rest.rfind(boundary, 0, limit)
            if cut > 0:
                break
        else:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def echo_choice(question: str, label: str, mark: str, limit: int) -> str:
    """The question after a button was pressed: the question, then the chosen answer. A question
    too long for the answer to fit is cut, so the answer always shows."""
    choice = f"{mark} {label}".strip()
    if not question:
        return choice[:limit]
    room = limit - len(choice) - 2
    return f"{question[: max(room, 0)].rstrip()}\n\n{choice}"[:limit]


def split_answered(body: str, mark: str) -> tuple[str, str]:
    """A question message turned into the next question in place reads: each question answered
    so far with a line `<mark> <choice>` under it, then the open question. Returns (what was
    answered, the open question); ("", body) for a message not edited that way."""
    line = body.rfind(f"\n{mark} ")
    end = body.find("\n\n", line + 1) if line >= 0 else -1
    if end < 0:
        return "", body
    return body[: end + 2], body[end + 2 :]


def next_in_place(
    pressed: str, choice: str, question: str, mark: str, limit: int, *, again: bool
) -> str | None:
    """The pressed question's message turned into the next question: everything it said, the
    choice under the pressed question, then `question`. `again`: the same question asked again
    (a multi-choice shows the tick on its buttons), in place of the open one. None when it does
    not fit one message."""
    if again:
        body = split_answered(pressed, mark)[0] + question
    else:
        body = f"{pressed}\n{mark} {choice}\n\n{question}"
    return body if len(body) <= limit else None


def described(key: str, fallback: str, limit: int) -> str:
    """A catalog sentence for a menu (`command.<name>`), cut to `limit`; else the fallback."""
    try:
        sentence = reply_text(Reply((text(key),)))
    except KeyError:
        return fallback
    return sentence[:limit] or fallback


async def still_working(
    work: Awaitable[T],
    show: Callable[[], Awaitable[object]],
    *,
    after: float,
    every: float | None = None,
) -> T:
    """Await `work`; if it takes longer than `after` seconds, call `show` (a typing action, an
    interaction's "thinking…"), and again every `every` seconds while it lasts (None: once)."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=after)
        while not done:
            await show()
            if every is None:
                return await task
            done, _ = await asyncio.wait({task}, timeout=every)
        return task.result()
    finally:
        task.cancel()


async def unless_stopped(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
    """`work`'s result, unless `stop` is set first: then `work` is cancelled (whatever it raises
    on the way out is dropped) and the result is None."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if task.done():
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return None


class Platform(ABC):
    """One chat platform. Subclasses set the class facts and implement the abstract methods;
    see this module's docstring for the whole recipe."""

    name: ClassVar[str]
    text_limit: ClassVar[int]
    menu_description_limit: ClassVar[int]
    choice_mark: ClassVar[str]
    prompts_go_private: ClassVar[bool] = False

    def __init__(self, app: CoachApp | None = None) -> None:
        # None for a send-only platform (a dispatch worker): it never answers turns.
        self.app = app
        self.platform: str = self.name  # bot.delivery.Sender's name for it

    # ---- facts ------------------------------------------------------------------------------

    def is_group(self, key: ConversationKey) -> bool:
        """A group conversation (many people read it), by the key convention: a private
        conversation has chat == user."""
        return key.chat != key.user

    @staticmethod
    def is_group_chat(chat_id: str) -> bool:
        """Whether a chat id alone names a group, where the platform says so (Telegram: a
        negative id); the scheduler's per-group budget uses it. False where ids do not tell."""
        return False

    @classmethod
    def limits(cls, settings: Settings) -> SendLimits:
        """The platform's send rates (the scheduler's buckets); override with the real ones."""
        return SendLimits(DEFAULT_RATE)

    def split(self, body: str) -> list[str]:
        return split_text(body, self.text_limit)

    def echo(self, question: str, label: str) -> str:
        return echo_choice(question, label, self.choice_mark, self.text_limit)

    def menu(self) -> list[MenuEntry]:
        """The command menu every platform registers: bot.core.commands.COMMANDS, described."""
        return [
            MenuEntry(name, described(f"command.{name}", name, self.menu_description_limit))
            for name in COMMANDS
        ]

    # ---- where a reply goes (errbot's build_reply) --------------------------------------------

    def destination(
        self, key: ConversationKey, reply: Reply, *, proactive: bool = False
    ) -> Destination:
        """`Reply.to` on this platform wins; a private reply in a group goes to the runner's own
        chat; otherwise the conversation's chat. `proactive` (a scheduled send, no turn to
        answer): on platforms that `prompts_go_private`, a group conversation's prompt is
        private too."""
        if reply.to is not None and reply.to.platform == self.name and reply.to.chat != key.chat:
            return Destination(Where.ELSEWHERE, reply.to.chat)
        private = reply.private or (proactive and self.prompts_go_private)
        if not self.is_group(key) or private:
            return Destination(Where.PRIVATE, key.user)
        return Destination(Where.HERE, key.chat)

    # ---- what each adapter translates ----------------------------------------------------------

    @abstractmethod
    async def post(self, to: Destination, reply: Reply) -> list[Posted]:
        """Send one reply; return the messages posted, in order. Raises Unreachable, NotStarted
        or RetryLater (see the module docstring)."""

    @abstractmethod
    async def open_private_chat(self, user: str) -> str:
        """Open (or find) the private chat with `user`; return its chat id. Raises NotStarted
        where the platform does not let a bot write first."""

    @abstractmethod
    async def is_admin(self, chat: str, user: str) -> bool:
        """Whether `user` runs the group `chat` (may set up or change a team there)."""

    @abstractmethod
    def deep_link(self, payload: str) -> str | None:
        """A link that opens the private chat with the bot and starts it with `payload`
        (`/start <payload>`), or None where the platform has none (then open_private_chat)."""

    # ---- shared jobs ------------------------------------------------------------------------

    async def send(self, key: ConversationKey, replies: Sequence[Reply]) -> str:
        """bot.delivery.Sender: send on our own initiative (a scheduled prompt); return the id of
        the last message. Raises Unreachable (NotStarted is one) or RetryLater."""
        last = ""
        for reply in replies:
            posted = await self._post(self.destination(key, reply, proactive=True), reply)
            if posted:
                last = posted[-1].id
        return last

    async def post_to_group(self, chat: str, reply: Reply) -> str:
        """Post in a group chat (a team's announcement); return the message id."""
        posted = await self._post(Destination(Where.ELSEWHERE, chat), reply)
        return posted[-1].id if posted else ""

    async def deliver(
        self,
        key: ConversationKey,
        replies: Sequence[Reply],
        origin: GroupOrigin | None = None,
    ) -> list[Posted]:
        """Answer a turn: each reply to its destination. A failed reply is logged and the next
        one still goes (to another chat); a runner whose private chat refuses us is marked
        unreachable. `origin`: the turn was a personal command typed in that group and is
        answered in private; if the private chat is closed, say so in the group in one line."""
        closed: set[Destination] = set()
        posted: list[Posted] = []
        for reply in replies:
            to = self.destination(key, reply)
            if to in closed:
                continue
            try:
                sent = await self._post(to, reply)
            except Unreachable as refused:
                closed.add(to)
                await self._refused(to, refused, origin)
            except RetryLater as later:
                log.warning("%s: reply to %s not delivered (%s)", self.name, to.chat, later)
            else:
                self.posted(key, sent)
                posted.extend(sent)
        return posted

    async def _post(self, to: Destination, reply: Reply) -> list[Posted]:
        """post(), counted for /metrics: messages sent, and refusals by kind (429, 403, 5xx)."""
        try:
            sent = await self.post(to, reply)
        except Exception as error:
            SEND_ERRORS.labels(self.name, send_error_kind(error)).inc()
            raise
        REPLIES.labels(self.name).inc(len(sent))
        return sent

    def posted(self, key: ConversationKey, sent: Sequence[Posted]) -> None:
        """Hook: what an adapter remembers about messages it sent in a turn (who owns a group's
        keyboard). Nothing by default."""
        return None

    async def mark_unreachable(self, user: str) -> None:
        """The runner blocked the bot or closed their DMs: stop prompting them until they write."""
        log.info("%s: user %s cannot be messaged; marking unreachable", self.name, user)
        if self.app is not None:
            await self.app.mark_unreachable(self.name, user)

    async def _refused(
        self, to: Destination, refused: Unreachable, origin: GroupOrigin | None
    ) -> None:
        if to.where is not Where.PRIVATE:
            log.warning("%s: cannot post in chat %s (removed?)", self.name, to.chat)
            return
        if origin is not None:
            await self._ask_for_private_chat(origin)
        if isinstance(refused, NotStarted):
            # A bot may not write first: they were never reachable, nothing to mark.
            log.info("%s: user %s has not opened a private chat yet", self.name, to.chat)
        else:
            await self.mark_unreachable(to.chat)

    async def _ask_for_private_chat(self, origin: GroupOrigin) -> None:
        """One generic line in the group: nothing about the runner beyond their name."""
        line = Reply((text(OPEN_PRIVATE_CHAT, name=origin.name),))
        try:
            await self._post(Destination(Where.ELSEWHERE, origin.chat), line)
        except (Unreachable, RetryLater) as error:
            log.warning("%s: cannot post in chat %s (%s)", self.name, origin.chat, error)
