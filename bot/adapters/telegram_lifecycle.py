"""Telegram's news about a group's members, for teams (bot/teams): the bot removed from a group
(`my_chat_member`, or the `left_chat_member` service message) ends the group's team quietly; a
member who left (`chat_member`, which Telegram sends only to a bot that is an admin there, or
the service message, which small groups show) leaves it. The migration to a supergroup is
TelegramBridge.on_migrate."""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, ChatMemberRestricted, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application, ChatMemberHandler, ContextTypes, MessageHandler, filters

from bot.adapters.platform import CoachApp

log = logging.getLogger("bot.adapters.telegram")

GONE = frozenset({ChatMemberStatus.LEFT, ChatMemberStatus.BANNED})


def is_out(member: ChatMember) -> bool:
    """Out of the chat: left, banned, or restricted and no longer a member."""
    if isinstance(member, ChatMemberRestricted):
        return not member.is_member
    return member.status in GONE


class Lifecycle:
    """Handlers that hand what happened to the team desk (`app.gone`, `app.left`), when the
    app in front of the adapter is one (bot/teams/desk.TeamDesk)."""

    def __init__(self, app: CoachApp) -> None:
        self.app = app

    def install(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.add_handler(
            ChatMemberHandler(self.on_member, ChatMemberHandler.ANY_CHAT_MEMBER)
        )
        application.add_handler(
            MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, self.on_left_message)
        )

    async def on_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        changed = update.my_chat_member or update.chat_member
        if changed is None or changed.chat.type == ChatType.PRIVATE:
            return  # a private chat's my_chat_member is a runner blocking us: not a team's
        if not is_out(changed.new_chat_member):
            return
        await self._out(str(changed.chat.id), changed.new_chat_member.user.id, context.bot.id)

    async def on_left_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.left_chat_member is None:
            return
        await self._out(str(message.chat.id), message.left_chat_member.id, context.bot.id)

    async def _out(self, chat: str, user: int, bot_id: int) -> None:
        if user == bot_id:
            gone = getattr(self.app, "gone", None)
            if gone is not None:
                await gone([chat])
            return
        left = getattr(self.app, "left", None)
        if left is not None:
            await left([chat], str(user))
