"""Events (direct messages, mentions, App Home) and the trust rules of every request."""

from __future__ import annotations

import logging
import time
import urllib.parse
import urllib.request
from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Activity, Followup, InboundMessage, Party
from tests.bot.test_slack_commands import ask, texts
from tests.fakes.slack_answers import BOT_USER
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound, block_actions, slash_form

pytest_plugins = ["tests.bot.slack_fixtures"]


def dm(text: str, user: str = "UANNA") -> dict[str, Any]:
    return {
        "type": "message",
        "channel": "D0ANNA",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": "1700000000.000100",
    }


def parties(app: App) -> list[str]:
    with app.db.session() as session:
        return list(session.scalars(select(Party.name)))


def test_a_direct_message_is_a_command_answered_in_the_dm(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    assert slack.event(dm("add company Müller GmbH"), "Ev001").status == 200
    posted = slack_api.wait_for("chat.postMessage")[0].args
    assert posted["channel"] == "D0ANNA" and "Müller GmbH" in posted["text"]
    assert parties(slack_app) == ["Müller GmbH"]


def test_a_retried_event_is_handled_once(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack.event(dm("add company Müller GmbH"), "Ev001")
    slack_api.wait_for("chat.postMessage")
    slack.event(dm("log note Müller: first contact"), "Ev002")
    slack_api.wait_for("chat.postMessage", 2)
    for retry in (1, 2):
        assert slack.event(dm("log note Müller: first contact"), "Ev002", retry=retry).status == 200
    slack.event(dm("mine"), "Ev003")
    slack_api.wait_for("chat.postMessage", 3)
    with slack_app.db.session() as session:
        assert len(session.scalars(select(Activity)).all()) == 1
        journal = session.scalars(select(InboundMessage.delivery_key)).all()
        assert journal.count("slack:Ev002") == 1
    assert len(slack_api.calls("chat.postMessage")) == 3


def test_a_mention_in_a_channel_is_answered_in_its_thread(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    event = {
        "type": "app_mention",
        "channel": "C0000SALES",
        "user": "UANNA",
        "text": f"<@{BOT_USER}> log call Müller: on the phone",
        "ts": "1700000000.000200",
    }
    slack.event(event, "Ev010")
    posted = slack_api.wait_for("chat.postMessage")[0].args
    assert posted["thread_ts"] == "1700000000.000200"
    with slack_app.db.session() as session:
        assert session.scalars(select(Activity.text)).all() == ["on the phone"]


def test_app_home_lists_my_open_followups_overdue_first_with_working_buttons(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App, clock: Any
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "followup Müller übermorgen: later one")
    ask(slack, slack_api, "followup Müller in 1 Stunde: overdue one")
    clock.now = clock.now.replace(hour=12)
    slack.event(
        {"type": "app_home_opened", "user": "UANNA", "channel": "D0ANNA", "tab": "home"}, "Ev020"
    )
    home = slack_api.wait_for("views.publish")[0].args
    assert home["user_id"] == "UANNA" and home["view"]["type"] == "home"
    shown = texts(home["view"])
    assert shown.index("overdue one") < shown.index("later one")
    block_id, element = next(
        (b, e) for b, e in _all_buttons(home["view"]) if e["text"]["text"] == "Done"
    )
    slack.interact(
        block_actions(
            element["value"],
            action_id=element["action_id"],
            block_id=block_id,
            response_url=slack.response_url,
            view=home["view"],
        )
    )
    again = slack_api.wait_for("views.publish", 2)[1].args["view"]
    listed = [
        b["text"]["text"] for b in again["blocks"] if b.get("block_id", "").startswith("crm:text:")
    ]
    assert len(listed) == 1 and "later one" in listed[0]
    assert "done: overdue one" in texts(again)
    with slack_app.db.session() as session:
        assert sorted(session.scalars(select(Followup.status))) == ["done", "open"]


def _all_buttons(view: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (b["block_id"], e) for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


def test_a_forged_signature_gets_401_and_changes_nothing(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    body = urllib.parse.urlencode(
        slash_form("add company Evil", "UANNA", "anna", slack.response_url)
    )
    answer = slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    assert answer.status == 401
    assert _nothing_happened(slack_app, slack_api)


def test_a_stale_request_gets_401_and_changes_nothing(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    body = urllib.parse.urlencode(
        slash_form("add company Evil", "UANNA", "anna", slack.response_url)
    )
    answer = slack.post(body, "application/x-www-form-urlencoded", age=6 * 60)
    assert answer.status == 401
    assert _nothing_happened(slack_app, slack_api)


def _nothing_happened(app: App, fake: FakeSlack) -> bool:
    """Bolt answers 401 before any listener runs, so there is nothing to wait for."""
    with app.db.session() as session:
        journal = session.scalars(select(InboundMessage)).all()
    return journal == [] and parties(app) == [] and fake.calls() == []


def test_the_ack_comes_before_slow_work(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack_api.delay("users.info", 2.0)
    started = time.monotonic()
    assert slack.slash("add company Müller GmbH").status == 200
    assert time.monotonic() - started < 1.0
    posted = slack_api.wait_for("response_url", timeout=10)[0].args
    assert "Müller GmbH" in posted["text"]


def test_healthz_answers_next_to_slack(slack: SlackInbound) -> None:
    with urllib.request.urlopen(slack.url.replace("/slack/events", "/healthz"), timeout=5) as r:
        assert r.status == 200


def test_a_body_that_is_not_utf8_gets_400_signed_or_not(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    garbage = b"token=x&text=\xff\xfe\xc3\x28&command=/crm"
    assert slack.post(garbage, "application/x-www-form-urlencoded").status == 400
    forged = slack.post(garbage, "application/x-www-form-urlencoded", signature="v0=" + "1" * 64)
    assert forged.status == 400
    assert _nothing_happened(slack_app, slack_api)


def test_a_signed_body_that_is_not_a_payload_gets_400(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    assert slack.post('{"type": "event_callback", "event":', "application/json").status == 400
    assert slack.post("payload=%7Bnot+json", "application/x-www-form-urlencoded").status == 400
    assert slack.post("[1, 2]", "application/json").status == 400
    assert _nothing_happened(slack_app, slack_api)


def test_a_timestamp_that_is_not_a_number_gets_401(slack: SlackInbound) -> None:
    body = urllib.parse.urlencode(slash_form("help", "UANNA", "anna", slack.response_url))
    answer = slack.post(
        body,
        "application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": "soon"},
        signature="v0=" + "0" * 64,
    )
    assert answer.status == 401


def test_a_forged_body_never_reaches_the_logs(
    slack: SlackInbound, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    marker = "FORGED-LINE-" + "x" * 40
    body = urllib.parse.urlencode(
        slash_form(
            f"help\n2026-01-01 INFO admin logged in {marker}", "UANNA", "anna", slack.response_url
        )
    )
    answer = slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    assert answer.status == 401
    assert "refused a request without a valid signature" in caplog.text
    assert marker not in caplog.text
