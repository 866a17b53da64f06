"""`vcard <customer>`: a vCard 4.0 file; a shared .vcf read back into an `add contact` line."""

from __future__ import annotations

import json
from pathlib import Path

import vobject
from sqlalchemy import select

from bot.bootstrap import App
from handlers.vcards import contact_line
from storage.models import InboundMessage
from tests.conftest import Chat


def test_vcard_writes_a_version_4_file_the_console_points_to(chat: Chat) -> None:
    chat("add company Müller GmbH")
    chat("add contact Anna Schmidt company=Müller GmbH phone=030 1234567 email=anna@mueller.de")
    answer = chat("vcard Anna Schmidt")
    path = Path(answer["data"]["attachment"])
    assert path.name == "Anna Schmidt.vcf" and str(path) in answer["text"]
    card = vobject.readOne(path.read_text("utf-8"))
    assert card.version.value == "4.0" and card.fn.value == "Anna Schmidt"
    assert (card.n.value.given, card.n.value.family) == ("Anna", "Schmidt")
    assert card.org.value == ["Müller GmbH"] and card.email.value == "anna@mueller.de"
    assert card.tel.value.replace(" ", "").endswith("301234567")


def test_vcard_of_an_unknown_customer_is_refused_without_a_file(chat: Chat) -> None:
    answer = chat("vcard Nobody Atall")
    assert not answer["ok"] and "attachment" not in answer["data"]


def test_a_shared_card_becomes_an_add_contact_line() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jörg Weiß\r\nN:Weiß;Jörg;;;\r\n"
        "TEL:+49 171 2345678\r\nEMAIL:joerg@weiss.de\r\nORG:Weiß AG\r\n"
        "ADR:;;Hauptstr. 1;Köln;;50667;DE\r\nEND:VCARD\r\n"
    ).encode()
    assert contact_line(card) == (
        "add contact Jörg Weiß phone=+49 171 2345678 email=joerg@weiss.de"
        " address=Hauptstr. 1 city=Köln company=Weiß AG"
    )


def test_a_card_without_a_name_or_one_that_is_not_a_vcard_gives_no_line() -> None:
    nameless = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\r\nTEL:+49 171 2345678\r\nEND:VCARD\r\n"
    assert contact_line(nameless) is None
    assert contact_line(b"\x00\xff not a card") is None


def test_a_name_cannot_smuggle_extra_fields_into_the_line() -> None:
    card = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Eve owner=@boss\r\nEND:VCARD\r\n"
    assert contact_line(card) == "add contact Eve owner @boss"


def test_the_journal_keeps_the_files_name_not_its_bytes(app: App, chat: Chat) -> None:
    chat("add contact Anna Schmidt email=anna@mueller.de")
    chat("vcard Anna Schmidt")
    with app.db.read_session() as session:
        stored = session.scalars(
            select(InboundMessage.reply).where(InboundMessage.text == "vcard Anna Schmidt")
        ).one()
    assert stored is not None and stored["attachment"] == {"filename": "Anna Schmidt.vcf"}
    assert "BEGIN:VCARD" not in json.dumps(stored)
