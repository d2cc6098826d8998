"""Tables. Everything about a runner hangs off `runners` with ON DELETE CASCADE, so deleting
the runner row (ForgetRunner) deletes every row about them.

The migration in migrations/versions/0001_initial.py is written out by hand; keep the two in
step (tests/integration/test_storage.py compares them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.names import DISPLAY_NAME_CHARS

# Autoincrementing ids: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out. SQLite keeps no offset, so we normalise on the way in and
    put UTC back on the way out; PostgreSQL's timestamptz round-trips anyway."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: Json,
        list[Any]: Json,
    }


def runner_fk() -> Any:
    return mapped_column(Id, ForeignKey("runners.id", ondelete="CASCADE"), nullable=False)


class Runner(Base):
    __tablename__ = "runners"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime]
    unreachable: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    # The Profile. NULL until onboarding completes; `area` NULL means "no profile".
    area: Mapped[str | None] = mapped_column(String(32))
    onset: Mapped[str | None] = mapped_column(String(16))
    feel: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(16))
    seen_professional: Mapped[bool | None]
    baseline: Mapped[int | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    checkin_time: Mapped[str | None] = mapped_column(String(5))
    cross_training: Mapped[list[Any] | None]
    cleared_by_clinician: Mapped[bool | None]
    paused: Mapped[bool | None]
    coach_state: Mapped[dict[str, Any] | None]
    last_checkin: Mapped[date | None]
    skip_date: Mapped[date | None]
    cause: Mapped[str | None] = mapped_column(String(16))
    goal: Mapped[str | None] = mapped_column(String(160))
    # Where the morning prompts go when the runner has linked several platforms (issue 12);
    # NULL: the first identity (storage/outbox.py).
    prompt_platform: Mapped[str | None] = mapped_column(String(16))
    paused_since: Mapped[date | None]
    paused_until: Mapped[date | None]  # `/pause 7`: check-ins come back by themselves on this day
    # Bumped by every write of the profile columns (0013): a PostgreSQL turn that read the
    # profile saves only if it is still the one it read (storage/optimistic.py).
    version: Mapped[int] = mapped_column(Integer, server_default="0", default=0)

    __table_args__ = (
        # The few marked unreachable (0012), for the expire step's check: not every runner read.
        Index(
            "ix_runners_unreachable",
            "id",
            postgresql_where=text("unreachable"),
            sqlite_where=text("unreachable = 1"),
        ),
    )


class Identity(Base):
    """A platform account. One runner may one day have several (Telegram and Discord)."""

    __tablename__ = "identities"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    runner_id: Mapped[int] = runner_fk()
    display_name: Mapped[str] = mapped_column(
        String(DISPLAY_NAME_CHARS), default="", server_default=""
    )

    __table_args__ = (Index(None, "runner_id"),)


class Conversation(Base):
    """Flow and scratch data of one (platform, chat, user); the profile is the runner's."""

    __tablename__ = "conversations"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    runner_id: Mapped[int] = runner_fk()
    flow: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    # Bumped by every write (0013): a PostgreSQL turn saves only the conversation it read.
    version: Mapped[int] = mapped_column(Integer, server_default="0", default=0)

    __table_args__ = (Index(None, "runner_id"),)


class Checkin(Base):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    runner_id: Mapped[int] = runner_fk()
    day: Mapped[date]
    at: Mapped[datetime]
    morning_pain: Mapped[int]
    swelling: Mapped[str] = mapped_column(String(16))
    daily_activity_pain: Mapped[bool]
    compared_to_before: Mapped[str | None] = mapped_column(String(16))
    red_flags: Mapped[list[Any]]
    walk_test: Mapped[str | None] = mapped_column(String(32))
    hop_test: Mapped[str | None] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(32))
    rules: Mapped[list[Any]]

    __table_args__ = (Index(None, "runner_id", "day"),)


class Session(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    runner_id: Mapped[int] = runner_fk()
    day: Mapped[date]
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int]
    pain_during: Mapped[int]

    __table_args__ = (Index(None, "runner_id", "day"),)


class StageHistory(Base):
    __tablename__ = "stage_history"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    runner_id: Mapped[int] = runner_fk()
    day: Mapped[date]
    at: Mapped[datetime]
    from_stage: Mapped[str] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(32))
    rules: Mapped[list[Any]]

    __table_args__ = (Index(None, "runner_id", "day"),)


