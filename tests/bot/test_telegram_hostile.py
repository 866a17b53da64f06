"""Bodies Telegram (or anyone holding the secret) may post that the bot cannot use.

Telegram redelivers anything answered with other than 200 for up to a day, holding back
that chat's later updates; so each is answered 200 and journalled as ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from sqlalchemy import select

from bot.bootstrap import App
from storage.models import InboundMessage
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_updates import SECRET, post_update

if TYPE_CHECKING:
    from tests.fakes.server import RunningServer

pytest_plugins = ["tests.bot.telegram_fixtures"]

CHANNEL_POST = {
    "update_id": 910001,
    "channel_post": {
        "message_id": 3,
        "sender_chat": {"id": -1001234567890, "title": "News", "type": "channel"},
        "chat": {"id": -1001234567890, "title": "News", "type": "channel"},
        "date": 1700000000,
        "text": "channel news",
    },
}
REACTION = {
    "update_id": 910002,
    "message_reaction": {
        "chat": {"id": 4242, "type": "private", "first_name": "Bob"},
        "message_id": 7,
        "user": {"id": 4242, "is_bot": False, "first_name": "Bob"},
        "date": 1700000000,
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "\U0001f44d"}],
    },
}
STICKER = {
    "update_id": 910003,
    "message": {
        "message_id": 9,
        "from": {"id": 4242, "is_bot": False, "first_name": "Bob"},
        "chat": {"id": 4242, "type": "private", "first_name": "Bob"},
        "date": 1700000000,
        "sticker": {
            "file_id": "CAACAgIAAxkBAAI",
            "file_unique_id": "AgAD",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        },
    },
}


def post_raw(server: RunningServer, body: bytes) -> int:
    answer = httpx.post(
        f"{server.url}/telegram/webhook",
        content=body,
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"},
        timeout=20,
    )
    return answer.status_code


def journal(app: App) -> list[tuple[str | None, str, str]]:
    with app.db.read_session() as session:
        rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
        return [(row.delivery_key, row.status, row.text) for row in rows]


def test_a_body_that_is_not_utf8_is_acknowledged_and_journalled_as_ignored(
    server: RunningServer, telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    body = b'{"update_id": 910010, "message": {"text": "\xff\xfe caf\xe9"}}'
    assert post_raw(server, body) == 200
    assert post_raw(server, body) == 200
    [(key, status, text)] = journal(telegram_app)
    assert (key, status) == ("telegram:910010", "ignored") and "caf" in text
    assert telegram_api.calls("sendMessage") == []


def test_a_lone_surrogate_is_acknowledged_and_journalled_as_ignored(
    server: RunningServer, telegram_app: App
) -> None:
    body = (
        b'{"update_id": 910011, "message": {"message_id": 1, "date": 1700000000,'
        b' "chat": {"id": 4242, "type": "private"},'
        b' "from": {"id": 4242, "is_bot": false, "first_name": "\\ud800"}, "text": "hi \\udc00"}}'
    )
    assert post_raw(server, body) == 200
    assert journal(telegram_app)[0][:2] == ("telegram:910011", "ignored")


def test_bodies_that_are_not_updates_are_acknowledged(
    server: RunningServer, telegram_app: App
) -> None:
    for body in (b"[1, 2, 3]", b'{"update_id": ', b"", b'{"update_id": "x", "message": 5}'):
        assert post_raw(server, body) == 200
    assert [status for _key, status, _text in journal(telegram_app)] == ["ignored"] * 4


def test_updates_the_bot_does_not_model_are_journalled_once_by_kind(
    server: RunningServer, telegram_app: App, telegram_api: FakeTelegramApi
) -> None:
    for update in (CHANNEL_POST, REACTION, STICKER, STICKER):
        assert post_update(server.url, update) == 200
    rows = journal(telegram_app)
    assert [(key, status) for key, status, _text in rows] == [
        ("telegram:910001", "ignored"),
        ("telegram:910002", "ignored"),
        ("telegram:910003", "ignored"),
    ]
    assert rows[2][2] == "message: sticker"
    assert "channel news" not in rows[0][2]
    assert telegram_api.calls("sendMessage") == []
