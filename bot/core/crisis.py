"""Crisis language is not a coaching question. Whatever the conversation is doing, words about
suicide or self-harm get crisis resources and a human to talk to, at once."""

from __future__ import annotations

import re

# "hurt myself" is left out on purpose: in a running-injury chat it nearly always means the
# injury ("I hurt myself on a run"), and a crisis message in answer to that is upsetting.
_PATTERNS = (
    r"suicid",
    r"\bkms\b",
    r"kill(ing)? my ?self",
    r"end(ing)? (it all|my life|it\b)",
    r"self[- ]?harm",
    r"cut(ting)? my ?self",
    r"(don'?t|do not|dont) want to (live|be alive|be here|exist)",
    r"(want|wanna) (to )?die\b",
    r"better off dead",
    r"no reason to live",
    r"not worth living",
    r"take my (own )?life",
)
_CRISIS = re.compile("|".join(_PATTERNS), re.IGNORECASE)


def is_crisis(text: str) -> bool:
    # Phones type curly apostrophes: "don’t" must read as "don't".
    return bool(_CRISIS.search(text.replace("\u2019", "'")))
