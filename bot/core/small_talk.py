"""A "thanks" or an "ok" is not a question to answer or an answer to read: it gets a short,
friendly word back instead of "I didn't catch that"."""

from __future__ import annotations

import re

from bot.core import parse

_THANKS = re.compile(
    r"^(?:(?:thanks|thank you|thank u|thx|ty|cheers|ta|ok|okay|k|cool|great|nice|awesome|"
    r"perfect|got it|will do|sounds good|good|noted|brilliant|lovely|sure|alright|all right|"
    r"bye|see you|see ya|night|good night|goodnight|later)[\s,!.]*)+(?:so much|a lot|mate|"
    r"coach)?[\s!.]*$|^[👍🙏🙂😊❤️💪👌✅]+$"
)


def is_thanks(typed: str) -> bool:
    return bool(_THANKS.match(parse.normalize(typed)))
