"""Team lifecycle: who set the team up (told privately when the bot may not post there), and
whether they were told already (once, until a post goes through again).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
# Written as 0005's child; main had 0007 (links) on 0005 by then, so it follows 0007 to keep
# one head. The two touch different tables: any order works.
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out, not imported from storage.models: a migration is a frozen record (see 0001).
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    # The platform user id of whoever ran /team setup last; None for teams set up before this.
    op.add_column("teams", sa.Column("admin_user", sa.String(64)))
    # When that admin was told the bot may not post in the chat; None once a post goes through.
    op.add_column("teams", sa.Column("muted_at", Stamp))


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("muted_at")
        batch.drop_column("admin_user")
