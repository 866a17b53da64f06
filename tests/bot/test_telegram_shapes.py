"""Messages shaped as Telegram really sends them: media, forwards, emoji, forum topics, old
messages and long texts (payloads follow the Bot API's Message and CallbackQuery objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.bootstrap import App
from bot.console import Console
from storage.models import Activity, Followup, OutboxMessage
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegramApi
from tests.fakes.telegram_updates import Phone, buttons, message_update, post_update, press_update

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]
FORUM = -1001987654321
VOICE = {
    "file_id": "AwACAgIAAxkBAAIBZ2V",
    "file_unique_id": "AgADvQ",
    "duration": 42,
    "mime_type": "audio/ogg",
    "file_size": 15321,
}
AUDIO = {
    "file_id": "CQACAgIAAxkBAAIBaGV",
    "file_unique_id": "AgADvg",
    "duration": 185,
    "performer": "Müller",
    "title": "Gesprächsnotiz",
    "file_name": "notiz.mp3",
    "mime_type": "audio/mpeg",
    "file_size": 2961,
}
VIDEO_NOTE = {
    "file_id": "DQACAgIAAxkBAAIBaWV",
    "file_unique_id": "AgADvw",
    "length": 240,
    "duration": 9,
    "file_size": 120453,
}
VIDEO = {
    "file_id": "BAACAgIAAxkBAAIBamV",
    "file_unique_id": "AgADwA",
    "width": 1280,
    "height": 720,
    "duration": 3725,
    "file_name": "messe.mp4",
    "mime_type": "video/mp4",
    "file_size": 3261,
}


def activities(app: App) -> list[Activity]:
    with app.db.session() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def test_voice_audio_video_note_and_video_are_logged_as_notes_with_file_and_duration(
    bob: Phone, anna: Console, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    answers = [
        bob.send(voice=VOICE)[-1],
        bob.send(audio=AUDIO, caption="Rückruf")[-1],
        bob.send(video_note=VIDEO_NOTE)[-1],
        bob.send(video=VIDEO)[-1],
    ]
    assert all("Note with Müller GmbH logged" in a.params["text"] for a in answers)
    voice, audio, note, video = activities(telegram_app)
    assert voice.text == "Voice message (0:42)"
    assert audio.text == "Audio (3:05): notiz.mp3 \u2014 Rückruf"
    assert note.text == "Video message (0:09)"
    assert video.text == "Video (1:02:05): messe.mp4"
    assert [a.meta["file"] for a in (voice, audio, note, video)] == [
        VOICE["file_id"],
        AUDIO["file_id"],
        VIDEO_NOTE["file_id"],
        VIDEO["file_id"],
    ]
    assert (voice.meta["file_type"], voice.meta["duration"]) == ("voice", 42)


def test_a_voice_message_without_a_current_customer_asks_to_open_one(
    bob: Phone, telegram_app: App
) -> None:
    answer = bob.send(voice=VOICE)[-1]
    assert "Open one first" in answer.params["text"]
    assert activities(telegram_app) == []


def test_a_forwarded_message_is_only_offered_for_logging_never_run(
    bob: Phone, anna: Console, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    anna.ask("followup Müller morgen: ring back")
    bob.say("show müller")
    origin = {
        "type": "user",
        "date": 1764300000,
        "sender_user": {"id": 99001, "is_bot": False, "first_name": "Hans"},
    }
    offer = bob.send(text="Heute passt es nicht", forward_origin=origin)[-1]
    assert "Log this for Müller GmbH?" in offer.params["text"]
    assert "Heute passt es nicht" in offer.params["text"]
    assert [b["text"] for b in buttons(offer)] == ["Call", "Visit", "Note", "Follow-up"]
    hidden = {"type": "hidden_user", "date": 1764300000, "sender_user_name": "Kunde"}
    second = bob.send(text="/delete Müller", forward_origin=hidden)[-1]
    assert "Log this for Müller GmbH?" in second.params["text"]
    with telegram_app.db.session() as session:
        assert session.scalars(select(Followup.text)).all() == ["ring back"]


def test_a_forwarded_command_word_without_a_current_customer_asks_for_one(bob: Phone) -> None:
    origin = {"type": "hidden_user", "date": 1764300000, "sender_user_name": "Kunde"}
    answer = bob.send(text="Heute passt es nicht", forward_origin=origin)[-1]
    assert "Which customer?" in answer.params["text"]


def test_text_starting_with_an_emoji_or_punctuation_is_offered_for_logging_not_help(
    bob: Phone, anna: Console
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    for text in ("\U0001f44d passt, Angebot kommt", "... ruft morgen zurück", "?? Preis"):
        offer = bob.say(text)
        assert "Log this for Müller GmbH?" in offer.params["text"], text
        assert text in offer.params["text"]
        assert "help" not in offer.params["text"].lower()


def test_answers_in_a_forum_topic_stay_in_that_topic(
    bob: Phone, anna: Console, server: RunningServer, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add company Müller GmbH")
    chat = {"id": FORUM, "type": "supergroup", "title": "Vertrieb", "is_forum": True}
    before = len(telegram_api.calls("sendMessage"))
    update = message_update(
        bob.user,
        FORUM,
        text=f"@{BOT_USERNAME} log visit Müller: Messe besucht",
        chat=chat,
        message_thread_id=77,
        is_topic_message=True,
    )
    assert post_update(server.url, update) == 200
    [answer] = telegram_api.wait_for("sendMessage", before + 1)[before:]
    assert answer.params["chat_id"] == str(FORUM)
    assert answer.params["message_thread_id"] == "77"
    assert "Visit with Müller GmbH logged" in answer.params["text"]


def test_a_press_on_an_inaccessible_message_gets_a_clear_toast_and_no_edit(
    bob: Phone, anna: Console, server: RunningServer, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add company Müller GmbH")
    confirmation = bob.say("followup Müller morgen 10 Uhr: send the quote")
    data = next(b["callback_data"] for b in buttons(confirmation) if b["text"].startswith("Done"))
    press = press_update(bob.user, confirmation, data)
    press["callback_query"]["message"] = {
        "chat": {"id": bob.chat_id, "type": "private", "first_name": "Bob"},
        "message_id": confirmation.result["message_id"],
        "date": 0,
    }
    before = len(telegram_api.calls("sendMessage"))
    assert post_update(server.url, press) == 200
    [toast] = telegram_api.wait_for("answerCallbackQuery")
    assert "too old" in toast.params["text"]
    [answer] = telegram_api.wait_for("sendMessage", before + 1)[before:]
    assert "done" in answer.params["text"]
    assert telegram_api.calls("editMessageText") == []


def test_buttons_under_a_message_near_the_length_limit_work(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("show müller")
    text = "Gesprächsnotiz " + "x" * 4070
    question, offer = bob.send(expect=2, text=text)
    assert "Log this for Müller GmbH?" in question.params["text"] and not buttons(question)
    assert [b["text"] for b in buttons(offer)] == ["Call", "Visit", "Note", "Follow-up"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(offer))
    bob.press(offer, "Note")
    edited = telegram_api.wait_for("editMessageText")[-1]
    assert "Note with Müller GmbH logged" in edited.params["text"]
    [note] = activities(telegram_app)
    assert note.text == text


def test_a_press_that_changes_nothing_is_answered_and_nothing_is_queued(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anna.ask("add company Müller GmbH")
    confirmation = bob.say("log visit Müller: Messe besucht")
    bob.press(confirmation, "Show")
    telegram_api.wait_for("editMessageText")
    second = bob.press(confirmation, "Show")
    assert second.params["callback_query_id"]
    unchanged = telegram_api.wait_for("editMessageText", 2)[-1]
    assert "not modified" in unchanged.result["description"]
    with telegram_app.db.read_session() as session:
        assert session.scalars(select(OutboxMessage)).all() == []
