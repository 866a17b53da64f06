"""Delete, restore and merge: records that can be taken away and brought back."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import update

from bot.bootstrap import App
from storage.models import Member
from tests.conftest import Chat


def test_delete_hides_everywhere_pauses_followups_and_restore_brings_all_back(chat: Chat) -> None:
    company = chat("add company Müller GmbH city=Köln")["data"]["id"]
    chat("add contact Anna Schmidt company=Müller GmbH")
    planned = chat("followup Müller morgen 10 Uhr: call back")["data"]["id"]
    deleted = chat("lösche Müller GmbH")
    assert deleted["ok"] and "[Undo: undo]" in deleted["text"]
    assert chat("find müller")["data"]["matches"] == []
    assert chat("find anna schmidt")["data"]["matches"] == []
    assert chat("list city=Köln")["data"]["total"] == 0
    assert chat("mine")["data"]["followups"] == []
    assert not chat(f"done {planned}")["ok"]
    restored = chat(f"wiederherstellen {company}")
    assert restored["ok"] and len(restored["data"]["restored"]) == 2
    assert chat("find anna schmidt")["data"]["matches"][0]["name"] == "Anna Schmidt"
    assert [f["id"] for f in chat("mine")["data"]["followups"]] == [planned]


def test_restoring_something_not_deleted_is_refused(chat: Chat) -> None:
    company = chat("add company Müller GmbH")["data"]["id"]
    assert not chat(f"restore #{company}")["ok"]
    assert not chat("restore #999")["ok"]


def test_only_owner_or_admin_may_delete_and_the_refusal_says_who(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    chat("add company Müller GmbH")
    bernd = chat_as("bernd")
    bernd("members")
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == "bernd").values(role="member"))
    answer = bernd("delete Müller GmbH")
    assert not answer["ok"] and "anna" in answer["text"]
    assert bernd("set Müller city=Bonn")["ok"]
    assert not bernd("owner Müller @bernd")["ok"]


def test_merge_moves_everything_lists_conflicts_and_the_old_name_still_finds(chat: Chat) -> None:
    target = chat("add company Müller GmbH phone=030 1234567 branche=Bäckerei")["data"]["id"]
    dup = chat("add company Mueller Backwaren city=Köln phone=0221 123456 branche=Café force=yes")
    chat(f"log call #{dup['data']['id']}: asked for prices")
    chat(f"followup #{dup['data']['id']} morgen: send prices")
    chat(f"add contact Anna Schmidt company=#{dup['data']['id']}")
    merged = chat(f"zusammenführen Mueller Backwaren in #{target}")
    assert merged["ok"], merged["text"]
    assert merged["data"]["moved"]["activities"] == 1 and merged["data"]["moved"]["contacts"] == 1
    assert set(merged["data"]["conflicts"]) == {"phone", "branche"}
    card = chat(f"show #{target}")
    assert "asked for prices" in card["text"] and "Anna Schmidt" in card["text"]
    assert "Köln" in card["text"]
    found = chat("find Mueller Backwaren")["data"]["matches"]
    assert found[0]["id"] == target
    history = chat(f"history #{target}")
    assert any("merged" in line for line in history["data"]["changes"])


def test_merging_a_record_into_itself_is_refused(chat: Chat) -> None:
    chat("add company Müller GmbH")
    answer = chat("merge Müller GmbH into Müller GmbH")
    assert not answer["ok"] and "itself" in answer["text"]


def open_deal_ids(chat: Chat) -> list[int]:
    return sorted(deal["id"] for deal in chat("deals")["data"]["deals"])


def forecast_count(chat: Chat) -> int:
    return sum(period["count"] for period in chat("forecast quarter")["data"]["periods"])


def test_a_deleted_customers_open_deals_leave_deals_pipeline_and_forecast_and_come_back(
    chat: Chat,
) -> None:
    company = chat("add company Müller GmbH")["data"]["id"]
    contact = chat(f"add contact Anna Schmidt company=#{company}")["data"]["id"]
    kept = chat("add company Schulze KG")["data"]["id"]
    ours = chat(f"deal #{company} 12.000 € close=31.12.: Wartung")["data"]["id"]
    theirs = chat(f"deal #{contact} 3.000 €: Schulung")["data"]["id"]
    won = chat(f"deal #{company} 1.000 €: Altauftrag")["data"]["id"]
    chat(f"won {won}")
    other = chat(f"deal #{kept} 500 €: Kleinkram")["data"]["id"]
    chat(f"delete #{company}")
    assert open_deal_ids(chat) == [other]
    assert sum(s["count"] for s in chat("pipeline")["data"]["stages"]) == 1
    assert forecast_count(chat) == 1
    chat(f"restore #{company}")
    assert open_deal_ids(chat) == sorted([ours, theirs, other])
    assert sum(s["count"] for s in chat("pipeline")["data"]["stages"]) == 3
    assert forecast_count(chat) == 3
    assert chat(f"show #{company}")["ok"]
    chat(f"delete #{company}")
    assert chat("undo")["ok"]
    assert open_deal_ids(chat) == sorted([ours, theirs, other])


def test_merge_carries_the_duplicates_deals_and_undo_takes_them_back(chat: Chat) -> None:
    target = chat("add company Müller GmbH")["data"]["id"]
    dup = chat("add company Mueller Backwaren force=yes")["data"]["id"]
    deal = chat(f"deal #{dup} 12.000 €: Wartung")["data"]["id"]
    merged = chat(f"merge #{dup} into #{target}")
    assert merged["data"]["moved"]["deals"] == 1
    assert [d["customer"] for d in chat("deals")["data"]["deals"]] == ["Müller GmbH"]
    assert [d["id"] for d in chat(f"deals #{target}")["data"]["deals"]] == [deal]
    assert chat("undo")["ok"]
    assert [d["customer"] for d in chat("deals")["data"]["deals"]] == ["Mueller Backwaren"]
