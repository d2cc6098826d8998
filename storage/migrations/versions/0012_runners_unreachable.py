"""The runners marked unreachable, indexed: the scheduler's expire step skips the due rows of
those runners every tick, and found them by reading every runner (a million, issue 15). A
partial index holds only the few marked, so the check starts from them and reaches their rows
through the outbox's (runner_id, kind, local_date) index (bench/expire_plan.py prints the plan).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Each engine's predicate spelled as the query is (SQLite matches a partial index's
    # predicate term by term, and SQLAlchemy writes a boolean column as `= 1` there).
    op.create_index(
        "ix_runners_unreachable",
        "runners",
        ["id"],
        postgresql_where=sa.text("unreachable"),
        sqlite_where=sa.text("unreachable = 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_runners_unreachable", table_name="runners")
