"""The audit trail: every change, who made it, and the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import (
    Base,
)
from storage.types import UTCDateTime, utcnow


class AuditEntry(Base):
    """Every change: who, when, what, and the values before and after.

    The entries of one command share a `batch`, so `undo` takes back a command whole;
    `undone_at` marks a batch taken back.
    """

    __tablename__ = "audit"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        Index("ix_audit_member", "member_id"),
        Index("ix_audit_member_at", "member_id", "at"),
        Index("ix_audit_at", "at"),
        Index("ix_audit_batch", "batch"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    batch: Mapped[str | None] = mapped_column(String(32))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
