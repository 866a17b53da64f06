"""record speed: a stored tsvector for note search on PostgreSQL

PostgreSQL computed to_tsvector('simple', text) in the query: the GIN index over that
expression found the matches, but every recheck and every ts_rank computed the vector
again. Activities now keep it in a stored generated column with its own GIN index (the
expression index goes), folded as SQLite's FTS5 folds (lower case, accents and umlauts
off, ß kept: storage.notes.ACCENTED), so a word finds the same notes on both databases.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

from alembic import op

from storage.notes import folded_sql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_UP = (
    "DROP INDEX IF EXISTS ix_activities_text_fts",
    "ALTER TABLE activities ADD COLUMN text_search tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple', {folded_sql('text')})) STORED",
    "CREATE INDEX ix_activities_text_search ON activities USING gin (text_search)",
)
_PG_DOWN = (
    "DROP INDEX IF EXISTS ix_activities_text_search",
    "ALTER TABLE activities DROP COLUMN IF EXISTS text_search",
    "CREATE INDEX ix_activities_text_fts ON activities USING gin (to_tsvector('simple', text))",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_DOWN:
            op.execute(statement)
