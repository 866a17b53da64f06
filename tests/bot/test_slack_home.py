"""App Home: my follow-ups first, then my open deals and the team's pipeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.bootstrap import App
from storage.models import InboundMessage
from tests.bot.test_slack_commands import ask, texts
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound

pytest_plugins = ["tests.bot.slack_fixtures"]


def open_home(slack: SlackInbound, fake: FakeSlack, event_id: str) -> dict[str, Any]:
    before = len(fake.calls("views.publish"))
    slack.event({"type": "app_home_opened", "user": "UANNA", "channel": "D0ANNA", "tab": "home"},
                event_id)  # fmt: skip
    view: dict[str, Any] = fake.wait_for("views.publish", before + 1)[before].args["view"]
    return view


def journalled(app: App) -> int:
    with app.db.session() as session:
        return session.scalar(select(func.count()).select_from(InboundMessage)) or 0


def test_home_shows_my_open_deals_and_the_pipeline_below_my_followups(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "followup Müller übermorgen: send the quote")
    ask(slack, slack_api, "deal Müller 12.000 € stage=offer: Wartung")
    ask(slack, slack_api, "deal Müller 3k: Schulung", user="UBOB", name="bob")
    before = journalled(slack_app)
    shown = texts(open_home(slack, slack_api, "Ev030"))
    assert journalled(slack_app) == before
    followups, deals, pipeline = (
        shown.index("send the quote"), shown.index("Your open deals"), shown.index("Pipeline")
    )  # fmt: skip
    assert followups < deals < pipeline
    mine = shown[deals:pipeline]
    assert "Wartung" in mine and "€12,000.00" in mine and "Schulung" not in mine
    team = shown[pipeline:]
    assert "offer: 1 deal, €12,000.00" in team and "weighted €6,000.00" in team
    assert "lead: 1 deal, €3,000.00" in team


def test_home_without_deals_says_so_in_the_members_language(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "language de")
    shown = texts(open_home(slack, slack_api, "Ev031"))
    assert "Deine offenen Chancen" in shown and "Pipeline" in shown
