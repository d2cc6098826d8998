"""Dated pauses: the day a /pause still on started (runners.paused_since), the day a
`/pause N` ends by itself (runners.paused_until) and every /pause and
/resume (pause_changes), so the progress chart, the report and /status can show paused days.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("runners") as batch:
        batch.add_column(sa.Column("paused_since", sa.Date(), nullable=True))
        batch.add_column(sa.Column("paused_until", sa.Date(), nullable=True))
    op.create_table(
        "pause_changes",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "runner_id",
            Id,
            sa.ForeignKey(
                "runners.id", ondelete="CASCADE", name="fk_pause_changes_runner_id_runners"
            ),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pause_changes"),
    )
    op.create_index("ix_pause_changes_runner_id_day", "pause_changes", ["runner_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_pause_changes_runner_id_day", table_name="pause_changes")
    op.drop_table("pause_changes")
    with op.batch_alter_table("runners") as batch:
        batch.drop_column("paused_until")
        batch.drop_column("paused_since")
