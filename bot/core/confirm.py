"""Reading a typed answer to the one question that cannot be undone: "delete everything?".

A "yes" somewhere in a sentence is not a confirmation ("wait, do not delete! yes I want to keep
everything"). Only a short, unambiguous phrase deletes; any hint of keeping, stopping or doubt
keeps; anything else is asked again.
"""

from __future__ import annotations

import re

from bot.core import parse

YES = "yes"
NO = "no"

# The whole answer, after normalising, must be one of these to delete.
_CONFIRMATIONS = frozenset(
    {
        "yes", "y", "yes delete", "yes delete it", "yes delete everything", "yes delete it all",
        "yes delete all", "delete", "delete it", "delete everything", "delete it all",
        "delete all", "delete all of it", "delete my data", "yes delete my data", "confirm",
        "i confirm", "confirmed", "yes i'm sure", "yes im sure", "yes i am sure", "i'm sure",
        "im sure", "yes please", "yes please delete", "yes please delete everything",
        "go ahead", "yes go ahead", "do it", "yes do it", "yes, delete everything",
    }
)  # fmt: skip
# Any of these anywhere means the runner is not (or not clearly) asking to delete.
_DOUBT = re.compile(
    r"(?<!\w)(?:no|not|don'?t|do not|dont|never|keep|wait|stop|cancel|hold on|mistake|"
    r"nope|nah|undo|maybe|unsure|not sure|rather not|actually|but)(?!\w)"
)

# Politeness around a confirmation does not change it: "yes please, I want to delete it all".
_FILLER = re.compile(r"(?<!\w)(?:please|i want to|i'd like to|i would like to|you can|just)(?!\w)")


def delete_answer(typed: str) -> str | None:
    """YES only for an unambiguous confirmation, NO for any sign of keeping, None otherwise."""
    cleaned = parse.normalize(typed.replace("\u2019", "'"))
    if _DOUBT.search(cleaned):
        return NO
    words = _FILLER.sub(" ", re.sub(r"[^\w' ]+", " ", cleaned))
    if re.sub(r"\s+", " ", words).strip() in _CONFIRMATIONS:
        return YES
    return None
