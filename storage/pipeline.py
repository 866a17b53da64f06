"""The figures `pipeline` and `forecast` show, each computed by the database in GROUP BYs.

A fixed number of statements however many deals: pipeline is two (the sums per stage, and
the stalest deal of every stage in one UNION ALL that reads one index entry per stage),
forecast is two (open deals by expected-close day, won deals by the period they closed).
The open deals are grouped in the order of the covering index ix_deals_figures (stage,
currency, expected close), so the database adds them up in one pass over the index, with
no per-row CASE and no sort; the few groups are weighted and put into periods in Python.

Figures, defined once (issue 15):
- weighted: Σ value × probability, a deal's own probability overriding its stage's;
- best case: Σ value of the open deals closing in the period;
- committed: Σ value of the open deals closing in the period that are in a committed stage
  (negotiation or later);
- won: Σ value of the deals won in the period, shown beside the others, never inside them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from config.stages import Stages
from storage.deal_figures import (
    BEFORE,
    UNDATED,
    ZERO,
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
    rows = session.execute(
        select(Deal.stage, Deal.currency, func.count(), *_sums())
        .where(*where)
        .group_by(Deal.stage, Deal.currency)
    )
    order = {stage.name: stage.order for stage in stages.all}
    figures = sorted(
        (
            StageFigures(
                stage, currency, count, cents(total), cents(_weight(stages, stage, plain, own))
            )
            for stage, currency, count, total, plain, own in rows
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
    """Open deals by period of expected close, summed per (stage, currency) in the database;
    weights, committed sums and the per-period totals come from those few groups here."""
    percents = stages.probabilities
    committed = set(stages.committed_names)
    totals: dict[tuple[int, str], list[Any]] = {}
    for period, stage, currency, count, total, plain, own in _open_groups(
        session, periods, owner_id
    ):
        best = cents(total)
        figures = totals.setdefault((period, currency), [0, ZERO, ZERO, ZERO])
        figures[0] += count
        figures[1] += best
        figures[2] += cents(plain) * percents.get(stage, 0) + cents(own)
        if stage in committed:
            figures[3] += best
    return [
        PeriodFigures(period, currency, count, best, cents(weighted / 100), sure)
        for (period, currency), (count, best, weighted, sure) in sorted(totals.items())
    ]


def _open_groups(
    session: Session, periods: Sequence[Period], owner_id: int | None
) -> Iterator[tuple[Any, ...]]:
    """(period, stage, currency, count, Σ value, Σ value without own percent, Σ value × own
    percent) of the open deals closing in a period, before the first or undated.

    Each engine is asked the way it adds up fastest. SQLite groups only in index order
    without sorting, so it sums per expected-close day along ix_deals_figures (stage,
    currency, close_on: a few thousand groups however many deals); the days are put into
    periods here, adding the engine's own floats as it would, so `cents` rounds once. PostgreSQL hashes any grouping, so it puts each deal into its period in
    the query (a CASE over the period ranges, evaluated once per deal: a filter on it would
    be a second time) and returns a few dozen groups.
    """
    last = max(period.end for period in periods)
    where = [*_open(owner_id), or_(Deal.close_on.is_(None), Deal.close_on < last)]
    if session.get_bind().dialect.name == "sqlite":
        starts = [period.start for period in periods]
        by_day = session.execute(
            select(Deal.close_on, Deal.stage, Deal.currency, func.count(), *_sums())
            .where(*where)
            .group_by(Deal.stage, Deal.currency, Deal.close_on)
        )
        groups: dict[tuple[int, str, str], list[Any]] = {}
        for day, stage, currency, count, total, plain, own in by_day:
            period = _period_of(periods, starts, day)
            if period is not None:
                group = groups.setdefault((period, stage, currency), [0, 0, 0, 0])
                group[0] += count
                group[1] += total
                group[2] += plain or 0
                group[3] += own or 0
        yield from ((*key, *sums) for key, sums in groups.items())
        return
    days = [(period.start, period.end) for period in periods]
    bucketed = (
        select(
            _bucket(Deal.close_on, days, edges=True).label("period"),
            Deal.stage,
            Deal.currency,
            Deal.value,
            Deal.probability,
        )
        .where(*where)
        .subquery()
    )
    by_period = session.execute(
        select(
            bucketed.c.period,
            bucketed.c.stage,
            bucketed.c.currency,
            func.count(),
            *_sums(bucketed.c),
        ).group_by(bucketed.c.period, bucketed.c.stage, bucketed.c.currency)
    )
    yield from (tuple(row) for row in by_period if row[0] is not None)


def _won_periods(
    session: Session, periods: Sequence[Period], zone: ZoneInfo, owner_id: int | None
) -> list[WonFigures]:
    moments = [(_midnight(p.start, zone), _midnight(p.end, zone)) for p in periods]
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
    return [
        WonFigures(period, currency, count, cents(total))
        for period, currency, count, total in won_rows
    ]


def _open(owner_id: int | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Deal.status == "open"]
    if owner_id is not None:
        where.append(Deal.owner_id == owner_id)
    return where


def _sums(deals: Any = None) -> tuple[ColumnElement[Any], ...]:
    """Σ value; Σ value of the deals without a percent of their own; Σ value × own percent
    (of the deals table, or of `deals`, a subquery's columns).

    Grouped by stage, these give the weighted sum without a per-row CASE over the stages.
    Read raw (float on SQLite, Decimal on PostgreSQL): `cents` makes exact cents of either.
    """
    value, probability = (deals.value, deals.probability) if deals is not None else (
        Deal.value, Deal.probability)  # fmt: skip
    plain = case((probability.is_(None), value))
    return func.sum(value), func.sum(plain), func.sum(value * probability)


def weighted_sum(stages: Stages) -> ColumnElement[Decimal]:
    """Σ value × percent for rows grouped by anything but the stage (a customer's value):
    each deal's own percent, else its stage's; divided by 100 in Python, exactly."""
    by_stage = case(stages.probabilities, value=Deal.stage, else_=0)
    return money_sum(Deal.value * func.coalesce(Deal.probability, by_stage))


def _weight(stages: Stages, stage: str, plain: Any, own: Any) -> Decimal:
    """Σ value × percent / 100 of one group: its own percent where a member set one, else the
    stage's (0 for a stage no longer configured). Each sum is whole cents (exact on
    PostgreSQL; on SQLite it rounds away the float sum's noise)."""
    return (cents(plain) * stages.probabilities.get(stage, 0) + cents(own)) / 100


def _period_of(periods: Sequence[Period], starts: list[date], day: date | None) -> int | None:
    """UNDATED, BEFORE (closing before the first period), an index, or None (after all);
    `starts` are the periods' first days, in order."""
    if day is None:
        return UNDATED
    if day < starts[0]:
        return BEFORE
    found = bisect_right(starts, day) - 1
    return found if day < periods[found].end else None


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
