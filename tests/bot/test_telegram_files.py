"""Files on Telegram: a reply's attachment follows the answer as a document (sendDocument);
a shared .vcf is fetched (getFile) and becomes a contact; a file captioned `import` is an
admin's dry run with an Import button."""

from __future__ import annotations

import csv
import io
import zipfile

import vobject
from sqlalchemy import func, select, update

from bot.bootstrap import App
from bot.console import Console
from storage.models import Member, Party
from tests.fakes.telegram_api import Call, FakeTelegramApi
from tests.fakes.telegram_updates import Phone, buttons
from tests.handlers.imports.test_imports import HUBSPOT_DE

pytest_plugins = ["tests.bot.telegram_fixtures"]


def test_a_replys_file_is_sent_as_a_document_after_the_answer(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add contact Jörg Weiß phone=0171 2345678")
    answer = bob.say("vcard Jörg Weiß")
    assert "Jörg Weiß.vcf" in answer.params["text"]
    [sent] = telegram_api.wait_for("sendDocument")
    assert int(sent.params["chat_id"]) == bob.chat_id
    document = sent.params["document"]
    assert document["filename"] == "Jörg Weiß.vcf"
    assert vobject.readOne(document["data"].decode()).fn.value == "Jörg Weiß"


def test_a_refusal_sends_no_document(bob: Phone, telegram_api: FakeTelegramApi) -> None:
    bob.say("vcard Nobody Here")
    assert telegram_api.calls("sendDocument") == []


def card(name: str, extra: str = "") -> bytes:
    return f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{name}\r\n{extra}END:VCARD\r\n".encode()


def share(phone: Phone, api: FakeTelegramApi, file_id: str, data: bytes) -> Call:
    api.host_file(file_id, data)
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": "card.vcf",
                "mime_type": "text/vcard", "file_size": len(data)}  # fmt: skip
    return phone.send(document=document)[-1]


def test_a_shared_vcard_becomes_a_contact(
    bob: Phone, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    answer = share(bob, telegram_api, "f1", card("Jörg Weiß", "EMAIL:joerg@weiss.de\r\n"))
    assert "Jörg Weiß" in answer.params["text"]
    with telegram_app.db.read_session() as session:
        stored = session.scalars(select(Party).where(Party.name == "Jörg Weiß")).one()
        assert (stored.party_type, stored.email) == ("contact", "joerg@weiss.de")


def test_a_shared_vcard_like_a_contact_we_have_asks_before_adding_it(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add contact Jörg Weiss email=joerg@weiss.de")
    question = share(bob, telegram_api, "f2", card("Jörg Weiß", "EMAIL:joerg@weiss.de\r\n"))
    assert [b["text"] for b in buttons(question)][-1] == "Add anyway"
    bob.press(question, "Add anyway")
    telegram_api.wait_for("editMessageText")
    with telegram_app.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Party)) == 2


def test_a_shared_vcard_without_a_name_is_refused_and_adds_nothing(
    bob: Phone, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    answer = share(bob, telegram_api, "f3", card("", "TEL:+49 171 2345678\r\n"))
    assert "no name" in answer.params["text"]
    with telegram_app.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Party)) == 0


def make_admin(app: App, name: str) -> None:
    with app.db.session() as session:
        session.execute(update(Member).where(Member.name == name).values(role="admin"))


def send_csv(phone: Phone, api: FakeTelegramApi, file_id: str, data: bytes) -> Call:
    api.host_file(file_id, data)
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": "kunden.csv",
                "mime_type": "text/csv", "file_size": len(data)}  # fmt: skip
    return phone.send(document=document, caption="import")[-1]


def test_an_admins_csv_gets_a_dry_run_and_the_import_button_imports_it(
    bob: Phone, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    make_admin(telegram_app, "Bob")
    dry = send_csv(bob, telegram_api, "c1", HUBSPOT_DE.encode("cp1252"))
    assert "Dry run: nothing was written." in dry.params["text"]
    assert count_parties(telegram_app) == 0
    bob.press(dry, "Import")
    [edited] = telegram_api.wait_for("editMessageText")
    assert "4 created" in edited.params["text"] and count_parties(telegram_app) == 4


def test_a_csv_from_a_member_who_is_no_admin_is_refused(
    bob: Phone, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    answer = send_csv(bob, telegram_api, "c2", HUBSPOT_DE.encode())
    assert "admin" in answer.params["text"].lower()
    assert count_parties(telegram_app) == 0


def test_export_sends_the_backup_zip_as_a_document(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    make_admin(telegram_app, "Bob")
    anna.ask("add company Müller GmbH")
    bob.say("export")
    [sent] = telegram_api.wait_for("sendDocument")
    document = sent.params["document"]
    assert document["filename"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(document["data"])) as zip_:
        assert "Müller GmbH" in zip_.read("customers.csv").decode()


def count_parties(app: App) -> int:
    with app.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(Party)) or 0


def test_a_segment_export_arrives_as_a_csv_document_with_formulas_neutralised(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add company Formel AG city=Berlin tags==HYPERLINK(1)")
    anna.ask("segment save berlin: city=Berlin")
    assert "as CSV" in bob.say("segment berlin export").params["text"]
    [sent] = telegram_api.wait_for("sendDocument")
    document = sent.params["document"]
    assert document["filename"] == "segment-berlin.csv"
    (row,) = csv.DictReader(io.StringIO(document["data"].decode("utf-8")))
    assert (row["name"], row["tags"]) == ("Formel AG", "'=hyperlink(1)")
