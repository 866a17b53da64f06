"""`find`'s lookup when other processes change names at the same time, and whatever hostile
text a chat can carry."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Connection, text

from storage import search
from storage.db import Database
from storage.folding import fold
from storage.models import Company
from storage.search import NameIndex, NameMatch
from tests.storage.names import CUSTOMERS, add, best, found_ids, id_of, remove, rename

pytest_plugins = ["tests.storage.names"]


def test_a_company_added_by_another_process_is_found(
    index: NameIndex, other_process: Database
) -> None:
    (zeppelin,) = add(other_process, "Zeppelin Werke")
    assert best(index, "zepelin").party_id == zeppelin


def test_a_company_renamed_by_another_process_is_found_by_its_new_name_only(
    db: Database, index: NameIndex, other_process: Database
) -> None:
    mueller = id_of(db, "Müller GmbH")
    rename(other_process, mueller, "Zeppelin Werke")
    match = best(index, "zeppelin")
    assert (match.party_id, match.name) == (mueller, "Zeppelin Werke")
    assert mueller not in found_ids(index, "Müller GmbH")


def test_a_company_deleted_by_another_process_is_gone(
    db: Database, index: NameIndex, other_process: Database
) -> None:
    backerei = id_of(db, "Bäckerei Schmitt")
    remove(other_process, backerei)
    assert backerei not in found_ids(index, "Bäckerei Schmitt")


def test_a_name_changed_back_and_forth_is_found_by_its_latest_name(
    db: Database, index: NameIndex, other_process: Database
) -> None:
    otto = id_of(db, "Otto Logistik")
    rename(other_process, otto, "Zeppelin Werke")
    assert best(index, "zeppelin").party_id == otto
    rename(other_process, otto, "Otto Logistik")
    assert best(index, "otto logistik").party_id == otto
    assert otto not in found_ids(index, "zeppelin werke")


def test_many_changes_rebuild_the_index_without_losing_a_name(
    db: Database, index: NameIndex, other_process: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "OVERLAY_LIMIT", 3)
    added = add(other_process, *(f"Neukunde {word} GmbH" for word in ("Alpha", "Beta", "Gamma")))
    assert best(index, "neukunde beta gmbh").party_id == added[1]
    added += add(other_process, "Delta Neukunde GmbH", "Epsilon Neukunde KG")
    remove(other_process, added[0])
    rename(other_process, id_of(db, "Meyer Bau AG"), "Meier Tiefbau AG")
    assert best(index, "epsilon neukunde").party_id == added[4]
    assert added[0] not in found_ids(index, "neukunde alpha gmbh")
    assert best(index, "meier tiefbau").name == "Meier Tiefbau AG"
    assert best(index, "Müller GmbH").name == "Müller GmbH"


def test_a_search_inside_an_open_unit_of_work_does_not_wait_for_it(
    db: Database, index: NameIndex
) -> None:
    """A command searches while its own transaction, which on SQLite holds the write
    lock, is still open; the search reads the last commit and does not wait."""
    started = time.monotonic()
    with db.session() as session:
        session.add(Company(name="Unsaved Werke", search_key=fold("Unsaved Werke")))
        session.flush()
        assert best(index, "müller").name == "Müller GmbH"
        assert "Unsaved Werke" not in {m.name for m in index.search("unsaved werke")}
    assert time.monotonic() - started < 5
    assert best(index, "unsaved werke").name == "Unsaved Werke"


def test_an_index_built_on_an_empty_database_finds_what_is_added_later(
    migrated_db: Database,
) -> None:
    index = NameIndex(migrated_db)
    assert index.search("müller") == []
    add(migrated_db, "Müller GmbH")
    assert best(index, "müller").name == "Müller GmbH"
    index.close()


def test_a_name_of_only_punctuation_breaks_nothing(db: Database, index: NameIndex) -> None:
    add(db, "!!!", "+++ ---")
    assert index.search("!!!") == []
    assert best(index, "müller").name == "Müller GmbH"


def test_searches_from_many_threads_at_once_all_succeed(
    index: NameIndex, other_process: Database
) -> None:
    results: list[str] = []
    errors: list[BaseException] = []

    def look() -> None:
        try:
            for _ in range(10):
                results.append(best(index, "müller gmbh").name)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=look) for _ in range(4)]
    for thread in threads:
        thread.start()
    add(other_process, *(f"Filiale {n} GmbH" for n in range(20)))
    for thread in threads:
        thread.join()
    assert not errors
    assert results == ["Müller GmbH"] * 40


HOSTILE = [
    "",
    "   ",
    "x" * 100_000,
    "ü" * 50_000,
    "müller " * 10_000,
    "\x00\x01\x1b[31mmüller\x7f",
    "'; DROP TABLE parties; --",
    "müller' OR '1'='1",
    "%_%\\",
    "😀🔥👍",
    "\u202emüller\u200b",
    "Müller\nGmbH\t\r",
    "<script>alert(1)</script>",
    "*bold* _it_ `code` [x](http://e.x)",
    "\ud800",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_return_quickly_and_change_nothing(
    db: Database, index: NameIndex, query: str
) -> None:
    started = time.monotonic()
    matches = index.search(query)
    assert time.monotonic() - started < 1
    assert all(isinstance(match, NameMatch) for match in matches)
    assert best(index, "Müller GmbH").score == 100
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM parties")) == len(CUSTOMERS)


def test_parties_emptied_by_truncate_are_gone(
    db: Database, index: NameIndex, other_process: Database
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with other_process.session() as session:
        session.execute(text("TRUNCATE parties CASCADE"))
    assert index.search("müller") == []
    add(other_process, "Müller GmbH")
    assert best(index, "müller").name == "Müller GmbH"


def test_a_slow_transaction_that_commits_after_a_faster_one_is_not_missed(
    db: Database, index: NameIndex, other_process: Database
) -> None:
    """PostgreSQL commits concurrent writers in any order; the later commit of the earlier
    writer must still reach an index that has already seen the faster one."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    third = Database(db.url)
    with other_process.session() as slow:
        slow.add(Company(name="Langsam Werke", search_key=fold("Langsam Werke")))
        slow.flush()
        add(third, "Schnell Werke")
        assert best(index, "schnell werke").name == "Schnell Werke"
    assert best(index, "langsam werke").name == "Langsam Werke"
    third.dispose()


def test_emptying_the_table_rebuilds_once_even_while_an_old_transaction_runs(
    db: Database, index: NameIndex, other_process: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open transaction holds back what PostgreSQL reports as finished, so the TRUNCATE
    mark is read again on every search until it ends; it must not rebuild every time."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    loads = 0
    load = NameIndex._load

    def counting_load(self: NameIndex, connection: Connection) -> None:
        nonlocal loads
        loads += 1
        load(self, connection)

    monkeypatch.setattr(NameIndex, "_load", counting_load)
    with other_process.engine.connect() as old:
        old.execute(text("SELECT pg_current_xact_id()"))
        with other_process.session() as session:
            session.execute(text("TRUNCATE parties CASCADE"))
        add(other_process, "Zeppelin Werke")
        for _ in range(3):
            assert [m.name for m in index.search("müller gmbh zeppelin")] == ["Zeppelin Werke"]
        old.rollback()
    assert loads == 1
