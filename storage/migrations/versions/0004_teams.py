"""Teams: group chats with a daily roll-call, their members and sharing levels, their posts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("title", sa.String(128), server_default="", nullable=False),
        sa.Column("roll_call_time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("digest_day", sa.Integer()),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.UniqueConstraint("code", name="uq_teams_code"),
        sa.UniqueConstraint("platform", "chat_id", name="uq_teams_platform_chat_id"),
    )
    op.create_table(
        "team_members",
        sa.Column(
            "team_id",
            Id,
            sa.ForeignKey("teams.id", ondelete="CASCADE", name="fk_team_members_team_id_teams"),
            nullable=False,
        ),
        sa.Column(
            "runner_id",
            Id,
            sa.ForeignKey(
                "runners.id", ondelete="CASCADE", name="fk_team_members_runner_id_runners"
            ),
            nullable=False,
        ),
        sa.Column("level", sa.String(16), server_default="checkin", nullable=False),
        sa.Column("level_offered", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("joined_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "runner_id", name="pk_team_members"),
    )
    # A runner's teams: /delete, the level question after onboarding, the private nudge.
    op.create_index("ix_team_members_runner_id", "team_members", ["runner_id"])
    op.create_table(
        "team_posts",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "team_id",
            Id,
            sa.ForeignKey("teams.id", ondelete="CASCADE", name="fk_team_posts_team_id_teams"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("due_at", Stamp, nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("message_id", sa.String(64)),
        sa.Column("sent_at", Stamp),
        sa.Column("last_error", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_team_posts"),
        # The once-a-day guarantee: enqueueing is INSERT ... ON CONFLICT DO NOTHING on this.
        sa.UniqueConstraint(
            "team_id", "kind", "local_date", name="uq_team_posts_team_id_kind_local_date"
        ),
    )


def downgrade() -> None:
    op.drop_table("team_posts")
    op.drop_table("team_members")
    op.drop_table("teams")
