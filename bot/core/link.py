"""Linking one runner's Telegram and Discord accounts (issue 12): the rules, pure.

A code is shown on one side and typed on the other. Codes are 10 characters from an alphabet
without look-alikes (no 0/O, 1/I/L), so 31**10 (about 8e14) of them. The first 4 characters
find the code's row; the whole code is checked against its stored hash. That is what lets wrong
tries be counted per code: 5 wrong tries void it, so whoever guesses gets at most 5 goes at
the 6 secret characters (31**6, about 9e8) of a code that lives 10 minutes.

The randomness is the shell's (bot/linking/desk.py draws the code with `secrets`); the time is
the event's. Everything here is a function of its arguments.

Only a slow hash of a code is stored (PBKDF2, salted with its lookup): whoever reads the table
would need hours of GPU time per code to find one that lives 10 minutes. It costs about 40 ms
per /link and per typed code, which the shell spends off the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.core import coaching
from bot.core.state import Profile
from bot.core.types import Button, Reply
from bot.text import Text, text

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
LOOKUP_LENGTH = 4
LIFETIME = timedelta(minutes=10)
MAX_WRONG = 5
DIGEST_ROUNDS = 200_000

KEEP_PAYLOAD = "link.keep"  # "link.keep=<platform>"
PROMPT_PAYLOAD = "link.prompt"  # "link.prompt=<platform>"
UNLINK_PAYLOAD = "link.unlink"  # "link.unlink=<platform>"
PAYLOADS = (KEEP_PAYLOAD, PROMPT_PAYLOAD, UNLINK_PAYLOAD)

_SEPARATORS = str.maketrans("", "", " -_.")


def normalise(typed: str) -> str | None:
    """'abcde-23456' -> 'ABCDE23456'; None if it cannot be a code."""
    code = typed.strip().upper().translate(_SEPARATORS)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def checked(drawn: str) -> str:
    """The shell's freshly drawn code, refused if it is not one (a bug, not user input)."""
    if normalise(drawn) != drawn:
        raise ValueError("a linking code is 10 characters of link.ALPHABET")
    return drawn


def shown(code: str) -> str:
    """How a runner reads it: ABCDE-23456."""
    return f"{code[:5]}-{code[5:]}"


def lookup(code: str) -> str:
    return code[:LOOKUP_LENGTH]


def digest(code: str) -> str:
    """What is stored: the code itself never is. Slow on purpose (see the module's doc)."""
    salt = f"comeback-link:{lookup(code)}".encode()
    return hashlib.pbkdf2_hmac("sha256", code.encode(), salt, DIGEST_ROUNDS).hex()


@dataclass(frozen=True, slots=True)
class Pending:
    """A code waiting on its row: who asked for it, until when, how many tries so far."""

    runner_id: int
    platform: str
    user: str
    digest: str
    expires_at: datetime
    attempts: int


class Verdict(StrEnum):
    OK = "ok"
    EXPIRED = "expired"
    WRONG = "wrong"  # counted; tries are left
    VOIDED = "voided"  # this wrong try was the last one: the code is gone


def expired(pending: Pending, now: datetime) -> bool:
    return now >= pending.expires_at


def judge(pending: Pending, typed_digest: str, now: datetime) -> Verdict:
    """A typed code (its digest) against the code found by its first characters, at `now`.
    `pending.attempts` counts this try too: the shell takes a try from the row before it
    judges (one atomic UPDATE), so tries made at the same moment cannot share a count."""
    if expired(pending, now):
        return Verdict.EXPIRED
    if pending.attempts <= MAX_WRONG and hmac.compare_digest(typed_digest, pending.digest):
        return Verdict.OK
    return Verdict.VOIDED if pending.attempts >= MAX_WRONG else Verdict.WRONG


def tries_left(attempts: int) -> int:
    return max(MAX_WRONG - attempts, 0)


# ---- merging two histories -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class History:
    """What one account has, enough to choose between two."""

    platform: str
    profile: Profile | None
    checkins: int
    sessions: int
    first_day: date | None

    @property
    def any(self) -> bool:
        return self.profile is not None or self.checkins > 0 or self.sessions > 0


def keeper(shown_on: History, typed_on: History) -> str | None:
    """The platform whose profile is kept without asking, or None: both have a history and
    the runner chooses. With none, the code's side (the one they started on) is kept."""
    if shown_on.any and typed_on.any:
        return None
    return typed_on.platform if typed_on.any else shown_on.platform


def days_to_move(kept: Iterable[date], other: Iterable[date]) -> frozenset[date]:
    """The other profile's check-in days that come across: never two check-ins for one day,
    and on a day both have, the kept profile's wins."""
    return frozenset(other) - frozenset(kept)


