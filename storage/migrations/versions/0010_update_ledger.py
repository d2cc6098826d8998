"""The update ledger: every platform update answered, and the replies not sent yet (issue 14).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Stamp = sa.DateTime(timezone=True)
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "update_ledger",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("update_id", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(64)),
        sa.Column("user_id", sa.String(64)),
        sa.Column("replies", Json),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("sent_at", Stamp),
        sa.PrimaryKeyConstraint("platform", "update_id", name="pk_update_ledger"),
    )
    op.create_index("ix_update_ledger_platform_sent_at", "update_ledger", ["platform", "sent_at"])
    op.create_index("ix_update_ledger_created_at", "update_ledger", ["created_at"])


def downgrade() -> None:
    op.drop_table("update_ledger")
