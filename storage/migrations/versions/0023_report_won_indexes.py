"""report won indexes: a period's won deals, their earlier wins and its follow-ups from indexes

`report` reads each won deal of its periods once, with whether its party had won before:
- ix_deals_party carries `closed_at`, so "an earlier win of this party" is one probe of the
  index (before, the party's won deals were each looked up in the table, and without it
  SQLite walked every win before the moment through ix_deals_closed). It carries `currency`
  and `value` too, so a customer's open deals (`score`) stay read from it alone: else SQLite,
  without statistics, reads every open deal from the covering ix_deals_closed instead.
- ix_deals_closed carries `owner_id` and `party_id`: the periods' won and lost deals are
  counted and summed per owner, and their parties found, from the index alone.
- ix_followups_due_at reads a period's follow-ups by due time with what the report counts;
  the report otherwise walked every follow-up ever made through ix_followups_assignee_due.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = {
    "ix_deals_party": ["party_id", "status"],
    "ix_deals_closed": ["status", "closed_at", "currency", "value"],
}
AFTER = {
    "ix_deals_party": ["party_id", "status", "closed_at", "currency", "value"],
    "ix_deals_closed": ["status", "closed_at", "currency", "value", "owner_id", "party_id"],
}
FOLLOWUPS = ["due_at", "assignee_id", "status", "closed_at"]


def upgrade() -> None:
    _replace(BEFORE, AFTER)
    op.create_index("ix_followups_due_at", "followups", FOLLOWUPS)


def downgrade() -> None:
    op.drop_index("ix_followups_due_at", table_name="followups")
    _replace(AFTER, BEFORE)


def _replace(old: dict[str, list[str]], new: dict[str, list[str]]) -> None:
    for index in old:
        op.drop_index(index, table_name="deals")
    for index, columns in new.items():
        op.create_index(index, "deals", columns)