class PauseChange(Base):
    """A /pause or /resume, dated: the chart and the report show the paused days."""

    __tablename__ = "pause_changes"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    runner_id: Mapped[int] = runner_fk()
    day: Mapped[date]
    at: Mapped[datetime]
    paused: Mapped[bool]

    __table_args__ = (Index(None, "runner_id", "day"),)


# The Core tables, for the statements of the hot path (no ORM identity map there).
runners = cast(Table, Runner.__table__)
identities = cast(Table, Identity.__table__)
conversations = cast(Table, Conversation.__table__)
checkins = cast(Table, Checkin.__table__)
sessions = cast(Table, Session.__table__)
stage_history = cast(Table, StageHistory.__table__)
pause_changes = cast(Table, PauseChange.__table__)
# Deletion order is irrelevant (cascades); this order is for tests and exports.
ALL_TABLES = (
    runners, identities, conversations, checkins, sessions, stage_history, pause_changes,
)  # fmt: skip


# The claimable statuses (bot.scheduling.ports.CLAIMABLE) as SQL: the predicate of the claim's
# partial index, and word for word the claim's own condition.
CLAIMABLE_SQL = "status IN ('pending', 'claimed')"
# The finished ones (bot.scheduling.ports.FINISHED): the predicate of the purge's index.
FINISHED_SQL = "status IN ('sent', 'skipped', 'failed')"


class Outbox(Base):
    """Scheduled prompts, one row per runner, kind and local date. The unique key is
    what makes a prompt go out at most once a day, whatever the scheduler, the clock change or
    the number of processes does; `status` walks pending -> claimed -> sent | skipped | failed.

    Not in ALL_TABLES: that tuple is the runner's own data (tests, exports); this is delivery
    bookkeeping. It still cascades with the runner, so ForgetRunner leaves nothing behind."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    runner_id: Mapped[int] = runner_fk()
    kind: Mapped[str] = mapped_column(String(16))  # checkin | nudge | weekly
    local_date: Mapped[date]
    due_at: Mapped[datetime]
    # After this instant the prompt is stale (grace window, or the local day is over): it is
    # recorded as skipped, never sent late.
    expires_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), server_default="pending", default="pending")
    # Where to send: the runner's private conversation on one platform.
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    # When the row may be claimed: due_at at first, the lease end while claimed, the backoff
    # after a transient failure. One column, so one index serves the claim query.
    next_attempt_at: Mapped[datetime]
    message_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    # An error class or a reason word ("stale", "silent", "unreachable"): never message text.
    last_error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("runner_id", "kind", "local_date"),
        # The purge's index (0011, in place of (due_at)): finished rows only, so the morning's
        # million new rows, and their claims, do not write to it.
        Index(
            "ix_outbox_finished_due_at",
            "due_at",
            postgresql_where=text(FINISHED_SQL),
            sqlite_where=text(FINISHED_SQL),
        ),
        # The claim's index (0011, in place of (status, next_attempt_at)): only claimable rows
        # are in it, so it stays the size of the backlog however many sent rows the table
        # keeps, in the order the claim takes them. The claim and expire spell the same
        # predicate (SQLite matches a partial index's predicate term by term).
        Index(
            "ix_outbox_claimable",
            "platform",
            "next_attempt_at",
            postgresql_where=text(CLAIMABLE_SQL),
            sqlite_where=text(CLAIMABLE_SQL),
        ),
    )


outbox = cast(Table, Outbox.__table__)


class Team(Base):
    """A group chat where Comeback posts a daily roll-call (issue 11). Keyed by platform and
    chat; `code` is what a deep link carries (`join_<code>`), so a chat id never travels."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(128), default="", server_default="")
    roll_call_time: Mapped[str] = mapped_column(String(5))  # "HH:MM" in the team's zone
    timezone: Mapped[str] = mapped_column(String(64))
    digest_day: Mapped[int | None]  # 0 = Monday; None: no weekly digest
    active: Mapped[bool] = mapped_column(Boolean, server_default=true(), default=True)
    created_at: Mapped[datetime]
    # Who ran /team setup last (the platform's user id): told privately if the bot may not post.
    admin_user: Mapped[str | None] = mapped_column(String(64))
    # When they were told; cleared by the next post that goes through (told once per episode).
    muted_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("platform", "chat_id"),)


