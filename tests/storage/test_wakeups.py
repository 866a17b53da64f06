"""A reminder worker wakes when something falls due or a lease runs out, not at its next poll."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.bootstrap import App
from storage import claims, journal, wakeups
from tests.conftest import MONDAY_9

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]


def test_an_idle_worker_wakes_when_a_dead_workers_lease_runs_out(app: App, team: Team) -> None:
    """Not at its next poll: the takeover would otherwise wait up to a poll interval more."""
    anna = team.member("anna")
    team.followup(anna, MONDAY_9)
    team.followup(anna, MONDAY_9 + timedelta(hours=1))
    with app.db.session() as session:
        journal.enqueue(
            session, member_id=anna, kind="notice", payload={"text": "hi"}, not_before=MONDAY_9
        )
    short = timedelta(seconds=10)
    with app.db.session() as session:
        claims.claim_followups(session, MONDAY_9, short, 10)
        claims.claim_outbox(session, MONDAY_9 + timedelta(seconds=3), short, 10)
    with app.db.session() as session:
        assert wakeups.next_due(session, MONDAY_9) == MONDAY_9 + short
        later = MONDAY_9 + short
        assert wakeups.next_due(session, later) == later + timedelta(seconds=3)
        assert wakeups.next_due(session, later + short) == MONDAY_9 + timedelta(hours=1)
