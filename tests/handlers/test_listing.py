"""Lists, the feed, find by phone, e-mail and notes, colleagues' lists, backdated logs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tests.conftest import Chat, Clock


def test_list_filters_counts_and_pages_with_a_more_button(chat: Chat) -> None:
    for number in range(23):
        chat(f"add company Firma {number:02d} city=Berlin tags=vip force=yes")
    chat("add company Anders AG city=Köln tags=vip")
    first = chat("liste city=berlin tag=vip")
    assert first["data"]["total"] == 23 and len(first["data"]["customers"]) == 20
    assert first["data"]["total_exact"] is True and first["text"].startswith("23 customers")
    assert "[More: list city=berlin tag=vip page=2]" in first["text"]
    second = chat("list city=berlin tag=vip page=2")
    assert [c["name"] for c in second["data"]["customers"]] == ["Firma 20", "Firma 21", "Firma 22"]
    assert chat("list kind=customer owner=@anna")["data"]["total"] == 24


def test_list_counts_every_match_on_request_and_refuses_other_counts(chat: Chat) -> None:
    chat("add company Firma A city=Berlin")
    assert chat("liste anzahl=genau")["data"]["total_exact"] is True
    refused = chat("list count=roughly")
    assert not refused["ok"] and "count=exact" in refused["text"]


def test_list_quiet_includes_never_contacted(chat: Chat, clock: Clock) -> None:
    chat("add company Alt GmbH city=Berlin")
    chat("add company Neu GmbH city=Berlin")
    chat("add company Still GmbH city=Berlin")
    chat("log call Alt GmbH: hello")
    clock.now += timedelta(days=100)
    chat("log call Neu GmbH: hello again")
    quiet = chat("list city=Berlin quiet=90d")
    assert {c["name"] for c in quiet["data"]["customers"]} == {"Alt GmbH", "Still GmbH"}


def test_list_company_lists_its_contacts(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add contact Anna Schmidt company=Müller GmbH")
    chat("add contact Bob Braun")
    listed = chat("list company=Müller GmbH")
    assert [c["name"] for c in listed["data"]["customers"]] == ["Anna Schmidt"]


def test_find_by_phone_in_every_notation_and_by_email(chat: Chat) -> None:
    added = chat("add contact Anna Schmidt phone=+49 30 1234567 email=Anna@Mueller.de")
    for notation in (
        "030 1234567",
        "+49 30 1234567",
        "+49 (0)30 1234567",
        "0049 30 1234567",
        "030/1234567",
        "030-123 45 67",
    ):
        found = chat(f"find {notation}")["data"]["matches"]
        assert [m["id"] for m in found] == [added["data"]["id"]], notation
    assert chat("suche anna@mueller.DE")["data"]["matches"][0]["id"] == added["data"]["id"]


def test_find_notes_ranks_logged_text(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add company Schulze KG")
    chat("log call Müller: Angebot für Brötchen geschickt")
    chat("log note Schulze: Brötchen zu teuer, Angebot abgelehnt")
    chat("log note Schulze: nichts")
    found = chat("suche notizen: angebot brötchen")
    assert len(found["data"]["notes"]) == 2
    assert len(chat("find notes: angeb bröt")["data"]["notes"]) == 2
    assert not chat("find notes: !!")["ok"]


def test_find_notes_puts_the_best_matching_note_first_not_the_newest(chat: Chat) -> None:
    chat("add company Müller GmbH")
    best = chat("log note Müller: Angebot Brötchen, Angebot Brötchen")["data"]["id"]
    chat(
        "log note Müller: ein langer Bericht über das Angebot und vieles mehr, auch Kaffee, "
        "Tee, Kuchen, Lieferung, Rechnung, Termin und am Ende Brötchen"
    )
    chat("log call Müller: Brötchen bestellt, das Angebot kam spät, Rückruf morgen früh")
    found = chat("find notes: angebot brötchen")["data"]["notes"]
    assert found[0]["id"] == best
    assert len(found) == 3


def test_feed_shows_what_the_team_did(chat: Chat, chat_as: Callable[[str], Chat]) -> None:
    chat("add company Müller GmbH")
    bernd = chat_as("bernd")
    bernd("log call Müller: price talk")
    planned = chat("followup Müller morgen: call")["data"]["id"]
    chat(f"done {planned}")
    team = chat("feed")
    assert len(team["data"]["entries"]) >= 4
    assert "price talk" in team["text"]
    only_bernd = chat("aktivitäten @bernd week")
    assert [e["entity"] for e in only_bernd["data"]["entries"]] == ["activities"]


def test_a_colleagues_overdue_list(
    chat: Chat, chat_as: Callable[[str], Chat], clock: Clock
) -> None:
    chat_as("bernd")("members")
    chat("add company Müller GmbH")
    chat("followup Müller morgen @bernd: call")
    clock.now += timedelta(days=3)
    overdue = chat("overdue @bernd")
    assert len(overdue["data"]["followups"]) == 1
    assert chat("overdue")["data"]["followups"] == []


def test_log_backdates_to_a_past_moment_and_refuses_a_future_one(chat: Chat) -> None:
    chat("add company Müller GmbH")
    logged = chat("log call Müller gestern 15 Uhr: spoke")
    assert logged["ok"], logged["text"]
    assert "22 Nov 2026, 15:00" in chat("history Müller")["text"]
    assert not chat("log call Müller morgen 15 Uhr: not yet")["ok"]


def test_list_of_a_colleagues_customers_asks_which_when_two_members_share_the_name(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    braun, berg = chat_as("Bernd Braun"), chat_as("Bernd Berg")
    braun("add company Braun Bau GmbH")
    berg("add company Berg Holz KG")
    asked = chat("list owner=@bernd")
    assert not asked["ok"] and asked["data"]["ambiguous"]
    ids = {c["name"]: c["id"] for c in asked["data"]["candidates"]}
    assert set(ids) == {"Bernd Braun", "Bernd Berg"}
    button = f"list owner=@#{ids['Bernd Berg']}"
    assert f"[Bernd Berg: {button}]" in asked["text"]
    listed = chat(button)
    assert [c["name"] for c in listed["data"]["customers"]] == ["Berg Holz KG"]