class TeamMember(Base):
    """A runner in a team, and what they let the team see. Cascades with the runner, so
    /delete takes them out of every team."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(
        Id, ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    runner_id: Mapped[int] = mapped_column(
        Id, ForeignKey("runners.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[str] = mapped_column(String(16), default="checkin", server_default="checkin")
    # False until the runner was offered the sharing level (after onboarding, if they had to).
    level_offered: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    joined_at: Mapped[datetime]

    __table_args__ = (Index(None, "runner_id"),)


class TeamPost(Base):
    """A team's scheduled post, one row per team, kind and local date: the once-a-day key, as
    the runners' outbox has. Claimed (status) before it is sent, so it goes out at most once."""

    __tablename__ = "team_posts"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    team_id: Mapped[int] = mapped_column(Id, ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # rollcall
    local_date: Mapped[date]
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), server_default="pending", default="pending")
    message_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("team_id", "kind", "local_date"),)


class TeamMilestone(Base):
    """A milestone posted to a team with a Cheer button, once per team, stage move and kind."""

    __tablename__ = "team_milestones"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    team_id: Mapped[int] = mapped_column(Id, ForeignKey("teams.id", ondelete="CASCADE"))
    runner_id: Mapped[int] = mapped_column(Id, ForeignKey("runners.id", ondelete="CASCADE"))
    move_id: Mapped[int] = mapped_column(Id)  # the stage_history row it came from
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="pending", default="pending")
    message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("team_id", "move_id", "kind"), Index(None, "runner_id"))


class TeamCheer(Base):
    """A teammate's cheer of a milestone: one each."""

    __tablename__ = "team_cheers"

    milestone_id: Mapped[int] = mapped_column(
        Id, ForeignKey("team_milestones.id", ondelete="CASCADE"), primary_key=True
    )
    runner_id: Mapped[int] = mapped_column(
        Id, ForeignKey("runners.id", ondelete="CASCADE"), primary_key=True
    )
    at: Mapped[datetime]

    __table_args__ = (Index(None, "runner_id"),)


teams = cast(Table, Team.__table__)
team_members = cast(Table, TeamMember.__table__)
team_posts = cast(Table, TeamPost.__table__)
team_milestones = cast(Table, TeamMilestone.__table__)
team_cheers = cast(Table, TeamCheer.__table__)


class LinkCode(Base):
    """A one-time code that links a second platform account to this runner (issue 12). Only
    its hash is stored; `lookup` (its first characters) finds the row, so wrong tries count
    against one code. Once typed on the other side with both sides having a history, the row
    waits for the runner's choice (`claimed_*`). Cascades with the runner."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    runner_id: Mapped[int] = runner_fk()
    platform: Mapped[str] = mapped_column(String(16))  # where it was shown
    user_id: Mapped[str] = mapped_column(String(64))
    lookup: Mapped[str] = mapped_column(String(8), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    claimed_platform: Mapped[str | None] = mapped_column(String(16))
    claimed_user: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    __table_args__ = (Index(None, "runner_id"),)


link_codes = cast(Table, LinkCode.__table__)


class RateBudgetRow(Base):
    """A send rate shared by every process (PostgreSQL; storage/budget.py): per key (a
    platform's bot token, one of its group chats), the theoretical arrival time of the next
    free send slot in epoch seconds, and how many slots the last take handed out."""

    __tablename__ = "rate_budget"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    tat: Mapped[float] = mapped_column(Double, server_default="0", default=0.0)
    taken: Mapped[int] = mapped_column(Integer, server_default="0", default=0)


rate_budget = cast(Table, RateBudgetRow.__table__)


class UpdateLedger(Base):
    """Each platform update answered, recorded in the transaction of its turn (issue 14): an
    update delivered again after a crash is recognised and not answered twice. While the turn's
    replies have not gone out, they wait here (an outbox for replies); once sent, they are
    cleared. Pruned after two days (OutboxStore.purge). No foreign key (an update may be
    answered for nobody); a runner's /delete takes the rows of all their accounts, and the row
    of its own goodbye keeps no key and goes once the goodbye is sent."""

    __tablename__ = "update_ledger"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    chat_id: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(64))
    # {"replies": [...], "files": [...], "now": ...} (storage/ledger.py) until sent; then NULL.
    replies: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        # Only the unsent, by when (0014): what LedgerStore.unsent reads after a crash.
        Index(
            "ix_update_ledger_unsent",
            "platform",
            "created_at",
            postgresql_where=text("sent_at IS NULL"),
            sqlite_where=text("sent_at IS NULL"),
        ),
        Index(None, "created_at"),
    )


update_ledger = cast(Table, UpdateLedger.__table__)
