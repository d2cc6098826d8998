"""The send budget every process shares (storage/budget.py): one row per key.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Created on SQLite too (one schema for both engines); only PostgreSQL uses it.
    op.create_table(
        "rate_budget",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("tat", sa.Double(), server_default="0", nullable=False),
        sa.Column("taken", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_rate_budget"),
    )


def downgrade() -> None:
    op.drop_table("rate_budget")
