"""open deals by value: `deals` lists the largest open deals first

`deals` shows the twenty largest open deals. Without an index in that order, the database
sorted every open deal for them (about 400 ms at 150,000 open deals on SQLite); this index
hands them over largest first. A member's deals already have theirs (ix_deals_owner).

Its sums now come from deal_month_sums (0022), as pipeline's and forecast's do, so the two
covering indexes they were read from, ix_deals_figures and ix_deals_owner_figures (0018), go:
every deal written no longer updates them.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FIGURES = {
    "ix_deals_figures": ["status", "stage", "currency", "probability", "close_on", "value"],
    "ix_deals_owner_figures": [
        "owner_id",
        "status",
        "stage",
        "currency",
        "probability",
        "close_on",
        "value",
    ],
}


def upgrade() -> None:
    op.create_index("ix_deals_value", "deals", ["status", "value"])
    for index in FIGURES:
        op.drop_index(index, table_name="deals")


def downgrade() -> None:
    for index, columns in FIGURES.items():
        op.create_index(index, "deals", columns)
    op.drop_index("ix_deals_value", table_name="deals")
