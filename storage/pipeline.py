"""The figures `pipeline` and `forecast` show, each computed by the database in GROUP BYs.

A fixed number of statements however many deals: pipeline is two (the sums per stage, and
the stalest deal of every stage in one UNION ALL that reads one index entry per stage),
forecast is two (open deals by period of expected close, and the won deals of each period
in one UNION ALL that reads an index range per period).

Open deals are added up twice over: an inner GROUP BY per (stage, currency, own
percent[, expected close day]) follows the covering index ix_deals_figures (or, for one
member, ix_deals_owner_figures), so the database sorts nothing and sums only the value per
deal; an outer GROUP BY weighs those few groups and puts them into periods. Python only
rounds the sums to cents.

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
from storage.deals import cents, money_sum
from storage.models import Deal, Party


def pipeline(session: Session, stages: Stages, owner_id: int | None = None) -> PipelineFigures:
    """Open deals per stage: count, sum and weighted sum, and each stage's stalest deal."""
    where = _open(owner_id)
    groups = (
        select(Deal.stage, Deal.currency, Deal.probability, *_count_and_sum(Deal.value))
        .where(*where)
        .group_by(Deal.stage, Deal.currency, Deal.probability)
        .subquery()
    )
    rows = session.execute(
        select(groups.c.stage, groups.c.currency, *_figures(stages, groups)).group_by(
            groups.c.stage, groups.c.currency
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
    return ForecastFigures(
        _open_periods(session, stages, periods, owner_id),
        _won_periods(session, periods, zone, owner_id),
    )


def _open_periods(
    session: Session, stages: Stages, periods: Sequence[Period], owner_id: int | None
) -> list[PeriodFigures]:
    """Open deals by period of expected close (before the first, or undated too), weighed
    from the groups of _period_groups; the days after every period fall into none."""
    groups = _period_groups(session, periods, owner_id)
    committed = case((groups.c.stage.in_(stages.committed_names), groups.c.total))
    rows = session.execute(
        select(groups.c.period, groups.c.currency, *_figures(stages, groups), func.sum(committed))
        .where(groups.c.period.is_not(None))
        .group_by(groups.c.period, groups.c.currency)
        .order_by(groups.c.period, groups.c.currency)
    )
    return [
        PeriodFigures(period, currency, count, cents(best), _percent_of(weighted), cents(sure))
        for period, currency, count, best, weighted, sure in rows
    ]


def _period_groups(session: Session, periods: Sequence[Period], owner_id: int | None) -> Any:
    """Open deals counted and summed per (period, stage, currency, own percent): a subquery.

    Each engine is asked the way it adds up fastest. SQLite groups only in index order
    without sorting, so it sums per expected-close day along ix_deals_figures (a few thousand
    groups) and puts each day, not each deal, into its period. PostgreSQL hashes any
    grouping, so it puts each deal into its period and hashes a few dozen groups: a few
    thousand days cost it more than a CASE per deal.
    """
    period = _period(Deal.close_on, periods).label("period")
    keys = (Deal.stage, Deal.currency, Deal.probability)
    if session.get_bind().dialect.name == "sqlite":
        by_day = select(period, *keys, *_count_and_sum(Deal.value)).where(*_open(owner_id))
        return by_day.group_by(*keys, Deal.close_on).subquery()
    deals = select(period, *keys, Deal.value).where(*_open(owner_id)).subquery()
    deal_keys = (deals.c.period, deals.c.stage, deals.c.currency, deals.c.probability)
    by_period = select(*deal_keys, *_count_and_sum(deals.c.value))
    return by_period.group_by(*deal_keys).subquery()


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


def _count_and_sum(value: Any) -> tuple[ColumnElement[int], ColumnElement[Any]]:
    """Per group of deals: how many, and Σ value (the one column added up per deal)."""
    return func.count().label("count"), func.sum(value).label("total")


def _figures(
    stages: Stages, groups: Any
) -> tuple[ColumnElement[int], ColumnElement[Any], ColumnElement[Any]]:
    """Count, Σ value and Σ value × percent over `groups` (a subquery of _count_and_sum per
    stage and own percent): each group's own percent, else its stage's (0 for a stage no
    longer configured). Read raw (float on SQLite, Decimal on PostgreSQL): `cents` and
    `_percent_of` make exact cents of either."""
    percent = func.coalesce(groups.c.probability, _stage_percent(stages, groups.c.stage))
    count = cast(func.sum(groups.c.count), Integer)
    return count, func.sum(groups.c.total), func.sum(groups.c.total * percent)


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


def _period(day: Any, periods: Sequence[Period]) -> ColumnElement[int]:
    """Which period an expected close day falls in, UNDATED, BEFORE the first, or None (after
    them all). Grouped by in an outer query, because PostgreSQL does not see two copies of a
    CASE with bound parameters as the same expression.
    """
    whens: list[tuple[ColumnElement[bool], Any]] = [
        (day.is_(None), literal(UNDATED)),
        (day < periods[0].start, literal(BEFORE)),
    ]
    whens += [
        ((day >= period.start) & (day < period.end), literal(index))
        for index, period in enumerate(periods)
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
