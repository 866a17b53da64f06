"""INSERT … ON CONFLICT for either database: one statement where an ORM insert inside a
savepoint, retried as a SELECT when a concurrent writer won, costs three or four round
trips on PostgreSQL. SQLite (3.24 and newer) and PostgreSQL spell it alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert(session: Session, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """The database's own INSERT for `model`, which knows `on_conflict_do_…`."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
