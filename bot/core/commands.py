"""Slash commands: the same names on every platform. A command leaves whatever question was open
(answers already saved stay saved) and does its own thing."""

from __future__ import annotations

from collections.abc import Callable

from bot.core import (
    checkin,
    coaching,
    logbook,
    onboarding,
    pausing,
    progress,
    settings_flow,
    status,
    zones,
)
from bot.core import questions as q
from bot.core.effects import ExportRequested, ForgetRunner
from bot.core.state import IDLE, NEW, Runner, State
from bot.core.turn import FULL_PLAN, Step, ask, repeat, say
from bot.core.types import ChatKind, Event, Reply, typed_text
from bot.text import text

COMMANDS = (
    "start", "checkin", "log", "today", "status", "progress", "settings", "pause", "resume",
    "export", "report", "delete", "link", "team", "join", "leave", "help", "cancel",
)  # fmt: skip
# Commands the bot knows but does not do yet: they answer honestly that the feature is coming
# instead of pretending.
NOT_YET: frozenset[str] = frozenset()
# Answered by bot/teams/desk.py in front of the App on the chat platforms; a platform without
# groups (the console) reaches the core, which says where teams live.
TEAMS = frozenset({"team", "join", "leave"})
# Answered by bot/linking/desk.py in front of the App on the chat platforms; the console has
# nothing to link to.
LINK = frozenset({"link"})


def parse(typed: str) -> tuple[str, str]:
    """'/start@ComebackBot join_ab12' -> ('start', 'join_ab12')."""
    head, _, rest = typed.strip().partition(" ")
    return head[1:].split("@", 1)[0].lower(), rest.strip()


def run(state: State, event: Event, name: str, argument: str) -> Step:
    if name not in COMMANDS:
        return repeat(state, text("error.unknown_command", command=name[:32]))
    if name in NOT_YET:
        return repeat(state, text("command.not_yet", command=name))
    if name in TEAMS:
        return repeat(state, text("team.elsewhere"))
    if name in LINK:
        return repeat(state, text("link.elsewhere"))
    if event.chat_kind == ChatKind.GROUP and name in _private_only(state):
        # Onboarding and settings ask for typed answers (a time zone, a time) that a group
        # channel may not let us read, and they are nobody else's business: in a DM.
        return say(state, text("group.go_private", command=name))
    if name in _ANYONE:
        return _ANYONE[name](state, event)
    runner = Runner.of(state)
    if runner is None:
        if state.flow == NEW:
            return onboarding.begin(state)
        return repeat(state, text("error.finish_onboarding_first"))
    return _RUNNER[name](runner, event)


# Commands about the runner's own recovery. A platform that can answer privately inside a group
# (Discord's ephemeral replies) keeps them there; one that cannot (Telegram) runs them in the
# runner's private chat, so the conversation continues where the questions are asked.
PERSONAL = frozenset(
    {"start", "checkin", "log", "today", "status", "settings", "delete", "export", "progress",
     "report"}
)  # fmt: skip


def _private_only(state: State) -> frozenset[str]:
    return PERSONAL if state.profile is None else frozenset({"settings"})


def _start(state: State, event: Event) -> Step:
    if state.profile is None:
        return onboarding.begin(state)
    return say(state.at(IDLE), text("start.welcome_back", stage=coaching.stage_name(state.profile)))


def _checkin(runner: Runner, event: Event) -> Step:
    profile = runner.profile
    if not coaching.can_check_in(profile, zones.local_date(profile.timezone, event.now)):
        return say(runner.idle(), text("checkin.already_done"))
    return checkin.begin(runner, event)


def _today(runner: Runner, event: Event) -> Step:
    profile = runner.profile
    today = zones.local_date(profile.timezone, event.now)
    # Read-only: a question left open stays open and is asked again after the plan.
    header = text("today.header", stage=coaching.stage_name(profile))
    return repeat(runner.state, header, *coaching.plan(profile, today))


def _status(runner: Runner, event: Event) -> Step:
    today = zones.local_date(runner.profile.timezone, event.now)
    # Read-only: an open question stays open.
    return repeat(runner.state, *status.lines(runner.profile, today))


def _log(runner: Runner, event: Event) -> Step:
    # "/log bike 45 pain 0": what the line gives is not asked again.
    return logbook.begin(runner, event, parse(typed_text(event))[1])


# --- buttons that work from anywhere ------------------------------------------------------
# Read-only buttons (like "Full plan" under a check-in's short reply): pressed later, with
# another question open, they answer and leave that question open, as their commands do.
GLOBAL_PAYLOADS = frozenset({FULL_PLAN})


def press(state: State, event: Event, payload: str) -> Step:
    """A global button: the same as its command, for a runner who has a profile."""
    runner = Runner.of(state)
    if runner is None:
        stale = "error.stale_button" if state.flow in q.ALL else "error.stale_button_idle"
        return repeat(state, text(stale))
    return _today(runner, event)


def _pause(runner: Runner, event: Event) -> Step:
    # "/pause 7", "/pause a week": a break that ends by itself; "/pause": until /resume.
    return pausing.pause(runner, event, parse(typed_text(event))[1])


def _help(state: State, event: Event) -> Step:
    return repeat(state, text("help"))


def _cancel(state: State, event: Event) -> Step:
    if state.flow in (IDLE, NEW):
        return say(state, text("cancel.nothing"))
    if state.profile is None:
        return say(State(NEW), text("cancel.onboarding"))
    return say(state.at(IDLE), text("cancel.done"))


def _export(state: State, event: Event) -> Step:
    return say(state, text("export.ready"), effects=[ExportRequested()])


def _delete(state: State, event: Event) -> Step:
    return Step(state.at(q.DELETE_CONFIRM.name), [ask(q.DELETE_CONFIRM)], [])


def confirm_delete(state: State, value: object) -> Step:
    if value == "yes":
        return Step(State(NEW), [Reply((text("delete.done"),))], [ForgetRunner()])
    after = IDLE if state.profile else NEW
    return say(state.at(after), text("delete.kept"))


# What anyone may use before onboarding is finished.
_ANYONE: dict[str, Callable[[State, Event], Step]] = {
    "start": _start,
    "help": _help,
    "cancel": _cancel,
    "delete": _delete,
    "export": _export,
}
# What needs a runner's profile.
_RUNNER: dict[str, Callable[[Runner, Event], Step]] = {
    "checkin": _checkin,
    "log": _log,
    "today": _today,
    "status": _status,
    "settings": lambda runner, event: settings_flow.begin(runner),
    "pause": _pause,
    "resume": lambda runner, event: pausing.resume(runner, event),
    "progress": progress.chart,
    "report": progress.report,
}
