"""deal figure indexes: pipeline, forecast and `deals @member` read indexes alone

Revision ID: 0018
Revises: 0017

- ix_deals_figures puts `probability` before `close_on`, so pipeline groups (stage,
  currency, own percent) and forecast groups (stage, currency, own percent, expected close)
  both follow the index order: no sort, and two sums per deal instead of four.
- ix_deals_closed carries currency and value: the won deals of a forecast's periods are read
  from the index, not one table lookup each.
- ix_deals_owner_figures and ix_deals_owner_stage do the same for one member's deals: the
  sums (of pipeline, forecast and `deals @member`), and the stalest deal of each stage, its
  first entry. In the order of their GROUP BY, so SQLite picks them even without ANALYZE
  statistics (crmbot never runs ANALYZE).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = {
    "ix_deals_figures": ["status", "stage", "currency", "close_on", "probability", "value"],
    "ix_deals_closed": ["status", "closed_at"],
}
AFTER = {
    "ix_deals_figures": ["status", "stage", "currency", "probability", "close_on", "value"],
    "ix_deals_closed": ["status", "closed_at", "currency", "value"],
    "ix_deals_owner_figures": [
        "owner_id",
        "status",
        "stage",
        "currency",
        "probability",
        "close_on",
        "value",
    ],
    "ix_deals_owner_stage": ["owner_id", "status", "stage", "touched_at"],
}


def upgrade() -> None:
    _replace(BEFORE, AFTER)


def downgrade() -> None:
    _replace(AFTER, BEFORE)


def _replace(old: dict[str, list[str]], new: dict[str, list[str]]) -> None:
    for index in old:
        op.drop_index(index, table_name="deals")
    for index, columns in new.items():
        op.create_index(index, "deals", columns)
