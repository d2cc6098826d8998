"""Turn neutral replies into plain text: the one renderer every adapter shares."""

from __future__ import annotations

from bot.core.types import Button, Reply
from messages import render


def reply_text(reply: Reply) -> str:
    """The paragraphs of a reply, rendered and separated by blank lines."""
    return "\n\n".join(render(line.key, line.params) for line in reply.lines)


def button_label(button: Button) -> str:
    return render(button.label.key, button.label.params)
