"""Correcting customers: set, tag, owner, and the trust rules around linking."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import App
from tests.conftest import Chat
from tests.handlers.test_followup_notices import told


def test_set_corrects_a_phone_number_normalised_and_clears_a_field(chat: Chat) -> None:
    added = chat("add company Müller GmbH city=Köln phone=0221 123456")
    changed = chat("set Müller GmbH phone=030/1234567 city=")
    assert changed["ok"], changed["text"]
    assert changed["data"]["changed"]["phone"] == ["+49 221 123456", "+49 30 1234567"]
    card = chat(f"show #{added['data']['id']}")
    assert "+49 30 1234567" in card["text"] and "Köln" not in card["text"]


def test_set_refuses_bad_values_and_typo_keys_and_changes_nothing(chat: Chat) -> None:
    chat("add company Müller GmbH phone=0221 123456")
    for line in ("set Müller phone=12", "set Müller email=nope", "set Müller phnoe=030 1234567"):
        answer = chat(line)
        assert not answer["ok"], line
    assert "+49 221 123456" in chat("show Müller")["text"]


def test_set_keeps_custom_fields_and_renames(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("set Müller branche=Bäckerei name=Müller Backwaren GmbH")
    card = chat("show Müller Backwaren")
    assert card["data"]["name"] == "Müller Backwaren GmbH"
    assert "Bäckerei" in card["text"]


def test_tag_adds_and_removes(chat: Chat) -> None:
    chat("add company Müller GmbH tags=lead")
    answer = chat("tag Müller +vip -lead")
    assert answer["data"]["tags"] == ["vip"]


def test_owner_hands_over_and_tells_the_new_owner(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("bernd")("members")
    chat("add company Müller GmbH")
    answer = chat("betreuer Müller @bernd")
    assert answer["ok"], answer["text"]
    assert answer["data"]["owner"] == "bernd"
    assert "bernd" in chat("show Müller")["text"]
    assert told(app, "bernd") == ["anna handed Müller GmbH to you."]
    assert told(app, "anna") == []


def test_contact_company_must_be_a_clear_match_or_is_offered_to_create(chat: Chat) -> None:
    chat("add company Lehmann & Partner Steuerberatung")
    answer = chat("add contact Herbert Lang company=Lang & Partner Architekten")
    assert not answer["ok"] and answer["data"]["ambiguous"]
    assert "newcompany=yes" in answer["text"]
    assert "Herbert Lang" not in {m["name"] for m in chat("find Herbert Lang")["data"]["matches"]}
    created = chat("add contact Herbert Lang company=Lang & Partner Architekten newcompany=yes")
    assert created["ok"], created["text"]
    assert "Lang & Partner Architekten" in chat("show Herbert Lang")["text"]


def test_near_duplicate_asks_first_and_force_goes_past(chat: Chat) -> None:
    chat("add company Müller GmbH phone=030 1234567")
    asked = chat("add company Müller AG")
    assert not asked["ok"] and asked["data"]["duplicate"]
    assert "Add anyway" in asked["text"]
    same_phone = chat("add company Schulze KG phone=+49 (0)30 1234567")
    assert not same_phone["ok"] and same_phone["data"]["duplicate"]
    assert chat("add company Müller AG force=yes")["ok"]
    assert chat("add company Neu GmbH force=yes")["ok"]


def test_any_argument_a_command_does_not_take_is_refused(chat: Chat) -> None:
    chat("add company Müller GmbH")
    for line in (
        "list colour=red",
        "mine please",
        "undo now",
        "feed yesterday",
        "log call Müller x=1: hi",
    ):
        answer = chat(line)
        assert not answer["ok"], line
        assert "Use:" in answer["text"], line
