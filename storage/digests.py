"""What the daily digests and the overdue escalations are planned from, once per member and day.

A digest or an escalation is owed once: a dedup key in the outbox (a digest's member and
day) or a stamp on the follow-up (`escalated_at`) says it was handled, so several workers
planning at once never send it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from storage.models import Followup, Member, OutboxMessage


def escalation_candidates(session: Session, due_before: datetime, limit: int) -> list[Followup]:
    """Open follow-ups overdue since before `due_before` whose creator was not told yet.

    Locked (skipping rows another worker holds) so two workers never tell twice.
    """
    return list(
        session.scalars(
            select(Followup)
            .options(
                joinedload(Followup.party),
                joinedload(Followup.assignee),
                joinedload(Followup.creator),
            )
            .where(
                Followup.status == "open",
                Followup.escalated_at.is_(None),
                Followup.due_at <= due_before,
            )
            .order_by(Followup.due_at, Followup.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Followup)
        ).unique()
    )


def mark_escalated(session: Session, followup_id: int, now: datetime) -> bool:
    """The guarded half of an escalation: only the first worker to get here tells."""
    result = session.execute(
        update(Followup)
        .where(Followup.id == followup_id, Followup.escalated_at.is_(None))
        .values(escalated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def digest_members(session: Session) -> list[Member]:
    """Everyone who wants a daily digest."""
    return list(session.scalars(select(Member).where(Member.digest_enabled.is_(True))))


def taken_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of these outbox dedup keys exist already (queued, sent or skipped)."""
    if not keys:
        return set()
    found = session.scalars(
        select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.in_(keys))
    )
    return {k for k in found if k is not None}


def record_skipped(
    session: Session, member_id: int, kind: str, dedup_key: str, now: datetime
) -> bool:
    """Remember that a message was considered and there was nothing to say, so it is not
    reconsidered later the same day (a digest with nothing in it is no message).

    False when another worker took the key first."""
    row = OutboxMessage(
        member_id=member_id,
        kind=kind,
        dedup_key=dedup_key,
        payload={},
        state="skipped",
        not_before=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True
