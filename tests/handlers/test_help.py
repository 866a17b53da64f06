"""Help is written from the command table, in the member's language."""

from __future__ import annotations

import pytest

from bot.bootstrap import App
from bot.console import Console
from handlers.help import TOPICS
from handlers.verbs import VERBS, build_registry
from tests.conftest import Chat


def test_help_names_every_typed_command_under_its_topic(chat: Chat) -> None:
    text = chat("help")["text"]
    for verb in VERBS:
        if verb.menu:
            assert verb.usage.split(" ")[0] in text


def test_help_overview_fits_one_telegram_message_and_offers_each_topic(chat: Chat) -> None:
    answer = chat("help")
    assert len(answer["text"]) < 4096
    assert "help sales" in answer["text"]
    assert "attach" not in answer["text"]


def test_every_typed_verb_has_a_topic_and_no_topic_word_is_a_command() -> None:
    placed = [name for chapter in TOPICS for name in chapter.verbs]
    typed = [verb.name for verb in VERBS if verb.menu]
    assert sorted(set(typed) - set(placed)) == []
    assert len(placed) == len(set(placed))
    registry = build_registry()
    assert [word for chapter in TOPICS for word in chapter.words if registry.find(word)] == []


def test_a_topic_lists_its_commands_with_what_they_do(chat: Chat) -> None:
    answer = chat("help sales")
    assert "forecast [month|quarter]" in answer["text"]
    assert "Expected revenue" in answer["text"]
    assert "report" not in answer["text"]


def test_a_german_topic_word_opens_the_topic_in_german(app: App) -> None:
    app.settings.crm_language = "de"
    text = Console(app, "jens").ask("hilfe vertrieb")
    assert "prognose [monat|quartal]" in text


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
    assert "Befehle" in german.ask("hilfe")
    assert "Finde Kunden" in german.ask("hilfe kunden")


def test_german_company_and_contact_words(chat: Chat) -> None:
    assert chat("neu firma Müller GmbH")["data"]["type"] == "company"
    assert chat("neu kontakt Anna Schmidt firma=Müller")["data"]["type"] == "contact"
