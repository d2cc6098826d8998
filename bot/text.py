"""A reference to a catalog sentence: the core and the coach speak in keys, adapters render them.
Neutral ground: both import it, neither imports the other for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Text:
    """One sentence (or paragraph) of `messages/`, by key, with its parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def text(key: str, **params: Any) -> Text:
    return Text(key, params)
