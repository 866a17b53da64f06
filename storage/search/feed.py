"""Names as the database holds them, and the feed of what any process changed.

Migration 0002's triggers stamp every party added, renamed or deleted in
`party_name_changes`; each index reads the stamps since its last look.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text

from storage.db import Database
from storage.folding import fold
from storage.models import Party

LOAD_CHUNK = 16_384
"""Names indexed at a time while building: bounds the build's working memory."""


_CLEAN_KEY = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


_DIRTY_KEYS = re.compile(r"[^a-z0-9 \n]|^ | $|  ", re.MULTILINE)


def all_keys(connection: Connection) -> Iterator[tuple[list[int], list[str]]]:
    """Every party's id and clean key, by id, a chunk of ids and a chunk of keys at a time."""
    query = select(Party.id, Party.search_key).order_by(Party.id)
    result = connection.execution_options(yield_per=LOAD_CHUNK).execute(query)
    for chunk in result.partitions():
        ids, keys = zip(*chunk, strict=True)
        yield list(ids), _clean_keys(list(keys))


def _clean_keys(keys: list[str]) -> list[str]:
    """Clean keys, checked with one regex over the chunk: rows are clean but for rare ones."""
    if not _DIRTY_KEYS.search("\n".join(keys)):
        return keys
    return [_clean_key(key) for key in keys]


def _clean_key(key: str) -> str:
    """The stored key as fold() writes it; a row written by other means is folded here."""
    return key if _CLEAN_KEY.fullmatch(key) else fold(key)


class Feed:
    """Where in `party_name_changes` a process has read up to, per dialect (migration 0002)."""

    EMPTIED = 0  # the party id PostgreSQL stamps on TRUNCATE: everything changed

    def mark(self, connection: Connection) -> int:
        raise NotImplementedError

    def changes(self, connection: Connection, mark: int) -> tuple[int, list[Change]]:
        """The new mark, and each change since `mark`."""
        raise NotImplementedError


Change = tuple[int, str | None, int]
"""A party's id, its key now (None: gone or unfindable), and the stamp of its change."""


_CHANGES = """
    SELECT c.stamp, c.party_id, p.search_key
      FROM party_name_changes AS c LEFT JOIN parties AS p ON p.id = c.party_id
     WHERE c.stamp {op} :mark
"""


class SqliteFeed(Feed):
    """SQLite has one writer at a time: stamps grow in commit order, `> mark` is exact."""

    def mark(self, connection: Connection) -> int:
        stamp = connection.scalar(text("SELECT max(stamp) FROM party_name_changes"))
        return int(stamp or 0)

    def changes(self, connection: Connection, mark: int) -> tuple[int, list[Change]]:
        changes = _read_changes(connection, ">", mark)
        return max((stamp for _, _, stamp in changes), default=mark), changes


class PostgresFeed(Feed):
    """Stamps are writers' transaction ids, which commit in any order.

    The mark is the oldest transaction still running when we looked (pg_snapshot_xmin),
    taken before reading: everything older had committed and was read, and anything that
    commits later has a stamp at or above it. Re-reading a change is harmless.
    """

    def mark(self, connection: Connection) -> int:
        xmin = connection.scalar(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"))
        return int(xmin or 0)

    def changes(self, connection: Connection, mark: int) -> tuple[int, list[Change]]:
        new_mark = self.mark(connection)
        return new_mark, _read_changes(connection, ">=", mark)


def _read_changes(connection: Connection, op: str, mark: int) -> list[Change]:
    rows = connection.execute(text(_CHANGES.format(op=op)), {"mark": mark})
    return [(row.party_id, key_or_none(row.search_key), row.stamp) for row in rows]


def key_or_none(key: str | None) -> str | None:
    """The clean key of a party that exists and has a findable name, else None."""
    if key is None:
        return None
    return _clean_key(key) or None


def reader_engine(db: Database) -> tuple[Engine, bool]:
    """Connections for the index's reads, and whether the index made them itself.

    On a SQLite file the index opens its own read-only connections: `db` begins every
    transaction IMMEDIATE (takes the write lock), and a search runs inside a command's
    unit of work, which already holds that lock: the search would wait for itself.
    Plain reads in WAL mode see the last commit and wait for no one.
    """
    url = db.engine.url
    if db.engine.dialect.name != "sqlite" or url.database in (None, "", ":memory:"):
        return db.engine, False
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", _read_only)
    return engine, True


def _read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()
