"""Moving in: vendor exports in their own layouts, encodings and delimiters, checked in the
database afterwards."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.bootstrap import App
from bot.imports import import_file
from handlers.imports import (
    BATCH_ROWS,
    ImportApp,
    ImportOptions,
    Outcome,
    Summary,
    Unreadable,
    run_import,
)
from storage.models import AuditEntry, Contact, Member, Party
from tests.conftest import Chat

HUBSPOT_DE = (
    "Vorname;Nachname;E-Mail;Telefonnummer;Name des Unternehmens;Stadt\n"
    "Jürgen;Müller;jm@mueller.de;0221 123456;Müller GmbH;Köln\n"
    "Anna;Groß;anna@gross.de;+49 30 1234567;Groß AG;Berlin\n"
)
PIPEDRIVE = (
    "Person - Name,Person - Email - Work,Person - Phone - Work,Person - Organization,Person - Label\n"
    '"Zoë Weiß",zoe@example.com,030 9876543,"Weiß & Söhne, KG",hot\n'
)
SALESFORCE_ACCOUNTS = (
    "Name\tBillingCity\tPhone\tIndustry\nBäckerei Schäfer\tMünchen\t089 123456\tFood\n"
)
ZOHO = "First Name,Last Name,Email,Account Name,Mailing Zip,Mailing City\nEva,Öztürk,eva@oz.de,Öz GmbH,20095,Hamburg\n"


def anna_id(session: Session) -> int:
    return session.scalars(select(Member.id).where(Member.name == "anna")).one()


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def crm_of(app: App) -> ImportApp:
    return ImportApp(app.db, app.settings, app.crm.names, app.crm.registry, app.crm.clock)


def run(app: App, path: Path, **options: object) -> tuple[Summary, list[Outcome]]:
    seen: list[Outcome] = []
    summary = run_import(crm_of(app), path, ImportOptions(**options), seen.append)  # type: ignore[arg-type]
    return summary, seen


def names(app: App) -> list[tuple[str, str]]:
    with app.db.read_session() as session:
        return sorted((t, n) for t, n in session.execute(select(Party.party_type, Party.name)))


def test_german_excel_export_with_semicolons_in_windows_1252_lands(
    app: App, tmp_path: Path
) -> None:
    summary, _ = run(app, write(tmp_path, HUBSPOT_DE, "cp1252"))
    assert summary.layout == "hubspot contact"
    assert names(app) == [
        ("company", "Groß AG"), ("company", "Müller GmbH"),
        ("contact", "Anna Groß"), ("contact", "Jürgen Müller"),
    ]  # fmt: skip
    with app.db.read_session() as session:
        juergen = session.scalars(select(Contact).where(Contact.email == "jm@mueller.de")).one()
        assert (juergen.phone, juergen.city, juergen.company.name) == (
            "+49 221 123456",
            "Köln",
            "Müller GmbH",
        )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_each_vendor_layout_is_recognised_in_any_encoding(
    app: App, tmp_path: Path, encoding: str
) -> None:
    for number, text in enumerate((PIPEDRIVE, SALESFORCE_ACCOUNTS, ZOHO)):
        run(app, write(tmp_path, text, encoding if "Zoë" not in text else "utf-8", f"{number}.csv"))
    assert names(app) == [
        ("company", "Bäckerei Schäfer"), ("company", "Weiß & Söhne, KG"), ("company", "Öz GmbH"),
        ("contact", "Eva Öztürk"), ("contact", "Zoë Weiß"),
    ]  # fmt: skip
    with app.db.read_session() as session:
        zoe = session.scalars(select(Party).where(Party.name == "Zoë Weiß")).one()
        assert (zoe.phone, zoe.tags) == ("+49 30 9876543", ["hot"])


def test_a_reimport_lists_what_is_already_there_and_changes_nothing(
    app: App, tmp_path: Path
) -> None:
    path = write(tmp_path, HUBSPOT_DE)
    run(app, path)
    changed = write(tmp_path, HUBSPOT_DE.replace("0221 123456", "0221 999999"), name="b.csv")
    _summary, seen = run(app, changed)
    assert [(o.line, o.action) for o in seen] == [(2, "skipped"), (3, "skipped")]
    assert "e-mail" in seen[0].reason
    with app.db.read_session() as session:
        assert (
            session.scalars(select(Party.phone).where(Party.email == "jm@mueller.de")).one()
            == "+49 221 123456"
        )


def test_update_changes_a_phone_number_and_audits_it(app: App, tmp_path: Path) -> None:
    run(app, write(tmp_path, HUBSPOT_DE))
    changed = write(tmp_path, HUBSPOT_DE.replace("0221 123456", "0221 999999"), name="b.csv")
    _summary, seen = run(app, changed, update=True)
    assert [(o.line, o.action, o.reason) for o in seen] == [
        (2, "updated", "phone"),
        (3, "skipped", "already there, unchanged"),
    ]
    with app.db.read_session() as session:
        party = session.scalars(select(Party).where(Party.email == "jm@mueller.de")).one()
        assert party.phone == "+49 221 999999"
        audit = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == party.id, AuditEntry.action == "update"
            )
        ).one()
        assert audit.before is not None and audit.before["phone"] == "+49 221 123456"


def test_dry_run_reports_the_same_and_writes_nothing(app: App, tmp_path: Path) -> None:
    summary, seen = run(app, write(tmp_path, HUBSPOT_DE), dry_run=True)
    assert summary.counts == {"created": 4}
    assert len(seen) == 4
    assert names(app) == []


BROKEN_ROWS = HUBSPOT_DE + "Kai;Lenz;not-an-address;;;\nOhne;Telefon;o@t.de;12;;\n"


def test_a_file_with_invalid_rows_is_refused_naming_every_bad_line(
    app: App, tmp_path: Path
) -> None:
    summary, seen = run(app, write(tmp_path, BROKEN_ROWS))
    assert summary.refused and seen == []
    assert [(o.line, o.name) for o in summary.invalid] == [(4, "Kai"), (5, "Ohne")]
    assert "e-mail" in summary.invalid[0].reason and "phone" in summary.invalid[1].reason
    assert names(app) == []


def test_skip_invalid_stores_the_valid_rows_and_lists_the_rest(app: App, tmp_path: Path) -> None:
    summary, seen = run(app, write(tmp_path, BROKEN_ROWS), skip_invalid=True)
    assert summary.counts == {"created": 4, "invalid": 2}
    assert [o.line for o in seen if o.action == "invalid"] == [4, 5]
    assert len(names(app)) == 4


def test_imported_customers_belong_to_the_named_owner(app: App, tmp_path: Path, chat: Chat) -> None:
    chat("members")
    run(app, write(tmp_path, ZOHO), owner="anna")
    with app.db.read_session() as session:
        assert set(session.scalars(select(Party.owner_id))) == {anna_id(session)}


def test_without_an_owner_imported_customers_are_unowned(app: App, tmp_path: Path) -> None:
    run(app, write(tmp_path, ZOHO))
    with app.db.read_session() as session:
        assert set(session.scalars(select(Party.owner_id))) == {None}


def test_an_unknown_owner_is_refused(app: App, tmp_path: Path) -> None:
    with pytest.raises(Unreadable):
        run(app, write(tmp_path, ZOHO), owner="nobody")
    assert names(app) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary"),
        (b"colour,size\nred,12\n", "No column"),
        (b'Name,Phone\n"Broken GmbH,030 1\nNext,030 2\n', "broken quoting"),
        (b"", "empty"),
    ],
)
def test_unusable_files_get_a_clear_answer_and_write_nothing(
    app: App, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(Unreadable) as refused:
        run(app, path, vendor="template" if reason == "broken quoting" else "auto")
    assert reason in refused.value.reason
    assert names(app) == []


def test_broken_quoting_late_in_a_file_leaves_nothing_half_imported(
    app: App, tmp_path: Path
) -> None:
    text = "name,type\n" + "".join(f"Firma {i},company\n" for i in range(500)) + '"Open,company\n'
    with pytest.raises(Unreadable):
        run(app, write(tmp_path, text))
    with app.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Party)) == 0


def test_the_command_line_prints_a_line_per_record_and_a_total(app: App, tmp_path: Path) -> None:
    out = io.StringIO()
    assert import_file(app, write(tmp_path, ZOHO), ImportOptions(), out) == 0
    assert out.getvalue().splitlines() == [
        "line 2: created Öz GmbH (company)",
        "line 2: created Eva Öztürk (contact)",
        "zoho contact: 2 created, 0 updated, 0 already there, 0 invalid lines skipped.",
    ]


def test_a_line_repeated_later_in_the_file_updates_the_customer_it_just_created(
    app: App, tmp_path: Path
) -> None:
    again = "Jürgen;Müller;jm@mueller.de;0221 999999;Müller GmbH;Köln\n"
    _summary, seen = run(app, write(tmp_path, HUBSPOT_DE + again), update=True)
    assert [(o.line, o.action, o.reason) for o in seen][-1] == (4, "updated", "phone")
    with app.db.read_session() as session:
        party = session.scalars(select(Party).where(Party.email == "jm@mueller.de")).one()
        assert party.phone == "+49 221 999999" and party.company.name == "Müller GmbH"
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == party.id).order_by(AuditEntry.id)
        ).all()
        assert [e.action for e in entries] == ["create", "update"]
        assert entries[1].before == entries[0].after


def test_contacts_of_a_company_from_an_earlier_batch_join_it(app: App, tmp_path: Path) -> None:
    people = "".join(
        f"P;{n};p{n}@firma.de;;Firma {n % 3} GmbH;Köln\n" for n in range(BATCH_ROWS + 5)
    )
    header = HUBSPOT_DE.splitlines(keepends=True)[0]
    summary, _ = run(app, write(tmp_path, header + people + people))
    assert summary.counts == {"created": BATCH_ROWS + 5 + 3, "skipped": BATCH_ROWS + 5}
    with app.db.read_session() as session:
        companies = session.scalar(
            select(func.count(func.distinct(Party.company_id))).where(Party.company_id.is_not(None))
        )
        assert companies == 3
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == BATCH_ROWS + 8


def test_imported_customers_are_found_by_a_misspelt_name_at_once(
    app: App, tmp_path: Path, chat: Chat
) -> None:
    """The name index, built before the import, learns of the bulk-written names from the
    change feed (on PostgreSQL a COPY fires the feed's trigger like an INSERT)."""
    assert "Müller" not in chat("find jurgen muler")["text"]
    lines = "".join(
        f"Lena;Krüger {n};lk{n}@example.de;0221 {200000 + n};Krüger KG {n};Köln\n"
        for n in range(BATCH_ROWS + 5)
    )
    summary, _ = run(app, write(tmp_path, HUBSPOT_DE + lines))
    assert summary.counts["created"] == 2 * (BATCH_ROWS + 5) + 4
    assert "Jürgen Müller" in chat("find jurgen muler")["text"]
    assert "Lena Krüger 1003" in chat("find lena kruger 1003")["text"]
