"""Undo takes back the member's own last changes, one command at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.conftest import Chat, Clock


def test_undo_takes_back_changes_one_after_another(chat: Chat) -> None:
    chat("add company Müller GmbH city=Köln")
    chat("set Müller city=Bonn")
    chat("tag Müller +vip")
    assert chat("undo")["ok"]
    assert "vip" not in chat("show Müller")["text"]
    assert chat("rückgängig")["ok"]
    assert "Köln" in chat("show Müller")["text"]


def test_undo_of_a_delete_brings_the_customer_back(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("delete Müller GmbH")
    assert chat("undo")["ok"]
    assert chat("find müller")["data"]["matches"][0]["name"] == "Müller GmbH"


def test_undo_of_a_merge_moves_the_rows_back(chat: Chat) -> None:
    target = chat("add company Müller GmbH")["data"]["id"]
    dup = chat("add company Schulze KG")["data"]["id"]
    chat(f"log note #{dup}: note one")
    chat(f"merge #{dup} into #{target}")
    assert chat("undo")["ok"]
    assert "note one" in chat(f"show #{dup}")["text"]
    assert "note one" not in chat(f"show #{target}")["text"]


def test_undo_of_log_done_snooze(chat: Chat) -> None:
    chat("add company Müller GmbH")
    planned = chat("followup Müller morgen 10 Uhr: call")["data"]["id"]
    chat(f"snooze {planned} +1d")
    chat(f"done {planned}")
    chat("log call Müller: hello")
    chat("undo")
    assert "hello" not in chat("show Müller")["text"]
    chat("undo")
    assert chat("mine")["data"]["followups"][0]["id"] == planned
    before = chat("mine")["data"]["followups"][0]["due_at"]
    chat("undo")
    assert chat("mine")["data"]["followups"][0]["due_at"] < before


def test_undo_of_owner_gives_the_customer_back(chat: Chat, chat_as: Callable[[str], Chat]) -> None:
    chat_as("bernd")("members")
    chat("add company Müller GmbH")
    chat("owner Müller @bernd")
    assert chat("list owner=@bernd")["data"]["total"] == 1
    assert chat("undo")["ok"]
    assert chat("list owner=@bernd")["data"]["total"] == 0
    assert chat("list owner=@anna")["data"]["total"] == 1


def test_undo_of_cancel_opens_the_followup_again(chat: Chat) -> None:
    chat("add company Müller GmbH")
    planned = chat("followup Müller morgen: call")["data"]["id"]
    chat(f"cancel {planned}")
    assert chat("mine")["data"]["followups"] == []
    assert chat("undo")["ok"]
    assert [f["id"] for f in chat("mine")["data"]["followups"]] == [planned]
    assert chat(f"done {planned}")["ok"]


def test_nothing_to_undo_and_the_window_closes_after_30_minutes(chat: Chat, clock: Clock) -> None:
    assert not chat("undo")["ok"]
    chat("add company Müller GmbH")
    chat("set Müller city=Bonn")
    clock.now += timedelta(minutes=31)
    assert not chat("undo")["ok"]


def test_reopen_a_followup_closed_by_mistake(chat: Chat) -> None:
    chat("add company Müller GmbH")
    planned = chat("followup Müller morgen: call")["data"]["id"]
    assert not chat(f"reopen {planned}")["ok"]
    chat(f"done {planned}")
    assert chat(f"wieder öffnen {planned}")["ok"]
    assert chat("mine")["data"]["followups"][0]["id"] == planned
