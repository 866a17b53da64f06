"""Telegram as it talks to the bot: real Update JSON posted to the webhook with the secret.

A `Phone` is one Telegram user in one chat. It posts messages, shared contacts, places,
files and button presses, and reads the bot's answers from the fake Bot API.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import httpx

from tests.fakes.telegram_api import BOT_ID, BOT_USERNAME, Call, FakeTelegramApi

TOKEN = "123456:TEST-token"
SECRET = "webhook-Secret_42"
_update_ids = itertools.count(5000)
_message_ids = itertools.count(1)


def post_update(url: str, update: dict[str, Any], secret: str | None = SECRET) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    answer = httpx.post(f"{url}/telegram/webhook", json=update, headers=headers, timeout=20)
    return answer.status_code


def user_json(user_id: int, name: str, language: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": language}


def chat_json(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Phone"}
    return {"id": chat_id, "type": "group", "title": "Sales team"}


def message_update(
    user: dict[str, Any], chat_id: int, update_id: int | None = None, **content: Any
) -> dict[str, Any]:
    """A real Update carrying one message (text, contact, location, photo, document)."""
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat_json(chat_id),
        "from": user,
        **content,
    }
    text = content.get("text", "")
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": update_id or next(_update_ids), "message": message}


def edited_update(user: dict[str, Any], chat_id: int, message_id: int, text: str) -> dict[str, Any]:
    """The whole message again, as Telegram sends it after an edit (with `edit_date`)."""
    now = int(time.time())
    message = message_update(user, chat_id, message_id=message_id, text=text)["message"]
    return {
        "update_id": next(_update_ids),
        "edited_message": {**message, "date": now - 60, "edit_date": now},
    }


def member_update(
    user: dict[str, Any], chat_id: int, old: str, new: str, bot_id: int = BOT_ID
) -> dict[str, Any]:
    """`my_chat_member`: the bot's status in a chat changed (blocked: `kicked` in a private
    chat; removed from a group: `left` or `kicked`)."""
    bot = {"id": bot_id, "is_bot": True, "first_name": "CRM", "username": BOT_USERNAME}
    change: dict[str, Any] = {
        "chat": chat_json(chat_id),
        "from": user,
        "date": int(time.time()),
        "old_chat_member": _chat_member(bot, old),
        "new_chat_member": _chat_member(bot, new),
    }
    return {"update_id": next(_update_ids), "my_chat_member": change}


def _chat_member(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember; a banned one (`kicked`) always carries `until_date` (0: for ever)."""
    return {"user": user, "status": status, **({"until_date": 0} if status == "kicked" else {})}


def press_update(user: dict[str, Any], sent: Call, data: str) -> dict[str, Any]:
    """A press on a button of a message the bot sent."""
    message = dict(sent.result)
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cq{next(_message_ids)}",
            "from": user,
            "chat_instance": "1",
            "data": data,
            "message": message,
        },
    }


class Phone:
    """One Telegram user talking to the bot through the running webhook."""

    def __init__(
        self,
        url: str,
        api: FakeTelegramApi,
        user_id: int,
        name: str,
        language: str = "en",
        chat_id: int | None = None,
    ) -> None:
        self.url = url
        self.api = api
        self.user = user_json(user_id, name, language)
        self.chat_id = chat_id or user_id

    def in_group(self, group_id: int) -> Phone:
        return Phone(self.url, self.api, self.user["id"], self.user["first_name"],
                     self.user["language_code"], group_id)  # fmt: skip

    def send(self, expect: int = 1, **content: Any) -> list[Call]:
        """Post a message and return the `expect` messages the bot sends in answer."""
        before = len(self.api.calls("sendMessage"))
        assert post_update(self.url, message_update(self.user, self.chat_id, **content)) == 200
        return self.api.wait_for("sendMessage", before + expect)[before:]

    def say(self, text: str) -> Call:
        return self.send(text=text)[-1]

    def press(self, sent: Call, label: str) -> Call:
        """Press the button whose label starts with `label`; returns the callback answer."""
        data = button_data(sent, label)
        before = len(self.api.calls("answerCallbackQuery"))
        assert post_update(self.url, press_update(self.user, sent, data)) == 200
        return self.api.wait_for("answerCallbackQuery", before + 1)[before]


def buttons(sent: Call) -> list[dict[str, str]]:
    markup = sent.params.get("reply_markup") or {"inline_keyboard": []}
    return [button for row in markup["inline_keyboard"] for button in row]


def button_data(sent: Call, label: str) -> str:
    for button in buttons(sent):
        if button["text"].startswith(label):
            return button["callback_data"]
    raise AssertionError(f"no button {label!r} in {[b['text'] for b in buttons(sent)]}")
