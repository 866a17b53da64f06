"""Telegram payloads as the CRM's command lines: text, shared contacts, places and files.

Only translation lives here; what a shared location or photo means is decided by the
verbs they become (handlers/conversation.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from telegram import Message, Update
from telegram.constants import ChatType

from handlers.conversation import duration

_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Chat:
    """Where an update happened. In a group each member has their own current customer
    (`member_key`), while buttons belong to the chat they were sent to (`chat_key`); in a
    forum, answers stay in the topic (`thread_id`) they were asked in."""

    chat_id: int
    user_id: int
    is_group: bool
    thread_id: int | None = None
    title: str = ""

    @property
    def chat_key(self) -> str:
        return str(self.chat_id)

    @property
    def member_key(self) -> str:
        return f"{self.chat_id}:{self.user_id}" if self.is_group else self.chat_key


def chat_of(update: Update) -> Chat | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    message = update.effective_message
    topic = message is not None and message.is_accessible and message.is_topic_message
    thread = message.message_thread_id if message is not None and topic else None
    return Chat(chat.id, user.id, chat.type != ChatType.PRIVATE, thread, chat.title or "")


_ENVELOPE = {"message_id", "date", "chat", "from", "update_id", "entities"}


def update_kind(update: Update) -> str:
    """What an update held, by field names only (`message: sticker`), for the journal."""
    fields = update.to_dict()
    kinds = [key for key in fields if key != "update_id"]
    message = fields.get("message")
    inside = (
        sorted(k for k, v in message.items() if v is not False and k not in _ENVELOPE)
        if isinstance(message, dict)
        else []
    )
    return ", ".join(kinds) + (": " + ", ".join(inside) if inside else "")


def command_line(text: str, is_group: bool, username: str) -> str | None:
    """The command a text message holds, or None when it is not for this bot.

    `/find@bot x` and `/find x` become `find x`; in a group, plain text counts only when
    it starts with `@bot`, and a command addressed to another bot is not ours.
    """
    stripped = text.strip()
    mention = f"@{username}".lower()
    if stripped.startswith("/"):
        head, *rest = _WHITESPACE.split(stripped[1:], maxsplit=1)
        verb, _, target = head.partition("@")
        if target and target.lower() != username.lower():
            return None
        return f"{verb} {rest[0] if rest else ''}".strip()
    if stripped.lower().startswith(mention):
        return stripped[len(mention) :].strip()
    return None if is_group else stripped


def field_line(message: Message) -> str | None:
    """A shared contact, location, photo, document or recording as the command it stands for."""
    if message.contact is not None:
        name = " ".join(filter(None, (message.contact.first_name, message.contact.last_name)))
        return f"contact {name} phone={_international(message.contact.phone_number)}"
    if message.location is not None:
        return f"checkin {message.location.latitude},{message.location.longitude}"
    caption = message.caption or ""
    if message.photo:
        return f"attach photo {message.photo[-1].file_id} {caption}".strip()
    if message.document is not None:
        words = " \u2014 ".join(filter(None, (message.document.file_name, caption)))
        return f"attach document {message.document.file_id} {words}".strip()
    return _recording_line(message, caption)


def _recording_line(message: Message, caption: str) -> str | None:
    """A voice message, audio, video note or video, with its length (`attach voice <id> 0:42`)."""
    recordings = {
        "voice": message.voice,
        "audio": message.audio,
        "video_note": message.video_note,
        "video": message.video,
    }
    for kind, media in recordings.items():
        if media is not None:
            name = getattr(media, "file_name", None)
            words = " \u2014 ".join(filter(None, (name, caption)))
            length = duration(int(seconds(media.duration)))
            return f"attach {kind} {media.file_id} {length} {words}".strip()
    return None


def _international(phone: str) -> str:
    """Telegram sends numbers as bare digits with the country code ("491711234567")."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return digits if digits.startswith(("+", "0")) else f"+{digits}"


def seconds(value: int | timedelta) -> float:
    """python-telegram-bot 22 gives durations as int, or timedelta when opted in."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
