"""What this process saved last for each recently active conversation (PostgreSQL turns).

A check-in is a handful of updates a few seconds apart, and a runner's updates reach the same
process, so the next turn of a conversation can usually start from what this process saved
rather than read it back: one round trip a turn (the save) instead of two. It is safe because
the save is conditional (storage/optimistic.py): it writes only if the conversation and the
runner are still at the versions saved here. If anyone else wrote in between (another process,
/link, /delete), the save writes nothing and raises Conflict, the entry is gone (taken at the
start of the turn, kept again only after a save that went through), and the turn is stepped
again from a fresh read.

Bounded: the least recently saved conversations are dropped first.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

from bot.core.types import ConversationKey

# Conversations kept. An entry is a conversation's state and profile, about 3 KB for an
# onboarded runner (measured with tracemalloc): 12 MB at most, for far more runners than are
# answered at once (64) with their next update still to come.
RECENT_TURNS = 4096

Entry = TypeVar("Entry")


class RecentTurns(Generic[Entry]):
    def __init__(self, size: int = RECENT_TURNS) -> None:
        self._size = size
        self._entries: OrderedDict[ConversationKey, Entry] = OrderedDict()

    def take(self, key: ConversationKey) -> Entry | None:
        """The entry, removed: a turn that fails or conflicts leaves nothing behind."""
        return self._entries.pop(key, None)

    def keep(self, key: ConversationKey, entry: Entry) -> None:
        if self._size <= 0:
            return
        self._entries[key] = entry
        self._entries.move_to_end(key)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
