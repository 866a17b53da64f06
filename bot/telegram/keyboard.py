"""Inline keyboards whose buttons carry command lines, within Telegram's 64-byte limit.

A short command travels in the button itself (`c:done 12`); a longer one is kept in the
chat's context under a token (`k:Ab3dE_f9`) and looked up when pressed. Either way a press
runs a command as the member who pressed, exactly as if they had typed it.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.render import Key
from storage import chat_contexts
from storage.db import Database

CALLBACK_LIMIT = 64
PLATFORM = "telegram"


def markup(
    db: Database, chat_key: str, member_id: int | None, rows: tuple[tuple[Key, ...], ...]
) -> InlineKeyboardMarkup | None:
    """The keyboard for `rows`; without a member to own the stored commands, buttons too
    long to carry are left out rather than sent broken."""
    if not rows:
        return None
    built: list[list[InlineKeyboardButton]] = []
    stores = member_id is not None and any(not _fits(k) for row in rows for k in row)
    with db.session() if stores else db.read_session() as session:  # no write lock needed
        for row in rows:
            buttons = []
            for key in row:
                data = f"c:{key.command}"
                if not _fits(key):
                    if member_id is None:
                        continue
                    token = chat_contexts.store_command(
                        session, PLATFORM, chat_key, member_id, key.command
                    )
                    data = f"k:{token}"
                buttons.append(InlineKeyboardButton(key.label, callback_data=data))
            if buttons:
                built.append(buttons)
    return InlineKeyboardMarkup(built) if built else None


def _fits(key: Key) -> bool:
    """Whether the command travels in the button itself."""
    return len(f"c:{key.command}".encode()) <= CALLBACK_LIMIT


def command_of(db: Database, chat_key: str, data: str) -> str | None:
    """The command line a pressed button stands for; None for an unknown or expired one."""
    kind, _, value = data.partition(":")
    if kind == "c" and value:
        return value
    if kind == "k" and value:
        with db.session() as session:
            return chat_contexts.stored_command(session, PLATFORM, chat_key, value)
    return None
