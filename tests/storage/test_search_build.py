"""The name index is built in the background: no search waits for it, and until it is
ready `find` still finds a name typed in full or by its beginning."""

from __future__ import annotations

import pytest

from storage.db import Database
from storage.search import NameIndex
from storage.search.bulk import add_companies
from storage.search.fallback import prefix_rows

NAMES = (
    "Müller GmbH",
    "Müller",
    "Müller & Söhne KG",
    "Müllerei Hahn",
    "Mühle Kraus",
    "Bäckerei Müller",
)


@pytest.fixture
def db(migrated_db: Database) -> Database:
    add_companies(migrated_db, NAMES)
    return migrated_db


def test_the_fallback_puts_the_exact_name_first_then_names_that_begin_with_it(
    db: Database,
) -> None:
    with db.engine.connect() as connection:
        rows = prefix_rows(connection, "muller", 10)
    assert [name for _, name, _ in rows] == [
        "Müller",
        "Müller GmbH",
        "Müller & Söhne KG",
        "Müllerei Hahn",
    ]
    with db.engine.connect() as connection:
        exact = prefix_rows(connection, "muller gmbh", 10)
    assert [name for _, name, _ in exact] == ["Müller GmbH"]


def test_the_fallback_finds_no_name_that_only_contains_the_words(db: Database) -> None:
    with db.engine.connect() as connection:
        assert [name for _, name, _ in prefix_rows(connection, "baeckerei", 10)] == []
        assert prefix_rows(connection, "kraus", 10) == []


def test_a_search_during_the_build_finds_the_name_typed_in_full(db: Database) -> None:
    add_companies(db, (f"Firma {n} Handel" for n in range(20_000)))
    index = NameIndex(db)
    build = index.start_background_build()
    found = index.search("Müller GmbH", 3)
    build.join(60)
    assert found and found[0].name == "Müller GmbH"
    assert found[0].score == 100
    index.close()


def test_after_the_background_build_a_misspelt_name_is_found(db: Database) -> None:
    index = NameIndex(db)
    index.start_background_build().join(60)
    assert index.ready
    assert index.search("mueler gmbh", 1)[0].name == "Müller GmbH"
    index.close()


def test_a_search_before_anyone_starts_a_build_builds_the_index_itself(db: Database) -> None:
    index = NameIndex(db)
    assert not index.ready
    assert index.search("mühle krause", 1)[0].name == "Mühle Kraus"
    assert index.ready
    index.close()
