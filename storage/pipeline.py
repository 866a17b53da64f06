"""The figures `pipeline` and `forecast` show, each computed by the database in GROUP BYs.

A fixed number of statements however many deals: pipeline is two (the sums per stage, and
the stalest deal of every stage in one UNION ALL that reads one index entry per stage),
forecast is two (open deals by period of expected close, and the won deals of each period
in one UNION ALL that reads an index range per period).

The open deals are not read one by one: triggers keep their sums per owner, stage, currency
and month of expected close in deal_month_sums (migration 0022), a few thousand rows that
one GROUP BY weighs and puts into stages or periods. Python only rounds the sums to cents.

Figures, defined once (issue 15):
- weighted: Σ value × probability, a deal's own probability overriding its stage's;
- best case: Σ value of the open deals closing in the period;
- committed: Σ value of the open deals closing in the period that are in a committed stage
  (negotiation or later);
- won: Σ value of the deals won in the period, shown beside the others, never inside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from config.stages import Stages
from storage.deal_figures import (
    BEFORE,
    UNDATED,
    ForecastFigures,
    Period,
    PeriodFigures,
    PipelineFigures,
    StageFigures,
    Stalest,
    WonFigures,
)
from storage.deal_sums import open_sums
from storage.models import Deal, DealMonthSum, Party
from storage.money import cents, money_sum


def pipeline(session: Session, stages: Stages, owner_id: int | None = None) -> PipelineFigures:
    """Open deals per stage: count, sum and weighted sum, and each stage's stalest deal."""
    sums = open_sums(owner_id).subquery()
    rows = session.execute(
        select(sums.c.stage, sums.c.currency, *_figures(stages, sums)).group_by(
            sums.c.stage, sums.c.currency
        )
    )
    order = {stage.name: stage.order for stage in stages.all}
    figures = sorted(
        (
            StageFigures(stage, currency, count, cents(total), _percent_of(weighted))
            for stage, currency, count, total, weighted in rows
        ),
        key=lambda f: (order.get(f.stage, len(order)), f.stage, f.currency),
    )
    return PipelineFigures(figures, _stalest(session, stages, _open(owner_id)))


def forecast(
    session: Session,
    stages: Stages,
    periods: Sequence[Period],
    zone: ZoneInfo,
    owner_id: int | None = None,
) -> ForecastFigures:
    """Expected revenue per period of expected close, and what was won in each period.

    The periods are whole calendar months (a month, a quarter), since the open deals are
    added up per month of expected close. `zone` turns the periods' days into the moments
    deals were won (closed_at is UTC).
    """
    if not periods:
        return ForecastFigures([], [])
    if any(day.day != 1 for period in periods for day in (period.start, period.end)):
        raise ValueError("forecast periods are whole calendar months")
    return ForecastFigures(
        _open_periods(session, stages, periods, owner_id),
        _won_periods(session, periods, zone, owner_id),
    )


def _open_periods(
    session: Session, stages: Stages, periods: Sequence[Period], owner_id: int | None
) -> list[PeriodFigures]:
    """Open deals by period of expected close (before the first, or undated too); the
    months after every period fall into none."""
    period = _period(DealMonthSum.month, periods).label("period")
    sums = open_sums(owner_id).add_columns(period).subquery()
    committed = case((sums.c.stage.in_(stages.committed_names), sums.c.total))
    rows = session.execute(
        select(sums.c.period, sums.c.currency, *_figures(stages, sums), func.sum(committed))
        .where(sums.c.period.is_not(None))
        .group_by(sums.c.period, sums.c.currency)
        .order_by(sums.c.period, sums.c.currency)
    )
    return [
        PeriodFigures(period, currency, count, cents(best), _percent_of(weighted), cents(sure))
        for period, currency, count, best, weighted, sure in rows
    ]


def _won_periods(
    session: Session, periods: Sequence[Period], zone: ZoneInfo, owner_id: int | None
) -> list[WonFigures]:
    """One UNION ALL branch per period, each a range of the covering index ix_deals_closed:
    the database reads only the deals won in the periods, and decides no period per deal."""
    owner = [Deal.owner_id == owner_id] if owner_id is not None else []
    branches = [
        select(literal(index).label("period"), Deal.currency, func.count(), money_sum(Deal.value))
        .where(
            Deal.status == "won",
            Deal.closed_at >= _midnight(period.start, zone),
            Deal.closed_at < _midnight(period.end, zone),
            *owner,
        )
        .group_by(Deal.currency)
        for index, period in enumerate(periods)
    ]
    won = union_all(*branches)
    rows = session.execute(won.order_by(*won.selected_columns[:2]))
    return [
        WonFigures(period, currency, count, cents(total)) for period, currency, count, total in rows
    ]


def _open(owner_id: int | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Deal.status == "open"]
    if owner_id is not None:
        where.append(Deal.owner_id == owner_id)
    return where


def _figures(
    stages: Stages, sums: Any
) -> tuple[ColumnElement[int], ColumnElement[Any], ColumnElement[Any]]:
    """Count, Σ value and Σ value × percent over `sums` (a subquery of deal_month_sums):
    the deals with their own percent as summed, the others at their stage's (0 for a stage
    no longer configured). Read raw (float on SQLite, Decimal on PostgreSQL): `cents` and
    `_percent_of` make exact cents of either."""
    at_stage = (sums.c.total - sums.c.own_total) * _stage_percent(stages, sums.c.stage)
    count = cast(func.sum(sums.c.deals), Integer)
    return count, func.sum(sums.c.total), func.sum(at_stage + sums.c.own_weighted)


def _stage_percent(stages: Stages, stage: Any) -> ColumnElement[int]:
    return case(stages.probabilities, value=stage, else_=0)


def _percent_of(weighted: Any) -> Decimal:
    """Σ value × percent / 100 to the cent, half up. The sum is whole cents (exact on
    PostgreSQL; on SQLite `cents` rounds away the float sum's noise), so /100 is exact."""
    return cents(cents(weighted) / 100)


def weighted_sum(stages: Stages) -> ColumnElement[Decimal]:
    """Σ value × percent for rows grouped by anything but the stage (a customer's value):
    each deal's own percent, else its stage's; divided by 100 in Python, exactly."""
    percent = func.coalesce(Deal.probability, _stage_percent(stages, Deal.stage))
    return money_sum(Deal.value * percent)


def _period(month: Any, periods: Sequence[Period]) -> ColumnElement[int]:
    """Which period a month of expected close ('YYYY-MM') falls in, UNDATED (''), BEFORE the
    first, or None (after them all). Grouped by in an outer query, because PostgreSQL does
    not see two copies of a CASE with bound parameters as the same expression.
    """
    whens: list[tuple[ColumnElement[bool], Any]] = [
        (month == "", literal(UNDATED)),
        (month < _month(periods[0].start), literal(BEFORE)),
    ]
    whens += [
        ((month >= _month(period.start)) & (month < _month(period.end)), literal(index))
        for index, period in enumerate(periods)
    ]
    return case(*whens, else_=None)


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


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
