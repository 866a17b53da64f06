"""`list`'s page and its count: deleted customers are neither, and the count stops at a cap."""

from __future__ import annotations

from storage import listing, parties
from storage.db import Database
from storage.types import utcnow


def _fill(db: Database, live: int, deleted: int) -> None:
    with db.session() as session:
        for number in range(live):
            parties.add_company(session, None, f"Firma {number:02d}", city="Köln")
        for number in range(deleted):
            gone = parties.add_company(session, None, f"Alt {number}", city="Köln")
            parties.update(session, None, gone, deleted_at=utcnow())


def test_a_count_past_its_cap_says_more_than_the_cap(migrated_db: Database) -> None:
    _fill(migrated_db, live=5, deleted=0)
    with migrated_db.read_session() as session:
        found = listing.page(session, listing.Filters(city="koeln"), 2, 1, cap=3)
    assert (found.total, found.exact) == (3, False)
    assert [p.name for p in found.parties] == ["Firma 00", "Firma 01"]


def test_a_count_within_its_cap_is_exact_and_skips_deleted_customers(
    migrated_db: Database,
) -> None:
    _fill(migrated_db, live=5, deleted=2)
    with migrated_db.read_session() as session:
        found = listing.page(session, listing.Filters(), 2, 1, cap=10)
    assert (found.total, found.exact) == (5, True)


def test_a_page_beyond_the_cap_is_still_counted_to_its_end(migrated_db: Database) -> None:
    _fill(migrated_db, live=5, deleted=0)
    with migrated_db.read_session() as session:
        found = listing.page(session, listing.Filters(), 2, 3, cap=3)
    assert (found.total, found.exact) == (5, True)
    assert [p.name for p in found.parties] == ["Firma 04"]


def test_a_count_without_a_cap_counts_every_match(migrated_db: Database) -> None:
    _fill(migrated_db, live=5, deleted=1)
    with migrated_db.read_session() as session:
        found = listing.page(session, listing.Filters(), 2, 1, cap=None)
    assert (found.total, found.exact) == (5, True)
