"""A send budget shared across processes: a token bucket in one row per platform.

Telegram allows about 30 messages a second per bot, however many workers send. Each send
takes a token with a guarded UPDATE (on the version it read), so two processes never spend
the same token; a take that loses the race reads again. No lock is held while waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import SendBudget

RACE_ATTEMPTS = 5


@dataclass(frozen=True)
class Budget:
    """`rate` tokens a second, at most `burst` saved up."""

    name: str
    rate: float
    burst: float


def take(session: Session, budget: Budget, now: datetime) -> float:
    """Take one token: 0.0 when taken, else the seconds until one is due (nothing taken)."""
    for _attempt in range(RACE_ATTEMPTS):
        row = _row(session, budget, now)
        elapsed = max(0.0, (now - row.refilled_at).total_seconds())  # clocks may differ a bit
        available = min(budget.burst, row.tokens + elapsed * budget.rate)
        if available < 1:
            return (1 - available) / budget.rate
        result = session.execute(
            update(SendBudget)
            .where(SendBudget.name == budget.name, SendBudget.version == row.version)
            .values(
                tokens=available - 1, refilled_at=max(now, row.refilled_at), version=row.version + 1
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0):
            return 0.0
        session.expire_all()
    return 1 / budget.rate


def _row(session: Session, budget: Budget, now: datetime) -> SendBudget:
    """The budget's row, created full on first use; a concurrent creation is reused."""
    query = select(SendBudget).where(SendBudget.name == budget.name)
    row = session.scalar(query)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = SendBudget(name=budget.name, tokens=budget.burst, refilled_at=now, version=0)
            session.add(row)
    except IntegrityError:
        row = session.scalar(query)
        assert row is not None
    return row
