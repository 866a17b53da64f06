"""Members of the team, their platform accounts and invites."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import (
    Base,
)
from storage.types import UTCDateTime, utcnow


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), default="member")
    language: Mapped[str] = mapped_column(String(8), default="de")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    digest_time: Mapped[str] = mapped_column(String(5), default="08:00")
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    notify: Mapped[str] = mapped_column(String(8), default="all", server_default="all")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    """False once an admin removed the member: no reminders, not offered as a colleague."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    identities: Mapped[list[Identity]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Identity(Base):
    """One member's account on one platform; `chat_id` is where a direct message goes."""

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("platform", "team_id", "external_id"),
        Index("ix_identities_member", "member_id", "platform"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str] = mapped_column(String(64), default="")
    external_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[str | None] = mapped_column(String(128))
    # Set when the platform refused for good to deliver here (the bot blocked, the account
    # gone): reminders then go to the member's other platforms.
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(back_populates="identities")


class Invite(Base):
    __tablename__ = "invites"
    __table_args__ = (
        Index("ix_invites_member", "member_id"),
        Index("ix_invites_created_by", "created_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
