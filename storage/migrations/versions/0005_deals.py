"""deals: what the team can win, and every move between stages

Revision ID: 0005
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEAL_INDEXES = {
    "ix_deals_stage": ["status", "stage", "touched_at"],
    "ix_deals_figures": ["status", "stage", "currency", "close_on", "probability", "value"],
    "ix_deals_owner": ["owner_id", "status", "value"],
    "ix_deals_party": ["party_id", "status"],
    "ix_deals_close": ["status", "close_on"],
    "ix_deals_closed": ["status", "closed_at"],
}
"""What each query reads by: the stalest deal of a stage (stage), pipeline and forecast sums
(figures: every column they add up, so the index alone answers them), `deals @m` largest first
(owner), the customer card (party), forecast (expected close) and won per period (closed)."""


def upgrade() -> None:
    op.create_table(
        "deals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("close_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("lost_reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("stage_changed_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("touched_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["members.id"], name=op.f("fk_deals_owner_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_deals_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
    )
    for index, columns in DEAL_INDEXES.items():
        op.create_index(index, "deals", columns)
    op.create_table(
        "deal_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=32), nullable=True),
        sa.Column("to_stage", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["deals.id"], name=op.f("fk_deal_stages_deal_id_deals")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_deal_stages_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_stages")),
    )
    op.create_index("ix_deal_stages_deal", "deal_stages", ["deal_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_deal_stages_deal", table_name="deal_stages")
    op.drop_table("deal_stages")
    for index in DEAL_INDEXES:
        op.drop_index(index, table_name="deals")
    op.drop_table("deals")
