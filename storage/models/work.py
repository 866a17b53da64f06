"""What happens with a customer: the activities logged and the follow-ups planned."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import (
    Base,
)
from storage.models.parties import Party
from storage.models.people import Member
from storage.types import UTCDateTime, utcnow


class Activity(Base):
    """Something that happened. Never edited: a correction is a new row pointing back."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_party_occurred", "party_id", "occurred_at"),
        Index("ix_activities_member_occurred", "member_id", "occurred_at"),
        Index("ix_activities_corrects", "corrects_id"),
        Index("ix_activities_occurred", "occurred_at", "member_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    party: Mapped[Party] = relationship()
    member: Mapped[Member] = relationship()


class Followup(Base):
    """Something someone must do by a time, and the delivery state of its reminder.

    `reminder_state` is pending until a worker claims it (claimed, with `lease_until`) and
    marks it sent; a snooze sets it back to pending with the new `due_at`. A send that must
    wait (a rate limit, a failure) goes back to pending with `not_before`.
    """

    __tablename__ = "followups"
    __table_args__ = (
        Index("ix_followups_due", "status", "reminder_state", "due_at"),
        Index("ix_followups_assignee_due", "assignee_id", "status", "due_at"),
        Index("ix_followups_party_due", "party_id", "status", "due_at"),
        Index("ix_followups_open_due", "status", "escalated_at", "due_at"),
        Index("ix_followups_creator", "creator_id"),
        Index("ix_followups_due_at", "due_at", "assignee_id", "status", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    creator_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_state: Mapped[str] = mapped_column(String(16), default="pending")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    party: Mapped[Party | None] = relationship()
    assignee: Mapped[Member] = relationship(foreign_keys=[assignee_id])
    creator: Mapped[Member] = relationship(foreign_keys=[creator_id])
