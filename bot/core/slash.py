"""The one rule for "is this a command", shared by every adapter and the engine.

A command is a message whose first character that is not white space is "/". Leading white
space of any kind counts as none ("\u00a0/log", " /log" are /log): a phone keyboard or a paste
adds it without the runner meaning anything by it. The adapters and the engine must agree:
when one of them took "\u00a0/log" for chatter and the other for /log, a group's later chatter
was read as answers to the log's questions.
"""

from __future__ import annotations


def is_command(typed: str) -> bool:
    return typed.lstrip().startswith("/")


def as_command(typed: str) -> str:
    """A command as the engine and the adapters read it, without the white space around it:
    '\u00a0/log bike 45 ' -> '/log bike 45'. Any other text is returned as it came."""
    return typed.strip() if is_command(typed) else typed
