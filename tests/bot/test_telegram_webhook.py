"""The webhook as Telegram uses it: secret header, members only, invites, repeats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.bootstrap import App, bootstrap
from bot.console import Console
from config import Settings
from storage.models import Base, ChatContext, Identity, InboundMessage, Member
from tests.conftest import Clock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import Phone, message_update, post_update, user_json

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]
Count = Callable[[type[Base]], int]


def test_wrong_or_missing_secret_is_refused_and_nothing_is_handled(
    server: RunningServer, telegram_api: FakeTelegramApi, count: Count
) -> None:
    update = message_update(user_json(1, "Eve", "en"), 1, text="/help")
    assert post_update(server.url, update, secret="guessed") == 403
    assert post_update(server.url, update, secret=None) == 403
    assert count(InboundMessage) == 0
    assert telegram_api.calls("sendMessage") == []


def test_stranger_gets_one_polite_refusal_and_nothing_is_stored(
    server: RunningServer, telegram_api: FakeTelegramApi, count: Count
) -> None:
    stranger = Phone(server.url, telegram_api, 666, "Eve", language="de")
    answer = stranger.send(text="find müller")
    assert len(answer) == 1
    assert "/start" in answer[0].params["text"]
    for table in (InboundMessage, Identity, Member, ChatContext):
        assert count(table) == 0


def test_invited_colleague_links_with_start_code_and_can_work(
    server: RunningServer,
    telegram_api: FakeTelegramApi,
    anna: Console,
    invite: Callable[[str], str],
) -> None:
    anna.ask("add company Müller GmbH")
    bob = Phone(server.url, telegram_api, 4242, "Bob")
    assert "Welcome, Bob" in bob.say(f"/start {invite('Bob')}").params["text"]
    assert "Müller GmbH" in bob.say("find müller").params["text"]
    assert "Müller GmbH" in bob.say("/find müller").params["text"]
    assert "Müller GmbH" in bob.say("suche müller").params["text"]


def test_deep_link_start_of_the_invited_phone_is_linked_to_its_chat(
    server: RunningServer, telegram_api: FakeTelegramApi, invite: Callable[[str], str]
) -> None:
    bob = Phone(server.url, telegram_api, 4242, "Bob")
    bob.say(f"/start {invite('Bob')}")
    assert "Bob" in bob.say("members").params["text"]
    assert "telegram" in bob.say("members").params["text"]


def test_an_invite_code_works_once(
    server: RunningServer,
    telegram_api: FakeTelegramApi,
    invite: Callable[[str], str],
    count: Count,
) -> None:
    code = invite("Bob")
    Phone(server.url, telegram_api, 4242, "Bob").say(f"/start {code}")
    thief = Phone(server.url, telegram_api, 777, "Mallory")
    assert "not valid" in thief.say(f"/start {code}").params["text"]
    assert count(Identity) == 2  # anna's console and Bob's Telegram


def test_an_expired_invite_code_is_refused(
    server: RunningServer,
    telegram_api: FakeTelegramApi,
    invite: Callable[[str], str],
    clock: Clock,
    count: Count,
) -> None:
    code = invite("Bob")
    clock.now += timedelta(days=8)
    bob = Phone(server.url, telegram_api, 4242, "Bob")
    assert "not valid" in bob.say(f"/start {code}").params["text"]
    assert count(Identity) == 1


def test_a_repeated_update_is_handled_once(
    server: RunningServer, telegram_api: FakeTelegramApi, bob: Phone
) -> None:
    update = message_update(bob.user, bob.chat_id, text="add company Doppel AG")
    before = len(telegram_api.calls("sendMessage"))
    assert post_update(server.url, update) == 200
    telegram_api.wait_for("sendMessage", before + 1)
    assert post_update(server.url, update) == 200
    assert "1 found" in bob.say("find doppel").params["text"]
    texts = [c.params["text"] for c in telegram_api.calls("sendMessage")[before:]]
    assert sum("Doppel AG added" in text for text in texts) == 1


def test_command_menu_is_registered_in_german_and_english(
    server: RunningServer, telegram_api: FakeTelegramApi
) -> None:
    menus = {
        call.params.get("language_code"): call.params["commands"]
        for call in telegram_api.calls("setMyCommands")
    }
    assert {"de", "en"} <= set(menus)
    english = {c["command"]: c["description"] for c in menus["en"]}
    german = {c["command"]: c["description"] for c in menus["de"]}
    assert english["find"] == "Find customers by a loose name."
    assert "find" in german
    assert "jot" not in english


def test_serve_sets_the_webhook_with_its_secret_when_a_url_is_configured(
    telegram_settings: Settings,
    clock: Clock,
    telegram_api: FakeTelegramApi,
    start_server: Callable[[App], RunningServer],
) -> None:
    url = "https://crm.example.com/telegram/webhook"
    app = bootstrap(
        telegram_settings.model_copy(update={"telegram_webhook_url": url}),
        upgrade=False,
        clock=clock,
    )
    start_server(app)
    [call] = telegram_api.calls("setWebhook")
    assert call.params["url"] == url
    assert call.params["secret_token"] == telegram_settings.telegram_webhook_secret
    app.db.dispose()
