"""Red flags named in passing: "3, and it wakes me up at night", "ran 20 min, limping after".

Whatever question a runner is answering, words that name a red flag open the safety screen with
those signs ticked, for the runner to confirm. The phrases are specific on purpose ("one spot on
the bone hurts", not "bone"): the screen asks for confirmation, so an extra tick costs one tap,
but a phrase that fires on every message would teach runners to dismiss it. Negation is not
read: "no pain at night" still ticks night pain for the runner to untick; when in doubt, keep it.
"""

from __future__ import annotations

import re

_SIGNS: dict[str, tuple[str, ...]] = {
    "night_pain": (
        r"at night", r"night pain", r"pain at night", r"during the night", r"nighttime",
        r"night time", r"wak(?:es|ing|e|ed) me", r"woke me", r"keeps me (?:up|awake)",
        r"can'?t sleep", r"cannot sleep", r"in bed", r"at rest", r"when i(?:'m| am)? rest",
        r"resting", r"sitting still", r"even sitting", r"lying down", r"hurts? (?:all|the whole)"
        r" (?:day|time)", r"constant(?:ly)? (?:pain|ache|aching|throb)",
    ),
    "bone_tenderness": (
        r"spot on the bone", r"on the bone", r"bone (?:hurts|is sore|is tender|pain)",
        r"hurts? (?:when i |to |if i )?(?:press|push|touch|poke)", r"(?:press|push|poke)(?:ing)? "
        r"on (?:it|the bone|the spot|one spot)", r"tender (?:spot|point)", r"one spot",
        r"point tender", r"pinpoint", r"sore to (?:the )?touch", r"tender to (?:the )?touch",
    ),
    "limp": (
        r"limp(?:ing|ed|s)?", r"hobbl(?:e|ing|ed)", r"can'?t (?:put|bear|take) (?:any )?weight",
        r"cannot (?:put|bear|take) (?:any )?weight", r"can'?t walk (?:on it|properly|normally)",
        r"cannot walk", r"unable to walk",
    ),
    "numbness": (r"numb(?:ness)?", r"tingl(?:e|ing|y)", r"pins and needles"),
    "calf_swelling_warmth": (
        r"calf (?:is |feels |looks |got )?(?:swollen|warm|hot|red)",
        r"(?:swollen|warm|hot|red),? (?:and (?:warm|hot|swollen|red) )?calf",
    ),
    "chest_pain": (
        r"chest (?:pain|hurts|is tight|tightness|pressure)", r"pain in (?:my|the) chest",
        r"tight chest", r"short(?:ness)? of breath", r"breathless", r"can'?t (?:catch my )?breath"
        r"(?:e)?", r"struggling to breathe", r"hard to breathe",
    ),
    "groin_pain": (
        r"groin (?:pain|hurts|aches|is sore)", r"pain in (?:my|the) groin", r"sore groin",
        r"groin when i (?:stand|walk)",
    ),
    "missed_periods": (
        r"missed (?:a |my |two |three |several )?periods?", r"no periods?",
        r"(?:haven'?t|have not) had (?:a|my) period", r"periods? (?:stopped|have stopped|gone)",
        r"lost my periods?", r"skipped (?:a |my )?periods?",
    ),
}  # fmt: skip
_PATTERNS = {
    sign: re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")
    for sign, phrases in _SIGNS.items()
}


def heard(typed: str) -> frozenset[str]:
    """The red-flag screen's values for every sign the text names."""
    cleaned = re.sub(r"\s+", " ", typed.lower().replace("\u2019", "'"))
    return frozenset(sign for sign, pattern in _PATTERNS.items() if pattern.search(cleaned))
