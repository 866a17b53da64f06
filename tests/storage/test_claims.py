"""Claims with a lease: each due reminder to one worker at a time, and never lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.bootstrap import App
from storage import claims, followups, journal
from storage.db import Database
from storage.models import Followup, OutboxMessage
from tests.conftest import MONDAY_9

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]

LEASE = timedelta(seconds=60)


def _claim(db: Database, now: datetime, limit: int = 100) -> list[claims.Claim]:
    with db.session() as session:
        return claims.claim_followups(session, now, LEASE, limit)


def _state(db: Database, followup_id: int) -> Followup:
    with db.session() as session:
        found = session.get(Followup, followup_id)
        assert found is not None
        return found


def test_only_due_open_followups_are_claimed(app: App, team: Team) -> None:
    anna = team.member("anna")
    due = team.followup(anna, MONDAY_9 - timedelta(minutes=1))
    team.followup(anna, MONDAY_9 + timedelta(minutes=1))
    done = team.followup(anna, MONDAY_9 - timedelta(minutes=1))
    with app.db.session() as session:
        row = followups.get(session, done)
        assert row is not None
        followups.close(session, anna, row, "done", MONDAY_9)
    assert [c.id for c in _claim(app.db, MONDAY_9)] == [due]


def test_a_claimed_reminder_is_not_claimed_again_while_its_lease_runs(app: App, team: Team) -> None:
    anna = team.member("anna")
    team.followup(anna, MONDAY_9)
    assert len(_claim(app.db, MONDAY_9)) == 1
    assert _claim(app.db, MONDAY_9 + LEASE - timedelta(seconds=1)) == []


def test_an_expired_lease_lets_another_worker_send_it(app: App, team: Team) -> None:
    anna = team.member("anna")
    followup = team.followup(anna, MONDAY_9)
    first = _claim(app.db, MONDAY_9)
    second = _claim(app.db, MONDAY_9 + LEASE)
    assert [c.id for c in second] == [followup]
    with app.db.session() as session:
        assert claims.settle_all_sent(session, [first[0]], MONDAY_9 + LEASE) == 0
        assert claims.settle_all_sent(session, [second[0]], MONDAY_9 + LEASE) == 1
    assert _state(app.db, followup).reminder_state == "sent"


def test_a_snooze_while_sending_keeps_the_new_time(app: App, team: Team) -> None:
    anna = team.member("anna")
    followup = team.followup(anna, MONDAY_9)
    claim = _claim(app.db, MONDAY_9)[0]
    later = MONDAY_9 + timedelta(days=1)
    with app.db.session() as session:
        row = followups.get(session, followup)
        assert row is not None
        followups.reschedule(session, anna, row, later)
    with app.db.session() as session:
        assert claims.settle_all_sent(session, [claim], MONDAY_9) == 0
    assert _claim(app.db, MONDAY_9 + timedelta(hours=2)) == []
    assert [c.id for c in _claim(app.db, later)] == [followup]


def test_a_failed_send_waits_for_its_retry_time(app: App, team: Team) -> None:
    anna = team.member("anna")
    followup = team.followup(anna, MONDAY_9)
    claim = _claim(app.db, MONDAY_9)[0]
    retry_at = MONDAY_9 + timedelta(seconds=30)
    with app.db.session() as session:
        claims.settle_retry(session, claim, retry_at, "429 rate limited")
    assert _claim(app.db, retry_at - timedelta(seconds=1)) == []
    assert [c.id for c in _claim(app.db, retry_at)] == [followup]
    row = _state(app.db, followup)
    assert (row.attempts, row.last_error) == (1, "429 rate limited")


def test_queued_messages_are_claimed_once_and_retried_later(app: App, team: Team) -> None:
    anna = team.member("anna")
    with app.db.session() as session:
        journal.enqueue(
            session, member_id=anna, kind="notice", payload={"text": "hi"}, not_before=MONDAY_9
        )
    with app.db.session() as session:
        claim = claims.claim_outbox(session, MONDAY_9, LEASE, 10)[0]
        assert claims.claim_outbox(session, MONDAY_9, LEASE, 10) == []
        claims.settle_retry(session, claim, MONDAY_9 + timedelta(minutes=1), "timeout")
    with app.db.session() as session:
        again = claims.claim_outbox(session, MONDAY_9 + timedelta(minutes=1), LEASE, 10)
        assert [c.id for c in again] == [claim.id]
        claims.settle_all_sent(session, [again[0]], MONDAY_9 + timedelta(minutes=1))
        row = session.get(OutboxMessage, claim.id)
        assert row is not None and (row.state, row.attempts) == ("sent", 1)


def test_workers_claiming_at_once_never_share_a_reminder(app: App, team: Team) -> None:
    people = team.members_many(20)
    made = team.followups_many(people * 10, MONDAY_9)

    def claim_until_empty(_worker: int) -> list[int]:
        mine: list[int] = []
        while batch := _claim(app.db, MONDAY_9, limit=7):
            mine += [c.id for c in batch]
        return mine

    with ThreadPoolExecutor(4) as pool:
        taken = [i for ids in pool.map(claim_until_empty, range(4)) for i in ids]
    assert sorted(taken) == sorted(made)


def test_a_worker_just_started_takes_a_dead_workers_claims_last(app: App, team: Team) -> None:
    """It may be crash-looping: had it taken them, they would wait out another lease."""
    anna = team.member("anna")
    orphan = team.followup(anna, MONDAY_9)
    fresh = team.followup(anna, MONDAY_9 + timedelta(minutes=1))
    _claim(app.db, MONDAY_9)
    later = MONDAY_9 + LEASE
    with app.db.session() as session:
        new = claims.claim_followups(session, later, LEASE, 1, expired_last=True)
        again = claims.claim_followups(session, later, LEASE, 1, expired_last=True)
    assert [c.id for c in new] == [fresh]
    assert [(c.id, c.reclaimed) for c in again] == [(orphan, True)]
