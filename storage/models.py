"""The CRM's tables as typed SQLAlchemy 2 models.

Companies and contacts share one table (`parties`) because every verb that names a customer
(`show`, `log`, `followup`, `history`) accepts either; single-table inheritance still gives each
its own class.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RELATIONSHIPS = ("customer", "prospect", "supplier", "partner", "investor", "press", "other")
ACTIVITY_KINDS = ("call", "meeting", "visit", "email", "note", "complaint")
FOLLOWUP_STATUSES = ("open", "done", "cancelled", "paused")
"""`paused`: its customer is deleted; restoring the customer opens it again."""
DEAL_STATUSES = ("open", "won", "lost")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


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


class Party(Base):
    """A company or a contact: anyone the team keeps a relationship with."""

    __tablename__ = "parties"
    __table_args__ = (
        Index("ix_parties_search_key", "search_key"),
        Index("ix_parties_company_name", "company_id", "name"),
        Index("ix_parties_owner", "owner_id"),
        Index("ix_parties_core_key", "core_key"),
        Index("ix_parties_phone_e164", "phone_e164"),
        Index("ix_parties_email_key", "email_key"),
        Index("ix_parties_city_key", "city_key", "search_key"),
        Index("ix_parties_owner_key", "owner_id", "search_key"),
        Index("ix_parties_kind", "relationship_kind", "search_key"),
        Index("ix_parties_last_contact", "last_contact_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_type: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(String(200))
    relationship_kind: Mapped[str] = mapped_column(String(16), default="customer")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    core_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The folded name without legal forms (GmbH, AG, ...): "Müller GmbH" and "Müller AG"
    are one firm to a person, so adding the second asks first."""
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    email_key: Mapped[str | None] = mapped_column(String(200))
    city_key: Mapped[str | None] = mapped_column(String(120))
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """The newest logged contact (notes aside), here or at a contact: `list quiet=90d`."""
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    """Set on a merged duplicate, which stays (deleted) so that its old name finds the target."""

    owner: Mapped[Member | None] = relationship()
    company: Mapped[Party | None] = relationship(
        remote_side=[id], back_populates="contacts", foreign_keys=[company_id]
    )
    contacts: Mapped[list[Party]] = relationship(
        back_populates="company", foreign_keys=[company_id]
    )

    __mapper_args__ = {"polymorphic_on": "party_type", "polymorphic_identity": "party"}


class Company(Party):
    __mapper_args__ = {"polymorphic_identity": "company"}


class Contact(Party):
    __mapper_args__ = {"polymorphic_identity": "contact"}


class PartyTag(Base):
    """One tag of one party, kept beside `Party.tags` so that `list tag=` reads an index."""

    __tablename__ = "party_tags"
    __table_args__ = (Index("ix_party_tags_tag", "tag", "party_id"),)

    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)


class PartyNameChange(Base):
    """The last change of each party's name, stamped by triggers (migration 0002).

    Written only by the database itself; each process's name index reads it to learn what
    other processes added, renamed or deleted since its last look (storage.search.feed).
    """

    __tablename__ = "party_name_changes"
    __table_args__ = (Index("ix_party_name_changes_stamp", "stamp"),)

    party_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(BigInteger)


class Activity(Base):
    """Something that happened. Never edited: a correction is a new row pointing back."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_party_occurred", "party_id", "occurred_at"),
        Index("ix_activities_member_occurred", "member_id", "occurred_at"),
        Index("ix_activities_corrects", "corrects_id"),
        Index("ix_activities_occurred", "occurred_at"),
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


class Deal(Base):
    """Something the team can win: a value, a stage, and when it is expected to close.

    `stage` names an entry of the team's CRM_STAGES; `probability` (percent) is set only when
    a member overrides the stage's. `touched_at` is the last time the deal moved: created,
    changed stage, or an activity with its customer. The stalest deal of a stage is the one
    with the oldest `touched_at`, which an index finds without reading the rest;
    `ix_deals_figures` holds every column pipeline and forecast add up, so they read the index
    alone, never the table.
    """

    __tablename__ = "deals"
    __table_args__ = (
        Index("ix_deals_stage", "status", "stage", "touched_at"),
        Index(
            "ix_deals_figures", "status", "stage", "currency", "close_on", "probability", "value"
        ),
        Index("ix_deals_owner", "owner_id", "status", "value"),
        Index("ix_deals_party", "party_id", "status"),
        Index("ix_deals_close", "status", "close_on"),
        Index("ix_deals_closed", "status", "closed_at"),
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
    `abc` hold its condition; `target` is owner, admins or member (then `target_member_id`).
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
