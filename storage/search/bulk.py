"""Names in bulk, beside the index: many companies inserted with their search keys at
once (imports, benchmarks), and every key read back (what an exhaustive search scores)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import insert

from storage.db import Database
from storage.folding import fold
from storage.models import Base, Party
from storage.search.feed import all_keys
from storage.types import utcnow


def add_companies(db: Database, names: Iterable[str], batch: int = 10_000) -> int:
    """Insert companies in bulk, with their search keys; for imports and the benchmark.

    Core executemany skips the ORM's per-object work: ~10x faster for a million rows.
    """
    table = Base.metadata.tables[Party.__tablename__]
    now = utcnow()
    count = 0
    with db.session() as session:
        for chunk in _chunks(names, batch):
            session.execute(
                insert(table),
                [
                    {
                        "party_type": "company",
                        "name": name,
                        "search_key": fold(name),
                        "relationship_kind": "customer",
                        "tags": [],
                        "custom": {},
                        "created_at": now,
                        "updated_at": now,
                    }
                    for name in chunk
                ],
            )
            count += len(chunk)
    return count


def folded_names(db: Database) -> tuple[list[int], list[str]]:
    """Every party's id and folded name, by id: what an exhaustive search would score."""
    ids: list[int] = []
    keys: list[str] = []
    with db.engine.connect() as connection:
        for chunk_ids, chunk_keys in all_keys(connection):
            ids.extend(chunk_ids)
            keys.extend(chunk_keys)
    return ids, keys


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
