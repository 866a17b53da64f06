"""When a reminder worker has something to do next: it sleeps until then, not a whole poll.

A worker wakes for a reminder or queued message falling due, and for a claim's lease
running out (storage/claims.py): a live worker renews its leases long before they end, so a
lease about to end is a dead worker's, which the idle worker wakes to take over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import Followup, OutboxMessage


def next_due(session: Session, after: datetime) -> datetime | None:
    """The earliest moment after `after` at which a reminder or a queued message falls due,
    or a claim's lease runs out, so a worker can wake exactly then instead of at its next
    poll. A live worker renews its leases long before they end (a quarter lease), so a lease
    about to end is a dead worker's: an idle worker wakes to take it over."""
    is_open = Followup.status == "open"
    found = [
        _earliest(session, Followup.due_at, after, is_open, Followup.reminder_state == "pending"),
        _earliest(
            session, Followup.lease_until, after, is_open, Followup.reminder_state == "claimed"
        ),
        _earliest(session, OutboxMessage.not_before, after, OutboxMessage.state == "pending"),
        _earliest(session, OutboxMessage.lease_until, after, OutboxMessage.state == "claimed"),
    ]
    return min((moment for moment in found if moment is not None), default=None)


def _earliest(
    session: Session,
    column: InstrumentedAttribute[Any],
    after: datetime,
    *where: ColumnElement[bool],
) -> datetime | None:
    """The smallest value of `column` after `after` among the rows `where` picks."""
    return session.scalar(select(column).where(*where, column > after).order_by(column).limit(1))
