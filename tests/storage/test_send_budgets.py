"""One send budget, however many processes take from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import send_budgets
from storage.db import Database
from storage.send_budgets import Budget

BUDGET = Budget("telegram", rate=2.0, burst=3.0)
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def take(db: Database, now: datetime) -> float:
    with db.session() as session:
        return send_budgets.take(session, BUDGET, now)


def test_two_processes_share_one_bucket(migrated_db: Database, database_url: str) -> None:
    other = Database(database_url)
    try:
        taken = [take(db, NOON) for db in (migrated_db, other, migrated_db)]
        assert taken == [0.0, 0.0, 0.0]
        assert take(other, NOON) == 0.5
        assert take(migrated_db, NOON + timedelta(seconds=0.25)) == 0.25
        assert take(other, NOON + timedelta(seconds=0.5)) == 0.0
        assert take(migrated_db, NOON + timedelta(seconds=0.5)) == 0.5
    finally:
        other.dispose()


def test_a_quiet_bucket_saves_up_no_more_than_its_burst(migrated_db: Database) -> None:
    assert take(migrated_db, NOON) == 0.0
    later = NOON + timedelta(hours=1)
    assert [take(migrated_db, later) for _ in range(4)] == [0.0, 0.0, 0.0, 0.5]
