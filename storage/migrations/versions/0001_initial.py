"""Initial schema: runners, identities, conversations, checkins, sessions, stage_history.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here rather than imported from storage.models: a migration is a frozen record of
# what the schema was at this revision, and must not change when the models do.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def runner_fk(table: str) -> sa.Column[int]:
    return sa.Column(
        "runner_id",
        Id,
        sa.ForeignKey("runners.id", ondelete="CASCADE", name=f"fk_{table}_runner_id_runners"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "runners",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("unreachable", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("area", sa.String(32)),
        sa.Column("onset", sa.String(16)),
        sa.Column("feel", sa.String(16)),
        sa.Column("kind", sa.String(16)),
        sa.Column("seen_professional", sa.Boolean()),
        sa.Column("baseline", sa.Integer()),
        sa.Column("timezone", sa.String(64)),
        sa.Column("checkin_time", sa.String(5)),
        sa.Column("cross_training", Json),
        sa.Column("cleared_by_clinician", sa.Boolean()),
        sa.Column("paused", sa.Boolean()),
        sa.Column("coach_state", Json),
        sa.Column("last_checkin", sa.Date()),
        sa.Column("skip_date", sa.Date()),
        sa.PrimaryKeyConstraint("id", name="pk_runners"),
    )
    op.create_table(
        "identities",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        runner_fk("identities"),
        sa.Column("display_name", sa.String(128), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("platform", "user_id", name="pk_identities"),
    )
    op.create_index("ix_identities_runner_id", "identities", ["runner_id"])
    op.create_table(
        "conversations",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        runner_fk("conversations"),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("platform", "chat_id", "user_id", name="pk_conversations"),
    )
    op.create_index("ix_conversations_runner_id", "conversations", ["runner_id"])
    op.create_table(
        "checkins",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        runner_fk("checkins"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("morning_pain", sa.Integer(), nullable=False),
        sa.Column("swelling", sa.String(16), nullable=False),
        sa.Column("daily_activity_pain", sa.Boolean(), nullable=False),
        sa.Column("compared_to_before", sa.String(16)),
        sa.Column("red_flags", Json, nullable=False),
        sa.Column("walk_test", sa.String(32)),
        sa.Column("hop_test", sa.String(32)),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("rules", Json, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
    )
    op.create_index("ix_checkins_runner_id_day", "checkins", ["runner_id", "day"])
    op.create_table(
        "sessions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        runner_fk("sessions"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("pain_during", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_runner_id_day", "sessions", ["runner_id", "day"])
    op.create_table(
        "stage_history",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        runner_fk("stage_history"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("from_stage", sa.String(32), nullable=False),
        sa.Column("to_stage", sa.String(32), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("rules", Json, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stage_history"),
    )
    op.create_index("ix_stage_history_runner_id_day", "stage_history", ["runner_id", "day"])


def downgrade() -> None:
    for table in ("stage_history", "sessions", "checkins", "conversations", "identities"):
        op.drop_table(table)
    op.drop_table("runners")
