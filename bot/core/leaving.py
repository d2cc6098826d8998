"""Typed ways of leaving an open question without the slash: "cancel", "never mind", and, in the
settings menu, "nothing, thanks". They do what /cancel does."""

from __future__ import annotations

from bot.core import parse

_ANYWHERE = frozenset(
    {
        "cancel", "cancel that", "cancel it", "never mind", "nevermind", "nvm", "forget it",
        "stop", "stop asking", "quit", "exit", "abort", "cancel please", "please cancel",
    }
)  # fmt: skip
# Where "what would you like to change?" is the question, "nothing" is an answer too.
_NOTHING_TO_CHANGE = frozenset(
    {
        "nothing", "nothing thanks", "nothing thank you", "no thanks", "no thank you", "no",
        "nope", "nah", "none", "all good", "nothing for now", "not now", "i'm good", "im good",
        "leave it", "keep it", "nothing to change", "that's fine", "thats fine", "fine",
    }
)  # fmt: skip
# Questions where these words are an answer of their own ("stop" declines the consent), and the
# red-flag screens, where a typed "stop" must not drop a ticked sign (/cancel still can).
_OWN_ANSWER = frozenset(
    {"onboard.consent", "delete.confirm", "checkin.red_flags", "onboard.red_flags",
     "signs.red_flags"}
)  # fmt: skip


def wants_out(typed: str, question: str) -> bool:
    """True when `typed` asks to leave `question` rather than answer it."""
    if question in _OWN_ANSWER:
        return False
    cleaned = parse.normalize(typed).replace(",", "")
    if cleaned in _ANYWHERE:
        return True
    return question == "settings.menu" and cleaned in _NOTHING_TO_CHANGE
