"""The Telegram side of the Platform contract's team methods, against the fake Bot API: who runs
a group, the private chat, the deep link, a post to a group."""

from __future__ import annotations

import pytest
from telegram import Bot

from bot.adapters.telegram_send import TelegramPlatform
from bot.core.types import ConversationKey, Reply
from bot.delivery import NotStarted
from bot.text import text
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.fakes.telegram_api import FakeTelegram


def bot_for(tg: FakeTelegram) -> Bot:
    return Bot(TELEGRAM_TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url)


async def test_admins_and_the_creator_run_a_group_members_do_not(tg: FakeTelegram) -> None:
    group = tg.group("Track Tuesday", id=-100777)
    ada, bo, cy = tg.user("Ada"), tg.user("Bo"), tg.user("Cy")
    tg.make_admin(group, ada)
    tg.make_admin(group, bo, status="creator")
    async with bot_for(tg) as bot:
        platform = TelegramPlatform(bot)
        answers = [await platform.is_admin(str(group.id), str(u.id)) for u in (ada, bo, cy)]
    assert answers == [True, True, False]
    asked = [(c.params["chat_id"], c.params["user_id"]) for c in tg.calls_of("getChatMember")]
    assert asked == [(group.id, ada.id), (group.id, bo.id), (group.id, cy.id)]


async def test_the_private_chat_opens_only_after_the_runner_pressed_start(
    tg: FakeTelegram,
) -> None:
    dee, eli = tg.user("Dee"), tg.user("Eli")
    tg.never_started(eli)
    async with bot_for(tg) as bot:
        platform = TelegramPlatform(bot)
        assert await platform.open_private_chat(str(dee.id)) == str(dee.id)
        with pytest.raises(NotStarted):
            await platform.open_private_chat(str(eli.id))


async def test_the_deep_link_starts_the_private_chat_with_the_payload(tg: FakeTelegram) -> None:
    async with bot_for(tg) as bot:
        link = TelegramPlatform(bot).deep_link("join_ab12")
    assert link == "https://t.me/ComebackBot?start=join_ab12"


async def test_a_post_to_a_group_lands_there_and_the_group_is_known_by_its_id(
    tg: FakeTelegram,
) -> None:
    group = tg.group("Sunday Long Run", id=-100555)
    async with bot_for(tg) as bot:
        platform = TelegramPlatform(bot)
        message_id = await platform.post_to_group(str(group.id), Reply((text("help"),)))
    posted = await tg.bot_reply(group)
    assert str(posted.message_id) == message_id
    assert platform.is_group_chat(str(group.id)) and not platform.is_group_chat("1001")
    assert platform.is_group(ConversationKey("telegram", str(group.id), "1001"))
