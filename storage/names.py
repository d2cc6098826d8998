"""Display names as stored: cut to a documented length at the storage boundary.

A Telegram first plus last name can be 129 characters (64 + space + 64), a Discord display
name 32, a fake or a future platform anything. identities.display_name holds DISPLAY_NAME_CHARS
characters (PostgreSQL counts characters, not bytes); a longer name is cut rather than refused,
so nobody is locked out by their own name. The name is only used to greet and to list
teammates, where the first 128 characters say plenty.
"""

from __future__ import annotations

DISPLAY_NAME_CHARS = 128


def fit_display_name(name: str) -> str:
    """The name as stored: NUL characters dropped (PostgreSQL text cannot hold them),
    surrounding space trimmed, at most DISPLAY_NAME_CHARS characters."""
    return name.replace("\x00", "").strip()[:DISPLAY_NAME_CHARS].rstrip()
