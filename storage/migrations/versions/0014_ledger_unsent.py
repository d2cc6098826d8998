"""The update ledger's unsent rows indexed by when they were answered, only while unsent.

The index it replaces, (platform, sent_at), held every unsent row under one key (platform,
NULL) and every row marked sent kept a dead entry there until vacuum: PostgreSQL's insert
into a run of equal keys grew with the run, and a turn's save with it (1.1 ms -> 8.5 ms per
turn over 20,000 turns in a row, bench/turns.py). A partial index on (platform, created_at)
takes distinct, growing keys and holds only what is still to send, which is what the one
reader (LedgerStore.unsent: this platform, unsent, since a time, oldest first) asks for.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_update_ledger_platform_sent_at", table_name="update_ledger")
    op.create_index(
        "ix_update_ledger_unsent",
        "update_ledger",
        ["platform", "created_at"],
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_update_ledger_unsent", table_name="update_ledger")
    op.create_index("ix_update_ledger_platform_sent_at", "update_ledger", ["platform", "sent_at"])
