"""live list indexes: `list`'s filters and order read indexes of live parties only

Migration 0007's indexes for `list` (city, owner, kind, each with the folded name) held
deleted parties too, so every page and every count checked each row's `deleted_at` in the
table. These partial indexes hold only live parties, with the id that breaks ties in the
order, so a page and a count of a filter are an index range alone; a fourth serves the
list without a filter. Each carries `deleted_at` too (always NULL there): SQLite reads the
table for any column the query names that its index lacks, even one the index's own WHERE
settles.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "deleted_at IS NULL"
_REPLACED = {
    "ix_parties_city_key": ["city_key", "search_key"],
    "ix_parties_owner_key": ["owner_id", "search_key"],
    "ix_parties_kind": ["relationship_kind", "search_key"],
}
_LIVE = {
    "ix_parties_live_key": ["search_key", "id", "deleted_at"],
    "ix_parties_live_city": ["city_key", "search_key", "id", "deleted_at"],
    "ix_parties_live_owner": ["owner_id", "search_key", "id", "deleted_at"],
    "ix_parties_live_kind": ["relationship_kind", "search_key", "id", "deleted_at"],
}


def upgrade() -> None:
    for name in _REPLACED:
        op.drop_index(name, table_name="parties")
    for name, columns in _LIVE.items():
        op.create_index(
            name,
            "parties",
            columns,
            unique=False,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )


def downgrade() -> None:
    for name in _LIVE:
        op.drop_index(name, table_name="parties")
    for name, columns in _REPLACED.items():
        op.create_index(name, "parties", columns, unique=False)
