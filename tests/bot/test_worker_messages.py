"""Notices and digests through the outbox, in each member's own language."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from bot.bootstrap import App
from bot.console import Console
from bot.worker import Worker
from storage.models import Followup, OutboxMessage
from tests.bot.worker_fixtures import run, stored_followup
from tests.conftest import MONDAY_9, Clock
from tests.fakes.slack_api import FakeSlack

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]


def test_assignment_notice_and_digest_arrive_through_the_outbox(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = Console(chat_app, "anna")
    bob = team.member("bob", slack="UBOB", digest=True)
    anna.ask("add company Müller GmbH")
    anna.ask(f"followup Müller morgen 10 Uhr @#{bob}: bring the samples")
    run(worker.tick())
    (notice,) = slack_api.calls("chat.postMessage")
    assert notice.args["channel"].startswith("D") and "bring the samples" in notice.args["text"]
    clock.now = MONDAY_9 + timedelta(days=1, hours=-1)
    run(worker.tick())
    digest = slack_api.calls("chat.postMessage")[1]
    assert "bring the samples" in str(digest.args["blocks"])
    with chat_app.db.session() as session:
        states = session.query(OutboxMessage.kind, OutboxMessage.state).all()
    skipped = [("digest", "skipped")] * 3  # anna twice, bob on Monday (nothing due that day)
    assert sorted(states) == [("digest", "sent"), *skipped, ("notice", "sent")]


@pytest.mark.parametrize(
    ("team_language", "language", "cut"),
    [("de", "en", ("and ", " more")), ("en", "de", ("und ", " weitere"))],
)
def test_a_long_digest_is_cut_in_the_members_own_language(
    chat_app: App,
    team: Team,
    worker: Worker,
    slack_api: FakeSlack,
    clock: Clock,
    team_language: str,
    language: str,
    cut: tuple[str, str],
) -> None:
    chat_app.settings.crm_language = team_language
    bob = team.member("bob", slack="UBOB", digest=True, language=language)
    tuesday_8 = MONDAY_9 + timedelta(days=1, hours=-1)
    team.followups_many([bob] * 40, tuesday_8 + timedelta(hours=2))
    clock.now = tuesday_8
    run(worker.tick())
    (digest,) = slack_api.calls("chat.postMessage")
    blocks = digest.args["blocks"]
    notes = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    assert notes[-1].startswith(cut[0]) and notes[-1].endswith(cut[1])


def test_a_reminder_whose_lease_ran_out_after_it_went_out_is_not_sent_again(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    followup = team.followup(anna, MONDAY_9, "only once")
    assert run(worker.tick()) == 1
    with chat_app.db.session() as session:  # as if the worker died before settling
        found = session.get(Followup, followup)
        assert found is not None
        found.reminder_state, found.lease_until = "claimed", MONDAY_9
    clock.now = MONDAY_9 + timedelta(seconds=20)
    run(worker.tick())
    (post,) = slack_api.calls("chat.postMessage")
    assert post.args["metadata"]["event_type"] == "crm_outbox"
    assert len(slack_api.calls("conversations.history")) == 1
    assert stored_followup(chat_app, followup).reminder_state == "sent"


def test_a_reminder_whose_lease_ran_out_before_it_went_out_is_sent(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    followup = team.followup(anna, MONDAY_9, "not yet sent")
    with chat_app.db.session() as session:
        found = session.get(Followup, followup)
        assert found is not None
        found.reminder_state, found.lease_until = "claimed", MONDAY_9
    assert run(worker.tick()) == 1
    assert len(slack_api.calls("conversations.history")) == 1
    assert len(slack_api.calls("chat.postMessage")) == 1


def test_a_member_who_blocked_the_bot_gets_reminders_elsewhere_and_the_creator_is_told(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    bob = team.member("bob", slack="UBOB", telegram="4242", notify="first")
    first = team.followup(bob, MONDAY_9, "first", creator=anna)
    slack_api.fail("conversations.open", "account_inactive")
    run(worker.tick())  # Telegram is not configured here: only Slack, and it refused for good
    assert stored_followup(chat_app, first).reminder_state == "failed"
    with chat_app.db.session() as session:
        told = session.query(OutboxMessage).filter_by(member_id=anna).one()
        assert "bob cannot be reached on Slack" in told.payload["text"]
    run(worker.tick())
    texts = [c.args["text"] for c in slack_api.calls("chat.postMessage")]
    assert any("bob cannot be reached on Slack" in t for t in texts)
    second = team.followup(bob, MONDAY_9, "second", creator=anna)
    run(worker.tick())
    assert stored_followup(chat_app, second).reminder_state == "failed"
    assert len(slack_api.calls("conversations.open")) == 2  # bob's Slack is not tried again


def test_the_assignment_notice_arrives_before_the_reminder_of_a_followup_due_now(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = Console(chat_app, "anna")
    bob = team.member("bob", slack="UBOB")
    anna.ask("add company Müller GmbH")
    anna.ask(f"followup Müller morgen 10 Uhr @#{bob}: bring the samples")
    clock.now = MONDAY_9 + timedelta(days=2)
    run(worker.tick())
    clock.now += timedelta(seconds=2)
    run(worker.tick())
    texts = [c.args["text"] for c in slack_api.calls("chat.postMessage")]
    assert len(texts) == 2
    assert "gave you a follow-up" in texts[0] and "gave you" not in texts[1]
