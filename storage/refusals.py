"""Strangers are refused once per chat: a group must not hear the refusal on every message.

The refusal is a journal row under a key naming the chat and the user, so the journal's
unique delivery key makes "once" hold across processes and restarts.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage import journal

REFUSED = "refused"


def first_refusal(session: Session, platform: str, chat_key: str, user_key: str) -> bool:
    """True the first time this user is refused in this chat; nothing of theirs is kept."""
    journal_id, _stored, repeat = journal.receive(
        session,
        platform=platform,
        text="stranger refused",
        member_id=None,
        channel=chat_key,
        delivery_key=f"{platform}:refused:{chat_key}:{user_key}",
    )
    if not repeat:
        journal.settle(session, journal_id, REFUSED, {})
    return not repeat
