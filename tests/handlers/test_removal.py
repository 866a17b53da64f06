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
