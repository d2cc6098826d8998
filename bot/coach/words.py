"""Nouns the coach slots into its sentences (an area, a stage), taken from the catalog.

`Text` params are plain values, so a noun has to be resolved to a string here rather than nested
as another key. The nouns still live in messages/coach.py with every other word the runner reads.
"""

from __future__ import annotations

from messages.coach import CATALOG


def noun(key: str) -> str:
    template = CATALOG[key]
    return template if isinstance(template, str) else template[0]
