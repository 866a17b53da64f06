"""The figures `report` shows for one period, per member, in five GROUP BY statements.

Each statement groups by the member a figure belongs to (who logged the activity, who owns
the customer or the deal, who was assigned the follow-up), so the team table comes from the
same rows as the totals, and `report @bob` is one of those rows. Figures, defined once:
- contacts: activities by kind, logged in the period (complaints among them);
- new customers: created in the period as customers, and customers whose first won deal
  closed in it (a prospect won over); new prospects: created in the period as prospects;
- follow-ups by due time in the period (cancelled ones left out): done on time (closed at
  or before the due time), done late, still open;
- deals won and lost by the moment they closed, count and value per currency;
- days to won: from the customer's first activity before the win (else its creation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from storage.deals import cents, money_sum
from storage.models import Activity, Deal, Followup, Party

Owner = int | None


@dataclass
class Figures:
    contacts: dict[str, int] = field(default_factory=dict)
    new_customers: int = 0
    new_prospects: int = 0
    on_time: int = 0
    late: int = 0
    still_open: int = 0
    won_count: int = 0
    won_counts: dict[str, int] = field(default_factory=dict)
    """Won deals per currency, for the average won deal in each."""
    won_value: dict[str, Decimal] = field(default_factory=dict)
    lost_count: int = 0
    lost_value: dict[str, Decimal] = field(default_factory=dict)
    days_to_won: float = 0.0
    """The sum over won deals; divided by `won_count` when shown."""

    def add(self, other: Figures) -> None:
        """Fold another member's figures into these (the team's total)."""
        for kind, count in other.contacts.items():
            self.contacts[kind] = self.contacts.get(kind, 0) + count
        for name in ("new_customers", "new_prospects", "on_time", "late", "still_open"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.won_count += other.won_count
        self.lost_count += other.lost_count
        self.days_to_won += other.days_to_won
        _add_money(self.won_value, other.won_value)
        for currency, count in other.won_counts.items():
            self.won_counts[currency] = self.won_counts.get(currency, 0) + count
        _add_money(self.lost_value, other.lost_value)

    @property
    def empty(self) -> bool:
        counts = (self.new_customers, self.new_prospects, self.on_time, self.late)
        return not any((*self.contacts.values(), *counts, self.still_open)) and not (
            self.won_count or self.lost_count
        )


def by_member(session: Session, start: datetime, end: datetime) -> dict[Owner, Figures]:
    """Every figure of the period [start, end) for each member (None: no owner)."""
    figures: dict[Owner, Figures] = defaultdict(Figures)
    _contacts(session, start, end, figures)
    _parties(session, start, end, figures)
    _followups(session, start, end, figures)
    _closed(session, start, end, figures)
    _days_to_won(session, start, end, figures)
    return dict(figures)


def _contacts(session: Session, start: datetime, end: datetime, out: dict[Owner, Figures]) -> None:
    rows = session.execute(
        select(Activity.member_id, Activity.kind, func.count())
        .where(Activity.occurred_at >= start, Activity.occurred_at < end)
        .group_by(Activity.member_id, Activity.kind)
    )
    for member_id, kind, count in rows:
        out[member_id].contacts[kind] = count


def _parties(session: Session, start: datetime, end: datetime, out: dict[Owner, Figures]) -> None:
    """New customers and prospects: those created in the period as such, and the parties
    whose first won deal closed in it (counted once if both). Two index ranges, not a pass
    over every party: the period's parties by their creation, the period's wins by their
    close, whose parties' wins are then read by ix_deals_party to keep the first ones."""
    created = and_(Party.created_at >= start, Party.created_at < end)
    rows = session.execute(
        select(Party.owner_id, Party.relationship_kind, func.count())
        .where(created)
        .group_by(Party.owner_id, Party.relationship_kind)
    )
    for owner_id, kind, count in rows:
        figures = out[owner_id]
        if kind == "customer":
            figures.new_customers += count
        elif kind == "prospect":
            figures.new_prospects += count
    won_here = select(Deal.party_id).where(
        Deal.status == "won", Deal.closed_at >= start, Deal.closed_at < end
    )
    first_won = (
        select(Deal.party_id)
        .where(Deal.status == "won", Deal.party_id.in_(won_here))
        .group_by(Deal.party_id)
        .having(func.min(Deal.closed_at) >= start)
    )
    wins = session.execute(
        select(Party.owner_id, func.count())
        .where(Party.id.in_(first_won), ~and_(created, Party.relationship_kind == "customer"))
        .group_by(Party.owner_id)
    )
    for owner_id, count in wins:
        out[owner_id].new_customers += count


def _followups(session: Session, start: datetime, end: datetime, out: dict[Owner, Figures]) -> None:
    done = Followup.status == "done"
    rows = session.execute(
        select(
            Followup.assignee_id,
            _count_if(and_(done, Followup.closed_at <= Followup.due_at)),
            _count_if(and_(done, Followup.closed_at > Followup.due_at)),
            _count_if(Followup.status == "open"),
        )
        .where(Followup.due_at >= start, Followup.due_at < end, Followup.status != "cancelled")
        .group_by(Followup.assignee_id)
    )
    for member_id, on_time, late, still_open in rows:
        figures = out[member_id]
        figures.on_time, figures.late, figures.still_open = (
            int(on_time or 0),
            int(late or 0),
            int(still_open or 0),
        )


def _closed(session: Session, start: datetime, end: datetime, out: dict[Owner, Figures]) -> None:
    rows = session.execute(
        select(Deal.owner_id, Deal.status, Deal.currency, func.count(), money_sum(Deal.value))
        .where(Deal.status.in_(("won", "lost")), Deal.closed_at >= start, Deal.closed_at < end)
        .group_by(Deal.owner_id, Deal.status, Deal.currency)
    )
    for owner_id, status, currency, count, total in rows:
        figures = out[owner_id]
        if status == "won":
            figures.won_count += count
            figures.won_counts[currency] = count
            figures.won_value[currency] = cents(total)
        else:
            figures.lost_count += count
            figures.lost_value[currency] = cents(total)


def _days_to_won(
    session: Session, start: datetime, end: datetime, out: dict[Owner, Figures]
) -> None:
    first_activity = (
        select(func.min(Activity.occurred_at))
        .where(Activity.party_id == Deal.party_id, Activity.occurred_at <= Deal.closed_at)
        .scalar_subquery()
    )
    began = func.coalesce(first_activity, Party.created_at)
    rows = session.execute(
        select(Deal.owner_id, func.sum(_days(session, Deal.closed_at, began)))
        .join(Party, Party.id == Deal.party_id)
        .where(Deal.status == "won", Deal.closed_at >= start, Deal.closed_at < end)
        .group_by(Deal.owner_id)
    )
    for owner_id, days in rows:
        out[owner_id].days_to_won = float(days or 0)


def _days(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Days between two stored moments, with a fraction, on either backend."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400.0


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _add_money(into: dict[str, Decimal], more: dict[str, Decimal]) -> None:
    for currency, amount in more.items():
        into[currency] = into.get(currency, Decimal(0)) + amount
