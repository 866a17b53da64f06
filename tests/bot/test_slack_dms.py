"""Direct messages as Slack sends them: files, subtypes we do not use, and the journal
written before Slack hears 200."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Activity, InboundMessage
from tests.bot.test_slack_commands import ask
from tests.bot.test_slack_events import dm
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound, slack_file

pytest_plugins = ["tests.bot.slack_fixtures"]


def file_share(text: str, *files: dict[str, Any]) -> dict[str, Any]:
    """A file sent to the bot in its DM: Slack's `file_share` message subtype."""
    return dm(text) | {"subtype": "file_share", "files": list(files), "upload": False,
                       "display_as_bot": False}  # fmt: skip


def journal(app: App) -> list[tuple[str | None, str]]:
    with app.db.read_session() as session:
        rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id))
        return [(row.delivery_key, row.status) for row in rows]


def notes(app: App) -> list[tuple[str, str, dict[str, Any]]]:
    with app.db.read_session() as session:
        return [(a.party.name, a.text, a.meta or {}) for a in session.scalars(select(Activity))]


def test_a_file_sent_in_a_dm_is_attached_to_the_current_customer(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack.event(dm("add company Müller GmbH"), "Ev001")
    slack.event(dm("show Müller"), "Ev002")
    slack_api.wait_for("chat.postMessage", 2)
    offer = slack_file("angebot.pdf")
    assert slack.event(file_share("signed by <@UBOB|bob>", offer), "Ev003").status == 200
    said = slack_api.wait_for("chat.postMessage", 3)[2].args
    assert said["channel"] == "D0ANNA" and "Müller GmbH" in said["text"]
    [(customer, text, meta)] = notes(slack_app)
    assert customer == "Müller GmbH"
    assert text == "Document: angebot.pdf \u2014 signed by @Bob Meyer"
    assert meta["file"] == offer["permalink"] and meta["platform"] == "slack"


def test_a_file_without_a_current_customer_is_answered_not_ignored(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack.event(file_share("", slack_file("angebot.pdf")), "Ev001")
    said = slack_api.wait_for("chat.postMessage")[0].args
    assert said["channel"] == "D0ANNA" and "Which customer?" in said["text"]
    assert notes(slack_app) == []


@pytest.mark.parametrize(
    "shape",
    [
        {"subtype": "message_changed", "message": {"text": "add company Edited"}},
        {"subtype": "message_deleted", "previous_message": {"text": "add company Gone"}},
        {"subtype": "channel_join", "text": "<@UANNA> has joined the channel"},
        {"subtype": "bot_message", "bot_id": "B0OTHER", "text": "add company Bot"},
        {"subtype": "thread_broadcast", "text": "add company Broadcast"},
    ],
)
def test_message_subtypes_the_crm_does_not_use_are_ignored_and_not_journalled(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App, shape: dict[str, Any]
) -> None:
    assert slack.event(dm("") | shape, "Ev001").status == 200
    slack.event(dm("help"), "Ev002")
    slack_api.wait_for("chat.postMessage")
    assert len(slack_api.calls("chat.postMessage")) == 1
    assert [key for key, _ in journal(slack_app)] == ["slack:Ev002"]


def test_a_dm_is_journalled_before_slack_gets_its_200(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack_api.delay("users.info", 1.5)
    assert slack.event(dm("add company Müller GmbH"), "Ev001").status == 200
    assert journal(slack_app) == [("slack:Ev001", "received")]
    slack_api.wait_for("chat.postMessage", timeout=10)


def test_a_retry_that_arrives_while_the_first_delivery_runs_does_nothing(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    slack_api.delay("users.info", 1.5)
    first = dm("log note Müller: wants a quote", user="UBOB")
    assert slack.event(first, "Ev005").status == 200
    assert slack.event(first, "Ev005", retry=1).status == 200
    slack_api.wait_for("chat.postMessage", timeout=10)
    slack.event(dm("mine"), "Ev006")
    slack_api.wait_for("chat.postMessage", 2, timeout=10)
    assert [text for _, text, _ in notes(slack_app)] == ["wants a quote"]
    assert [key for key, _ in journal(slack_app)].count("slack:Ev005") == 1
    assert len(slack_api.calls("chat.postMessage")) == 2
