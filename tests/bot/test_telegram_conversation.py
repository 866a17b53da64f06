"""Working from a phone: current customer, one-tap logging, buttons, field payloads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.bootstrap import App
from bot.console import Console
from storage.models import Activity, Contact, Followup
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import Phone, buttons

pytest_plugins = ["tests.bot.telegram_fixtures"]


def activities(app: App) -> list[Activity]:
    with app.db.session() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def test_plain_message_after_show_is_logged_to_that_customer_with_one_tap(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    offer = bob.say("Angebot gewünscht bis Freitag")
    assert "Müller GmbH" in offer.params["text"]
    assert [b["text"] for b in buttons(offer)] == ["Call", "Visit", "Note", "Follow-up"]
    bob.press(offer, "Call")
    edited = telegram_api.wait_for("editMessageText")[-1]
    assert "Call with Müller GmbH logged" in edited.params["text"]
    assert int(edited.params["message_id"]) == offer.result["message_id"]
    [call] = activities(telegram_app)
    assert (call.kind, call.text) == ("call", "Angebot gewünscht bis Freitag")


def test_follow_up_button_takes_the_time_the_message_ends_with(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("find müller")
    offer = bob.say("Angebot gewünscht bis Freitag")
    bob.press(offer, "Follow-up")
    edited = telegram_api.wait_for("editMessageText")[-1]
    assert "Fri 27 Nov 2026, 09:00" in edited.params["text"]
    with telegram_app.db.session() as session:
        followup = session.scalars(select(Followup)).one()
        assert followup.text == "Angebot gewünscht bis Freitag"


def test_follow_up_done_button_answers_the_press_and_edits_the_message(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    confirmation = bob.say("followup Müller morgen 10 Uhr: send the quote")
    with telegram_app.db.session() as session:
        followup_id = session.scalars(select(Followup.id)).one()
    labels = [b["text"] for b in buttons(confirmation)]
    assert labels[:2] == [f"Done #{followup_id}", f"Snooze 1 day #{followup_id}"]
    answer = bob.press(confirmation, "Done")
    assert answer.params["callback_query_id"]
    edited = telegram_api.wait_for("editMessageText")[-1]
    assert f"Follow-up #{followup_id} done" in edited.params["text"]
    with telegram_app.db.session() as session:
        assert session.scalars(select(Followup.status)).one() == "done"


def test_snooze_button_moves_the_follow_up_a_day_later(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    confirmation = bob.say("followup Müller morgen 10 Uhr: send the quote")
    with telegram_app.db.session() as session:
        planned = session.scalars(select(Followup.due_at)).one()
    bob.press(confirmation, "Snooze 1 day")
    edited = telegram_api.wait_for("editMessageText")[-1]
    assert "moved to" in edited.params["text"]
    with telegram_app.db.session() as session:
        assert session.scalars(select(Followup.due_at)).one() >= planned + timedelta(days=1)


def test_ambiguous_name_gets_buttons_and_a_press_answers(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add company Müller GmbH")
    anna.ask("add company Müller AG force=yes")
    question = bob.say("show müller")
    assert "Which" in question.params["text"]
    assert {b["text"] for b in buttons(question)} == {"Müller GmbH", "Müller AG"}
    bob.press(question, "Müller AG")
    card = telegram_api.wait_for("editMessageText")[-1]
    assert "<b>Müller AG</b>" in card.params["text"]


def test_shared_contact_becomes_a_contact_of_the_chosen_company(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    contact = {"phone_number": "491711234567", "first_name": "Anna", "last_name": "Schmidt"}
    question = bob.send(contact=contact)[-1]
    assert "Anna Schmidt" in question.params["text"]
    assert [b["text"] for b in buttons(question)] == ["Müller GmbH", "No company"]
    bob.press(question, "Müller GmbH")
    telegram_api.wait_for("editMessageText")
    with telegram_app.db.session() as session:
        person = session.scalars(select(Contact)).one()
        assert (person.name, person.phone) == ("Anna Schmidt", "+49 171 1234567")
        assert person.company is not None and person.company.name == "Müller GmbH"


def test_shared_location_logs_a_visit_at_the_current_customer(
    bob: Phone, anna: Console, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    answer = bob.send(location={"latitude": 50.9375, "longitude": 6.9603})[-1]
    assert "Visit with Müller GmbH logged" in answer.params["text"]
    [visit] = activities(telegram_app)
    assert visit.kind == "visit"
    assert visit.meta == {"latitude": 50.9375, "longitude": 6.9603}


def test_photo_and_document_are_attached_as_notes_with_their_file_reference(
    bob: Phone, anna: Console, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    small = {"file_id": "small-id", "file_unique_id": "s", "width": 90, "height": 90}
    large = {"file_id": "large-id", "file_unique_id": "l", "width": 1280, "height": 960}
    bob.send(photo=[small, large], caption="Messestand")
    document = {"file_id": "doc-id", "file_unique_id": "d", "file_name": "angebot.pdf"}
    bob.send(document=document)
    photo, pdf = activities(telegram_app)
    assert (photo.kind, photo.text, photo.meta["file"]) == ("note", "Photo: Messestand", "large-id")
    assert (pdf.text, pdf.meta["file"]) == ("Document: angebot.pdf", "doc-id")


def test_location_without_a_current_customer_asks_to_open_one_first(
    bob: Phone, telegram_app: App
) -> None:
    answer = bob.send(location={"latitude": 50.9, "longitude": 6.9})[-1]
    assert "Open one first" in answer.params["text"]
    assert activities(telegram_app) == []


def test_user_text_is_escaped_so_it_cannot_break_the_markup(bob: Phone) -> None:
    bob.say("add company <b>Evil</b> & Co")
    card = bob.say("show evil")
    assert card.params["parse_mode"] == "HTML"
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in card.params["text"]
    assert "<b>Evil</b>" not in card.params["text"]


def test_a_reply_longer_than_a_message_arrives_in_parts(bob: Phone, anna: Console) -> None:
    anna.ask("add company Müller GmbH")
    for n in range(3):
        anna.ask(f"log note Müller: {str(n) * 3000}")
    parts = bob.send(expect=3, text="history müller")
    assert all(len(part.params["text"]) <= 4096 for part in parts)
    whole = "".join(part.params["text"] for part in parts)
    assert all(digit * 3000 in whole for digit in "012")


def test_a_long_list_pages_with_the_more_button(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi
) -> None:
    for number in range(21):
        anna.ask(f"add company Firma {number:02d} city=Bonn force=yes")
    first = bob.say("list city=Bonn")
    assert "21" in first.params["text"]
    bob.press(first, "More")
    second = telegram_api.wait_for("editMessageText")[-1]
    assert "Firma 20" in second.params["text"]
