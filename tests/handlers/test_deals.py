"""A new deal in one line: money as people write it, stage, close, owner, and refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from handlers.accounts import console_member
from handlers.command import Command
from storage.models import AuditEntry, Deal
from tests.conftest import Chat

MONEY_IN_THE_COMMAND = [
    ("12.000 €", "12000.00", "EUR"),
    ("12000 EUR", "12000.00", "EUR"),
    ("12k", "12000.00", "EUR"),
    ("€ 12.500,50", "12500.50", "EUR"),
    ("$3,000", "3000.00", "USD"),
    ("1,2 Mio", "1200000.00", "EUR"),
    ("3.000,- €", "3000.00", "EUR"),
    ("CHF 950", "950.00", "CHF"),
    ("12,5 Tsd. Euro", "12500.00", "EUR"),
    ("£1,250.99", "1250.99", "GBP"),
]


@pytest.mark.parametrize(("written", "value", "currency"), MONEY_IN_THE_COMMAND)
def test_deal_value_is_read_as_people_write_money(
    chat: Chat, written: str, value: str, currency: str
) -> None:
    chat("add company Müller GmbH")
    answer = chat(f"deal Müller GmbH {written}: Wartung")
    assert answer["ok"], answer["text"]
    assert (answer["data"]["value"], answer["data"]["currency"]) == (value, currency)
    assert answer["data"]["customer"] == "Müller GmbH"


def test_new_deal_starts_in_lead_owned_by_its_author_with_the_next_stages_as_buttons(
    chat: Chat,
) -> None:
    chat("add company Müller GmbH")
    answer = chat("deal Müller 12.000 € close=31.12.: Wartungsvertrag")
    deal_id = answer["data"]["id"]
    assert answer["data"] == {
        "id": deal_id,
        "title": "Wartungsvertrag",
        "customer": "Müller GmbH",
        "value": "12000.00",
        "currency": "EUR",
        "stage": "lead",
        "probability": 10,
        "close_on": "2026-12-31",
        "owner": "anna",
        "status": "open",
    }
    assert f"Deal #{deal_id} for Müller GmbH: Wartungsvertrag, €12,000.00." in answer["text"]
    assert (
        f"[qualified: stage {deal_id} qualified | offer: stage {deal_id} offer | negotiation: "
        f"stage {deal_id} negotiation | won: won {deal_id} | lost: lost {deal_id}]"
    ) in answer["text"]


def test_deal_with_stage_owner_and_probability_in_german(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("bernd")("help")
    chat("add company Schmidt AG")
    answer = chat("chance Schmidt 1,2 Mio phase=verhandlung wahrscheinlichkeit=60 @bernd: Neubau")
    assert answer["ok"], answer["text"]
    data = answer["data"]
    assert (data["stage"], data["probability"], data["owner"]) == ("negotiation", 60, "bernd")
    assert data["value"] == "1200000.00"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("deal Müller -500 €: x", "more than zero"),
        ("deal Müller 0 €: x", "more than zero"),
        ("deal Müller 5 XYZ: x", "currency"),
        ("deal Müller 1.234,5.6: x", "more than one way"),
        ("deal Müller 5k close=gestern: x", "past"),
        ("deal Müller 5k stage=won: x", "starts open"),
        ("deal Müller 5k probability=120: x", "0 to 100"),
        ("deal Müller 5k", "colon"),
        ("deal Müller: x", "worth"),
        ("deal Müller 5k colour=red: x", "Unknown"),
    ],
)
def test_bad_deal_is_refused_clearly_and_nothing_is_stored(
    chat: Chat, app: App, line: str, words: str
) -> None:
    chat("add company Müller GmbH")
    answer = chat(line)
    assert not answer["ok"]
    assert words in answer["text"]
    with app.db.session() as session:
        assert session.scalars(select(Deal)).all() == []


def test_unknown_stage_offers_the_stages_as_buttons_that_rebuild_the_command(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("deal Müller 5k stage=foo: Wartung")
    assert not answer["ok"]
    assert answer["data"]["stages"] == ["lead", "qualified", "offer", "negotiation", "won", "lost"]
    assert "offer: deal Müller 5000.00 EUR stage=offer: Wartung" in answer["text"]
    pressed = chat("deal Müller 5000.00 EUR stage=offer: Wartung")
    assert pressed["data"]["stage"] == "offer"


def test_new_deal_is_audited(chat: Chat, app: App) -> None:
    chat("add company Müller GmbH")
    deal_id = chat("deal Müller 5k: Wartung")["data"]["id"]
    with app.db.session() as session:
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.entity == "deals", AuditEntry.entity_id == deal_id)
        )
        assert entry is not None and entry.action == "create"
        assert entry.after is not None and entry.after["value"] == "5000.00"


def test_deal_for_the_chats_current_customer_needs_no_name(chat: Chat, app: App) -> None:
    chat("add company Müller GmbH")
    anna = console_member(app.db, app.settings, "anna")

    def say(text: str) -> dict[str, object]:
        reply = app.crm.handle(Command(anna, text, platform="telegram", channel="42"))
        return {"ok": reply.ok, "text": reply.text, "data": reply.data}

    assert not say("deal 12k: Wartung")["ok"]
    say("show Müller")
    answer = say("deal 12k: Wartung")
    assert answer["ok"], answer["text"]
    assert answer["data"]["customer"] == "Müller GmbH"  # type: ignore[index]


def test_loosely_named_customer_is_asked_about_and_the_button_makes_the_same_deal(
    chat: Chat,
) -> None:
    chat("add company Müller GmbH")
    chat("add company Müller AG force=yes")
    question = chat("deal Müller 12k stage=offer: Wartung")
    assert question["data"]["ambiguous"]
    chosen = question["data"]["candidates"][0]["id"]
    answer = chat(f"deal #{chosen} 12000.00 EUR stage=offer: Wartung")
    assert answer["ok"] and answer["data"]["stage"] == "offer"


def test_a_number_that_ends_a_customers_name_is_not_read_as_the_value(chat: Chat) -> None:
    chat("add company Studio 54")
    refused = chat("deal Studio 54: Wartung")
    assert not refused["ok"] and "whole name" in refused["text"]
    made = chat("deal Studio 54 12.000 €: Wartung")
    assert made["ok"]
    assert made["data"]["customer"] == "Studio 54" and made["data"]["value"] == "12000.00"
