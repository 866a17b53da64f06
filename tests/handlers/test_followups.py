"""Follow-ups: planning, closing, moving and listing them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tests.conftest import BERLIN, Chat, Clock


def test_followup_is_due_at_the_named_local_time(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("followup Müller morgen 10 Uhr: send the quote")
    assert answer["ok"], answer["text"]
    assert answer["data"]["due_at"] == "2026-11-24T10:00:00+01:00"
    assert answer["data"]["assignee"] == "anna"
    assert answer["data"]["customer"] == "Müller GmbH"


def test_followup_without_time_is_due_at_nine_local(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("wv Müller GmbH Freitag: call back")
    assert answer["data"]["due_at"] == "2026-11-27T09:00:00+01:00"


def test_followup_in_the_past_is_refused_and_not_stored(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("followup Müller gestern: too late")
    assert not answer["ok"]
    assert "past" in answer["text"]
    assert chat("mine")["data"]["followups"] == []


def test_followup_with_unreadable_time_is_refused(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("followup Müller blabla: something")
    assert not answer["ok"]
    assert chat("mine")["data"]["followups"] == []


def test_followup_for_a_colleague_notifies_them(chat: Chat, chat_as: Callable[[str], Chat]) -> None:
    bernd = chat_as("bernd")
    bernd("help")
    chat("add company Müller GmbH")
    answer = chat("followup Müller morgen @bernd: call about the invoice")
    assert answer["data"]["assignee"] == "bernd"
    assert [f["text"] for f in bernd("mine")["data"]["followups"]] == ["call about the invoice"]
    assert chat("mine")["data"]["followups"] == []


def test_followup_for_an_unknown_member_is_refused(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("followup Müller morgen @nobody: x")
    assert not answer["ok"]
    assert "no member" in answer["text"]


def test_done_closes_and_lists_no_longer_show_it(chat: Chat) -> None:
    chat("add company Müller GmbH")
    created = chat("followup Müller morgen: send the quote")
    assert chat(f"done {created['data']['id']}")["ok"]
    assert chat("mine")["data"]["followups"] == []
    again = chat(f"done {created['data']['id']}")
    assert not again["ok"]
    assert "done already" in again["text"]


def test_cancel_drops_a_followup_and_it_cannot_be_done_afterwards(chat: Chat) -> None:
    chat("add company Müller GmbH")
    created = chat("followup Müller morgen: send the quote")
    cancelled = chat(f"absagen {created['data']['id']}")
    assert cancelled["data"]["status"] == "cancelled"
    assert chat("mine")["data"]["followups"] == []
    assert "[cancelled]" in chat("history Müller")["text"]
    again = chat(f"done {created['data']['id']}")
    assert not again["ok"]
    assert "cancelled already" in again["text"]


def test_snooze_moves_the_due_time(chat: Chat) -> None:
    chat("add company Müller GmbH")
    created = chat("followup Müller morgen: send the quote")
    moved = chat(f"snooze {created['data']['id']} übermorgen 14 Uhr")
    assert moved["data"]["due_at"] == "2026-11-25T14:00:00+01:00"
    week = chat(f"snooze {created['data']['id']} +1w")
    assert week["data"]["due_at"] == "2026-12-02T14:00:00+01:00"


def test_snoozing_an_overdue_followup_counts_from_now(chat: Chat, clock: Clock) -> None:
    chat("add company Müller GmbH")
    created = chat("followup Müller morgen: send the quote")
    clock.now = datetime(2026, 11, 26, 15, 30, tzinfo=BERLIN)
    moved = chat(f"snooze {created['data']['id']} +1d")
    assert moved["data"]["due_at"] == "2026-11-27T15:30:00+01:00"


def test_today_and_overdue_follow_the_clock(chat: Chat, clock: Clock) -> None:
    chat("add company Müller GmbH")
    chat("followup Müller heute 17 Uhr: today's task")
    chat("followup Müller morgen: tomorrow's task")
    assert [f["text"] for f in chat("today")["data"]["followups"]] == ["today's task"]
    assert chat("overdue")["data"]["followups"] == []
    clock.now = datetime(2026, 11, 24, 12, 0, tzinfo=BERLIN)
    assert [f["text"] for f in chat("overdue")["data"]["followups"]] == [
        "today's task",
        "tomorrow's task",
    ]
    assert len(chat("mine")["data"]["followups"]) == 2


def test_open_followups_appear_on_the_customer_card_with_buttons(chat: Chat) -> None:
    chat("add company Müller GmbH")
    created = chat("followup Müller morgen: send the quote")
    card = chat("show Müller")
    assert "send the quote" in card["text"]
    assert f"done {created['data']['id']}" in card["text"]


def test_done_or_snooze_of_unknown_id_is_refused(chat: Chat) -> None:
    assert not chat("done 999")["ok"]
    assert not chat("done abc")["ok"]
    assert not chat("snooze 999 morgen")["ok"]


def test_german_list_words_work(chat: Chat, clock: Clock) -> None:
    chat("add company Müller GmbH")
    chat("wiedervorlage Müller heute 15 Uhr: x")
    clock.now += timedelta(hours=7)
    for word in ("meine", "heute", "überfällig", "ueberfaellig"):
        assert len(chat(word)["data"]["followups"]) == 1, word


def test_the_answer_repeats_the_understood_moment_in_words(chat: Chat) -> None:
    chat("add company Öztürk Bau")
    answer = chat("wv Öztürk Do 10 Uhr: Angebot nachfassen")
    assert answer["data"]["due_at"] == "2026-11-26T10:00:00+01:00"
    first_line = answer["text"].splitlines()[0]
    assert "Thursday" in first_line and "10:00" in first_line


def test_a_followup_on_a_weekend_says_so_and_offers_the_next_working_day(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("followup Müller Samstag 10 Uhr: call back")
    assert answer["ok"]
    assert "weekend" in answer["text"]
    offer = [line for line in answer["text"].splitlines() if "next working day" in line][-1]
    followup_id = answer["data"]["id"]
    assert f"snooze {followup_id} 2026-11-30T10:00+01:00" in offer
    moved = chat(f"snooze {followup_id} 2026-11-30T10:00+01:00")
    assert moved["data"]["due_at"] == "2026-11-30T10:00:00+01:00"


def test_a_customer_whose_name_ends_like_a_date_is_asked_about(chat: Chat) -> None:
    named = chat("add company Bau Montag")["data"]["id"]
    bau = chat("add company Bau")["data"]["id"]
    question = chat("followup Bau Montag 10 Uhr: Termin bestätigen")
    assert not question["ok"]
    assert f"followup #{bau} 2026-11-23T09:00+00:00: Termin bestätigen" in question["text"]
    assert f"followup #{named} 2026-11-23T09:00+00:00: Termin bestätigen" in question["text"]
    chosen = chat(f"followup #{named} 2026-11-23T09:00+00:00: Termin bestätigen")
    assert chosen["data"]["customer"] == "Bau Montag"
    assert chosen["data"]["due_at"] == "2026-11-23T10:00:00+01:00"


def test_help_followup_lists_the_hours_of_the_parts_of_the_day(chat: Chat) -> None:
    text = chat("help followup")["text"]
    assert "Parts of the day" in text
    assert "15:00" in text and "nachmittags" in text


def test_a_long_list_shows_the_soonest_25_and_counts_the_rest(chat: Chat) -> None:
    chat("add company Müller GmbH")
    for day in range(1, 31):
        assert chat(f"followup Müller in {day} days: task {day}")["ok"]
    answer = chat("mine")
    assert answer["data"]["count"] == 30
    assert [f["text"] for f in answer["data"]["followups"]] == [f"task {d}" for d in range(1, 26)]
    assert answer["text"].startswith("Your open follow-ups: 30")
    assert answer["text"].endswith("… +5")
