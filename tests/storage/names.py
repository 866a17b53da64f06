"""The names index tests search, and the helpers that change them as another process
would (`pytest_plugins = ["tests.storage.names"]` gives the fixtures)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select

from storage.db import Database
from storage.folding import fold
from storage.models import Company, Party
from storage.search import NameIndex, NameMatch

CUSTOMERS = (
    "Müller GmbH",
    "Bäckerei Schmitt",
    "Schmidt & Söhne KG",
    "Autohaus Weber Köln",
    "Meyer Bau AG",
    "Zimmermann Elektrotechnik",
    "Otto Logistik",
)


@pytest.fixture
def db(migrated_db: Database) -> Database:
    add(migrated_db, *CUSTOMERS)
    return migrated_db


@pytest.fixture
def index(db: Database) -> Iterator[NameIndex]:
    built = NameIndex(db)
    built.refresh()
    yield built
    built.close()


@pytest.fixture
def other_process(db: Database) -> Iterator[Database]:
    """The same database as another process sees it: its own engine and connections."""
    other = Database(db.url)
    yield other
    other.dispose()


def add(db: Database, *names: str, kind: type[Party] = Company) -> list[int]:
    with db.session() as session:
        parties = [kind(name=name, search_key=fold(name)) for name in names]
        session.add_all(parties)
        session.flush()
        return [party.id for party in parties]


def id_of(db: Database, name: str) -> int:
    with db.session() as session:
        return session.scalars(select(Party.id).where(Party.name == name)).one()


def rename(db: Database, party_id: int, name: str) -> None:
    with db.session() as session:
        party = session.get(Party, party_id)
        assert party is not None
        party.name, party.search_key = name, fold(name)


def remove(db: Database, party_id: int) -> None:
    with db.session() as session:
        session.execute(delete(Party).where(Party.id == party_id))


def best(index: NameIndex, query: str) -> NameMatch:
    matches = index.search(query)
    assert matches, f"nothing found for {query!r}"
    return matches[0]


def found_ids(index: NameIndex, query: str) -> list[int]:
    return [match.party_id for match in index.search(query)]
