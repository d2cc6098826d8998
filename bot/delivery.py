"""What an adapter promises to the rest of the app when it sends on its own initiative
(scheduled prompts, team announcements): one `Sender` per platform."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.types import ConversationKey, Reply


class Unreachable(Exception):
    """The user cannot be messaged any more (blocked the bot, closed DMs, deleted account).
    Permanent: stop prompting them until they write again."""


class RetryLater(Exception):
    """A transient failure (rate limit, network); try again after `after` seconds."""

    def __init__(self, after: float) -> None:
        super().__init__(f"retry after {after:.1f}s")
        self.after = after


class Sender(Protocol):
    platform: str

    async def send(self, key: ConversationKey, replies: Sequence[Reply]) -> str:
        """Send the replies to the conversation; return the platform id of the last message.
        Raises Unreachable or RetryLater; anything else is a bug and is logged by the caller."""
        ...


class NotStarted(Unreachable):
    """The user never opened a private chat with the bot, and the platform does not let a bot
    write first. Unreachable for a scheduled prompt; in a turn, nothing to take back."""


class NotAllowed(Unreachable):
    """The bot is still in the group chat but may not post there (its right to send messages
    was taken away). Unlike a removal it can be undone: whoever runs the chat is told."""
