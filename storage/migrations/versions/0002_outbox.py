"""Outbox: scheduled prompts as rows (one per runner, kind and local date).

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "runner_id",
            Id,
            sa.ForeignKey("runners.id", ondelete="CASCADE", name="fk_outbox_runner_id_runners"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("due_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("lease_until", Stamp),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", Stamp, nullable=False),
        sa.Column("message_id", sa.String(64)),
        sa.Column("sent_at", Stamp),
        sa.Column("last_error", sa.String(64)),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        # The once-a-day guarantee: enqueueing is INSERT ... ON CONFLICT DO NOTHING on this.
        sa.UniqueConstraint(
            "runner_id", "kind", "local_date", name="uq_outbox_runner_id_kind_local_date"
        ),
    )
    # The claim query: status IN (pending, claimed) AND next_attempt_at <= now.
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])
    # The retention purge of old finished rows.
    op.create_index("ix_outbox_due_at", "outbox", ["due_at"])


def downgrade() -> None:
    op.drop_table("outbox")
