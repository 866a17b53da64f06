"""Logging what happened, and the warning about contacting a customer twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.conftest import Chat, Clock


def test_logged_call_appears_on_the_card_and_in_history(chat: Chat) -> None:
    chat("add company Müller GmbH")
    logged = chat("log call Müller: wants a quote by Friday")
    assert logged["ok"], logged["text"]
    assert "wants a quote by Friday" in chat("show Müller")["text"]
    assert "wants a quote by Friday" in chat("history Müller")["text"]


def test_every_kind_can_be_logged_in_english_and_german(chat: Chat) -> None:
    chat("add company Müller GmbH")
    lines = [
        "log call Müller: a", "log meeting Müller: b", "log visit Müller: c",
        "log email Müller: d", "log note Müller: e", "log complaint Müller: f",
        "anruf Müller: g", "termin Müller: h", "besuch Müller: i", "mail Müller: j",
        "notiz Müller: k", "beschwerde Müller: l",
    ]  # fmt: skip
    kinds = [chat(line)["data"]["kind"] for line in lines]
    assert kinds == ["call", "meeting", "visit", "email", "note", "complaint"] * 2


def test_colleagues_contact_in_the_last_day_is_mentioned(
    chat: Chat, chat_as: Callable[[str], Chat], clock: Clock
) -> None:
    chat("add company Müller GmbH")
    chat("log call Müller: offered 5 %")
    clock.now += timedelta(hours=3)
    bernd = chat_as("bernd")
    answer = bernd("log visit Müller: dropped by")
    assert "anna already had contact with Müller GmbH" in answer["text"]
    assert answer["data"]["recent_contacts"][0]["member"] == "anna"


def test_own_or_old_contacts_are_not_mentioned(
    chat: Chat, chat_as: Callable[[str], Chat], clock: Clock
) -> None:
    chat("add company Müller GmbH")
    chat("log call Müller: first")
    assert chat("log call Müller: second")["data"]["recent_contacts"] == []
    clock.now += timedelta(hours=25)
    assert chat_as("bernd")("log call Müller: third")["data"]["recent_contacts"] == []


def test_log_without_text_or_kind_is_refused(chat: Chat) -> None:
    chat("add company Müller GmbH")
    assert not chat("log call Müller")["ok"]
    assert not chat("log party Müller: fun")["ok"]
    assert "none yet" in chat("show Müller")["text"]


def test_log_to_a_contact_shows_in_the_companys_history(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add contact Anna Schmidt company=Müller GmbH")
    chat("log call Anna Schmidt: spoke about prices")
    assert "spoke about prices" in chat("history Müller GmbH")["text"]


def test_a_customer_named_like_the_kind_is_asked_about_with_whole_commands(chat: Chat) -> None:
    gmbh = chat("add company Call GmbH")["data"]["id"]
    ag = chat("add company Call AG force=yes")["data"]["id"]
    question = chat("log call call: wants a quote")
    assert not question["ok"]
    lines = [line for line in question["text"].splitlines() if "log " in line]
    assert any(f"log call #{gmbh}: wants a quote" in line for line in lines)
    assert any(f"log call #{ag}: wants a quote" in line for line in lines)
    logged = chat(f"log call #{gmbh}: wants a quote")
    assert logged["ok"] and logged["data"]["customer"] == "Call GmbH"


def test_a_mention_in_a_note_is_stored_as_the_persons_name(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("bernd")("members")
    bernd = next(m for m in chat("members")["data"]["members"] if m["name"] == "bernd")
    chat("add company Müller GmbH")
    chat(f"log note Müller: ask @#{bernd['id']} about the price")
    history = chat("history Müller")["text"]
    assert "ask @bernd about the price" in history
