"""The shared slash commands (`bot.core.commands.COMMANDS`, the single list every platform
registers), each with one optional string option `text`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.adapters.platform import MenuEntry, Platform, described
from bot.core.commands import COMMANDS

__all__ = ["COMMANDS", "register", "sync"]

CommandHandler = Callable[[discord.Interaction, str, str | None], Awaitable[None]]


def _command(
    entry: MenuEntry, handler: CommandHandler, option_text: str
) -> app_commands.Command[Any, ..., None]:
    name = entry.name

    async def callback(interaction: discord.Interaction, text: str | None = None) -> None:
        await handler(interaction, name, text)

    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=name,
        description=entry.description,
        callback=callback,
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
    )
    option = command._params["text"]
    option.description = option_text
    return command


def register(
    tree: app_commands.CommandTree[discord.Client], handler: CommandHandler, platform: Platform
) -> None:
    """The platform's command menu, each command with its one `text` option."""
    option_text = described("command.option.text", "text", platform.menu_description_limit)
    for entry in platform.menu():
        tree.add_command(_command(entry, handler, option_text))


async def sync(
    tree: app_commands.CommandTree[discord.Client], guild_id: int | None
) -> list[app_commands.AppCommand]:
    """Bulk-overwrite the commands: to one guild (instant, for development) or globally."""
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(id=guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)
