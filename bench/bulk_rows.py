"""Rows into a table as fast as each database takes them: COPY on PostgreSQL, one
executemany of plain tuples on SQLite. For benchmarks only: a million customers and five
million activities through the ORM took over an hour on a shared machine.

Values go in as the models would store them: naive UTC moments (the UTCDateTime columns)
and JSON as text. Ids are given, so the caller knows them; `load` moves the id sequence
past them on PostgreSQL, so that rows added afterwards get fresh ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from storage.db import Database

Row = tuple[Any, ...]


def settle(db: Database) -> None:
    """What a live database has after a bulk load: statistics for the planner, and on
    PostgreSQL the visibility map of VACUUM, as autovacuum would leave it (this machine's
    server runs with autovacuum off; without the map every index-only scan visits the table
    for each row), and a CHECKPOINT, so the load's gigabyte is not written out while the
    benchmark measures. SQLite's ANALYZE, in the engine's own transaction, does not stick
    (the block is rolled back), so SQLite is measured without statistics, as crmbot runs it."""
    settle_sql = ["ANALYZE"] if db.is_sqlite else ["VACUUM ANALYZE", "CHECKPOINT"]
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for statement in settle_sql:
            connection.exec_driver_sql(statement)


def load(db: Database, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
    """Insert `rows` (values in the order of `columns`, ids among them) in one transaction."""
    names = ", ".join(columns)
    with db.engine.begin() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        if db.is_sqlite:
            marks = ", ".join("?" for _ in columns)
            raw.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", (_sqlite(row) for row in rows)
            )
            return
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )


def _sqlite(row: Row) -> Row:
    """Moments as SQLAlchemy's SQLite DateTime writes them."""
    return tuple(
        value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value
        for value in row
    )
