"""records that stay right: soft delete, merge, undo, lists, phone and e-mail keys, note search

Parties gain the keys `find` and `list` read through indexes (E.164 phone, lower-case
e-mail, folded city, the name without legal forms, the last contact), the soft-delete and
merge marks, and a tag table; the audit trail gains command batches and an undone mark;
members gain `active`. Logged text is searchable: an FTS5 table kept by triggers on SQLite,
a GIN index over to_tsvector('simple', text) on PostgreSQL.

Revision ID: 0007
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.folding import fold
from storage.keys import core_key, email_key, phone_key
from storage.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PARTY_INDEXES = {
    "ix_parties_core_key": ["core_key"],
    "ix_parties_phone_e164": ["phone_e164"],
    "ix_parties_email_key": ["email_key"],
    "ix_parties_city_key": ["city_key", "search_key"],
    "ix_parties_owner_key": ["owner_id", "search_key"],
    "ix_parties_kind": ["relationship_kind", "search_key"],
    "ix_parties_last_contact": ["last_contact_at"],
}
_OTHER_INDEXES = {
    "ix_activities_occurred": ("activities", ["occurred_at"]),
    "ix_audit_member_at": ("audit", ["member_id", "at"]),
    "ix_audit_at": ("audit", ["at"]),
    "ix_audit_batch": ("audit", ["batch"]),
}
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE activities_fts USING fts5("
    "text, content='activities', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities BEGIN "
    "INSERT INTO activities_fts(rowid, text) VALUES (NEW.id, NEW.text); END",
    "CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities BEGIN "
    "INSERT INTO activities_fts(activities_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text); END",
    "CREATE TRIGGER activities_fts_update AFTER UPDATE OF text ON activities BEGIN "
    "INSERT INTO activities_fts(activities_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text); "
    "INSERT INTO activities_fts(rowid, text) VALUES (NEW.id, NEW.text); END",
    "INSERT INTO activities_fts(activities_fts) VALUES ('rebuild')",
)
_PG_FTS = (
    "CREATE INDEX ix_activities_text_fts ON activities USING gin (to_tsvector('simple', text))"
)


def upgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.add_column(sa.Column("core_key", sa.String(200), server_default="", nullable=False))
        batch.add_column(sa.Column("phone_e164", sa.String(20), nullable=True))
        batch.add_column(sa.Column("email_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("city_key", sa.String(120), nullable=True))
        batch.add_column(sa.Column("last_contact_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("deleted_at", UTCDateTime(), nullable=True))
    _add_merged_into()
    for name, columns in _PARTY_INDEXES.items():
        op.create_index(name, "parties", columns)
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("batch", sa.String(32), nullable=True))
        batch.add_column(sa.Column("undone_at", UTCDateTime(), nullable=True))
    op.create_table(
        "party_tags",
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(60), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_party_tags_party_id_parties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("party_id", "tag", name=op.f("pk_party_tags")),
    )
    op.create_index("ix_party_tags_tag", "party_tags", ["tag", "party_id"])
    for name, (table, columns) in _OTHER_INDEXES.items():
        op.create_index(name, table, columns)
    _fill_keys()
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(_PG_FTS)


def _add_merged_into() -> None:
    """Added in place: batch mode's copy of the table on SQLite would drop 0002's triggers,
    and alembic adds no foreign key in place there, so SQLite gets the plain statement."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE parties ADD COLUMN merged_into_id INTEGER "
            "CONSTRAINT fk_parties_merged_into_id_parties REFERENCES parties (id)"
        )
        return
    op.add_column("parties", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_parties_merged_into_id_parties"), "parties", "parties", ["merged_into_id"], ["id"]
    )


def _fill_keys() -> None:
    """Keys and tags of the parties that exist, computed as storage.keys does for new ones."""
    bind = op.get_bind()
    parties = sa.table(
        "parties",
        sa.column("id"),
        sa.column("name"),
        sa.column("phone"),
        sa.column("email"),
        sa.column("city"),
        sa.column("tags", sa.JSON()),
        sa.column("core_key"),
        sa.column("phone_e164"),
        sa.column("email_key"),
        sa.column("city_key"),
    )
    tags = sa.table("party_tags", sa.column("party_id"), sa.column("tag"))
    rows = bind.execute(sa.select(parties)).all()
    for row in rows:
        bind.execute(
            parties.update()
            .where(parties.c.id == row.id)
            .values(
                core_key=core_key(row.name),
                phone_e164=phone_key(row.phone),
                email_key=email_key(row.email),
                city_key=fold(row.city) if row.city else None,
            )
        )
        for tag in set(row.tags or []):
            bind.execute(tags.insert().values(party_id=row.id, tag=tag[:60]))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS activities_fts_{name}")
        op.execute("DROP TABLE IF EXISTS activities_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_activities_text_fts")
    for name, (table, _columns) in _OTHER_INDEXES.items():
        op.drop_index(name, table_name=table)
    op.drop_index("ix_party_tags_tag", table_name="party_tags")
    op.drop_table("party_tags")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("undone_at")
        batch.drop_column("batch")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("active")
    for name in _PARTY_INDEXES:
        op.drop_index(name, table_name="parties")
    with op.batch_alter_table("parties") as batch:
        batch.drop_constraint(op.f("fk_parties_merged_into_id_parties"), type_="foreignkey")
        for column in (
            "merged_into_id",
            "deleted_at",
            "last_contact_at",
            "city_key",
            "email_key",
            "phone_e164",
            "core_key",
        ):
            batch.drop_column(column)
