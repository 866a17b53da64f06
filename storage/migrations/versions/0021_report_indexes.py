"""report indexes: a period's contacts and new customers read from indexes alone

`report` counts a period's activities per member and kind, and the customers created in it,
for the period and the one before. The activities' index of the moment alone made each
count look up every activity of the month in the table (about 90 ms at a million
activities); carrying member and kind makes the count an index range. Parties had no index
of their creation at all, so the count read every party; its index carries owner and kind.

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_activities_occurred", table_name="activities")
    op.create_index("ix_activities_occurred", "activities", ["occurred_at", "member_id", "kind"])
    op.create_index(
        "ix_parties_created", "parties", ["created_at", "owner_id", "relationship_kind"]
    )


def downgrade() -> None:
    op.drop_index("ix_parties_created", table_name="parties")
    op.drop_index("ix_activities_occurred", table_name="activities")
    op.create_index("ix_activities_occurred", "activities", ["occurred_at"])
