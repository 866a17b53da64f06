"""One KPI over consecutive periods, for `chart`: one GROUP BY statement per chart.

Each row is put into its period by a CASE over the period edges (grouped in an outer query,
as storage.pipeline does, because PostgreSQL does not match two copies of a CASE with bound
parameters). A series key is what the chart splits by (a member id, an activity kind, a
stage) or None for one line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from storage.models import Activity, Deal, Followup, Party
from storage.money import money_sum

Series = dict[Any, list[float]]
ACTIVITY_KPIS: Final = {
    "contacts": ("call", "meeting", "visit", "email", "complaint"),
    "calls": ("call",),
    "visits": ("visit",),
    "complaints": ("complaint",),
}
SPLITS: Final = {
    **{kpi: ("member", "kind") for kpi in ACTIVITY_KPIS},
    "new_customers": ("member",),
    "followups_on_time": ("member",),
    "won_value": ("member",),
    "won_count": ("member",),
    "win_rate": ("member",),
    "pipeline": ("member", "stage"),
}
"""Which splits each KPI allows."""


def series(
    session: Session,
    kpi: str,
    edges: Sequence[tuple[datetime, datetime]],
    by: str | None,
    currency: str,
) -> Series:
    """The KPI in each period [start, end), one list per series key, oldest period first."""
    if kpi in ACTIVITY_KPIS:
        key = {"member": Activity.member_id, "kind": Activity.kind}.get(by or "")
        where = [Activity.kind.in_(ACTIVITY_KPIS[kpi])]
        return _counted(session, Activity.occurred_at, key, where, edges)
    if kpi == "new_customers":
        key = Party.owner_id if by else None
        return _counted(session, Party.created_at, key, [Party.relationship_kind == "customer"], edges)  # fmt: skip
    if kpi in ("won_count", "won_value"):
        key = Deal.owner_id if by else None
        value = Deal.value if kpi == "won_value" else None
        won = [Deal.status == "won", Deal.currency == currency]
        return _counted(session, Deal.closed_at, key, won, edges, value)
    if kpi == "win_rate":
        key = Deal.owner_id if by else None
        hit = case((Deal.status == "won", 1), else_=0)
        return _ratio(session, Deal.closed_at, key, [Deal.status.in_(("won", "lost"))], edges, hit)
    if kpi == "followups_on_time":
        key = Followup.assignee_id if by else None
        on_time = case(
            (and_(Followup.status == "done", Followup.closed_at <= Followup.due_at), 1), else_=0
        )
        return _ratio(session, Followup.due_at, key, [Followup.status != "cancelled"], edges, on_time)  # fmt: skip
    if kpi == "pipeline":
        return _open_at_ends(session, edges, by, currency)
    raise ValueError(kpi)


def bucket(column: Any, edges: Sequence[tuple[datetime, datetime]]) -> ColumnElement[int]:
    """The index of the period [start, end) a moment falls in, NULL outside them all (also
    storage.reports'). Group by it in an outer query, not by a second copy of it."""
    return case(
        *(((column >= start) & (column < end), literal(i)) for i, (start, end) in enumerate(edges)),
        else_=None,
    )


def _counted(
    session: Session,
    moment: Any,
    key: Any,
    where: Sequence[ColumnElement[bool]],
    edges: Sequence[tuple[datetime, datetime]],
    value: Any = None,
) -> Series:
    """A count (or a sum of `value`) per period and series key."""
    rows = _grouped(session, moment, key, where, edges, value if value is not None else literal(1))
    out: Series = defaultdict(lambda: [0.0] * len(edges))
    for period, series_key, total, _count in rows:
        out[series_key][period] = float(total or 0)
    return dict(out)


def _ratio(
    session: Session,
    moment: Any,
    key: Any,
    where: Sequence[ColumnElement[bool]],
    edges: Sequence[tuple[datetime, datetime]],
    hits: Any,
) -> Series:
    """A share in percent per period: Σ hits ÷ rows (0 where a period has no rows)."""
    out: Series = defaultdict(lambda: [0.0] * len(edges))
    for period, series_key, total, count in _grouped(session, moment, key, where, edges, hits):
        out[series_key][period] = 100.0 * float(total or 0) / count if count else 0.0
    return dict(out)


def _grouped(
    session: Session,
    moment: Any,
    key: Any,
    where: Sequence[ColumnElement[bool]],
    edges: Sequence[tuple[datetime, datetime]],
    value: Any,
) -> Any:
    series_key = key if key is not None else literal(None)
    rows = (
        select(
            bucket(moment, edges).label("period"),
            series_key.label("series"),
            value.label("value"),
        )
        .where(*where, moment >= edges[0][0], moment < edges[-1][1])
        .subquery()
    )
    return session.execute(
        select(rows.c.period, rows.c.series, money_sum(rows.c.value), func.count())
        .where(rows.c.period.is_not(None))
        .group_by(rows.c.period, rows.c.series)
    )


def _open_at_ends(
    session: Session, edges: Sequence[tuple[datetime, datetime]], by: str | None, currency: str
) -> Series:
    """The value of deals open at the end of each period: created before it, closed after."""
    sums = [
        money_sum(
            case(
                (
                    and_(
                        Deal.created_at < end, or_(Deal.closed_at.is_(None), Deal.closed_at >= end)
                    ),
                    Deal.value,
                ),
                else_=0,
            )
        )
        for _, end in edges
    ]
    key = {"member": Deal.owner_id, "stage": Deal.stage}.get(by or "")
    series_key = key if key is not None else literal(None)
    query = select(series_key, *sums).where(
        Deal.currency == currency,
        Deal.created_at < edges[-1][1],
        or_(Deal.closed_at.is_(None), Deal.closed_at >= edges[0][1]),
    )
    if key is not None:
        query = query.group_by(key)
    return {row[0]: [float(v or 0) for v in row[1:]] for row in session.execute(query)}
