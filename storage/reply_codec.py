"""Replies as JSON, for the replies that wait in the update ledger until they are sent.

A catalog Text keeps its key and its parameters; parameters that JSON has no word for (a nested
Text, a tuple of them, a date) are tagged so they come back as they went in."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from bot.core.types import Attachment, Button, ConversationKey, Reply
from bot.text import Text


def _value(value: Any) -> Any:
    if isinstance(value, Text):
        return {"$text": _text(value)}
    if isinstance(value, tuple):
        return {"$tuple": [_value(v) for v in value]}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Mapping):
        return {"$map": {str(k): _value(v) for k, v in value.items()}}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # rendered with str() anyway


def _from_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$text" in value:
        return _from_text(value["$text"])
    if "$tuple" in value:
        return tuple(_from_value(v) for v in value["$tuple"])
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    return {k: _from_value(v) for k, v in value["$map"].items()}


def _text(line: Text) -> dict[str, Any]:
    return {"key": line.key, "params": {k: _value(v) for k, v in line.params.items()}}


def _from_text(data: Mapping[str, Any]) -> Text:
    return Text(data["key"], {k: _from_value(v) for k, v in data["params"].items()})


def reply_to_json(reply: Reply) -> dict[str, Any]:
    attachment = reply.attachment
    return {
        "lines": [_text(line) for line in reply.lines],
        "buttons": [
            [{"label": _text(b.label), "payload": b.payload} for b in row] for row in reply.buttons
        ],
        "attachment": None
        if attachment is None
        else {
            "filename": attachment.filename,
            "kind": attachment.kind,
            "content": base64.b64encode(attachment.content).decode(),
        },
        "private": reply.private,
        "to": None if reply.to is None else [reply.to.platform, reply.to.chat, reply.to.user],
    }


def reply_from_json(data: Mapping[str, Any]) -> Reply:
    attachment = data["attachment"]
    return Reply(
        tuple(_from_text(line) for line in data["lines"]),
        tuple(
            tuple(Button(_from_text(b["label"]), b["payload"]) for b in row)
            for row in data["buttons"]
        ),
        attachment=None
        if attachment is None
        else Attachment(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["kind"]
        ),
        private=bool(data["private"]),
        to=None if data["to"] is None else ConversationKey(*data["to"]),
    )


def replies_to_json(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    return [reply_to_json(reply) for reply in replies]


def replies_from_json(data: Sequence[Mapping[str, Any]]) -> list[Reply]:
    return [reply_from_json(item) for item in data]
