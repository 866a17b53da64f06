"""`my_chat_member`: Telegram's word that the bot's place in a chat changed.

In a private chat `kicked` means the member blocked the bot: their Telegram identity is
marked unreachable at once (reminders then go to their other platforms), rather than after
the next reminder fails; `member` again means they unblocked it. Leaving or being removed
from a group changes no one's reachability. Every change is journalled.

A group a member writes to the bot in is remembered by its title (`remember_group`), so an
alert can be sent there: `alert won>=10000 -> #Vertrieb`.
"""

from __future__ import annotations

from datetime import datetime

from telegram import ChatMemberUpdated
from telegram.constants import ChatMemberStatus, ChatType

from bot.telegram.payloads import Chat
from storage import group_chats, journal, recipients
from storage.db import Database

PLATFORM = "telegram"
GONE = (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)


def changed(db: Database, update_id: int, change: ChatMemberUpdated, now: datetime) -> None:
    old, new = change.old_chat_member.status, change.new_chat_member.status
    user_key = str(change.from_user.id)
    with db.session() as session:
        if change.chat.type == ChatType.PRIVATE and new in GONE:
            recipients.mark_unreachable(session, PLATFORM, user_key, now)
        elif change.chat.type == ChatType.PRIVATE and new == ChatMemberStatus.MEMBER:
            recipients.mark_reachable(session, PLATFORM, user_key)
        journal.ignore(
            session,
            platform=PLATFORM,
            text=f"my_chat_member: {old} -> {new} in {change.chat.type} {change.chat.id}",
            delivery_key=f"{PLATFORM}:{update_id}",
            status="done",
        )


def remember_group(db: Database, chat: Chat, now: datetime) -> None:
    """A group is written down once (and again when renamed); every other message in it
    costs one read, not a write transaction."""
    if not chat.is_group:
        return
    with db.read_session() as session:
        if group_chats.known(session, PLATFORM, chat.chat_key, chat.title):
            return
    with db.session() as session:
        group_chats.seen(session, PLATFORM, chat.chat_key, chat.title, now)
