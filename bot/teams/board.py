"""The words of team posts, pure: the roll-call and the board `/team` shows. They are built
from `model.Shown` only, so nothing a member keeps private can reach them."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.types import Button, Reply
from bot.teams.model import Level, Shown
from bot.teams.week import Seen
from bot.text import Text, text

# The coach's stages as teammates read them: plain running words, none about why.
STAGES = frozenset(
    {"protect", "walk", "continuous", "rebuild", "recovered"}
    | {f"walk_run_{n}" for n in range(1, 7)}
)
LEVEL_PAYLOAD = "team.level"  # "team.level:<team id>:<level>"
CHEER_PAYLOAD = "team.cheer"  # "team.cheer:<milestone id>"


def stage_words(stage: str | None) -> Text | None:
    return text(f"team.stage.{stage}") if stage in STAGES else None


def member_line(member: Shown) -> Text:
    stage = stage_words(member.stage)
    if stage is None:
        return text("team.rollcall.member", name=member.name)
    if member.trend is None:
        return text("team.rollcall.member_stage", name=member.name, stage=stage)
    trend = text(f"team.trend.{member.trend.value}")
    return text("team.rollcall.member_trend", name=member.name, stage=stage, trend=trend)


def named(title: str) -> str | Text:
    """The team as posts name it: its title, or the catalog's word when the chat gave none."""
    return title or text("team.default_title")


def roll_call(title: str, members: Sequence[Shown], variant: int) -> Reply:
    """'Track Tuesday: 2 of 3 checked in today', the names of who did (never of who did not),
    and a line of encouragement."""
    if not members:
        return Reply((text("team.rollcall.empty", team=named(title)),))
    done = [m for m in members if m.checked_in]
    lines = [text("team.rollcall.header", team=named(title), count=len(done), total=len(members))]
    lines += [member_line(m) for m in sorted(done, key=lambda m: m.name.lower())]
    cheer = "team.rollcall.cheer" if done else "team.rollcall.nobody_yet"
    lines.append(text(cheer, variant=variant))
    return Reply(tuple(lines))


def level_question(team_id: int, title: str, current: Level) -> Reply:
    """Asked privately right after joining, and again whenever the member asks."""
    buttons = tuple(
        (Button(text(f"team.level.{level.value}"), f"{LEVEL_PAYLOAD}:{team_id}:{level.value}"),)
        for level in Level
    )
    now = text(f"team.level.{current.value}")
    return Reply((text("team.level.ask", team=named(title), current=now),), buttons, private=True)


def parse_level_payload(payload: str) -> tuple[int, Level] | None:
    head, _, rest = payload.partition(":")
    team, _, level = rest.partition(":")
    if head != LEVEL_PAYLOAD or not team.isdigit() or level not in Level._value2member_map_:
        return None
    return int(team), Level(level)


def digest(title: str, week: Sequence[Seen], variant: int) -> Reply:
    """'Track Tuesday, the week: Ada 5 of 6 check-ins, first continuous run.' One line a
    member (check-ins out of the days that counted, then milestones), one line for the team."""
    if not week:
        return Reply((text("team.rollcall.empty", team=named(title)),))
    lines = [text("team.digest.header", team=named(title))]
    for member in week:
        lines.append(
            text("team.digest.member", name=member.name, done=member.done, counted=member.counted)
        )
    for member in week:
        lines += [
            text("team.digest.milestone", name=member.name, milestone=text(f"team.milestone.{m}"))
            for m in member.milestones
        ]
    lines.append(text("team.digest.team", variant=variant))
    return Reply(tuple(lines))


def milestone_post(name: str, kind: str, milestone_id: int) -> Reply:
    """'Ada: first continuous run!' with a Cheer button for the teammates."""
    button = Button(text("team.cheer.button"), f"{CHEER_PAYLOAD}:{milestone_id}")
    line = text("team.milestone.post", name=name, milestone=text(f"team.milestone.{kind}"))
    return Reply((line,), ((button,),))


def parse_cheer_payload(payload: str) -> int | None:
    head, _, rest = payload.partition(":")
    if head != CHEER_PAYLOAD or not rest.isdigit() or len(rest) > 18:
        return None
    return int(rest)
