"""Buttons: a press runs the command it carries and updates that message in place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Activity, Followup
from tests.bot.test_slack_commands import ask, texts
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackInbound, block_actions

pytest_plugins = ["tests.bot.slack_fixtures"]


def buttons(message: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each button's label -> (the block id it sits in, the button)."""
    return {
        element["text"]["text"]: (block["block_id"], element)
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def press(
    slack: SlackInbound,
    fake: FakeSlack,
    message: dict[str, Any],
    label: str,
    *,
    shown_to_all: bool = True,
    user: str = "UANNA",
) -> dict[str, Any]:
    """Press a button of `message` as Slack would send it; returns the response_url post."""
    block_id, element = buttons(message)[label]
    before = len(fake.calls("response_url"))
    payload = block_actions(
        element["value"],
        action_id=element["action_id"],
        block_id=block_id,
        user=user,
        response_url=slack.response_url,
        message={"text": message["text"], "blocks": message["blocks"]} if shown_to_all else None,
    )
    assert slack.interact(payload).status == 200
    return fake.wait_for("response_url", before + 1)[before].args


def followup_status(app: App) -> tuple[str, Any]:
    with app.db.session() as session:
        followup = session.scalars(select(Followup)).one()
        return followup.status, followup.due_at


def test_done_closes_the_followup_and_updates_the_message_in_place(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    confirmation = ask(slack, slack_api, "followup Müller morgen 10 Uhr: send the quote")
    updated = press(slack, slack_api, confirmation, "Done")
    assert updated["replace_original"] is True
    assert followup_status(slack_app)[0] == "done"
    assert "Done" not in buttons(updated)
    assert "send the quote" in texts(updated) and "<@UANNA>" in texts(updated)
    assert updated["blocks"][0] == confirmation["blocks"][0]


def test_snooze_moves_the_followup_a_day_and_redraws_it(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    confirmation = ask(slack, slack_api, "followup Müller in 2 Stunden: send the quote")
    before = followup_status(slack_app)[1]
    updated = press(slack, slack_api, confirmation, "Snooze 1 day")
    status, after = followup_status(slack_app)
    assert status == "open" and after - before == timedelta(days=1)
    assert "moved" in texts(updated)
    assert {"Done", "Snooze 1 day", "Snooze 1 week"} <= set(buttons(updated))


def test_done_on_a_private_list_changes_only_that_entry(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    ask(slack, slack_api, "followup Müller morgen: send the quote")
    ask(slack, slack_api, "followup Müller übermorgen: call the buyer")
    listing = ask(slack, slack_api, "mine")
    assert listing["response_type"] == "ephemeral"
    first = entry_buttons(listing)[0]
    updated = press_entry(slack, slack_api, first)
    assert updated["replace_original"] is True
    kept = [block for block in listing["blocks"] if block.get("block_id") != first[0]]
    assert all(block in updated["blocks"] for block in kept)
    shown = texts(updated)
    assert "send the quote" in shown and "call the buyer" in shown and "<@UANNA>" in shown
    assert len(entry_buttons(updated)) == 1
    second = press_entry(slack, slack_api, entry_buttons(updated)[0])
    assert entry_buttons(second) == [] and texts(second).count("<@UANNA>") == 2
    with slack_app.db.session() as session:
        assert session.scalars(select(Followup.status)).all() == ["done", "done"]


def entry_buttons(message: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each list entry's Done button, with the block id it sits in."""
    return [
        (block["block_id"], element)
        for block in message["blocks"]
        if block["type"] == "actions" and block["block_id"].startswith("crm:item:")
        for element in block["elements"]
        if element["text"]["text"] == "Done"
    ]


def press_entry(
    slack: SlackInbound, fake: FakeSlack, entry: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    """Press a button of an ephemeral message: Slack sends no `message` with it."""
    block_id, element = entry
    before = len(fake.calls("response_url"))
    payload = block_actions(element["value"], action_id=element["action_id"],
                            block_id=block_id, response_url=slack.response_url)  # fmt: skip
    assert "message" not in payload and payload["container"]["is_ephemeral"] is True
    assert slack.interact(payload).status == 200
    return fake.wait_for("response_url", before + 1)[before].args


def test_an_ambiguous_name_asks_with_buttons_and_the_choice_finishes_the_command(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller Bau")
    ask(slack, slack_api, "add company Müller Holz")
    question = ask(slack, slack_api, "log call Müller: asked for the price list")
    assert question["response_type"] == "ephemeral"
    assert {"Müller Bau", "Müller Holz"} <= set(buttons(question))
    with slack_app.db.session() as session:
        assert session.scalars(select(Activity)).all() == []
    deleted = press(slack, slack_api, question, "Müller Holz", shown_to_all=False)
    assert deleted["delete_original"] is True
    logged = slack_api.wait_for("response_url", 5)[4].args
    assert logged["response_type"] == "in_channel" and "Müller Holz" in logged["text"]
    with slack_app.db.session() as session:
        activity = session.scalars(select(Activity)).one()
        assert (activity.party.name, activity.text) == ("Müller Holz", "asked for the price list")


def test_a_colleague_pressing_done_acts_as_themselves(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    confirmation = ask(slack, slack_api, "followup Müller morgen: send the quote")
    updated = press(slack, slack_api, confirmation, "Done", user="UBOB")
    assert "<@UBOB>" in texts(updated)
    assert [c.args["user"] for c in slack_api.calls("users.info")] == ["UANNA", "UBOB"]


def test_undo_button_after_a_delete_brings_the_customer_back(
    slack: SlackInbound, slack_api: FakeSlack, slack_app: App
) -> None:
    ask(slack, slack_api, "add company Müller GmbH")
    deleted = ask(slack, slack_api, "delete Müller GmbH")
    undone = press(slack, slack_api, deleted, "Undo", shown_to_all=False)
    assert "Undone" in texts(undone)
    assert "Müller GmbH" in texts(ask(slack, slack_api, "find müller"))
