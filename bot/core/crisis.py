"""Crisis language is not a coaching question. Whatever the conversation is doing, words about
suicide or self-harm get crisis resources and a human to talk to, at once."""

from __future__ import annotations

import re

_PATTERNS = (
    r"suicid",
    r"kill(ing)? my ?self",
    r"end(ing)? (it all|my life)",
    r"self[- ]?harm",
    r"hurt(ing)? my ?self",
    r"cut(ting)? my ?self",
    r"(don'?t|do not) want to (live|be alive|be here)",
    r"want to die",
    r"better off dead",
    r"no reason to live",
    r"take my (own )?life",
)
_CRISIS = re.compile("|".join(_PATTERNS), re.IGNORECASE)


def is_crisis(text: str) -> bool:
    return bool(_CRISIS.search(text))
