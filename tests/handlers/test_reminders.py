"""What reminders, digests and escalations say, and when they are due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.bootstrap import App
from config import Settings
from handlers import reminders
from storage import followups
from storage.models import Followup, OutboxMessage
from tests.conftest import BERLIN, MONDAY_9

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]

LATE = timedelta(minutes=5)


def _followup(app: App, followup_id: int) -> Followup:
    with app.db.session() as session:
        found = followups.get(session, followup_id)
        assert found is not None
        _ = (found.assignee.name, found.creator.name)
        return found


def _outbox(app: App, kind: str) -> list[OutboxMessage]:
    with app.db.session() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        return list(session.scalars(query))


def _plan_digests(app: App, now: datetime) -> int:
    with app.db.session() as session:
        return reminders.plan_digests(session, now, app.settings.crm_stale_days)


def _plan_escalations(app: App, now: datetime, settings: Settings) -> int:
    with app.db.session() as session:
        return reminders.plan_escalations(session, now, settings)


def test_reminder_shows_customer_text_local_time_and_working_buttons(app: App, team: Team) -> None:
    anna = team.member("anna")
    followup = _followup(app, team.followup(anna, MONDAY_9, "send the quote"))
    reply = reminders.reminder(followup, MONDAY_9, LATE)
    assert "Müller GmbH" in reply.text and "send the quote" in reply.text
    assert "09:00" in reply.text and "Overdue" not in reply.text
    commands = [b.command for b in reply.buttons]
    assert commands == [
        f"done {followup.id}",
        f"snooze {followup.id} +1h",
        f"snooze {followup.id} +1d",
        f"show #{followup.party_id}",
    ]
    assert reply.data["due_at"] == "2026-11-23T09:00:00+01:00"


def test_reminder_is_written_in_the_assignees_language_and_zone(app: App, team: Team) -> None:
    bob = team.member("bob", language="de", timezone="America/New_York")
    followup = _followup(app, team.followup(bob, MONDAY_9))
    reply = reminders.reminder(followup, MONDAY_9, LATE)
    assert "Mo. 23. Nov. 2026, 03:00" in reply.text
    assert reply.data["due_at"] == "2026-11-23T03:00:00-05:00"


def test_reminder_sent_after_downtime_says_it_is_overdue(app: App, team: Team) -> None:
    anna = team.member("anna")
    followup = _followup(app, team.followup(anna, MONDAY_9))
    reply = reminders.reminder(followup, MONDAY_9 + timedelta(hours=1), LATE)
    assert reply.text.startswith("Overdue since")
    assert reply.data["overdue"] is True


def test_digest_lists_overdue_first_then_today(app: App, team: Team) -> None:
    anna = team.member("anna", digest=True)
    late = team.followup(anna, MONDAY_9 - timedelta(days=2), "old one")
    today = team.followup(anna, MONDAY_9 + timedelta(hours=3), "new one")
    team.followup(anna, MONDAY_9 + timedelta(days=1), "tomorrow's")
    assert _plan_digests(app, MONDAY_9) == 1
    (message,) = _outbox(app, "digest")
    assert message.dedup_key == f"digest:{anna}:2026-11-23"
    sections = message.payload["sections"]
    assert [s["title"] for s in sections] == ["Overdue", "Today"]
    assert [s["items"][0]["text"].split()[0] for s in sections] == [f"#{late}", f"#{today}"]


def test_digest_with_nothing_due_is_no_message_and_stays_quiet_that_day(
    app: App, team: Team
) -> None:
    anna = team.member("anna", digest=True)
    assert _plan_digests(app, MONDAY_9) == 0
    team.followup(anna, MONDAY_9 + timedelta(hours=1))
    assert _plan_digests(app, MONDAY_9 + timedelta(hours=2)) == 0
    assert [m.state for m in _outbox(app, "digest")] == ["skipped"]


def test_digest_comes_once_at_the_members_time_in_their_zone(app: App, team: Team) -> None:
    bob = team.member("bob", timezone="America/New_York", digest=True)
    team.followup(bob, MONDAY_9 + timedelta(hours=10))
    eight_new_york = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    assert _plan_digests(app, eight_new_york - timedelta(minutes=1)) == 0
    assert _plan_digests(app, eight_new_york) == 1
    assert _plan_digests(app, eight_new_york + timedelta(minutes=5)) == 0


def test_no_digest_on_weekends_or_when_switched_off(app: App, team: Team) -> None:
    anna = team.member("anna", digest=True)
    team.followup(anna, MONDAY_9 - timedelta(days=3))
    saturday = MONDAY_9 - timedelta(days=2)
    assert _plan_digests(app, saturday) == 0
    with app.db.session() as session:
        followup = session.scalars(select(Followup)).one()
        followup.assignee.digest_enabled = False
    assert _plan_digests(app, MONDAY_9) == 0


def test_digest_follows_the_clock_change_in_march_and_october(app: App, team: Team) -> None:
    anna = team.member("anna", digest=True)
    team.followup(anna, datetime(2026, 3, 27, 12, tzinfo=UTC))
    # Monday after the last Sunday of March: 08:00 CEST is 06:00 UTC.
    assert _plan_digests(app, datetime(2026, 3, 30, 5, 59, tzinfo=UTC)) == 0
    assert _plan_digests(app, datetime(2026, 3, 30, 6, 0, tzinfo=UTC)) == 1
    # Monday after the last Sunday of October: 08:00 CET is 07:00 UTC.
    team.followup(anna, datetime(2026, 10, 26, 12, tzinfo=UTC))
    assert _plan_digests(app, datetime(2026, 10, 26, 6, 59, tzinfo=UTC)) == 0
    assert _plan_digests(app, datetime(2026, 10, 26, 7, 0, tzinfo=UTC)) == 1


def test_working_day_skips_the_weekend_and_counts_real_hours_across_dst() -> None:
    friday = datetime(2026, 10, 23, 10, 0, tzinfo=BERLIN)
    assert reminders.working_deadline(friday, 24, BERLIN) == datetime(
        2026, 10, 26, 10, 0, tzinfo=BERLIN
    )
    saturday_night = datetime(2026, 3, 28, 23, 0, tzinfo=BERLIN)
    assert reminders.working_deadline(saturday_night, 24, BERLIN) == datetime(
        2026, 3, 31, 0, 0, tzinfo=BERLIN
    )


def test_overdue_followup_is_told_to_its_creator_once_after_a_working_day(
    app: App, team: Team, settings: Settings
) -> None:
    anna = team.member("anna")
    bob = team.member("bob")
    followup = team.followup(bob, MONDAY_9, "quote", creator=anna)
    assert _plan_escalations(app, MONDAY_9 + timedelta(hours=23), settings) == 0
    assert _plan_escalations(app, MONDAY_9 + timedelta(hours=24), settings) == 1
    assert _plan_escalations(app, MONDAY_9 + timedelta(hours=25), settings) == 0
    (message,) = _outbox(app, "escalation")
    assert message.member_id == anna
    assert "bob has not done follow-up" in message.payload["text"]
    assert message.payload["data"]["followup_id"] == followup


def test_overdue_friday_followup_is_told_on_monday_not_saturday(
    app: App, team: Team, settings: Settings
) -> None:
    anna = team.member("anna")
    bob = team.member("bob")
    friday = MONDAY_9 - timedelta(days=3)
    team.followup(bob, friday, creator=anna)
    assert _plan_escalations(app, friday + timedelta(days=1), settings) == 0
    assert _plan_escalations(app, MONDAY_9, settings) == 1


def test_no_escalation_for_done_followups_or_ones_you_gave_yourself(
    app: App, team: Team, settings: Settings
) -> None:
    anna = team.member("anna")
    bob = team.member("bob")
    team.followup(anna, MONDAY_9)
    done = team.followup(bob, MONDAY_9, creator=anna)
    with app.db.session() as session:
        row = followups.get(session, done)
        assert row is not None
        followups.close(session, bob, row, "done", MONDAY_9)
    assert _plan_escalations(app, MONDAY_9 + timedelta(days=2), settings) == 0
    assert _outbox(app, "escalation") == []
