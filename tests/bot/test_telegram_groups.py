"""In a group the bot answers only what is addressed to it, and keeps private things private."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.bootstrap import App
from bot.console import Console
from storage.models import InboundMessage
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegramApi
from tests.fakes.telegram_updates import Phone, message_update, post_update, user_json

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]
GROUP = -1001
SUPERGROUP = -1001234567890


def test_group_ignores_plain_talk_and_other_bots_commands(
    bob: Phone, server: RunningServer, telegram_api: FakeTelegramApi
) -> None:
    before = len(telegram_api.calls("sendMessage"))
    for text in ("find müller", "/find@other_bot müller"):
        assert post_update(server.url, message_update(bob.user, GROUP, text=text)) == 200
    answer = bob.in_group(GROUP).say(f"/help@{BOT_USERNAME}")
    sent = telegram_api.calls("sendMessage")[before:]
    assert sent == [answer]


def test_private_answers_go_to_the_members_own_chat_not_the_group(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add company Müller GmbH")
    bob.say("followup Müller morgen 10 Uhr: secret price talk")
    private, note = bob.in_group(GROUP).send(expect=2, text=f"/mine@{BOT_USERNAME}")
    assert private.params["chat_id"] == str(bob.chat_id)
    assert "secret price talk" in private.params["text"]
    assert note.params["chat_id"] == str(GROUP)
    assert "secret" not in note.params["text"]
    assert "private chat" in note.params["text"]


def test_a_log_addressed_to_the_bot_is_confirmed_in_the_group(bob: Phone, anna: Console) -> None:
    anna.ask("add company Müller GmbH")
    answer = bob.in_group(GROUP).say(f"@{BOT_USERNAME} log visit Müller: Messe besucht")
    assert answer.params["chat_id"] == str(GROUP)
    assert "Visit with Müller GmbH logged" in answer.params["text"]


def test_show_pressed_under_a_group_confirmation_sends_the_card_privately(
    bob: Phone, anna: Console, telegram_api: FakeTelegramApi
) -> None:
    anna.ask("add company Müller GmbH phone=0221 123456")
    group = bob.in_group(GROUP)
    confirmation = group.say(f"@{BOT_USERNAME} log visit Müller: Messe besucht")
    before = len(telegram_api.calls("sendMessage"))
    toast = group.press(confirmation, "Show")
    [card] = telegram_api.wait_for("sendMessage", before + 1)[before:]
    assert card.params["chat_id"] == str(bob.chat_id)
    assert "<b>Müller GmbH</b>" in card.params["text"] and "+49 221 123456" in card.params["text"]
    assert "private chat" in toast.params["text"]
    assert telegram_api.calls("editMessageText") == []


def test_an_anonymous_admin_is_asked_to_write_from_their_own_account(
    bob: Phone, server: RunningServer, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    anonymous = {
        "id": 1087968824,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    }
    group = {"id": SUPERGROUP, "type": "supergroup", "title": "Sales team"}
    update = message_update(
        anonymous, SUPERGROUP, text=f"/find@{BOT_USERNAME} müller", chat=group, sender_chat=group
    )
    before = len(telegram_api.calls("sendMessage"))
    assert post_update(server.url, update) == 200
    [hint] = telegram_api.wait_for("sendMessage", before + 1)[before:]
    assert hint.params["chat_id"] == str(SUPERGROUP)
    assert "your own account" in hint.params["text"]
    with telegram_app.db.read_session() as session:
        rows = session.execute(select(InboundMessage.status, InboundMessage.text)).all()
    assert ("ignored", "message: anonymous sender_chat") in rows
    assert not any("find" in text for _status, text in rows)


def test_a_strangers_commands_in_a_group_are_refused_once(
    bob: Phone, server: RunningServer, telegram_api: FakeTelegramApi, telegram_app: App
) -> None:
    eve = user_json(666, "Eve", "en")
    before = len(telegram_api.calls("sendMessage"))
    for text in (f"/find@{BOT_USERNAME} müller", f"/mine@{BOT_USERNAME}", f"@{BOT_USERNAME} help"):
        assert post_update(server.url, message_update(eve, GROUP, text=text)) == 200
    bob.in_group(GROUP).send(expect=2, text=f"/settings@{BOT_USERNAME}")
    sent = telegram_api.calls("sendMessage")[before:]
    refusals = [call for call in sent if "only for members" in call.params["text"]]
    assert len(refusals) == 1 and refusals[0].params["chat_id"] == str(GROUP)
    stranger = Phone(server.url, telegram_api, 666, "Eve")
    assert "only for members" in stranger.say("find müller").params["text"]
    assert "only for members" in stranger.say("find müller").params["text"]
    with telegram_app.db.read_session() as session:
        refused = session.scalars(select(InboundMessage).where(InboundMessage.status == "refused"))
        assert [row.text for row in refused] == ["stranger refused"]


def test_a_group_a_member_uses_the_bot_in_can_be_named_as_an_alert_target(
    bob: Phone, anna: Console
) -> None:
    refused = json.loads(anna.ask("alert complaint -> #Sales team", as_json=True))
    assert not refused["ok"]
    bob.in_group(SUPERGROUP).say(f"/help@{BOT_USERNAME}")
    saved = json.loads(anna.ask("alert complaint -> #sales team", as_json=True))
    assert saved["ok"] and saved["data"]["rule"] == "complaint -> #Sales team"
