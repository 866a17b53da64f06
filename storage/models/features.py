"""Calendar feeds, API tokens, shared send budgets and kept uploads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import (
    Base,
)
from storage.types import UTCDateTime, utcnow


class CalendarFeed(Base):
    """A member's private calendar link; only a SHA-256 of its secret is kept, so a copy of
    the database hands out no working links."""

    __tablename__ = "calendar_feeds"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token for `/api/v1`. Only a SHA-256 of the token is kept; `key` is its public
    prefix, so a request finds its row by an index and compares the hash in constant time.
    The API acts as `member_id`, the admin who made it, so the audit names a person."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    key: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(5))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SendBudget(Base):
    """A token bucket shared by every process that sends to one platform: `tokens` left at
    `refilled_at`; `version` guards each take, so two workers never spend the same token."""

    __tablename__ = "send_budgets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    refilled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=0)


class Upload(Base):
    """A file a member sent the bot to act on at a button press (a CSV awaiting "Import").

    Removed when acted on, and after UPLOAD_HOURS (storage.uploads); a GDPR erasure removes
    every upload, since a customer file is personal data the scan of text columns misses.
    """

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
