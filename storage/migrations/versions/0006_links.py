"""One runner on several platforms (issue 12): linking codes, and where the prompts go.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("runners") as batch:
        batch.add_column(sa.Column("prompt_platform", sa.String(16)))
    op.create_table(
        "link_codes",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "runner_id",
            Id,
            sa.ForeignKey("runners.id", ondelete="CASCADE", name="fk_link_codes_runner_id_runners"),
            nullable=False,
        ),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        # The code's first characters: finds the row, so wrong tries count against one code.
        sa.Column("lookup", sa.String(8), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),  # never the code itself
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("attempts", sa.Integer, server_default="0", nullable=False),
        sa.Column("claimed_platform", sa.String(16)),
        sa.Column("claimed_user", sa.String(64)),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_codes"),
        sa.UniqueConstraint("lookup", name="uq_link_codes_lookup"),
    )
    op.create_index("ix_link_codes_runner_id", "link_codes", ["runner_id"])


def downgrade() -> None:
    op.drop_table("link_codes")
    with op.batch_alter_table("runners") as batch:
        batch.drop_column("prompt_platform")
