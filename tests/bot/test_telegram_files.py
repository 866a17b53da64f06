"""Files on Telegram: a reply's attachment follows the answer as a document (sendDocument)."""

from __future__ import annotations

import vobject

from bot.console import Console
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import Phone

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
