"""Discord messages and interactions -> neutral events. The adapter answers small questions
(who, where, when, what) so the core never sees a discord.py object."""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from bot.core.types import ChatKind, ConversationKey, Event, Pressed, Typed

PLATFORM = "discord"


def key_for(channel_id: int | None, user_id: int) -> ConversationKey:
    """A guild channel's conversation is (channel, user); a DM's is (user, user), whatever the
    DM channel's id, so the scheduler can address it knowing only the user."""
    return ConversationKey(PLATFORM, str(channel_id or user_id), str(user_id))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _kind(guild_id: int | None) -> ChatKind:
    return ChatKind.GROUP if guild_id else ChatKind.PRIVATE


def from_message(message: discord.Message) -> Event | None:
    """A DM with text becomes an event; guild chatter (we have no message_content) does not."""
    if message.guild is not None or message.author.bot or not message.content:
        return None
    return Typed(
        key=key_for(None, message.author.id),
        now=_utc(message.created_at),
        text=message.content,
        chat_kind=ChatKind.PRIVATE,
        display_name=message.author.display_name,
        update_id=str(message.id),
    )


def from_command(interaction: discord.Interaction, name: str, text: str | None) -> Event:
    command = f"/{name} {text.strip()}" if text and text.strip() else f"/{name}"
    return Typed(
        _key(interaction),
        _utc(interaction.created_at),
        command,
        chat_kind=_kind(interaction.guild_id),
        display_name=interaction.user.display_name,
        update_id=str(interaction.id),
    )


def from_press(interaction: discord.Interaction, payload: str) -> Event:
    return Pressed(
        _key(interaction),
        _utc(interaction.created_at),
        payload,
        chat_kind=_kind(interaction.guild_id),
        display_name=interaction.user.display_name,
        update_id=str(interaction.id),
    )


def _key(interaction: discord.Interaction) -> ConversationKey:
    return key_for(interaction.channel_id if interaction.guild_id else None, interaction.user.id)


def context(interaction: discord.Interaction | None = None, channel_id: int | None = None) -> str:
    """Identifiers fit for an error log line: never text, never tokens."""
    if interaction is not None:
        return f"interaction={interaction.id} channel={interaction.channel_id}"
    return f"channel={channel_id}"
