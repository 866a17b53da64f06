"""name index change feed

Every process keeps its own in-memory fuzzy index of party names (storage.search) and must
see a party that another process added, renamed or deleted. Triggers on `parties` stamp the
id of each such party in `party_name_changes` (one row per party, the tombstone of a deleted
one included), so a search asks "what changed since my last stamp?" with one indexed query.

The stamp differs by dialect because commit order does:
- SQLite has one writer at a time, so max(stamp) + 1 taken inside the writing transaction
  grows in commit order, and "stamp > last seen" misses nothing.
- PostgreSQL commits concurrent transactions in any order, so the stamp is the writer's
  transaction id, and a reader asks for stamps >= the oldest transaction that was still
  running at its previous read (pg_snapshot_xmin): late committers are never skipped.
  Statement-level triggers with transition tables keep bulk inserts cheap; TRUNCATE stamps
  party 0, which tells every index to reload.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_NEXT = "(SELECT coalesce(max(stamp), 0) + 1 FROM party_name_changes)"
_SQLITE_UPSERT = (
    "INSERT INTO party_name_changes (party_id, stamp) {source} "
    "ON CONFLICT (party_id) DO UPDATE SET stamp = excluded.stamp;"
)

_SQLITE_TRIGGERS = {
    "parties_name_insert": f"""
        CREATE TRIGGER parties_name_insert AFTER INSERT ON parties BEGIN
            {_SQLITE_UPSERT.format(source=f"SELECT NEW.id, {_SQLITE_NEXT} WHERE true")}
        END""",
    "parties_name_update": f"""
        CREATE TRIGGER parties_name_update
        AFTER UPDATE OF id, name, search_key, party_type ON parties BEGIN
            {_SQLITE_UPSERT.format(source=f"SELECT OLD.id, {_SQLITE_NEXT} WHERE OLD.id <> NEW.id")}
            {_SQLITE_UPSERT.format(source=f"SELECT NEW.id, {_SQLITE_NEXT} WHERE true")}
        END""",
    "parties_name_delete": f"""
        CREATE TRIGGER parties_name_delete AFTER DELETE ON parties BEGIN
            {_SQLITE_UPSERT.format(source=f"SELECT OLD.id, {_SQLITE_NEXT} WHERE true")}
        END""",
}

_PG_UPSERT = """
    INSERT INTO party_name_changes (party_id, stamp)
    SELECT DISTINCT changed.id, pg_current_xact_id()::text::bigint FROM ({source}) AS changed
    ON CONFLICT (party_id) DO UPDATE SET stamp = EXCLUDED.stamp"""

_PG_FUNCTIONS = {
    "party_names_inserted": _PG_UPSERT.format(source="SELECT id FROM new_rows"),
    "party_names_deleted": _PG_UPSERT.format(source="SELECT id FROM old_rows"),
    "party_names_updated": _PG_UPSERT.format(
        source="""
        SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
         WHERE o.id IS NULL
            OR (o.name, o.search_key, o.party_type)
               IS DISTINCT FROM (n.name, n.search_key, n.party_type)
        UNION ALL
        SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL"""
    ),
    "party_names_truncated": "INSERT INTO party_name_changes (party_id, stamp) "
    "VALUES (0, pg_current_xact_id()::text::bigint) "
    "ON CONFLICT (party_id) DO UPDATE SET stamp = EXCLUDED.stamp",
}

_PG_TRIGGERS = {
    "parties_name_insert": "AFTER INSERT ON parties REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION party_names_inserted()",
    "parties_name_update": "AFTER UPDATE ON parties "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION party_names_updated()",
    "parties_name_delete": "AFTER DELETE ON parties REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION party_names_deleted()",
    "parties_name_truncate": "AFTER TRUNCATE ON parties "
    "FOR EACH STATEMENT EXECUTE FUNCTION party_names_truncated()",
}


def upgrade() -> None:
    op.create_table(
        "party_name_changes",
        sa.Column("party_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("party_id", name=op.f("pk_party_name_changes")),
    )
    op.create_index("ix_party_name_changes_stamp", "party_name_changes", ["stamp"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_TRIGGERS.values():
            op.execute(statement)
    elif dialect == "postgresql":
        for name, body in _PG_FUNCTIONS.items():
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body}; RETURN NULL; END $$"
            )
        for name, definition in _PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {definition}")
    else:
        raise NotImplementedError(f"no name-change triggers for {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        for name in _PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON parties")
        for name in _PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index("ix_party_name_changes_stamp", table_name="party_name_changes")
    op.drop_table("party_name_changes")
