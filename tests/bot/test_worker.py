"""The worker in one process, on the test clock, sending through the real Slack client to
the local fake Slack: what arrives, when, and what happens when Slack says no."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.bootstrap import App
from bot.worker import Worker
from storage import abc_rankings, followups
from tests.bot.worker_fixtures import run, stored_followup
from tests.conftest import MONDAY_9, Clock
from tests.fakes.slack_api import FakeSlack

if TYPE_CHECKING:
    from tests.bot.worker_fixtures import Team

pytest_plugins = ["tests.bot.worker_fixtures"]


def _buttons(call_args: dict[str, Any]) -> list[str]:
    return [
        element["value"]
        for block in call_args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_due_followup_reaches_the_assignee_as_a_slack_dm_with_buttons(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack
) -> None:
    anna = team.member("anna", slack="UANNA")
    followup = team.followup(anna, MONDAY_9, "send the quote")
    assert run(worker.tick()) == 1
    assert len(slack_api.calls("conversations.open")) == 1
    (post,) = slack_api.calls("chat.postMessage")
    assert post.args["channel"].startswith("D")
    assert "Müller GmbH" in post.args["text"] and "send the quote" in post.args["text"]
    party = stored_followup(chat_app, followup).party_id
    assert _buttons(post.args) == [
        f"done {followup}",
        f"snooze {followup} +1h",
        f"snooze {followup} +1d",
        f"show #{party}",
    ]
    assert stored_followup(chat_app, followup).reminder_state == "sent"


def test_nothing_is_sent_before_its_time_and_nothing_twice(
    team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    team.followup(anna, MONDAY_9 + timedelta(minutes=10))

    async def scenario() -> list[int]:
        counts = [await worker.tick()]
        clock.now = MONDAY_9 + timedelta(minutes=10)
        counts.append(await worker.tick())
        counts.append(await worker.tick())
        return counts

    assert run(scenario()) == [0, 1, 0]
    assert len(slack_api.calls("chat.postMessage")) == 1


def test_done_or_snoozed_followups_are_not_reminded_at_the_old_time(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    done = team.followup(anna, MONDAY_9 + timedelta(minutes=5), "done already")
    moved = team.followup(anna, MONDAY_9 + timedelta(minutes=5), "moved")
    with chat_app.db.session() as session:
        row, other = followups.get(session, done), followups.get(session, moved)
        assert row is not None and other is not None
        followups.close(session, anna, row, "done", MONDAY_9)
        followups.reschedule(session, anna, other, MONDAY_9 + timedelta(days=1))

    async def scenario() -> None:
        clock.now = MONDAY_9 + timedelta(hours=1)
        await worker.tick()
        assert slack_api.calls("chat.postMessage") == []
        clock.now = MONDAY_9 + timedelta(days=1)
        await worker.tick()

    run(scenario())
    (post,) = slack_api.calls("chat.postMessage")
    assert "moved" in post.args["text"]


def test_a_worker_back_after_an_hour_sends_what_fell_due_as_overdue(
    team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    team.followup(anna, MONDAY_9, "missed while down")
    clock.now = MONDAY_9 + timedelta(hours=1)
    assert run(worker.tick()) == 1
    (post,) = slack_api.calls("chat.postMessage")
    assert "Overdue since" in post.args["text"]


def test_rate_limited_send_waits_for_retry_after_and_is_not_marked_sent(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    followup = team.followup(anna, MONDAY_9)
    slack_api.fail("chat.postMessage", "ratelimited", status=429, retry_after=1)

    async def scenario() -> list[int]:
        counts = [await worker.tick()]
        row = stored_followup(chat_app, followup)
        assert (row.reminder_state, row.not_before) == ("pending", MONDAY_9 + timedelta(seconds=1))
        clock.now = MONDAY_9 + timedelta(milliseconds=500)
        counts.append(await worker.tick())
        clock.now = MONDAY_9 + timedelta(seconds=1)
        counts.append(await worker.tick())
        return counts

    assert run(scenario()) == [0, 0, 1]
    row = stored_followup(chat_app, followup)
    assert (row.reminder_state, row.attempts) == ("sent", 0)
    assert len(slack_api.calls("chat.postMessage")) == 2


def test_a_rate_limited_chat_does_not_hold_up_other_chats(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack
) -> None:
    anna = team.member("anna", slack="UANNA")
    bob = team.member("bob", slack="UBOB")
    team.followup(anna, MONDAY_9, "first in line")
    team.followup(bob, MONDAY_9 + timedelta(seconds=-1), "unrelated", customer=None)
    slack_api.fail("chat.postMessage", "ratelimited", status=429, retry_after=15)
    started = time.monotonic()
    assert run(worker.tick()) == 1
    assert time.monotonic() - started < 5
    sent = [c.args["channel"] for c in slack_api.calls("chat.postMessage")]
    assert sent == ["DUBOB", "DUANNA"] or sent[-1] == "DUBOB"


def test_server_errors_are_retried_with_growing_back_off(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UANNA")
    followup = team.followup(anna, MONDAY_9)
    slack_api.fail("chat.postMessage", "internal_error", status=500, times=2)

    async def scenario() -> None:
        await worker.tick()
        clock.now = MONDAY_9 + timedelta(seconds=2)
        await worker.tick()
        clock.now = MONDAY_9 + timedelta(seconds=5)
        await worker.tick()
        assert stored_followup(chat_app, followup).reminder_state == "pending"
        clock.now = MONDAY_9 + timedelta(seconds=6)
        await worker.tick()

    run(scenario())
    assert stored_followup(chat_app, followup).reminder_state == "sent"


def test_a_gone_account_is_recorded_as_failed_and_not_retried(
    chat_app: App, team: Team, worker: Worker, slack_api: FakeSlack, clock: Clock
) -> None:
    anna = team.member("anna", slack="UGONE")
    followup = team.followup(anna, MONDAY_9)
    slack_api.fail("conversations.open", "user_not_found")

    async def scenario() -> None:
        await worker.tick()
        clock.now = MONDAY_9 + timedelta(hours=1)
        await worker.tick()

    run(scenario())
    row = stored_followup(chat_app, followup)
    assert row.reminder_state == "failed" and "user_not_found" in (row.last_error or "")
    assert len(slack_api.calls("conversations.open")) == 1


def test_a_member_without_any_chat_account_is_recorded_not_retried(
    chat_app: App, team: Team, worker: Worker
) -> None:
    anna = team.member("anna")
    followup = team.followup(anna, MONDAY_9)
    run(worker.tick())
    assert stored_followup(chat_app, followup).reminder_state == "failed"


def test_the_worker_ranks_the_customers_for_the_cards_anew_each_time(
    chat_app: App, worker: Worker, clock: Clock
) -> None:
    run(worker.rank_customers())
    clock.now = MONDAY_9 + timedelta(minutes=10)
    run(worker.rank_customers())
    with chat_app.db.session() as session:
        ranked = abc_rankings.latest(session, chat_app.settings.crm_currency)
    assert ranked is not None and ranked.ranked_at == MONDAY_9 + timedelta(minutes=10)
    assert (ranked.total, ranked.a_party_id) == (0, None)  # nobody has won anything yet
