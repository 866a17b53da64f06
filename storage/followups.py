"""Follow-ups: who must do what by when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload

from storage import audit
from storage.models import Followup, Party


def add(
    session: Session,
    actor_id: int,
    party: Party | None,
    text: str,
    due_at: datetime,
    assignee_id: int,
) -> Followup:
    followup = Followup(
        party_id=party.id if party else None,
        text=text,
        due_at=due_at,
        assignee_id=assignee_id,
        creator_id=actor_id,
    )
    session.add(followup)
    audit.record(session, actor_id, followup, "create")
    return followup


def get(session: Session, followup_id: int) -> Followup | None:
    return session.get(Followup, followup_id, options=[joinedload(Followup.party)])


def close(session: Session, actor_id: int, followup: Followup, status: str, now: datetime) -> None:
    before = audit.snapshot(followup)
    followup.status = status
    followup.closed_at = now
    audit.record(session, actor_id, followup, "update", before)


def reopen(session: Session, actor_id: int, followup: Followup) -> None:
    """Open again, with a fresh reminder if its time is still ahead."""
    before = audit.snapshot(followup)
    followup.status = "open"
    followup.closed_at = None
    followup.reminder_state = "pending"
    followup.lease_until = None
    audit.record(session, actor_id, followup, "update", before)


def reassign(session: Session, actor_id: int, followup: Followup, assignee_id: int) -> None:
    before = audit.snapshot(followup)
    followup.assignee_id = assignee_id
    audit.record(session, actor_id, followup, "update", before)


def reschedule(session: Session, actor_id: int, followup: Followup, due_at: datetime) -> None:
    """A new due time also means a new reminder: the old one must never fire."""
    before = audit.snapshot(followup)
    followup.due_at = due_at
    followup.reminder_state = "pending"
    followup.lease_until = None
    followup.reminded_at = None
    followup.escalated_at = None
    audit.record(session, actor_id, followup, "update", before)


def open_for_assignee(
    session: Session, member_id: int, due_before: datetime | None = None,
    limit: int | None = None,
) -> list[Followup]:  # fmt: skip
    """A member's open follow-ups, soonest due first (the first `limit` of them)."""
    query = (
        select(Followup)
        .options(joinedload(Followup.party))
        .where(*_open_of(member_id, due_before))
        .order_by(Followup.due_at, Followup.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def count_open_for_assignee(
    session: Session, member_id: int, due_before: datetime | None = None
) -> int:
    """How many open follow-ups a member has, from ix_followups_assignee_due alone."""
    query = select(func.count()).select_from(Followup).where(*_open_of(member_id, due_before))
    return session.scalar(query) or 0


def _open_of(member_id: int, due_before: datetime | None) -> list[ColumnElement[bool]]:
    where = [Followup.assignee_id == member_id, Followup.status == "open"]
    if due_before is not None:
        where.append(Followup.due_at < due_before)
    return where


def open_for_parties(session: Session, party_ids: list[int]) -> list[Followup]:
    return list(
        session.scalars(
            select(Followup)
            .options(joinedload(Followup.assignee), joinedload(Followup.party))
            .where(Followup.party_id.in_(party_ids), Followup.status == "open")
            .order_by(Followup.due_at)
        )
    )


def all_for_parties(session: Session, party_ids: list[int], limit: int) -> list[Followup]:
    return list(
        session.scalars(
            select(Followup)
            .options(joinedload(Followup.assignee))
            .where(Followup.party_id.in_(party_ids))
            .order_by(Followup.due_at.desc())
            .limit(limit)
        )
    )
