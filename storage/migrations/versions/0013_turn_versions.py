"""A version on conversations and runners, for optimistic turns on PostgreSQL (issue 15): a
turn reads without a lock and saves in one statement that writes only if the conversation and
the profile it read are still the ones there (storage/optimistic.py). Every write of a
conversation or of a profile bumps its version, on both engines.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The optimistic save calls it when what it read changed meanwhile, or the update was answered
# already: the error undoes the whole statement (SQLSTATE 40001, serialization_failure: retry).
CONFLICT_FUNCTION = """
CREATE OR REPLACE FUNCTION comeback_turn_conflict(reason text) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'comeback turn conflict: ' || reason;
END
$$
"""


def upgrade() -> None:
    # A constant default: PostgreSQL 11+ adds the column without rewriting the table.
    for table in ("conversations", "runners"):
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="0", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CONFLICT_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS comeback_turn_conflict(text)")
    for table in ("runners", "conversations"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
