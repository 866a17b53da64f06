"""Many rows into one table in one statement: an import's batch of parties and audit entries.

SQLAlchemy hands a list of rows to the driver's executemany, and psycopg 3 sends that as one
INSERT per row (pipelined): a thousand statements for a thousand rows, so a thousand firings
of the per-statement trigger that feeds the name index's change feed, and a thousand
executions on the server. Its "insertmanyvalues" mode (one INSERT ... VALUES of 1,000 rows)
was slower still: psycopg parses a statement of 22,000 placeholders anew for every batch.
So on PostgreSQL the rows go in with COPY, one statement per batch, each value bound by its
column type's own SQLAlchemy bind processor, so it is stored exactly as an INSERT would store
it (a JSON null, naive UTC times). SQLite's executemany runs in process and stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows`, each naming the same columns: every column the table has no server
    default for (COPY applies no Python-side default)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    binds = _bind_processors(connection, table, columns)
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(column) for column in columns)
    statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([bind(row[column]) if bind else row[column] for column, bind in binds])


def _bind_processors(
    connection: Connection, table: Table, columns: list[str]
) -> list[tuple[str, Callable[[Any], Any] | None]]:
    """Each column with the function SQLAlchemy binds its values with (None: as they are)."""
    dialect = connection.dialect
    return [
        (column, table.c[column].type.dialect_impl(dialect).bind_processor(dialect))
        for column in columns
    ]
