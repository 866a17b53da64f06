"""One member per person: rename, remove, link accounts; and the week's scenario."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from bot.bootstrap import App
from storage import claims
from storage.models import Followup
from tests.conftest import Chat, Clock
from tests.handlers.test_followup_notices import told


def test_rename_and_remove_a_member_whose_followups_are_listed(
    app: App, chat: Chat, chat_as: Callable[[str], Chat], clock: Clock
) -> None:
    chat_as("bernd")("members")
    chat("add company Müller GmbH")
    chat("followup Müller morgen @bernd: call")
    assert chat("member rename bernd to Bernd Braun")["data"]["name"] == "Bernd Braun"
    removed = chat("mitglied remove Bernd Braun")
    assert removed["ok"] and len(removed["data"]["open_followups"]) == 1
    clock.now += timedelta(days=2)
    with app.db.session() as session:
        assert claims.claim_followups(session, clock.now, timedelta(minutes=5), 10) == []
        assert session.scalar(select(Followup.status)) == "open"
    assert not chat("followup Müller morgen @bernd: again")["ok"]


def test_a_removed_members_followups_each_get_a_button_that_hands_it_over(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("bernd")("members")
    chat("add company Müller GmbH")
    first = chat("followup Müller morgen @bernd: call")["data"]["id"]
    second = chat("followup Müller übermorgen @bernd: visit")["data"]["id"]
    removed = chat("member remove bernd")
    assert removed["data"]["open_followups"] == [first, second]
    anna = chat("members")["data"]["members"][0]["id"]
    assert f"[Assign to me: assign {first} @#{anna}]" in removed["text"]
    assert f"[Assign to me: assign {second} @#{anna}]" in removed["text"]
    taken = chat(f"assign {first} @#{anna}")
    assert taken["ok"] and taken["data"]["assignee"] == "anna"
    assert [f["id"] for f in chat("mine")["data"]["followups"]] == [first]
    assert not [text for text in told(app, "bernd") if "handed your follow-up" in text]


def test_assign_hands_a_followup_to_a_colleague_who_is_told_and_undo_takes_it_back(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    bernd, carla = chat_as("bernd"), chat_as("carla")
    bernd("members")
    carla("members")
    chat("add company Müller GmbH")
    planned = bernd("followup Müller morgen: call")["data"]["id"]
    assert chat(f"zuweisen {planned} @carla")["ok"]
    assert [f["id"] for f in carla("mine")["data"]["followups"]] == [planned]
    assert bernd("mine")["data"]["followups"] == []
    assert told(app, "bernd") == [f"anna handed your follow-up #{planned} on: call"]
    assert told(app, "carla")[0].startswith("anna gave you a follow-up for Müller GmbH")
    assert chat("undo")["ok"]
    assert [f["id"] for f in bernd("mine")["data"]["followups"]] == [planned]


def test_assign_refuses_what_it_cannot_do_and_changes_nothing(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("bernd")("members")
    chat("add company Müller GmbH")
    planned = chat("followup Müller morgen: call")["data"]["id"]
    for line in (
        f"assign {planned}",
        "assign @bernd",
        f"assign {planned} @nobody",
        f"assign {planned} @anna",
        f"assign {planned + 99} @bernd",
    ):
        assert not chat(line)["ok"], line
    chat(f"done {planned}")
    assert not chat(f"assign {planned} @bernd")["ok"]
    assert chat_as("bernd")("mine")["data"]["followups"] == []


def test_link_joins_a_stray_account_to_its_member(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat_as("b.braun")("members")
    chat("invite Bernd")
    linked = chat("link @b.braun Bernd")
    assert linked["ok"], linked["text"]
    assert linked["data"]["platforms"] == ["console"]
    team = chat("members")["text"]
    assert "Bernd" in team and "console" in team


def test_members_only_admins_change_the_team(chat_as: Callable[[str], Chat], app: App) -> None:
    from sqlalchemy import update

    from storage.models import Member

    bernd = chat_as("bernd")
    chat_as("anna")("members")
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == "bernd").values(role="member"))
    assert not bernd("member remove anna")["ok"]


def test_the_weeks_scenario(chat: Chat, chat_as: Callable[[str], Chat], clock: Clock) -> None:
    bernd = chat_as("bernd")
    bernd("members")
    chat("add company Müller GmbH city=Berlin phone=030 1111111")
    chat("add company Schulze KG city=Berlin")
    dup = chat("add company Mueller Backwaren GmbH city=Berlin force=yes")["data"]["id"]
    assert chat("set Müller GmbH phone=030/1234567")["ok"]
    assert chat("find +49 30 1234567")["data"]["matches"][0]["name"] == "Müller GmbH"
    assert chat(f"merge #{dup} into Müller GmbH")["ok"]
    chat("delete Schulze KG")
    assert chat("undo")["ok"]
    chat("followup Müller morgen @bernd: send the quote")
    clock.now += timedelta(days=95)
    chat("log call Müller GmbH: quote sent")
    quiet = chat("list city=Berlin quiet=90d")
    assert [c["name"] for c in quiet["data"]["customers"]] == ["Schulze KG"]
    assert len(chat("overdue @bernd")["data"]["followups"]) == 1


def test_a_console_name_matching_a_member_is_that_member(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    invited = chat("invite Jürgen Weiß")["data"]["member_id"]
    assert chat_as("Juergen Weiss")("settings")["ok"]
    team = chat("members")["data"]["members"]
    assert [m["id"] for m in team if "rgen" in m["name"]] == [invited]
