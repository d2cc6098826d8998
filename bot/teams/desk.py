"""The team commands, in front of the App: `/team`, `/join`, `/leave`, `/start join_<code>`
and the sharing-level buttons are answered here, with the platform (who runs the chat, the
private chat, the deep link) and the TeamStore; everything else goes to the App unchanged.

After the private turn that ends the onboarding of someone who joined before they had
onboarded, the sharing level is offered and the team is told they joined: that is how a runner
who came through `/join` is in the team when onboarding ends, with no second `/join`. Other
private turns do not read the team tables at all (`_may_end_onboarding`).

Team replies in a group are public on purpose (`private=False`): they are built from
bot/teams/board.py and messages/teams.py only, which carry no health data (tests/unit/
test_team_privacy.py). Whatever is about the runner alone is `private=True`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.adapters.platform import CoachApp, Destination, Platform, Where
from bot.core import commands
from bot.core import questions as q
from bot.core.slash import is_command
from bot.core.turn import repeat
from bot.core.types import (
    Button,
    ChatKind,
    ConversationKey,
    Event,
    Pressed,
    Prompted,
    Reply,
    Typed,
    typed_text,
)
from bot.delivery import RetryLater, Unreachable
from bot.teams import board
from bot.teams.model import Level, first_name, parse_setup, shown
from bot.text import text
from storage.teams import RunnerRow, TeamRow, TeamStore

log = logging.getLogger("comeback.teams")

TEAM_COMMANDS = frozenset({"team", "join", "leave"})
JOIN_PREFIX = "join_"
LEAVE_PAYLOAD = "team.leave"  # "team.leave:<team id>"


def _say(key: str, *, private: bool = False, **params: object) -> Reply:
    return Reply((text(key, **params),), private=private)


class TeamDesk:
    """A CoachApp (the adapters call `handle` as they call App.handle) that answers the team
    events itself."""

    def __init__(self, app: CoachApp, store: TeamStore, platform: Platform) -> None:
        self.app = app
        self.store = store
        self.platform = platform

    async def moved(self, old_chat: str, new_chat: str) -> None:
        """The platform gave the group a new id (Telegram's migrate_to_chat_id)."""
        if await self.store.move(self.platform.name, old_chat, new_chat):
            log.info("%s: a team moved to its group's new id", self.platform.name)

    # ---- lifecycle: what the platform tells us about its chats --------------------------

    async def gone(self, chats: Sequence[str]) -> None:
        """The bot was removed from these chats (a Telegram group, every channel of a Discord
        guild that kicked it) or a chat was deleted: their teams end quietly, members and
        their choices kept for a new /team setup. Nothing is posted (we can't)."""
        try:
            ended = await self.store.end_in(self.platform.name, chats)
        except Exception:  # an event we miss costs a failed roll-call later, nothing more
            log.exception("%s: ending the teams of a lost chat failed", self.platform.name)
            return
        if ended:
            log.info("%s: %d team(s) ended: the bot left their chat", self.platform.name, ended)

    async def left(self, chats: Sequence[str], user: str) -> None:
        """A member left these chats (the Telegram group, the Discord guild's channels): they
        leave the teams there, quietly."""
        try:
            gone = await self.store.leave_in(self.platform.name, chats, user)
        except Exception:
            log.exception("%s: a member's leaving failed", self.platform.name)
            return
        if gone:
            log.info("%s: a member left %d team(s) with their chat", self.platform.name, gone)

    async def mark_unreachable(self, platform: str, user: str) -> None:
        await self.app.mark_unreachable(platform, user)

    async def handle(self, event: Event) -> list[Reply]:
        try:
            answered = await self._team_event(event)
        except Exception:
            log.exception("team event failed for %s", event.key)
            return [Reply((text("error.internal"),), private=True)]
        if answered is not None:
            return answered
        replies = await self.app.handle(event)
        if event.chat_kind is ChatKind.PRIVATE and _may_end_onboarding(event, replies):
            try:
                replies = [*replies, *await self._offer_after_onboarding(event)]
            except Exception:  # the turn itself is answered; the offer comes next time
                log.exception("team offer failed for %s", event.key)
        return replies

    # ---- which events are ours ----------------------------------------------------------

    async def _team_event(self, event: Event) -> list[Reply] | None:
        if isinstance(event, Pressed):
            if event.payload.startswith(board.LEVEL_PAYLOAD + ":"):
                return await self._level(event, event.payload)
            if event.payload.startswith(LEAVE_PAYLOAD + ":"):
                return await self._leave_pressed(event, event.payload)
            if event.payload.startswith(board.CHEER_PAYLOAD + ":"):
                return await self._cheer(event, event.payload)
            return None
        typed = typed_text(event)
        if not is_command(typed):
            return None
        name, argument = commands.parse(typed)
        if name == "start" and argument.startswith(JOIN_PREFIX):
            return await self._start_join(event, argument[len(JOIN_PREFIX) :])
        if name not in TEAM_COMMANDS:
            return None
        if event.chat_kind is ChatKind.PRIVATE:
            return await self._mine(event)
        if name == "team":
            return await self._team(event, argument)
        if name == "join":
            return await self._join(event)
        return await self._leave(event)

    # ---- /team in a group ---------------------------------------------------------------

    async def _team(self, event: Event, argument: str) -> list[Reply]:
        verb, _, rest = argument.partition(" ")
        verb = verb.lower()
        key = event.key
        if verb in ("setup", "set", "off", "stop", "end"):
            if not await self.platform.is_admin(key.chat, key.user):
                return [_say("team.setup.refused")]
            if verb in ("off", "stop", "end"):
                team = await self.store.team_in(key.platform, key.chat)
                if team is None or not team.active:
                    return [_say("team.none")]
                await self.store.end(team.id)
                return [_say("team.off.done")]
            setup = parse_setup(rest)
            if not setup.complete:
                return [_say("team.setup.ask")]
            assert setup.time is not None and setup.timezone is not None
            existing = await self.store.team_in(key.platform, key.chat)
            title = existing.title if existing and existing.title else _title(event)
            team = await self.store.set_up(
                key.platform, key.chat, title, setup.time, setup.timezone, setup.digest_day,
                event.now, admin=key.user,
            )  # fmt: skip
            return [
                _say("team.setup.done", team=board.named(team.title), time=team.roll_call_time,
                     zone=team.timezone)
            ]  # fmt: skip
        team = await self._active(key)
        if team is None:
            return [_say("team.none")]
        return [await self.board(team, event)]

    async def board(self, team: TeamRow, event: Event) -> Reply:
        days = await self.store.member_days(team, event.now)
        return board.roll_call(team.title, [shown(d) for d in days], event.now.toordinal())

    async def _active(self, key: ConversationKey) -> TeamRow | None:
        team = await self.store.team_in(key.platform, key.chat)
        return team if team is not None and team.active else None

    # ---- joining ------------------------------------------------------------------------

    async def _join(self, event: Event) -> list[Reply]:
        key = event.key
        team = await self._active(key)
        if team is None:
            return [_say("team.none")]
        runner = await self.store.runner(key.platform, key.user)
        name = _name(event, runner)
        if runner is not None and runner.onboarded:
            if await self.store.join(team.id, runner.id, event.now, offered=True):
                return [
                    _say("team.join.done", name=name),
                    board.level_question(
                        team.id, team.title, (await self._level_in(runner.id, team.id))
                    ),
                ]
            return [
                _say("team.join.already", private=True),
                board.level_question(team.id, team.title, await self._level_in(runner.id, team.id)),
            ]
        if runner is not None:  # met before, onboarding not finished: in, once it is
            await self.store.join(team.id, runner.id, event.now, offered=False)
        link = self.platform.deep_link(f"{JOIN_PREFIX}{team.code}")
        if link is not None:
            return [_say("team.join.link", name=name, link=link)]
        # No deep link (Discord): open the DM and start there ourselves, or, for someone in
        # the middle of onboarding, ask the open question again (a /start would begin anew).
        private = ConversationKey(key.platform, key.user, key.user)
        intro = _say("team.join.dm_intro", team=board.named(team.title))
        resumed = await self._resume(private, team) if runner is not None else None
        if resumed is not None:
            intro, replies = resumed[0], resumed[1:]
        else:
            start = Typed(private, event.now, "/start", display_name=event.display_name)
            replies = await self.app.handle(start)
        runner = await self.store.runner(key.platform, key.user)
        if runner is not None:
            await self.store.join(team.id, runner.id, event.now, offered=runner.onboarded)
        try:
            await self.platform.send(private, [intro, *replies])
        except (Unreachable, RetryLater) as error:
            log.info("%s: could not open a DM for a join (%s)", key.platform, error)
        return [_say("team.join.dm", private=True, name=name)]

    async def _resume(self, private: ConversationKey, team: TeamRow) -> list[Reply] | None:
        """The open question of a private conversation, asked again under a word about the
        team (nothing changes); None if no question is open there."""
        store = getattr(self.app, "store", None)  # the App's Store (a LinkDesk passes it on)
        if store is None:
            return None
        state = await store.state(private)  # read only, as App.peek
        if q.ALL.get(state.flow) is None:
            return None
        note = text("team.join.dm_continue", team=board.named(team.title))
        return [Reply((note,)), *repeat(state).replies]

    async def _start_join(self, event: Event, code: str) -> list[Reply]:
        """The deep link from a group's /join: onboarding (or a welcome back) as /start gives
        it, and the runner is in the team (now, or when onboarding ends)."""
        team = await self.store.team_by_code(code)
        met = await self.store.runner(event.key.platform, event.key.user)
        if team is not None and team.active and met is not None and not met.onboarded:
            resumed = await self._resume(event.key, team)  # mid-onboarding: carry on, no restart
            if resumed is not None:
                await self.store.join(team.id, met.id, event.now, offered=False)
                return resumed
        replies = await self.app.handle(event)
        if team is None or not team.active:
            return [*replies, _say("team.join.expired")]  # /start's own answer first
        runner = await self.store.runner(event.key.platform, event.key.user)
        if runner is None:
            return replies
        await self.store.join(team.id, runner.id, event.now, offered=runner.onboarded)
        if not runner.onboarded:
            return [_say("team.join.dm_intro", team=board.named(team.title)), *replies]
        await self._announce(team, _name(event, runner))
        level = await self._level_in(runner.id, team.id)
        return [*replies, board.level_question(team.id, team.title, level)]

    async def _offer_after_onboarding(self, event: Event) -> list[Reply]:
        waiting = await self.store.waiting_for_offer(event.key.platform, event.key.user)
        if not waiting:
            return []
        runner = await self.store.runner(event.key.platform, event.key.user)
        assert runner is not None  # it has memberships
        await self.store.mark_offered(runner.id, [m.team.id for m in waiting])
        for membership in waiting:
            await self._announce(membership.team, _name(event, runner))
        return [board.level_question(m.team.id, m.team.title, m.level) for m in waiting]

    async def _announce(self, team: TeamRow, name: str) -> None:
        try:
            await self.platform.post_to_group(team.chat_id, _say("team.join.done", name=name))
        except (Unreachable, RetryLater) as error:
            log.info("%s: join not announced in %s (%s)", team.platform, team.chat_id, error)

    # ---- levels and leaving -------------------------------------------------------------

    async def _level_in(self, runner_id: int, team_id: int) -> Level:
        for membership in await self.store.memberships(runner_id):
            if membership.team.id == team_id:
                return membership.level
        return Level.CHECKIN

    async def _level(self, event: Event, payload: str) -> list[Reply]:
        parsed = board.parse_level_payload(payload)
        runner = await self.store.runner(event.key.platform, event.key.user)
        team = await self.store.team_by_id(parsed[0]) if parsed else None
        if parsed is None or runner is None or team is None or not team.active:
            return [_say("team.level.gone", private=True)]
        if not await self.store.set_level(team.id, runner.id, parsed[1]):
            return [_say("team.level.gone", private=True)]
        chosen = text(f"team.level.{parsed[1].value}")
        return [_say("team.level.set", private=True, team=board.named(team.title), level=chosen)]

    async def _leave(self, event: Event) -> list[Reply]:
        team = await self._active(event.key)
        runner = await self.store.runner(event.key.platform, event.key.user)
        if team is None or runner is None or not await self.store.leave(team.id, runner.id):
            return [_say("team.leave.not_member", private=True)]
        return [_say("team.leave.done", private=True, team=board.named(team.title))]

    async def _leave_pressed(self, event: Event, payload: str) -> list[Reply]:
        team_id = payload.partition(":")[2]
        runner = await self.store.runner(event.key.platform, event.key.user)
        team = await self.store.team_by_id(int(team_id)) if team_id.isdigit() else None
        if team is None or runner is None or not await self.store.leave(team.id, runner.id):
            return [_say("team.leave.not_member", private=True)]
        return [_say("team.leave.done", private=True, team=board.named(team.title))]

    async def _cheer(self, event: Event, payload: str) -> list[Reply]:
        """A teammate pressed Cheer under a milestone: the runner hears it privately."""
        milestone = board.parse_cheer_payload(payload)
        if milestone is None:
            return [_say("team.cheer.gone", private=True)]
        key = event.key
        cheer = await self.store.cheer(milestone, key.platform, key.chat, key.user, event.now)
        if cheer.outcome != "sent":
            return [_say(f"team.cheer.{cheer.outcome}", private=True)]
        runner = await self.store.runner(key.platform, key.user)
        name = _name(event, runner)
        heard = _say(f"team.cheer.received.{cheer.kind}", private=True, name=name)
        try:
            await self.platform.post(Destination(Where.PRIVATE, cheer.runner_user), heard)
        except (Unreachable, RetryLater) as error:  # the cheer is kept; the note is lost
            log.info("%s: cheer not delivered (%s)", key.platform, error)
        return [_say("team.cheer.sent", private=True)]

    async def _mine(self, event: Event) -> list[Reply]:
        """/team, /join or /leave in a private chat: each of the runner's teams, with its
        sharing choice and a way out."""
        runner = await self.store.runner(event.key.platform, event.key.user)
        teams = await self.store.memberships(runner.id) if runner is not None else []
        if not teams:
            return [_say("team.mine.none")]
        return [_with_leave(board.level_question(m.team.id, m.team.title, m.level), m.team.id)
                for m in teams]  # fmt: skip


# The line onboarding ends with (bot/core/onboarding.py): only the turn that says it can leave
# a runner who joined before onboarding waiting for the sharing question. `/start` too, as a
# way back for an offer that failed once. Every other private turn skips the read.
ONBOARDED = "onboard.done"


def _may_end_onboarding(event: Event, replies: Sequence[Reply]) -> bool:
    if isinstance(event, Prompted):
        return False
    if any(line.key == ONBOARDED for reply in replies for line in reply.lines):
        return True
    typed = typed_text(event).strip()
    return typed.startswith("/") and commands.parse(typed)[0] == "start"


def _with_leave(reply: Reply, team_id: int) -> Reply:
    leave = (Button(text("team.leave.button"), f"{LEAVE_PAYLOAD}:{team_id}"),)
    return Reply(reply.lines, (*reply.buttons, leave), private=True)


def _name(event: Event, runner: RunnerRow | None) -> str:
    return first_name(event.display_name) or first_name(runner.display_name if runner else "")


def _title(event: Event) -> str:
    return ""  # the Platform contract does not give the chat title: posts use board.named


def with_teams(app: CoachApp, platform: Platform) -> CoachApp:
    """The adapters' hook: the App with the team desk in front, when the App has a database
    (a test's stand-in App without one is returned as it is)."""
    store = getattr(app, "store", None)
    engine = getattr(store, "engine", None)
    if engine is None:
        return app
    return TeamDesk(app, TeamStore(engine), platform)


__all__: Sequence[str] = ["TEAM_COMMANDS", "TeamDesk", "with_teams"]
