"""A deal's stage buttons on the platforms: a press moves the deal and redraws the message."""

from __future__ import annotations

from sqlalchemy import select

from bot.bootstrap import App
from bot.console import Console
from storage.models import Deal
from tests.bot.test_slack_buttons import buttons as slack_buttons
from tests.bot.test_slack_buttons import press
from tests.bot.test_slack_commands import ask, texts
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import Phone, buttons

pytest_plugins = ["tests.bot.slack_fixtures", "tests.bot.telegram_fixtures"]


def stage_of(app: App) -> str:
    with app.db.session() as session:
        return session.scalars(select(Deal.stage)).one()


def test_slack_stage_button_moves_the_deal_and_updates_the_message_in_place(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    message = ask(slack, slack_api, "deal Müller 12.000 €: Wartung")
    assert list(slack_buttons(message))[:3] == ["qualified", "offer", "negotiation"]
    updated = press(slack, slack_api, message, "offer")
    assert updated["replace_original"] is True
    assert stage_of(slack_app) == "offer"
    assert "moved to offer" in texts(updated)
    assert list(slack_buttons(updated)) == ["negotiation", "won", "lost"]


def test_telegram_stage_keyboard_moves_the_deal_and_edits_the_message(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show Müller")
    message = bob.say("chance 12k: Wartung")
    assert "Müller GmbH" in message.params["text"]
    assert [b["text"] for b in buttons(message)][:2] == ["qualified", "offer"]
    bob.press(message, "offer")
    edited = telegram_api.wait_for("editMessageText")[-1]
    assert "moved to offer" in edited.params["text"]
    assert int(edited.params["message_id"]) == message.result["message_id"]
    assert stage_of(telegram_app) == "offer"
