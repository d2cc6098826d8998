"""What a Discord bot missed while it was down, as far as Discord lets us see it (issue 14).

Discord's gateway does not deliver an event twice: a DM received by a process killed before
its turn committed is gone from the gateway. What can be recovered:

- DMs: read back from the channel's history after the newest message answered there (the
  update ledger knows it, for runners who wrote within CATCH_UP_WITHIN); each goes through the
  usual path, and the ledger skips what was answered already. A runner whose very first
  message fell into the crash has no DM channel we know of: theirs waits for their next one.
- Slash commands and button presses: not at all. An interaction is answered through its own
  token, which lives 15 minutes and only in the dead process; Discord shows the runner "This
  interaction failed", so they know to press again. Their turns that did commit still get
  their replies (send_unsent: a DM, or the channel, instead of the interaction).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import timedelta

import discord

from bot.adapters.ledger import UpdateLedger

log = logging.getLogger("bot.adapters.discord")

PLATFORM = "discord"
CATCH_UP_WITHIN = timedelta(hours=1)  # runners who wrote this recently are looked up
CATCH_UP_LIMIT = 50  # messages read back per DM at most
HANDLED_KEPT = 1024  # message ids remembered per process (a live DM and the catch-up meet)


class Handled:
    """Message ids handled in this process, so that a DM the catch-up reads back while it also
    arrives live is answered once (both run on one event loop: check-and-add is atomic)."""

    def __init__(self, kept: int = HANDLED_KEPT) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()
        self._kept = kept

    def first_time(self, message_id: int) -> bool:
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        if len(self._ids) > self._kept:
            self._ids.popitem(last=False)
        return True


async def catch_up(
    client: discord.Client,
    ledger: UpdateLedger,
    answer: Callable[[discord.Message], Awaitable[None]],
) -> int:
    """Read back the recent runners' DMs after the newest answered one; answer each. Returns
    the number of messages read back (answered now, or recognised as answered)."""
    read = 0
    for user, newest in (await ledger.last_in_private(PLATFORM, CATCH_UP_WITHIN)).items():
        try:
            channel = await client.create_dm(discord.Object(id=int(user)))
            async for message in channel.history(
                after=discord.Object(id=int(newest)), oldest_first=True, limit=CATCH_UP_LIMIT
            ):
                if message.author.id == int(user):
                    read += 1
                    await answer(message)
        except discord.HTTPException as error:
            log.warning("discord: could not read back a DM (%s, code %s)",
                        type(error).__name__, error.code)  # fmt: skip
    if read:
        log.info("discord: read back %d DMs sent while the bot was away", read)
    return read
