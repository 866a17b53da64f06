"""The chat rules without any platform: current customer, jot offers, field verbs."""

from __future__ import annotations

from bot.bootstrap import App
from bot.console import Console
from handlers.command import Command
from handlers.conversation import interpret
from handlers.reply import Reply

CHAT = "chat-1"


def ask(app: App, member_id: int, text: str, channel: str | None = CHAT) -> Reply:
    return app.crm.handle(Command(member_id, text, platform="telegram", channel=channel))


def test_command_words_stay_commands_and_other_text_becomes_a_jot(app: App) -> None:
    registry = app.crm.registry
    assert interpret(registry, "suche müller") == "suche müller"
    assert interpret(registry, "Angebot gewünscht") == "jot Angebot gewünscht"


def test_a_single_search_hit_becomes_the_current_customer(app: App, console: Console) -> None:
    console.ask("add company Müller GmbH")
    ask(app, console.member_id, "find müller")
    offer = ask(app, console.member_id, "jot Rückruf erbeten")
    assert offer.data["customer"] == "Müller GmbH"
    assert [b.command for b in offer.buttons][:3] == [
        f"log call #{offer.data['customer_id']}: Rückruf erbeten",
        f"log visit #{offer.data['customer_id']}: Rückruf erbeten",
        f"log note #{offer.data['customer_id']}: Rückruf erbeten",
    ]


def test_several_search_hits_leave_the_current_customer_alone(app: App, console: Console) -> None:
    console.ask("add company Müller GmbH")
    console.ask("add company Müller AG force=yes")
    ask(app, console.member_id, "show Müller GmbH")
    ask(app, console.member_id, "find müller")
    assert ask(app, console.member_id, "jot hallo").data["customer"] == "Müller GmbH"


def test_current_customer_is_per_chat(app: App, console: Console) -> None:
    console.ask("add company Müller GmbH")
    ask(app, console.member_id, "show müller", channel="phone")
    reply = ask(app, console.member_id, "jot fnd müller", channel="desk")
    assert not reply.ok
    assert "find" in reply.text


def test_follow_up_offer_defaults_to_tomorrow_morning(app: App, console: Console) -> None:
    console.ask("add company Müller GmbH")
    ask(app, console.member_id, "show müller")
    offer = ask(app, console.member_id, "jot Unterlagen schicken")
    ref = f"#{offer.data['customer_id']}"
    assert offer.buttons[3].command == f"followup {ref} 2026-11-24T09:00+01:00: Unterlagen schicken"


def test_checkin_refuses_what_is_not_a_place(app: App, console: Console) -> None:
    console.ask("add company Müller GmbH")
    ask(app, console.member_id, "show müller")
    assert not ask(app, console.member_id, "checkin 123,456").ok
    assert ask(app, console.member_id, "checkin 50.9,6.9").data["meta"] == {
        "latitude": 50.9,
        "longitude": 6.9,
    }


def test_contact_without_current_customer_offers_no_company_only(
    app: App, console: Console
) -> None:
    reply = ask(app, console.member_id, "contact Anna Schmidt phone=+491711234567")
    assert [b.command for b in reply.buttons] == ["add contact Anna Schmidt phone=+491711234567"]
    added = ask(app, console.member_id, reply.buttons[0].command)
    assert added.ok and added.data["name"] == "Anna Schmidt"


def test_a_message_starting_with_an_emoji_is_offered_for_logging(app: App) -> None:
    registry = app.crm.registry
    assert interpret(registry, "✅ Angebot angenommen") == "jot ✅ Angebot angenommen"
    assert interpret(registry, "👍") == "jot 👍"
    assert interpret(registry, "...") == "jot ..."
    assert interpret(registry, "?") == "?"
