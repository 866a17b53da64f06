"""Group chats the bot has seen members use, so an alert can name one by its title.

Telegram gives no way to list a bot's groups, so each group is remembered (and its title
kept current) when a member writes to the bot there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.folding import fold
from storage.models import GroupChat


def known(session: Session, platform: str, chat_id: str, title: str) -> bool:
    """Whether the group is remembered under this title already (a read, no write lock)."""
    found = session.scalar(
        select(GroupChat.title).where(GroupChat.platform == platform, GroupChat.chat_id == chat_id)
    )
    return found == (title.strip()[:255] or chat_id)


def seen(session: Session, platform: str, chat_id: str, title: str, now: datetime) -> None:
    """Remember the group (or its new title); a second process doing the same is harmless."""
    title = title.strip()[:255] or chat_id
    found = session.scalar(
        select(GroupChat).where(GroupChat.platform == platform, GroupChat.chat_id == chat_id)
    )
    if found is not None:
        if found.title != title:  # only a renamed group costs a write
            found.title, found.title_key, found.seen_at = title, fold(title)[:255], now
        return
    try:
        with session.begin_nested():
            session.add(
                GroupChat(platform=platform, chat_id=chat_id, title=title,
                          title_key=fold(title)[:255], seen_at=now)
            )  # fmt: skip
    except IntegrityError:
        return


def by_title(session: Session, platform: str, title: str) -> list[GroupChat]:
    """The groups of that title (folded: case and umlauts do not matter), latest first."""
    return list(
        session.scalars(
            select(GroupChat)
            .where(GroupChat.platform == platform, GroupChat.title_key == fold(title)[:255])
            .order_by(GroupChat.seen_at.desc())
        )
    )
