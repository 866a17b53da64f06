"""What came in (the journal), what must go out (the outbox), and what each chat works on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import (
    Base,
)
from storage.types import UTCDateTime, utcnow


class InboundMessage(Base):
    """Every command as received, written before it is handled.

    Two jobs: nothing a member typed is lost when handling crashes (the row stays, marked
    failed), and a platform's retry of the same delivery (`delivery_key`: Slack event id,
    Telegram update id) is answered from `reply` instead of being handled twice.
    """

    __tablename__ = "inbound"
    __table_args__ = (
        Index("ix_inbound_status", "status", "received_at"),
        Index("ix_inbound_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    delivery_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    channel: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="received")
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    origin: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What the platform needs to answer later (a Slack response_url, the user and team):
    a row journalled before the acknowledgement can still be answered after a restart."""


class OutboxMessage(Base):
    """A message the bot owes someone (a notice, a reminder, a digest), kept until sent.

    Workers claim rows with a lease like follow-ups, so a crash between claim and send only
    delays the message. `dedup_key` keeps the same message from being queued twice.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state", "state", "not_before"),
        Index("ix_outbox_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(16))
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    chat: Mapped[str | None] = mapped_column(String(120))
    """A group chat it goes to instead of the member's own (config/chats.py's syntax:
    `slack:#sales`, `telegram:-100123`); the member is then only whose language it speaks."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ChatContext(Base):
    """What a chat is working on (the current customer), so a phone user need not repeat it."""

    __tablename__ = "chat_contexts"
    __table_args__ = (
        UniqueConstraint("platform", "chat_key"),
        Index("ix_chat_contexts_member", "member_id"),
        Index("ix_chat_contexts_party", "party_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_key: Mapped[str] = mapped_column(String(128))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class GroupChat(Base):
    """A group chat the bot has seen members use (a Telegram group), by its title, so an
    alert can name it (`-> #Vertrieb`) as people see it."""

    __tablename__ = "group_chats"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id"),
        Index("ix_group_chats_title_key", "title_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    title_key: Mapped[str] = mapped_column(String(255))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
