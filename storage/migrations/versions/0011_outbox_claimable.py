"""The claim's index: in place of (status, next_attempt_at) over every row, a partial index of
the claimable outbox rows (pending, claimed) in the order the claim takes them, so a claim reads
the batch's own entries whatever the number of sent rows the table keeps for 30 days (issue 15,
a million runners). Only claimable rows are in it: it is the size of the backlog. And the
purge's index on due_at keeps finished rows only, so new and claimed rows do not write to it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
CLAIMABLE = "status IN ('pending', 'claimed')"
FINISHED = "status IN ('sent', 'skipped', 'failed')"


def upgrade() -> None:
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.create_index(
        "ix_outbox_claimable",
        "outbox",
        ["platform", "next_attempt_at"],
        postgresql_where=sa.text(CLAIMABLE),
        sqlite_where=sa.text(CLAIMABLE),
    )
    op.drop_index("ix_outbox_due_at", table_name="outbox")
    op.create_index(
        "ix_outbox_finished_due_at",
        "outbox",
        ["due_at"],
        postgresql_where=sa.text(FINISHED),
        sqlite_where=sa.text(FINISHED),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_finished_due_at", table_name="outbox")
    op.create_index("ix_outbox_due_at", "outbox", ["due_at"])
    op.drop_index("ix_outbox_claimable", table_name="outbox")
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])
