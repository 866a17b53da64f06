"""`/api/v1` activities, follow-ups and deals: the chat's verbs over JSON."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from storage.models import InboundMessage
from tests.bot.api_client import Client
from tests.conftest import Chat

pytest_plugins = ["tests.bot.api_fixtures"]

MONDAY = "2026-11-23"


@pytest.fixture
def customer(writer: Client) -> dict[str, Any]:
    made = writer.post("/customers", {"type": "company", "name": "Müller GmbH"})
    assert made.status == 201
    body: dict[str, Any] = made.body
    return body


def test_an_activity_logged_through_the_api_is_in_the_chat_history(
    writer: Client, customer: dict[str, Any], chat: Chat
) -> None:
    logged = writer.post(
        "/activities", {"customer": customer["id"], "kind": "call", "text": "wants a quote"}
    )
    assert logged.status == 201
    history = chat(f"history #{customer['id']}")
    assert history["data"]["activities"] == 1
    logged_by_api = writer.get(f"/customers/{customer['id']}/history").body["logged"]
    assert [(a["id"], a["kind"], a["text"]) for a in logged_by_api] == [
        (logged.body["id"], "call", "wants a quote")
    ]


def test_an_activity_ahead_of_now_is_refused_and_nothing_is_logged(
    writer: Client, customer: dict[str, Any]
) -> None:
    ahead = writer.post(
        "/activities",
        {
            "customer": customer["id"],
            "kind": "visit",
            "text": "x",
            "occurred_at": f"{MONDAY}T12:00:00+01:00",
        },
    )
    assert ahead.status == 400
    assert ahead.body["argument"] == "occurred_at"
    assert writer.get(f"/customers/{customer['id']}/history").body["activities"] == 0


def test_a_followup_planned_through_the_api_is_in_mine_and_done_closes_it(
    writer: Client, customer: dict[str, Any], chat: Chat
) -> None:
    planned = writer.post(
        "/followups",
        {
            "customer": customer["id"],
            "due_at": "2026-11-24T10:00:00+01:00",
            "text": "send the quote",
        },
    )
    assert planned.status == 201
    assert planned.body["due_at"] == "2026-11-24T10:00:00+01:00"
    assert [f["id"] for f in chat("mine")["data"]["followups"]] == [planned.body["id"]]
    assert [f["id"] for f in writer.get("/followups").body["followups"]] == [planned.body["id"]]
    done = writer.patch(f"/followups/{planned.body['id']}", {"status": "done"})
    assert (done.status, done.body["status"]) == (200, "done")
    assert writer.get("/followups").body["followups"] == []
    again = writer.patch(f"/followups/{planned.body['id']}", {"status": "done"})
    assert again.status == 400


def test_a_followup_for_a_colleague_is_assigned_and_snoozed(
    writer: Client, customer: dict[str, Any], chat_as: Any
) -> None:
    chat_as("bernd")("settings")
    planned = writer.post(
        "/followups",
        {
            "customer": customer["id"],
            "due_at": "2026-11-25T09:00:00+01:00",
            "text": "call back",
            "assignee": "bernd",
        },
    )
    assert planned.body["assignee"] == "bernd"
    assert len(writer.get("/followups?assignee=bernd").body["followups"]) == 1
    moved = writer.patch(f"/followups/{planned.body['id']}", {"snooze": "+1d"})
    assert moved.body["due_at"].startswith("2026-11-26T09:00")


def test_a_followup_in_the_past_is_refused(writer: Client, customer: dict[str, Any]) -> None:
    past = writer.post(
        "/followups",
        {"customer": customer["id"], "due_at": "2026-11-20T10:00:00+01:00", "text": "x"},
    )
    assert past.status == 400
    assert writer.get("/followups").body["followups"] == []


def test_a_deal_made_through_the_api_is_in_chat_deals_and_set_deal_changes_it(
    writer: Client, customer: dict[str, Any], chat: Chat
) -> None:
    made = writer.post(
        "/deals",
        {
            "customer": customer["id"],
            "value": "12.000 €",
            "title": "Wartung",
            "close": "2026-12-31",
        },
    )
    assert made.status == 201
    assert (made.body["value"], made.body["currency"]) == ("12000.00", "EUR")
    assert [d["id"] for d in chat("deals")["data"]["deals"]] == [made.body["id"]]
    changed = writer.patch(f"/deals/{made.body['id']}", {"value": "15000", "probability": 60})
    assert changed.status == 200
    listed = writer.get(f"/deals?customer={customer['id']}").body["deals"]
    assert (listed[0]["value"], listed[0]["probability"]) == ("15000.00", 60)


def test_a_deal_worth_nothing_is_refused_in_the_chats_words(
    writer: Client, customer: dict[str, Any]
) -> None:
    refused = writer.post("/deals", {"customer": customer["id"], "value": "-5 €", "title": "x"})
    assert refused.status == 400
    assert refused.body["argument"] == "value"
    assert writer.get("/deals").body["deals"] == []


def test_every_write_is_journalled_as_the_command_it_stands_for(
    writer: Client, customer: dict[str, Any], app: App
) -> None:
    writer.post("/activities", {"customer": customer["id"], "kind": "note", "text": "hello"})
    with app.db.read_session() as session:
        rows = session.scalars(select(InboundMessage).where(InboundMessage.platform == "api"))
        lines = {row.text: row.status for row in rows}
    assert lines[f"log note #{customer['id']}: hello"] == "done"
