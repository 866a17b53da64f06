"""Members' calendar links, found by the hash of their secret."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from storage.models import AuditEntry, CalendarFeed, Deal


def feed_of(session: Session, member_id: int) -> CalendarFeed | None:
    return session.get(CalendarFeed, member_id)


def set_secret(session: Session, member_id: int, secret_hash: str) -> None:
    """A new secret replaces the old one, which stops working at once. The audit says that
    the link was made or replaced, never the hash."""
    feed = feed_of(session, member_id)
    action = "update" if feed else "create"
    if feed is None:
        feed = CalendarFeed(member_id=member_id, secret_hash=secret_hash)
        session.add(feed)
    feed.secret_hash = secret_hash
    session.add(
        AuditEntry(member_id=member_id, entity="calendar_feeds", entity_id=member_id, action=action)
    )
    session.flush()


def member_with(session: Session, secret_hash: str) -> int | None:
    query = select(CalendarFeed.member_id).where(CalendarFeed.secret_hash == secret_hash)
    return session.scalar(query)


def closing_deals(session: Session, owner_id: int) -> list[Deal]:
    """The member's open deals that have an expected close day, soonest first."""
    query = (
        select(Deal)
        .options(joinedload(Deal.party))
        .where(Deal.owner_id == owner_id, Deal.status == "open", Deal.close_on.is_not(None))
        .order_by(Deal.close_on, Deal.id)
    )
    return list(session.scalars(query))
