"""The running bot's replies, inside the send budget every process shares (PostgreSQL).

Telegram's 30 messages a second belong to the bot token: while `worker` processes send the
morning's prompts at that rate, the replies `comeback run` sends must come out of the same budget
or the two together go over it. python-telegram-bot lets an application bring its own rate
limiter: this one takes a slot from the shared limiter for every request to a chat (as PTB's
AIORateLimiter counts them), then keeps AIORateLimiter's own behaviour (its local buckets, its
retries after a 429, which it now also reports to the shared limiter).

Scheduled sends already took their slot in the dispatcher: they run inside `already_counted()`
and are not counted twice. Paid broadcasts have a budget of their own."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.adapters.send_budget import SharedSlots, already_counted, counted

__all__ = ["BudgetRateLimiter", "SharedSlots", "already_counted"]

JSONish = bool | dict[str, Any] | list[dict[str, Any]]


class BudgetRateLimiter(AIORateLimiter):
    def __init__(self, shared: SharedSlots, max_retries: int) -> None:
        super().__init__(max_retries=max_retries)
        self.shared = shared

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONish]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONish:
        chat = data.get("chat_id")
        if chat is not None and not data.get("allow_paid_broadcast") and not counted():
            chat = str(chat)
            # Telegram: groups and channels have negative ids, or an @username.
            await self.shared.acquire(chat, group=not chat.isdigit())

        async def reported(*call_args: Any, **call_kwargs: Any) -> JSONish:
            try:
                return await callback(*call_args, **call_kwargs)
            except RetryAfter as error:  # the whole bot must wait, not this process only
                after = error._retry_after  # the timedelta PTB keeps (its property warns)
                self.shared.pause(after.total_seconds() if isinstance(after, timedelta) else after)
                raise

        return await super().process_request(
            reported, args, kwargs, endpoint, data, rate_limit_args
        )
