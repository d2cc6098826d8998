"""The shared slash commands (`bot.core.commands.COMMANDS`, the single list every platform
registers), each with one optional string option `text`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.core.commands import COMMANDS
from bot.core.text import text
from bot.core.types import Reply
from messages.replies import reply_text

__all__ = ["COMMANDS", "catalog_or", "register", "sync"]

MAX_DESCRIPTION = 100

CommandHandler = Callable[[discord.Interaction, str, str | None], Awaitable[None]]


def catalog_or(key: str, fallback: str) -> str:
    try:
        sentence = reply_text(Reply((text(key),)))
    except KeyError:
        return fallback
    return sentence[:MAX_DESCRIPTION] or fallback


def _command(name: str, handler: CommandHandler) -> app_commands.Command[Any, ..., None]:
    async def callback(interaction: discord.Interaction, text: str | None = None) -> None:
        await handler(interaction, name, text)

    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=name,
        description=catalog_or(f"command.{name}", name),
        callback=callback,
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
    )
    option = command._params["text"]
    option.description = catalog_or("command.option.text", "text")
    return command


def register(tree: app_commands.CommandTree[discord.Client], handler: CommandHandler) -> None:
    for name in COMMANDS:
        tree.add_command(_command(name, handler))


async def sync(
    tree: app_commands.CommandTree[discord.Client], guild_id: int | None
) -> list[app_commands.AppCommand]:
    """Bulk-overwrite the commands: to one guild (instant, for development) or globally."""
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(id=guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)
