"""In a group the bot answers only what is addressed to it, and keeps private things private."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.console import Console
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegramApi
from tests.fakes.telegram_updates import Phone, message_update, post_update

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]
GROUP = -1001


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
