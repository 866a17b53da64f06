"""`find` before the name index is built: exact and prefix matches of the folded name.

A process builds its index in the background at start-up (seconds at a million names);
until then a search must not wait for it. This path reads the folded names (`search_key`,
indexed since migration 0001) in one range scan: names equal to the query's folded words
come first (the shortest key with that prefix sorts first), then names that begin with
them. It finds no misspelling; that is what the index is for, a few seconds later.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from storage.models import Party

PAST_EVERY_KEY = "~"
"""Sorts after every character a folded key holds ([a-z0-9 ]) in byte order (SQLite, and a
PostgreSQL database with the C collation); `search_key` < key + this is "begins with key".
Other collations may order it differently: rows are checked again below, so a match can
be missed there during the build's few seconds but never invented."""


def prefix_rows(connection: Connection, key: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, name, type) of up to `limit` parties whose folded name is or begins with `key`."""
    query = (
        select(Party.id, Party.name, Party.party_type, Party.search_key)
        .where(Party.search_key >= key, Party.search_key < key + PAST_EVERY_KEY)
        .order_by(Party.search_key, Party.id)
        .limit(limit)
    )
    return [
        (row.id, row.name, row.party_type)
        for row in connection.execute(query)
        if row.search_key.startswith(key)
    ]
