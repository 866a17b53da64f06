"""The "New deal" modal from `/crm deal` (or `/crm chance`) with nothing more."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Deal
from tests.bot.test_slack_commands import ask, texts
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound, view_submission

pytest_plugins = ["tests.bot.slack_fixtures"]


def filled(
    customer: str, title: str, value: str, stage: str = "lead", close: str | None = None
) -> dict[str, Any]:
    """The state Slack sends for the form's fields, by block id and action id."""
    return {
        "customer": {"value": {"type": "plain_text_input", "value": customer}},
        "title": {"value": {"type": "plain_text_input", "value": title}},
        "value": {"value": {"type": "plain_text_input", "value": value}},
        "stage": {"value": {"type": "static_select", "selected_option": {"value": stage}}},
        "close": {"value": {"type": "datepicker", "selected_date": close}},
    }


def opened_form(slack: SlackInbound, fake: FakeSlack, command: str = "deal") -> dict[str, Any]:
    before = len(fake.calls("views.open"))
    assert slack.slash(command).status == 200
    view: dict[str, Any] = fake.wait_for("views.open", before + 1)[before].args["view"]
    return view


def saved(app: App) -> list[tuple[str, str, str, str, str, str | None]]:
    with app.db.session() as session:
        return [
            (d.party.name, d.title, str(d.value), d.currency, d.stage,
             d.close_on.isoformat() if d.close_on else None)
            for d in session.scalars(select(Deal).order_by(Deal.id))
        ]  # fmt: skip


@pytest.mark.parametrize("command", ["deal", "chance", "  Chance  "])
def test_deal_alone_opens_the_form_before_slack_is_asked_about_the_user(
    slack: SlackInbound, slack_api: FakeSlack, command: str
) -> None:
    view = opened_form(slack, slack_api, command)
    assert view["callback_id"] == "crm_deal"
    assert [b["block_id"] for b in view["blocks"]] == [
        "customer", "title", "value", "stage", "close",
    ]  # fmt: skip
    stage = next(b for b in view["blocks"] if b["block_id"] == "stage")["element"]
    assert [o["value"] for o in stage["options"]] == ["lead", "qualified", "offer", "negotiation"]
    assert stage["initial_option"]["value"] == "lead"
    methods = [call.method for call in slack_api.calls()]
    assert "users.info" not in methods[: methods.index("views.open")]
    assert slack_api.calls("response_url") == []


def test_saving_the_form_makes_the_deal_and_posts_it_to_the_channel(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    view = opened_form(slack, slack_api)
    answer = slack.interact(
        view_submission(view, filled("müler", "Wartung: 2027", "12.000 €", "offer", "2026-12-31"))
    )
    assert answer.status == 200 and answer.body == ""
    assert saved(slack_app) == [
        ("Müller GmbH", "Wartung: 2027", "12000.00", "EUR", "offer", "2026-12-31")
    ]
    posted = slack_api.wait_for("chat.postMessage", 1)[0].args
    assert posted["channel"] == "C0000SALES"
    assert "Wartung: 2027" in texts(posted) and "€12,000.00" in texts(posted)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1.234,5.6", "more than one way"),
        ("-500 €", "more than zero"),
        ("12 XYZ", "currency"),
        ("lots", "no amount"),
    ],
)
def test_a_value_that_is_no_amount_is_shown_on_the_value_field_and_nothing_is_saved(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App, value: str, shown: str
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    answer = slack.interact(
        view_submission(opened_form(slack, slack_api), filled("Müller", "Wartung", value))
    )
    body = answer.json()
    assert body["response_action"] == "errors" and list(body["errors"]) == ["value"]
    assert shown in body["errors"]["value"]
    assert saved(slack_app) == []


def test_a_close_date_in_the_past_is_shown_on_the_close_field(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    form = filled("Müller", "Wartung", "12k", close="2026-11-20")
    body = slack.interact(view_submission(opened_form(slack, slack_api), form)).json()
    assert body["response_action"] == "errors" and "past" in body["errors"]["close"]
    assert saved(slack_app) == []


def test_a_customer_that_matches_nobody_is_shown_on_the_customer_field(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    form = filled("Nobody", "Wartung", "12k")
    body = slack.interact(view_submission(opened_form(slack, slack_api), form)).json()
    assert body["response_action"] == "errors" and "Nobody" in body["errors"]["customer"]
    assert saved(slack_app) == []


def test_an_ambiguous_customer_lists_the_candidates_on_the_customer_field(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller Bau")
    ask(slack, slack_api, "add company Müller Holz")
    form = filled("Müller", "Wartung", "12k")
    problem = slack.interact(view_submission(opened_form(slack, slack_api), form)).json()
    assert "Müller Bau" in problem["errors"]["customer"]
    assert "Müller Holz" in problem["errors"]["customer"]
    assert saved(slack_app) == []


def test_a_german_member_sees_the_form_and_its_stages_in_german(
    slack: SlackInbound, slack_api: FakeSlack
) -> None:
    ask(slack, slack_api, "language de")
    view = opened_form(slack, slack_api)
    assert view["title"]["text"] == "Neue Chance"
    stage = next(b for b in view["blocks"] if b["block_id"] == "stage")["element"]
    assert [o["text"]["text"] for o in stage["options"]][1] == "qualifiziert"
