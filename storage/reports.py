"""The figures `report` shows for its periods, per member, in five statements.

Each statement is a UNION ALL of one GROUP BY per period (the period asked for and the one
before it: an index range each, tagged with the period's index), grouped by the member a
figure belongs to (who logged the activity, who owns the customer or the deal, who was
assigned the follow-up), so the team table comes from the same rows as the totals, and
`report @bob` is one of those rows. (One GROUP BY over both periods with a CASE for the
period costs SQLite twice the CPU: the CASE per row and a wider sort.) Figures, defined once:
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from storage.models import Activity, Deal, Followup, Party
from storage.money import cents, money_sum
from storage.trends import bucket

Owner = int | None
Window = tuple[datetime, datetime]
"""A period: the moments from `start` up to but not including `end`; a report's periods
follow one another, oldest first."""


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


PerPeriod = list[dict[Owner, Figures]]


def by_member(session: Session, windows: Sequence[Window]) -> PerPeriod:
    """Every figure of each period for each member (None: no owner), in the windows' order."""
    figures: PerPeriod = [defaultdict(Figures) for _ in windows]
    _contacts(session, windows, figures)
    _created(session, windows, figures)
    _followups(session, windows, figures)
    _closed(session, windows, figures)
    _won(session, windows, figures)
    return [dict(period) for period in figures]


def _per_period(
    windows: Sequence[Window], moment: Any, keys: Sequence[Any], figures: Sequence[Any], *where: Any
) -> CompoundSelect[Any]:
    """`figures` grouped by `keys` over the rows whose `moment` falls in each window, one
    GROUP BY per window in a UNION ALL, each row led by its window's index."""
    return union_all(
        *(
            select(literal(index).label("period"), *keys, *figures)
            .where(*where, _within(moment, window))
            .group_by(*keys)
            for index, window in enumerate(windows)
        )
    )


def _contacts(session: Session, windows: Sequence[Window], out: PerPeriod) -> None:
    keys = [Activity.member_id, Activity.kind]
    rows = _per_period(windows, Activity.occurred_at, keys, [func.count()])
    for period, member_id, kind, count in session.execute(rows):
        out[period][member_id].contacts[kind] = count


def _created(session: Session, windows: Sequence[Window], out: PerPeriod) -> None:
    """Customers and prospects created in each period, by their owner."""
    keys = [Party.owner_id, Party.relationship_kind]
    rows = _per_period(windows, Party.created_at, keys, [func.count()])
    for period, owner_id, kind, count in session.execute(rows):
        figures = out[period][owner_id]
        if kind == "customer":
            figures.new_customers += count
        elif kind == "prospect":
            figures.new_prospects += count


def _followups(session: Session, windows: Sequence[Window], out: PerPeriod) -> None:
    done = Followup.status == "done"
    counts = [
        _count_if(and_(done, Followup.closed_at <= Followup.due_at)),
        _count_if(and_(done, Followup.closed_at > Followup.due_at)),
        _count_if(Followup.status == "open"),
    ]
    rows = _per_period(
        windows, Followup.due_at, [Followup.assignee_id], counts, Followup.status != "cancelled"
    )
    for period, member_id, on_time, late, still_open in session.execute(rows):
        figures = out[period][member_id]
        figures.on_time, figures.late, figures.still_open = (
            int(on_time or 0),
            int(late or 0),
            int(still_open or 0),
        )


def _closed(session: Session, windows: Sequence[Window], out: PerPeriod) -> None:
    """Deals won and lost in each period: count and value per owner and currency."""
    rows = _per_period(
        windows,
        Deal.closed_at,
        [Deal.owner_id, Deal.status, Deal.currency],
        [func.count(), money_sum(Deal.value)],
        Deal.status.in_(("won", "lost")),
    )
    for period, owner_id, status, currency, count, total in session.execute(rows):
        figures = out[period][owner_id]
        if status == "won":
            figures.won_count += count
            figures.won_counts[currency] = count
            figures.won_value[currency] = cents(total)
        else:
            figures.lost_count += count
            figures.lost_value[currency] = cents(total)


def _won(session: Session, windows: Sequence[Window], out: PerPeriod) -> None:
    """Each won deal of the periods read once, with its party, the party's first activity
    and whether it had won before (one index probe each), then added up twice: the days to
    won per owner of the deal, the customers won over per owner of the party.

    A party is won over in the period of its first won deal, unless it was created in that
    period as a customer (then it is new already). The probe for an earlier win starts from
    the deal's own party and moment, so no party's deals are read beyond that. The deals of
    all periods are one range here, put into their period by storage.trends.bucket: for a
    few thousand rows the CASE costs less than a second pass over the parties (PostgreSQL
    merge-joins each period's deals with the parties' primary key)."""
    # Read twice below: MATERIALIZED (SQLite 3.35, PostgreSQL 12) makes sure the probes run once.
    won = _won_deals(session, windows).cte("won").prefix_with("MATERIALIZED")
    by_deal = select(won.c.period, won.c.owner_id, literal("days"), func.sum(won.c.days))
    by_party = select(
        won.c.period,
        won.c.party_owner_id,
        literal("won_over"),
        func.count(won.c.won_over.distinct()),
    )
    rows = union_all(
        by_deal.group_by(won.c.period, won.c.owner_id),
        by_party.group_by(won.c.period, won.c.party_owner_id),
    )
    for period, owner_id, figure, value in session.execute(rows):
        if figure == "days":
            out[period][owner_id].days_to_won = float(value or 0)
        else:
            out[period][owner_id].new_customers += int(value)  # PostgreSQL: the days' float type


def _won_deals(session: Session, windows: Sequence[Window]) -> Select[Any]:
    """The won deals of the windows: period, owners, days to won, the party if won over."""
    earlier = aliased(Deal)
    won_before = (
        select(earlier.id)
        .where(
            earlier.party_id == Deal.party_id,
            earlier.status == "won",
            earlier.closed_at < Deal.closed_at,
        )
        .exists()
    )
    created_new = and_(
        Party.relationship_kind == "customer",
        or_(*(_within(Deal.closed_at, w) & _within(Party.created_at, w) for w in windows)),
    )
    first_activity = (
        select(func.min(Activity.occurred_at))
        .where(Activity.party_id == Deal.party_id, Activity.occurred_at <= Deal.closed_at)
        .scalar_subquery()
    )
    began = func.coalesce(first_activity, Party.created_at)
    return (
        select(
            bucket(Deal.closed_at, windows).label("period"),
            Deal.owner_id.label("owner_id"),
            Party.owner_id.label("party_owner_id"),
            _days(session, Deal.closed_at, began).label("days"),
            case((~won_before & ~created_new, Deal.party_id)).label("won_over"),
        )
        .select_from(Deal)
        .join(Party, Party.id == Deal.party_id)
        .where(
            Deal.status == "won",
            Deal.closed_at >= windows[0][0],
            Deal.closed_at < windows[-1][1],
        )
    )


def _within(moment: Any, window: Window) -> ColumnElement[bool]:
    return and_(moment >= window[0], moment < window[1])


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
