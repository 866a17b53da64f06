"""Counting the SQL statements a piece of work sends, for the tests that bound them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)
"""Not counted: SQLite's driver sends BEGIN as a statement, psycopg does not."""


@contextmanager
def counted() -> Iterator[list[str]]:
    """Every SQL statement any engine sends inside the block."""
    statements: list[str] = []

    def note(*args: Any) -> None:
        if not TRANSACTION_CONTROL.match(args[2]):
            statements.append(args[2])

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", note)
