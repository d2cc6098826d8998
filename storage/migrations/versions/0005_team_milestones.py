"""Team milestone posts (with a Cheer button) and the cheers they got.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "team_milestones",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "team_id",
            Id,
            sa.ForeignKey("teams.id", ondelete="CASCADE", name="fk_team_milestones_team_id_teams"),
            nullable=False,
        ),
        sa.Column(
            "runner_id",
            Id,
            sa.ForeignKey(
                "runners.id", ondelete="CASCADE", name="fk_team_milestones_runner_id_runners"
            ),
            nullable=False,
        ),
        sa.Column("move_id", Id, nullable=False),  # the stage_history row it came from
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("message_id", sa.String(64)),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_team_milestones"),
        # Posted once: enqueueing is INSERT ... ON CONFLICT DO NOTHING on this.
        sa.UniqueConstraint(
            "team_id", "move_id", "kind", name="uq_team_milestones_team_id_move_id_kind"
        ),
    )
    op.create_index("ix_team_milestones_runner_id", "team_milestones", ["runner_id"])
    op.create_table(
        "team_cheers",
        sa.Column(
            "milestone_id",
            Id,
            sa.ForeignKey(
                "team_milestones.id",
                ondelete="CASCADE",
                name="fk_team_cheers_milestone_id_team_milestones",
            ),
            nullable=False,
        ),
        sa.Column(
            "runner_id",
            Id,
            sa.ForeignKey(
                "runners.id", ondelete="CASCADE", name="fk_team_cheers_runner_id_runners"
            ),
            nullable=False,
        ),
        sa.Column("at", Stamp, nullable=False),
        # One cheer per teammate per milestone.
        sa.PrimaryKeyConstraint("milestone_id", "runner_id", name="pk_team_cheers"),
    )
    op.create_index("ix_team_cheers_runner_id", "team_cheers", ["runner_id"])


def downgrade() -> None:
    op.drop_table("team_cheers")
    op.drop_table("team_milestones")
