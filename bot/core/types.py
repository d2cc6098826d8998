"""Neutral types that cross the adapter boundary. Adapters translate platform objects to and
from these; the core never sees a Telegram update or a Discord interaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.text import Text

# Telegram callback_data holds 64 bytes; Discord custom_id 100. We keep to the smaller.
MAX_PAYLOAD_BYTES = 64
# Longer messages are refused politely rather than parsed (a pasted essay is not an answer).
MAX_TEXT_CHARS = 4000


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """One conversation: a user in a chat on a platform. A DM has chat == user on most platforms,
    but the adapter decides; the core only compares keys."""

    platform: str
    chat: str
    user: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat}:{self.user}"


@dataclass(frozen=True, slots=True)
class _Happened:
    """What every event has. `now` is aware UTC: the core never reads a clock, so the adapter
    (or the test) says what time it is."""

    key: ConversationKey
    now: datetime
    chat_kind: ChatKind = field(default=ChatKind.PRIVATE, kw_only=True)
    display_name: str = field(default="", kw_only=True)
    # The platform's id of the update that carried it ("<bot id>:<update id>" on Telegram, a
    # Discord message or interaction id); "" for a prompt or the console. Answered once each.
    update_id: str = field(default="", kw_only=True)


@dataclass(frozen=True, slots=True)
class Typed(_Happened):
    """A message the user wrote (a command is typed too: "/log bike 45")."""

    text: str


@dataclass(frozen=True, slots=True)
class Pressed(_Happened):
    """A button the user pressed: its payload ("onboard.area=shin")."""

    payload: str


@dataclass(frozen=True, slots=True)
class Prompted(_Happened):
    """A scheduled prompt coming due: "checkin", "nudge" or "weekly"."""

    prompt: str


# Something that happened: exactly one of the three, by type.
Event = Typed | Pressed | Prompted


def typed_text(event: Event) -> str:
    """What the user wrote, or "" for a button or a prompt."""
    return event.text if isinstance(event, Typed) else ""


@dataclass(frozen=True, slots=True)
class Button:
    label: Text
    payload: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """An image (a chart) or a file (an export) to send with a reply."""

    filename: str
    content: bytes
    kind: str = "document"  # "image" | "document"


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to the user: catalog paragraphs, optional button rows, optional attachment.

    `private` asks the adapter to show it only to the user (a Discord ephemeral reply, or a DM);
    `to` overrides where it goes (a team announcement to a group chat), default: the event's chat.
    """

    lines: tuple[Text, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    private: bool = False
    to: ConversationKey | None = None

    @property
    def payloads(self) -> frozenset[str]:
        return frozenset(b.payload for row in self.buttons for b in row)


def reply(*lines: Text, buttons: tuple[tuple[Button, ...], ...] = (), **kw: Any) -> Reply:
    return Reply(tuple(lines), buttons, **kw)


Params = Mapping[str, Any]
__all__ = [
    "MAX_PAYLOAD_BYTES",
    "MAX_TEXT_CHARS",
    "Attachment",
    "Button",
    "ChatKind",
    "ConversationKey",
    "Event",
    "Params",
    "Pressed",
    "Prompted",
    "Reply",
    "Text",
    "Typed",
    "reply",
    "typed_text",
]
