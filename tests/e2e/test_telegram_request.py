"""The Bot API client (bot/adapters/telegram_request.py) under a real PTB Bot, against the fake
Bot API: what the runner would notice is a reply that never comes, or one failed for waiting."""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.adapters.telegram_request import AiohttpRequest
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.fakes.telegram_api import FakeTelegram


def bot_for(tg: FakeTelegram, request: AiohttpRequest) -> Bot:
    return Bot(TELEGRAM_TOKEN, base_url=tg.base_url, request=request)


async def test_replies_queued_behind_hung_calls_go_out_once_those_time_out(
    tg: FakeTelegram,
) -> None:
    """Two connections, both stuck on calls Telegram never answers: the replies behind them
    wait (PTB's default client fails a call after 1 s of waiting for a connection) and go out
    when the stuck calls hit their read timeout, which is reported as TimedOut."""
    nia = tg.user("Nia")
    tg.hold("sendChatAction")
    async with bot_for(tg, AiohttpRequest(connections=2, read_timeout=1.5)) as bot:
        stuck = [asyncio.create_task(bot.send_chat_action(nia.id, "typing")) for _ in range(2)]
        await tg.wait_until(lambda: len(tg.calls_of("sendChatAction")) == 2, 5, "two stuck calls")
        replies = await asyncio.gather(*(bot.send_message(nia.id, f"reply {n}") for n in range(3)))
        for call in stuck:
            with pytest.raises(TimedOut):
                await call
    assert [r.text for r in replies] == ["reply 0", "reply 1", "reply 2"]
    assert [c.status for c in tg.calls_of("sendMessage")] == [200, 200, 200]


async def test_an_unreachable_api_is_a_network_error() -> None:
    """Nothing listening: NetworkError, which the senders retry (a TimedOut is not retried)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    request = AiohttpRequest()
    bot = Bot(TELEGRAM_TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    await request.initialize()  # not `async with bot`: that would call getMe first
    try:
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(1, "hello")
    finally:
        await request.shutdown()
    assert not isinstance(raised.value, TimedOut)
    assert TELEGRAM_TOKEN.split(":")[1] not in str(raised.value)
