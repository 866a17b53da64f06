"""The figures `pipeline` and `forecast` show, each computed by the database in GROUP BYs.

A fixed number of statements however many deals: pipeline is two (the sums per stage, and
the stalest deal of every stage in one UNION ALL that reads one index entry per stage),
forecast is two (open deals by expected-close period, won deals by the period they closed).

Figures, defined once (issue 15):
- weighted: Σ value × probability, a deal's own probability overriding its stage's;
- best case: Σ value of the open deals closing in the period;
- committed: Σ value of the open deals closing in the period that are in a committed stage
  (negotiation or later);
- won: Σ value of the deals won in the period, shown beside the others, never inside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from config.stages import Stages
from storage.deals import cents, money_sum
from storage.models import Deal, Party

BEFORE: Final = -1
"""Forecast row of open deals whose expected close lies before the first period: overdue."""
UNDATED: Final = -2
"""Forecast row of open deals with no expected close."""


@dataclass(frozen=True)
class Period:
    """Calendar days `start` up to but not including `end`, in the member's own zone."""

    start: date
    end: date


@dataclass(frozen=True)
class StageFigures:
    stage: str
    currency: str
    count: int
    total: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Stalest:
    stage: str
    deal_id: int
    title: str
    customer: str
    touched_at: datetime
    """Since when nothing happened to it: no activity, no stage change."""


@dataclass(frozen=True)
class PipelineFigures:
    stages: list[StageFigures]
    """In the team's stage order, then currency; deals in a stage no longer configured last."""
    stalest: dict[str, Stalest]


@dataclass(frozen=True)
class PeriodFigures:
    period: int
    """Index into the periods asked for, or BEFORE or UNDATED."""
    currency: str
    count: int
    best_case: Decimal
    weighted: Decimal
    committed: Decimal


@dataclass(frozen=True)
class WonFigures:
    period: int
    currency: str
    count: int
    total: Decimal


@dataclass(frozen=True)
class ForecastFigures:
    open: list[PeriodFigures]
    won: list[WonFigures]


def pipeline(session: Session, stages: Stages, owner_id: int | None = None) -> PipelineFigures:
    """Open deals per stage: count, sum and weighted sum, and each stage's stalest deal."""
    where = _open(owner_id)
    rows = session.execute(
        select(Deal.stage, Deal.currency, func.count(), money_sum(Deal.value), _weighted(stages))
        .where(*where)
        .group_by(Deal.stage, Deal.currency)
    )
    order = {stage.name: stage.order for stage in stages.all}
    figures = sorted(
        (
            StageFigures(stage, currency, count, cents(total), cents(weighted / 100))
            for stage, currency, count, total, weighted in rows
        ),
        key=lambda f: (order.get(f.stage, len(order)), f.stage, f.currency),
    )
    return PipelineFigures(figures, _stalest(session, stages, where))


def forecast(
    session: Session,
    stages: Stages,
    periods: Sequence[Period],
    zone: ZoneInfo,
    owner_id: int | None = None,
) -> ForecastFigures:
    """Expected revenue per period of expected close, and what was won in each period.

    `zone` turns the periods' days into the moments deals were won (closed_at is UTC).
    """
    if not periods:
        return ForecastFigures([], [])
    committed = case((Deal.stage.in_(stages.committed_names), Deal.value), else_=0)
    days = [(period.start, period.end) for period in periods]
    open_deals = (
        select(
            _bucket(Deal.close_on, days, edges=True).label("period"),
            Deal.currency,
            Deal.value.label("best"),
            _weight(stages).label("weight"),
            committed.label("sure"),
        )
        .where(*_open(owner_id))
        .subquery()
    )
    open_rows = session.execute(
        select(
            open_deals.c.period,
            open_deals.c.currency,
            func.count(),
            money_sum(open_deals.c.best),
            money_sum(open_deals.c.weight),
            money_sum(open_deals.c.sure),
        )
        .where(open_deals.c.period.is_not(None))
        .group_by(open_deals.c.period, open_deals.c.currency)
        .order_by(open_deals.c.period, open_deals.c.currency)
    )
    moments = [(_midnight(start, zone), _midnight(end, zone)) for start, end in days]
    won_deals = (
        select(
            _bucket(Deal.closed_at, moments, edges=False).label("period"),
            Deal.currency,
            Deal.value,
        )
        .where(
            Deal.status == "won",
            Deal.closed_at >= min(start for start, _ in moments),
            Deal.closed_at < max(end for _, end in moments),
            *([Deal.owner_id == owner_id] if owner_id is not None else []),
        )
        .subquery()
    )
    won_rows = session.execute(
        select(won_deals.c.period, won_deals.c.currency, func.count(), money_sum(won_deals.c.value))
        .where(won_deals.c.period.is_not(None))
        .group_by(won_deals.c.period, won_deals.c.currency)
        .order_by(won_deals.c.period, won_deals.c.currency)
    )
    return ForecastFigures(
        [
            PeriodFigures(period, currency, count, cents(best), cents(weighted / 100), cents(sure))
            for period, currency, count, best, weighted, sure in open_rows
        ],
        [
            WonFigures(period, currency, count, cents(total))
            for period, currency, count, total in won_rows
        ],
    )


def _open(owner_id: int | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Deal.status == "open"]
    if owner_id is not None:
        where.append(Deal.owner_id == owner_id)
    return where


def _weighted(stages: Stages) -> ColumnElement[Decimal]:
    """Σ value × percent (divided by 100 in Python, exactly)."""
    return money_sum(_weight(stages))


def _weight(stages: Stages) -> ColumnElement[Decimal]:
    """A deal's value × percent: its own percent when a member set one, else its stage's."""
    by_stage = case(stages.probabilities, value=Deal.stage, else_=0)
    return Deal.value * func.coalesce(Deal.probability, by_stage)


def _bucket(column: Any, ranges: Sequence[tuple[Any, Any]], edges: bool) -> ColumnElement[int]:
    """Which range a day or moment falls in (None: none); `edges` adds BEFORE and UNDATED.

    Grouped by in an outer query, because PostgreSQL does not see two copies of a CASE with
    bound parameters as the same expression.
    """
    whens: list[tuple[ColumnElement[bool], Any]] = []
    if edges:
        whens += [(column.is_(None), literal(UNDATED)), (column < ranges[0][0], literal(BEFORE))]
    whens += [
        ((column >= start) & (column < end), literal(index))
        for index, (start, end) in enumerate(ranges)
    ]
    return case(*whens, else_=None)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def _stalest(
    session: Session, stages: Stages, where: list[ColumnElement[bool]]
) -> dict[str, Stalest]:
    """One UNION ALL branch per open stage, each the oldest `touched_at` by the stage index."""
    branches = [
        select(Deal.stage, Deal.id, Deal.title, Party.name, Deal.touched_at)
        .join(Party, Party.id == Deal.party_id)
        .where(*where, Deal.stage == stage.name)
        .order_by(Deal.touched_at, Deal.id)
        .limit(1)
        .subquery()
        for stage in stages.open
    ]
    query = union_all(*(select(*branch.c) for branch in branches))
    return {row[0]: Stalest(*row) for row in session.execute(query)}
