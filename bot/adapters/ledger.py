"""The update ledger as the adapters see it (implemented by bot.app.App over
storage/ledger.py): which updates were answered, and replies a crash kept from going out;
`send_unsent`, what every adapter does with the latter when it starts."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Protocol, runtime_checkable

from bot.adapters.platform import Platform
from bot.core.types import ConversationKey, Reply

log = logging.getLogger("bot.adapters")


@runtime_checkable
class UpdateLedger(Protocol):
    async def answered_updates(self, platform: str, update_ids: Sequence[str]) -> set[str]:
        """Which of these updates were answered already."""
        ...

    async def replies_sent(self, platform: str, update_id: str) -> None:
        """The platform accepted the replies to this update."""
        ...

    async def unsent_replies(
        self, platform: str
    ) -> Sequence[tuple[str, ConversationKey, Sequence[Reply]]]:
        """(update id, conversation, replies) of answered turns whose replies never went out."""
        ...

    async def last_in_private(self, platform: str, within: timedelta) -> Mapping[str, str]:
        """user id -> the newest update answered in their private chat within `within`."""
        ...


async def send_unsent(ledger: UpdateLedger, platform: Platform) -> int:
    """Replies of turns answered before a crash that never went out: sent now, at start.
    Returns how many updates' replies went out."""
    sent = 0
    for update_id, key, replies in await ledger.unsent_replies(platform.name):
        try:
            await platform.deliver(key, replies)
        except Exception as error:  # left waiting for the next start
            log.warning("%s: the unsent replies of update %s failed again (%s)",
                        platform.name, update_id, type(error).__name__)  # fmt: skip
            continue
        await ledger.replies_sent(platform.name, update_id)
        sent += 1
    if sent:
        log.info("%s: sent the replies of %d updates answered before a restart",
                 platform.name, sent)  # fmt: skip
    return sent
