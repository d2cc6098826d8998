"""Every user-facing sentence, by key.

Each module in this package exports `CATALOG: dict[str, str | tuple[str, ...]]`. A tuple holds
variants of one sentence; `render` picks one from the `variant` parameter so a runner does not read
the same words every morning (the caller passes something stable, like the day number, so the pick
is deterministic and testable). Templates use `str.format` fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.text import Text
from messages import coach, console, conversation, core, link, progress, teams, telegram

Template = str | tuple[str, ...]


def _merge(*catalogs: Mapping[str, Template]) -> dict[str, Template]:
    merged: dict[str, Template] = {}
    for catalog in catalogs:
        for key, template in catalog.items():
            if key in merged:
                raise ValueError(f"message key defined twice: {key}")
            merged[key] = template
    return merged


CATALOG: dict[str, Template] = _merge(
    core.CATALOG,
    coach.CATALOG,
    console.CATALOG,
    telegram.CATALOG,
    conversation.CATALOG,
    teams.CATALOG,
    link.CATALOG,
    progress.CATALOG,
)


class _Blank(dict[str, Any]):
    """Missing parameters render empty rather than crash a reply in front of a user."""

    def __missing__(self, key: str) -> str:
        return ""


def _plain(value: Any) -> Any:
    """A parameter that is itself a catalog reference (a button label, an area name) renders
    in place; a tuple of them renders as a list: "Swim, Bike"."""
    if isinstance(value, Text):
        return render(value.key, value.params)
    if isinstance(value, tuple) and value and all(isinstance(v, Text) for v in value):
        return ", ".join(render(v.key, v.params) for v in value)
    return value


def render(key: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for `key`, filled with `params`. An unknown key raises KeyError (a bug)."""
    template = CATALOG[key]
    values = {name: _plain(value) for name, value in (params or {}).items()}
    if isinstance(template, tuple):
        template = template[int(values.get("variant", 0)) % len(template)]
    return template.format_map(_Blank(values))
