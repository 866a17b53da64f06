"""chat targets: alerts and the weekly report posted into a channel or group

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("chat", sa.String(length=120), nullable=True))
    op.add_column("alert_rules", sa.Column("target_chat", sa.String(length=120), nullable=True))
    op.add_column("alert_rules", sa.Column("target_name", sa.String(length=120), nullable=True))
    op.create_table(
        "group_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("title_key", sa.String(length=255), nullable=False),
        sa.Column("seen_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_chats")),
        sa.UniqueConstraint("platform", "chat_id", name=op.f("uq_group_chats_platform")),
    )
    op.create_index("ix_group_chats_title_key", "group_chats", ["title_key"])


def downgrade() -> None:
    op.drop_index("ix_group_chats_title_key", table_name="group_chats")
    op.drop_table("group_chats")
    with op.batch_alter_table("alert_rules") as batch:
        batch.drop_column("target_name")
        batch.drop_column("target_chat")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("chat")
