"""Deals and their moves from stage to stage."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import (
    Base,
)
from storage.models.parties import Party
from storage.models.people import Member
from storage.types import UTCDateTime, utcnow


class Deal(Base):
    """Something the team can win: a value, a stage, and when it is expected to close.

    `stage` names an entry of the team's CRM_STAGES; `probability` (percent) is set only when
    a member overrides the stage's. `touched_at` is the last time the deal moved: created,
    changed stage, or an activity with its customer. The stalest deal of a stage is the one
    with the oldest `touched_at`, which an index finds without reading the rest.
    Pipeline, forecast and `deals` add up the open deals from DealMonthSum (a customer's
    from `ix_deals_party`); `ix_deals_value` and `ix_deals_owner` hand `deals` the largest
    first; `ix_deals_owner_stage` finds a member's stalest deal per stage; `ix_deals_closed` holds what forecast adds up of the won ones,
    and what `report` counts of the won and lost ones; `ix_deals_party` finds a customer's
    first win and adds up its open deals (`score`).
    """

    __tablename__ = "deals"
    __table_args__ = (
        Index("ix_deals_stage", "status", "stage", "touched_at"),
        Index("ix_deals_owner", "owner_id", "status", "value"),
        Index("ix_deals_value", "status", "value"),
        Index("ix_deals_owner_stage", "owner_id", "status", "stage", "touched_at"),
        Index("ix_deals_party", "party_id", "status", "closed_at", "currency", "value"),
        Index("ix_deals_close", "status", "close_on"),
        Index(
            "ix_deals_closed", "status", "closed_at", "currency", "value", "owner_id", "party_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    stage: Mapped[str] = mapped_column(String(32))
    probability: Mapped[int | None] = mapped_column(Integer)
    close_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open")
    lost_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    touched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    party: Mapped[Party] = relationship()
    owner: Mapped[Member] = relationship()


class DealMonthSum(Base):
    """Open deals added up per owner, stage, currency and month of expected close ('YYYY-MM',
    '' when undated), kept by triggers on `deals` (migration 0022) in the writing transaction.

    `forecast` and `pipeline` read these few thousand rows instead of every open deal. The
    stage percentages are configuration, so the rows keep what weighs without them: the
    weighted sum is (total - own_total) x stage percent + own_weighted, where the own_ sums
    are of the deals that carry their own percent.
    """

    __tablename__ = "deal_month_sums"

    owner_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stage: Mapped[str] = mapped_column(String(32), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    deals: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    own_total: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    own_weighted: Mapped[Decimal] = mapped_column(Numeric(20, 2))


class DealStage(Base):
    """One move of a deal from stage to stage (`from_stage` is None when it was created)."""

    __tablename__ = "deal_stages"
    __table_args__ = (Index("ix_deal_stages_deal", "deal_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id"))
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    deal: Mapped[Deal] = relationship()
    member: Mapped[Member | None] = relationship()
