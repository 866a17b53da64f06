"""abc rankings: where classes A and B end, so a card places one customer quickly

`show` and `value` gave a customer's ABC class by ranking every customer's revenue of the
last twelve months on each call (a GROUP BY over every won deal: hundreds of ms at 100,000
customers). The worker now keeps, per currency, the last ranking's A and B cut-offs, and a
card compares the customer's own revenue with them.

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "abc_rankings",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ranked_at", UTCDateTime(), nullable=False),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.Column("total", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("a_revenue", sa.Numeric(precision=18, scale=2)),
        sa.Column("a_party_id", sa.Integer()),
        sa.Column("b_revenue", sa.Numeric(precision=18, scale=2)),
        sa.Column("b_party_id", sa.Integer()),
        sa.PrimaryKeyConstraint("currency", name=op.f("pk_abc_rankings")),
    )


def downgrade() -> None:
    op.drop_table("abc_rankings")
