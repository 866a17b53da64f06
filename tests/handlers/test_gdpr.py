"""`gdpr export|erase <person>`: everything about a person as one file; erasure that leaves
no trace of their name, e-mail or phone in any column of any table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, String, Text, cast, select, text, update

from bot.bootstrap import App
from storage.models import Activity, AuditEntry, Base, Member
from tests.conftest import Chat

NAME, EMAIL, PHONE = "Jörg Weiß", "joerg@weiss.de", "0171 2345678"


def person_with_a_past(chat: Chat, chat_as: Callable[[str], Chat]) -> int:
    """Jörg at Müller GmbH: a call, a note on the company naming him, a follow-up handed to
    Bob (a notice in the outbox), a deal titled after him, and lookups in the journal."""
    chat_as("bob")("settings")
    chat("add company Müller GmbH")
    person = chat(f"add contact {NAME} company=Müller GmbH phone={PHONE} email={EMAIL}")
    chat(f"log call {NAME}: wants the offer in writing")
    chat(f"log note Müller GmbH: ask {NAME} ({EMAIL}, {PHONE}) about the contract")
    chat(f"followup Müller GmbH tomorrow 10:00 @bob: call {NAME} back")
    chat(f"deal Müller GmbH 12k: Wartung für {NAME}")
    chat(f"find {NAME}")
    chat(f"set {NAME} city=Köln")
    return int(person["data"]["id"])


def traces(app: App, needles: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(table, column, value) of every String, Text or JSON value holding a needle, in any
    letter case, as written or JSON-escaped."""
    forms = {f.lower() for n in needles for f in (n, json.dumps(n)[1:-1])}
    found = []
    with app.db.read_session() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text | JSON):
                    continue
                for value in session.scalars(select(cast(column, Text))):
                    if value and any(form in value.lower() for form in forms):
                        found.append((table.name, column.name, value))
    return found


def test_erasure_leaves_the_name_email_and_phone_in_no_column_of_any_table(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    person = person_with_a_past(chat, chat_as)
    where = {table for table, _, _ in traces(app, (NAME, EMAIL, PHONE))}
    assert {"parties", "activities", "followups", "deals", "audit", "inbound", "outbox"} <= where
    question = chat(f"gdpr erase {NAME}")
    assert f"gdpr erase #{person} confirm=yes" in question["text"]
    assert traces(app, (NAME,)), "asking must erase nothing"
    erased = chat(f"gdpr erase #{person} confirm=yes")
    assert erased["ok"] and erased["data"]["erased"]
    assert traces(app, (NAME, EMAIL, PHONE, "+491712345678", "+49 171 2345678")) == []
    if app.db.engine.dialect.name == "sqlite":
        with app.db.read_session() as session:
            hits = session.execute(
                text("SELECT rowid FROM activities_fts WHERE activities_fts MATCH :q"),
                {"q": '"weiss" OR "weiß" OR "joerg"'},
            ).all()
        assert hits == []


def test_erasure_keeps_the_activities_as_anonymous_entries_and_search_misses_them(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    person = person_with_a_past(chat, chat_as)
    chat(f"gdpr erase #{person} confirm=yes")
    with app.db.read_session() as session:
        kept = session.execute(
            select(Activity.kind, Activity.text, Activity.member_id).where(
                Activity.party_id == person
            )
        ).all()
    assert [(k, t) for k, t, _ in kept] == [("call", "contact erased on 2026-11-23")]
    assert all(member for _, _, member in kept)
    found = chat(f"find {NAME}")
    assert person not in [m.get("id") for m in found["data"].get("matches", [])]
    assert "Müller GmbH" in chat("find Müller")["text"]
    report = chat("deals")
    assert "Wartung für [erased]" in report["text"]


def test_the_audit_keeps_that_an_erasure_happened_not_the_data(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    person = person_with_a_past(chat, chat_as)
    chat(f"gdpr export #{person}")
    chat(f"gdpr erase #{person} confirm=yes")
    with app.db.read_session() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("gdpr%")).order_by(AuditEntry.id)
        ).all()
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "gdpr_erase")).one()
    assert actions == ["gdpr_export", "gdpr_erase"]
    assert (entry.entity, entry.entity_id, entry.before) == ("parties", person, None)
    assert set(entry.after or {}) == {"erased_at"}


def test_export_holds_the_fields_activities_followups_deals_and_audit_of_the_person(
    chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    person = person_with_a_past(chat, chat_as)
    answer = chat(f"gdpr export {NAME}")
    exported: dict[str, Any] = json.loads(Path(answer["data"]["attachment"]).read_text("utf-8"))
    assert [p["email"] for p in exported["person"]] == [EMAIL]
    texts = [a["text"] for a in exported["activities"]]
    assert "wants the offer in writing" in texts and any(NAME in t for t in texts)
    assert [f["text"] for f in exported["followups"]] == [f"call {NAME} back"]
    assert [d["title"] for d in exported["deals"]] == [f"Wartung für {NAME}"]
    audited = {(e["entity"], e["action"]) for e in exported["audit"]}
    assert {("parties", "create"), ("parties", "update"), ("activities", "create")} <= audited
    assert NAME not in answer["text"] and str(person) in answer["text"]


def test_gdpr_is_for_admins_only(app: App, chat: Chat, chat_as: Callable[[str], Chat]) -> None:
    person = person_with_a_past(chat, chat_as)
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == "bob").values(role="member"))
    for line in (f"gdpr erase #{person} confirm=yes", f"gdpr export #{person}"):
        refused = chat_as("bob")(line)
        assert not refused["ok"] and "attachment" not in refused["data"]
    assert NAME in chat(f"show #{person}")["text"]


HOW_NOTES_NAME_HIM = (
    "Herr Weiß will das Angebot",
    "Termin mit Dr. Weiss am Montag",
    "Hr. Weiß ruft zurück, sagt Frau Weiß",
    "Weiß, Jörg hat angerufen",
    "Mail von JOERG@WEISS.DE",
    "Joerg Weiss called about Mr Weiss's order",
    "Rückruf 0171/234 56 78",
    "mobil +49 (0)171 2345678",
    "0049-171-2345678 oder (0171) 2345678",
)


def test_erasure_redacts_the_person_however_a_note_writes_them(
    app: App, chat: Chat, chat_as: Callable[[str], Chat]
) -> None:
    person = person_with_a_past(chat, chat_as)
    noted = [chat(f"log note Müller GmbH: {note}")["data"]["id"] for note in HOW_NOTES_NAME_HIM]
    other = "Ich weiß nicht, wie lang das dauert; Herr Lang hat 0171 2345679"
    kept = chat(f"log note Müller GmbH: {other}")["data"]["id"]
    exported = chat(f"gdpr export #{person}")["data"]["counts"]
    assert exported["activities"] == 2 + len(HOW_NOTES_NAME_HIM)
    chat(f"gdpr erase #{person} confirm=yes")
    with app.db.read_session() as session:
        texts = {row.id: row.text for row in session.execute(select(Activity.id, Activity.text))}
    for activity_id, written in zip(noted, HOW_NOTES_NAME_HIM, strict=True):
        left = texts[activity_id]
        assert "[erased]" in left, written
        assert not any(word in left.lower() for word in ("weiß", "weiss", "jörg", "joerg")), left
        assert "2345678" not in left.replace(" ", "").replace("-", ""), left
    assert texts[kept] == other
    assert texts[noted[3]] == "[erased] hat angerufen"
    assert texts[noted[8]] == "[erased] oder [erased]"
