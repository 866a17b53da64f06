"""What a chat is working on: its current customer, button commands too long to carry, and
what its recent messages said.

A phone user should not retype the customer for every note, so a chat remembers the one it
looked at last. Chat buttons can carry only a few bytes (Telegram: 64), so a longer command
line is kept here under a short random token, per chat, and looked up when pressed.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage import upserts
from storage.models import ChatContext, Party
from storage.types import utcnow

MAX_STORED_COMMANDS = 200
MAX_REMEMBERED_MESSAGES = 100
TOKEN_BYTES = 6


def current_party(session: Session, platform: str, chat_key: str) -> Party | None:
    """The customer this chat works on, or None."""
    row = _get(session, platform, chat_key)
    if row is None or row.party_id is None:
        return None
    return session.get(Party, row.party_id)


def set_current(
    session: Session, platform: str, chat_key: str, member_id: int, party_id: int
) -> None:
    """After nearly every command: one upsert, whether the chat has a row yet or not."""
    values = {"party_id": party_id, "member_id": member_id, "updated_at": utcnow()}
    session.execute(
        upserts.insert(session, ChatContext)
        .values(platform=platform, chat_key=chat_key, **values)
        .on_conflict_do_update(index_elements=["platform", "chat_key"], set_=values)
    )


def store_command(
    session: Session, platform: str, chat_key: str, member_id: int, command: str
) -> str:
    """Keep a command line for a button and return its token; the oldest are forgotten."""
    row = _row(session, platform, chat_key, member_id, lock=True)
    pending: dict[str, Any] = dict(row.pending or {})
    commands: dict[str, str] = dict(pending.get("commands", {}))
    for token, known in commands.items():
        if known == command:
            return token
    token = secrets.token_urlsafe(TOKEN_BYTES)
    commands[token] = command
    pending["commands"] = dict(list(commands.items())[-MAX_STORED_COMMANDS:])
    row.pending = pending
    return token


def stored_command(session: Session, platform: str, chat_key: str, token: str) -> str | None:
    row = _get(session, platform, chat_key)
    if row is None or not row.pending:
        return None
    command = row.pending.get("commands", {}).get(token)
    return command if isinstance(command, str) else None


def remember_message(
    session: Session, platform: str, chat_key: str, member_id: int, message_id: str, text: str
) -> None:
    """Keep what a member's message said, so an edit of it can be told from the original
    (platforms send only the new text); the oldest are forgotten."""
    row = _row(session, platform, chat_key, member_id, lock=True)
    pending: dict[str, Any] = dict(row.pending or {})
    messages: dict[str, str] = dict(pending.get("messages", {}))
    messages.pop(message_id, None)
    messages[message_id] = text
    pending["messages"] = dict(list(messages.items())[-MAX_REMEMBERED_MESSAGES:])
    row.pending = pending


def remembered_message(
    session: Session, platform: str, chat_key: str, message_id: str
) -> str | None:
    row = _get(session, platform, chat_key)
    if row is None or not row.pending:
        return None
    text = row.pending.get("messages", {}).get(message_id)
    return text if isinstance(text, str) else None


def _get(session: Session, platform: str, chat_key: str, lock: bool = False) -> ChatContext | None:
    query = select(ChatContext).where(
        ChatContext.platform == platform, ChatContext.chat_key == chat_key
    )
    return session.scalar(query.with_for_update() if lock else query)


def _row(
    session: Session, platform: str, chat_key: str, member_id: int, lock: bool = False
) -> ChatContext:
    """The chat's row, created on first use; a concurrent creation wins and is reused."""
    row = _get(session, platform, chat_key, lock)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = ChatContext(platform=platform, chat_key=chat_key, member_id=member_id)
            session.add(row)
    except IntegrityError:
        row = _get(session, platform, chat_key, lock)
        assert row is not None
    return row
