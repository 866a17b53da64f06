"""Shared segments and alert rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import (
    Base,
)
from storage.types import UTCDateTime, utcnow


class Segment(Base):
    """A named, shared set of filters (`segment save vip-berlin: city=Berlin tag=vip`),
    kept as the member wrote them and read afresh each time, so `quiet=90d` stays relative."""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    name_key: Mapped[str] = mapped_column(String(60), unique=True)
    filters: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertRule(Base):
    """`alert complaint -> owner`: an event the worker watches for and whom it tells.

    `event` is complaint, quiet, stuck, won or complaints; `days`, `count`, `amount` and
    `abc` hold its condition; `target` is owner, admins, member (then `target_member_id`)
    or chat (a channel or group: `target_chat`).
    """

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(16))
    days: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    abc: Mapped[str | None] = mapped_column(String(1))
    target: Mapped[str] = mapped_column(String(16))
    target_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE")
    )
    target_chat: Mapped[str | None] = mapped_column(String(120))
    """For `target` chat: where (config/chats.py's syntax), and `target_name` as written."""
    target_name: Mapped[str | None] = mapped_column(String(120))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertSnooze(Base):
    """A rule kept quiet about one customer until a moment (the alert's snooze button)."""

    __tablename__ = "alert_snoozes"

    rule_id: Mapped[int] = mapped_column(
        ForeignKey("alert_rules.id", ondelete="CASCADE"), primary_key=True
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), primary_key=True
    )
    until: Mapped[datetime] = mapped_column(UTCDateTime)


class AbcRanking(Base):
    """Where classes A and B end in the last ABC ranking of a currency's revenue (the worker's,
    every few minutes; handlers/analytics/abc.py), so a card places one customer by its own
    revenue without ranking every customer again.

    A customer ranks before another by more revenue, then by the lower id: it is A if it
    ranks no later than (`a_revenue`, `a_party_id`), B if no later than the B pair, else C.
    The pairs are empty when no customer had revenue.
    """

    __tablename__ = "abc_rankings"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    ranked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    total: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    a_revenue: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    a_party_id: Mapped[int | None] = mapped_column(Integer)
    b_revenue: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    b_party_id: Mapped[int | None] = mapped_column(Integer)
