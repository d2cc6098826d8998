"""Neutral replies -> discord.py send arguments. Text comes only from messages.replies."""

from __future__ import annotations

import io
import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.adapters.platform import split_text
from bot.core.types import Button, Reply
from messages.replies import button_label, reply_text

PREFIX = "cb:"
MAX_CONTENT = 2000  # Discord's limit on message content
MAX_LABEL = 80  # and on a button label
MAX_ROWS = 5
MAX_PER_ROW = 5


@runtime_checkable
class PressHandler(Protocol):
    async def on_press(
        self, interaction: discord.Interaction, payload: str, label: str
    ) -> None: ...


class PayloadButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(re.escape(PREFIX) + r"(?P<payload>.+)", re.DOTALL),
):
    """A button whose custom_id carries the payload: any process can answer it, so buttons keep
    working after a restart without remembering a view per message."""

    def __init__(self, payload: str, label: str = "", row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:MAX_LABEL] or "…",
                custom_id=PREFIX + payload,
                style=discord.ButtonStyle.secondary,
                row=row,
            )
        )
        self.payload = payload

    @property
    def label(self) -> str:
        return self.item.label or ""

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PayloadButton:
        label = item.label if isinstance(item, discord.ui.Button) else ""
        return cls(match["payload"], label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, PressHandler):
            await client.on_press(interaction, self.payload, self.label)


def layout(rows: tuple[tuple[Button, ...], ...]) -> list[list[Button]]:
    """Discord takes at most 5 buttons a row and 5 rows: long rows wrap, extra rows are cut."""
    wrapped = [
        list(row[i : i + MAX_PER_ROW]) for row in rows for i in range(0, len(row), MAX_PER_ROW)
    ]
    return wrapped[:MAX_ROWS]


def view_for(reply: Reply) -> discord.ui.View | None:
    if not reply.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(layout(reply.buttons)):
        for button in buttons:
            view.add_item(PayloadButton(button.payload, button_label(button), row=row))
    return view


def file_for(reply: Reply) -> discord.File | None:
    if reply.attachment is None:
        return None
    return discord.File(io.BytesIO(reply.attachment.content), filename=reply.attachment.filename)


def messages_for(reply: Reply) -> list[dict[str, Any]]:
    """Keyword arguments for one or more sends; buttons and the file ride on the last piece."""
    pieces = split_text(reply_text(reply), MAX_CONTENT) or [""]
    sends: list[dict[str, Any]] = [{"content": piece} for piece in pieces]
    view, file = view_for(reply), file_for(reply)
    if view is not None:
        sends[-1]["view"] = view
    if file is not None:
        sends[-1]["file"] = file
    return sends
