"""Help is written from the command table, in the member's language."""

from __future__ import annotations

import pytest

from bot.bootstrap import App
from bot.console import Console
from handlers.verbs import VERBS
from tests.conftest import Chat


def test_help_lists_every_command(chat: Chat) -> None:
    text = chat("help")["text"]
    for verb in VERBS:
        assert verb.usage.split(" ")[0] in text


def test_help_for_one_command_shows_usage_aliases_and_examples(chat: Chat) -> None:
    answer = chat("help followup")
    assert "followup <customer> <when> [@member]: <what>" in answer["text"]
    assert "wv" in answer["text"] and "wiedervorlage" in answer["text"]
    assert "wv Müller Freitag @anna" in answer["text"]


def test_help_for_a_mistyped_command_suggests_one(chat: Chat) -> None:
    answer = chat("help folowup")
    assert not answer["ok"]
    assert "followup" in answer["text"]


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("hilfe", "help"), ("suche", "find"), ("zeige", "show"), ("verlauf", "history"),
        ("erledigt", "done"), ("absagen", "cancel"), ("verschieben", "snooze"), ("meine", "mine"), ("heute", "today"),
        ("überfällig", "overdue"), ("einladen", "invite"), ("mitglieder", "members"),
        ("wv", "followup"), ("wiedervorlage", "followup"), ("neu", "add"),
        ("anruf", "log"), ("termin", "log"), ("besuch", "log"), ("mail", "log"),
        ("notiz", "log"), ("beschwerde", "log"),
    ],
)  # fmt: skip
def test_every_german_alias_names_its_command(chat: Chat, german: str, english: str) -> None:
    assert chat(f"help {german}")["data"]["command"] == english


def test_german_member_gets_german_help(app: App) -> None:
    app.settings.crm_language = "de"
    german = Console(app, "jens")
    text = german.ask("hilfe")
    assert "Befehle" in text
    assert "Finde Kunden" in text


def test_german_company_and_contact_words(chat: Chat) -> None:
    assert chat("neu firma Müller GmbH")["data"]["type"] == "company"
    assert chat("neu kontakt Anna Schmidt firma=Müller")["data"]["type"] == "contact"
