"""What the bot says to people it cannot serve: strangers, and anonymous group admins.

Anyone can find a bot or share a group with it. A stranger hears how to join once per
group (the refusal is remembered per chat and user), and in a private chat each time;
nothing they wrote is stored. An admin writing anonymously in a group arrives as Telegram's
GroupAnonymousBot with the group as `sender_chat`: no member can be recognised in that, so
they are asked to write from their own account.
"""

from __future__ import annotations

from telegram import Message, User

from bot.telegram.payloads import Chat
from handlers.i18n import translator
from storage import refusals
from storage.db import Database

PLATFORM = "telegram"
ANONYMOUS_ADMIN_ID = 1087968824
"""The user id Telegram sends for an admin who writes anonymously ("GroupAnonymousBot")."""


def refusal(user: User, line: str) -> str:
    """What a stranger hears, in their own language."""
    t = translator("de" if (user.language_code or "").lower().startswith("de") else "en")
    verb, _, code = line.partition(" ")
    if verb == "start" and code.strip():
        return t(
            "This invite code is not valid any more (used or expired). "
            "Please ask your admin for a new one."
        )
    return t(
        "Sorry, this bot works only for members of our team. "
        "If you are one, ask an admin for an invite code and send: /start CODE"
    )


def should_refuse(db: Database, user: User, chat: Chat) -> bool:
    """In a group only the first time for this user; in a private chat every time."""
    if not chat.is_group:
        return True
    with db.session() as session:
        return refusals.first_refusal(session, PLATFORM, chat.chat_key, str(user.id))


def is_anonymous(message: Message) -> bool:
    """An admin writing as the group (or a channel posting into it), not as a person."""
    return message.sender_chat is not None or (
        message.from_user is not None and message.from_user.id == ANONYMOUS_ADMIN_ID
    )


def anonymous_hint(language: str) -> str:
    t = translator(language)
    return t(
        "I cannot tell who you are when you write anonymously as the group. "
        "Please write from your own account (turn off \u201cRemain anonymous\u201d), "
        "or message me privately."
    )