def later(first: date | None, second: date | None) -> date | None:
    """The merged profile's last check-in: a check-in that came across for today counts, so
    the runner is not asked for a second one."""
    return max((d for d in (first, second) if d is not None), default=None)


_THIS = frozenset({"this", "this one", "here", "keep this", "keep this one", "mine here"})
_OTHER = frozenset({"other", "the other", "the other one", "other one", "keep the other", "there"})


def choice(typed: str, here: str, platforms: Sequence[str]) -> str | None:
    """A typed answer to "which one should I keep?": a platform's name ("discord", "keep
    Telegram's"), or "this one" / "the other one" from where it is typed."""
    words = typed.strip().lower().rstrip(".!").replace("'s", "")
    named = [p for p in platforms if p in words.split() or words == p]
    if len(named) == 1:
        return named[0]
    if words in _THIS:
        return here
    if words in _OTHER:
        others = [p for p in platforms if p != here]
        return others[0] if len(others) == 1 else None
    return None


def platform_named(typed: str, platforms: Iterable[str]) -> str | None:
    words = typed.strip().lower().split()
    named = [p for p in platforms if p in words]
    return named[0] if len(named) == 1 else None


# ---- what the runner reads -------------------------------------------------------------------


def platform_name(platform: str) -> Text:
    return text(f"link.platform.{platform}")


def code_shown(code: str, here: str, platforms: Sequence[str]) -> Reply:
    """The code, to be typed on the other platform (which platforms exist is the shell's)."""
    other = next(p for p in platforms if p != here)
    return Reply((text("link.code.show", code=shown(code), other=platform_name(other)),))


def summary(history: History) -> Text:
    stage = (
        coaching.stage_name(history.profile)
        if history.profile is not None
        else text("link.stage.none")
    )
    if history.checkins == 0 or history.first_day is None:
        return text("link.choose.summary_empty", stage=stage)
    return text(
        "link.choose.summary",
        stage=stage,
        checkins=history.checkins,
        since=history.first_day.strftime("%-d %b"),
    )


def choose(first: History, second: History) -> Reply:
    buttons = tuple(
        (Button(text("link.choose.button", platform=platform_name(h.platform)),
                f"{KEEP_PAYLOAD}={h.platform}"),)
        for h in (first, second)
    )  # fmt: skip
    ask = text(
        "link.choose.ask",
        first=platform_name(first.platform),
        first_summary=summary(first),
        second=platform_name(second.platform),
        second_summary=summary(second),
    )
    return Reply((ask,), buttons)


def choose_again(platforms: Sequence[str]) -> Reply:
    names = [platform_name(p) for p in platforms]
    return Reply((text("link.choose.unreadable", first=names[0], second=names[-1]),))


def prompt_buttons(platforms: Sequence[str]) -> tuple[tuple[Button, ...], ...]:
    return (
        tuple(
            Button(text("link.prompt.button", platform=platform_name(p)), f"{PROMPT_PAYLOAD}={p}")
            for p in platforms
        ),
    )


def linked(platforms: Sequence[str]) -> list[Reply]:
    """Done: say so, and ask where the morning check-in should come."""
    names = [platform_name(p) for p in platforms]
    return [
        Reply((text("link.done", first=names[0], second=names[-1]),)),
        Reply((text("link.prompt.ask"),), prompt_buttons(platforms)),
    ]


@dataclass(frozen=True, slots=True)
class Account:
    platform: str
    name: str


def status(accounts: Sequence[Account], prompt: str, here: str) -> Reply:
    """/link on a linked runner: what is linked, where the prompt goes; change or unlink."""
    listed = tuple(
        text("link.status.account", platform=platform_name(a.platform), name=a.name or "-")
        for a in accounts
    )
    platforms = [a.platform for a in accounts]
    others = [p for p in platforms if p != prompt]
    buttons = []
    if others:
        buttons.append(prompt_buttons(others)[0])
    buttons.append(
        tuple(
            Button(text("link.unlink.button", platform=platform_name(p)), f"{UNLINK_PAYLOAD}={p}")
            for p in platforms
        )
    )
    example = next((p for p in platforms if p != here), here)
    line = text("link.status", accounts=listed, prompt=platform_name(prompt), example=example)
    return Reply((line,), tuple(buttons))


def payload(pressed: str) -> tuple[str, str] | None:
    """'link.keep=discord' -> ('link.keep', 'discord'); None for anything else."""
    head, sep, value = pressed.partition("=")
    if not sep or head not in PAYLOADS or not value.isalpha() or len(value) > 16:
        return None
    return head, value
