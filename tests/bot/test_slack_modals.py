"""The log modal (from `/crm log`, the card's button and the "Save to CRM" shortcut)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Activity, Followup
from tests.bot.test_slack_buttons import buttons
from tests.bot.test_slack_commands import ask
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import (
    SlackInbound,
    block_actions,
    message_shortcut,
    view_submission,
)

pytest_plugins = ["tests.bot.slack_fixtures"]


def filled(
    kind: str, text: str, customer: str | None = None, date: str | None = None
) -> dict[str, Any]:
    """The state Slack sends for the modal's fields, by block id and action id."""
    values: dict[str, Any] = {
        "kind": {"value": {"type": "static_select", "selected_option": {"value": kind}}},
        "text": {"value": {"type": "plain_text_input", "value": text}},
        "followup": {"value": {"type": "datepicker", "selected_date": date}},
    }
    if customer is not None:
        values["customer"] = {"value": {"type": "plain_text_input", "value": customer}}
    return values


def opened_view(fake: FakeSlack, count: int = 1) -> dict[str, Any]:
    view: dict[str, Any] = fake.wait_for("views.open", count)[count - 1].args["view"]
    return view


def activities(app: App) -> list[tuple[str, str, str]]:
    with app.db.session() as session:
        return [(a.kind, a.party.name, a.text) for a in session.scalars(select(Activity))]


def test_log_without_text_opens_the_modal_and_saving_it_logs_with_a_followup(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    assert slack.slash("log").status == 200
    view = opened_view(slack_api)
    assert slack_api.calls("views.open")[0].args["trigger_id"] == "1337.42.abcdef"
    assert {b.get("block_id") for b in view["blocks"]} >= {"customer", "kind", "text", "followup"}
    answer = slack.interact(
        view_submission(view, filled("meeting", "Visit went well", "Müller", "2026-11-25"))
    )
    assert answer.status == 200 and answer.body == ""
    assert activities(slack_app) == [("meeting", "Müller GmbH", "Visit went well")]
    with slack_app.db.session() as session:
        followup = session.scalars(select(Followup)).one()
        assert followup.due_at.isoformat() == "2026-11-25T08:00:00+00:00"
    posted = slack_api.wait_for("chat.postMessage", 1)
    assert [c.args["channel"] for c in posted] == ["C0000SALES"]
    assert f"#{followup.id}" in str(posted[0].args["blocks"])


def test_a_followup_date_in_the_past_saves_neither_the_log_nor_the_followup(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    slack.slash("log")
    answer = slack.interact(
        view_submission(opened_view(slack_api), filled("call", "hi", "Müller", "2026-11-20"))
    )
    body = answer.json()
    assert body["response_action"] == "errors" and "past" in body["errors"]["followup"]
    assert activities(slack_app) == []
    with slack_app.db.session() as session:
        assert session.scalars(select(Followup)).all() == []


def test_a_name_that_matches_nobody_is_shown_on_the_field_and_nothing_is_saved(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    slack.slash("log")
    answer = slack.interact(view_submission(opened_view(slack_api), filled("call", "hi", "Nobody")))
    body = answer.json()
    assert body["response_action"] == "errors" and "Nobody" in body["errors"]["customer"]
    assert activities(slack_app) == []


def test_an_ambiguous_name_lists_the_candidates_on_the_field(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller Bau")
    ask(slack, slack_api, "add company Müller Holz")
    slack.slash("log")
    answer = slack.interact(view_submission(opened_view(slack_api), filled("call", "hi", "Müller")))
    problem = answer.json()["errors"]["customer"]
    assert "Müller Bau" in problem and "Müller Holz" in problem
    assert activities(slack_app) == []


def test_the_card_button_opens_the_modal_for_that_customer(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    card = ask(slack, slack_api, "show Müller")
    block_id, element = buttons(card)["Log activity"]
    slack.interact(
        block_actions(
            element["value"],
            action_id=element["action_id"],
            block_id=block_id,
            response_url=slack.response_url,
        )
    )
    view = opened_view(slack_api)
    assert "customer" not in {b.get("block_id") for b in view["blocks"]}
    assert json.loads(view["private_metadata"])["name"] == "Müller GmbH"
    slack.interact(view_submission(view, filled("call", "called about the invoice")))
    assert activities(slack_app) == [("call", "Müller GmbH", "called about the invoice")]


def test_save_to_crm_keeps_a_slack_message_as_a_note(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    text = "Müller wants 3 &lt;b&gt;machines&lt;/b&gt; &amp; a discount, says <@UBOB|bob>"
    slack.interact(
        message_shortcut(text, callback_id="crm_save_message", response_url=slack.response_url)
    )
    view = opened_view(slack_api)
    text_block = next(b for b in view["blocks"] if b.get("block_id") == "text")
    kept = text_block["element"]["initial_value"]
    assert kept == "Müller wants 3 <b>machines</b> & a discount, says @bob"
    slack.interact(view_submission(view, filled("note", kept, "Müller")))
    assert activities(slack_app) == [("note", "Müller GmbH", kept)]


def test_a_confirmation_that_cannot_reach_the_channel_goes_to_the_user_and_the_log_stays(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    slack.slash("log")
    slack_api.fail("chat.postMessage", "channel_not_found")
    slack.interact(view_submission(opened_view(slack_api), filled("call", "hi", "Müller")))
    posted = slack_api.wait_for("chat.postMessage", 2)
    assert [c.args["channel"] for c in posted] == ["C0000SALES", "UANNA"]
    assert activities(slack_app) == [("call", "Müller GmbH", "hi")]
