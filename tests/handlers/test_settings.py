"""A member's own settings: digest time, digest on/off, language, time zone, reminders."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Chat


def test_remind_me_at_sets_the_digest_time(chat: Chat) -> None:
    answer = chat("remind me at 8:30")
    assert answer["ok"], answer["text"]
    assert "08:30" in answer["text"]
    assert chat("settings")["data"]["digest_time"] == "08:30"


def test_erinnere_mich_um_sets_the_digest_time_in_german(chat: Chat) -> None:
    assert chat("erinnere mich um 7 Uhr")["data"]["digest_time"] == "07:00"
    assert chat("erinnere mich um 18.45")["data"]["digest_time"] == "18:45"


def test_an_impossible_time_is_refused_and_changes_nothing(chat: Chat) -> None:
    for words in ("remind me at 25:00", "remind me at 8:75", "remind me at dawn", "remind me"):
        assert not chat(words)["ok"], words
    assert chat("settings")["data"]["digest_time"] == "08:00"


def test_digest_off_and_on(chat: Chat) -> None:
    assert chat("digest off")["data"]["digest_enabled"] is False
    assert chat("settings")["data"]["digest_enabled"] is False
    assert chat("digest an")["data"]["digest_enabled"] is True
    assert not chat("digest maybe")["ok"]


def test_remind_me_at_turns_a_switched_off_digest_back_on(chat: Chat) -> None:
    chat("digest off")
    chat("remind me at 9:15")
    assert chat("settings")["data"]["digest_enabled"] is True


def test_language_changes_the_answers_at_once(chat: Chat) -> None:
    answer = chat("sprache de")
    assert answer["data"]["language"] == "de"
    assert chat("settings")["data"]["language"] == "de"
    assert not chat("language fr")["ok"]


def test_timezone_accepts_any_case_and_refuses_unknown_zones(chat: Chat) -> None:
    assert chat("timezone america/new_york")["data"]["timezone"] == "America/New_York"
    assert not chat("zeitzone Mars/Olympus")["ok"]
    assert chat("settings")["data"]["timezone"] == "America/New_York"


def test_timezone_changes_how_due_times_are_read(chat: Chat) -> None:
    chat("timezone America/New_York")
    chat("add company Müller GmbH")
    answer = chat("followup Müller morgen 10 Uhr: call")
    assert answer["data"]["due_at"] == "2026-11-24T10:00:00-05:00"


def test_notify_chooses_every_chat_or_the_first(chat: Chat) -> None:
    assert chat("settings")["data"]["notify"] == "all"
    assert chat("notify first")["data"]["notify"] == "first"
    assert chat("settings")["data"]["notify"] == "first"
    assert not chat("notify sometimes")["ok"]


def test_settings_change_only_the_member_who_asks(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    bob = chat_as("bob")
    chat("remind me at 6:00")
    assert bob("settings")["data"]["digest_time"] == "08:00"
