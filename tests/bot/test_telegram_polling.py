"""`crmbot run` without a webhook: the bot polls getUpdates and answers the same way."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.bootstrap import App
from bot.telegram import start_polling
from storage.models import Company, Identity
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import message_update, user_json

pytest_plugins = ["tests.bot.telegram_fixtures"]


def test_polling_links_an_invited_phone_and_answers_its_commands(
    telegram_app: App, telegram_api: FakeTelegramApi, invite: Callable[[str], str]
) -> None:
    bob = user_json(4242, "Bob", "en")
    telegram_api.push_update(message_update(bob, 4242, text=f"/start {invite('Bob')}"))
    telegram_api.push_update(message_update(bob, 4242, text="add company Müller GmbH"))

    async def scenario() -> None:
        polling = await start_polling(telegram_app)
        try:
            await asyncio.to_thread(telegram_api.wait_for, "sendMessage", 2)
        finally:
            await polling.stop()

    asyncio.run(scenario())
    texts = [call.params["text"] for call in telegram_api.calls("sendMessage")]
    assert "Welcome, Bob" in texts[0]
    assert "Müller GmbH added" in texts[1]
    assert {c.params.get("language_code") for c in telegram_api.calls("setMyCommands")} >= {"de"}
    allowed = telegram_api.calls("getUpdates")[0].params["allowed_updates"]
    assert {"edited_message", "my_chat_member"} <= set(allowed)
    with telegram_app.db.session() as session:
        assert session.query(Identity).filter_by(platform="telegram").count() == 1


def test_an_update_telegram_delivers_again_after_a_restart_is_handled_once(
    telegram_app: App, telegram_api: FakeTelegramApi, invite: Callable[[str], str]
) -> None:
    """A crash after handling but before the next getUpdates makes Telegram send the same
    update again; the second polling process must not log the call twice."""
    bob = user_json(4242, "Bob", "en")
    telegram_api.push_update(message_update(bob, 4242, text=f"/start {invite('Bob')}"))
    logged = message_update(bob, 4242, text="add company Einmal GmbH")
    telegram_api.push_update(logged)

    async def one_run() -> None:
        """Poll until a getUpdates has confirmed everything queued now (offset past it)."""
        polls = len(telegram_api.calls("getUpdates"))
        polling = await start_polling(telegram_app)
        try:
            await asyncio.to_thread(telegram_api.wait_for, "getUpdates", polls + 2)
        finally:
            await polling.stop()

    asyncio.run(one_run())
    telegram_api.push_update(logged)
    asyncio.run(one_run())
    offsets = [c.params.get("offset") for c in telegram_api.calls("getUpdates")]
    assert offsets[0] is None
    assert str(logged["update_id"] + 1) in {str(o) for o in offsets}
    texts = [call.params["text"] for call in telegram_api.calls("sendMessage")]
    assert sum("Einmal GmbH added" in text for text in texts) == 1
    with telegram_app.db.session() as session:
        assert session.query(Company).filter_by(name="Einmal GmbH").count() == 1
