"""The open deals' sums that triggers keep in deal_month_sums (migration 0022), as rows to
add up: `pipeline`, `forecast` and `deals` read these few thousand rows, never the 150,000
open deals of a big team."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from storage.models import DealMonthSum


def open_sums(owner_id: int | None = None, stage: str | None = None) -> Select[*tuple[Any, ...]]:
    """The rows that still count deals: everyone's, or a member's, or a stage's."""
    where = [DealMonthSum.deals > 0]
    if owner_id is not None:
        where.append(DealMonthSum.owner_id == owner_id)
    if stage is not None:
        where.append(DealMonthSum.stage == stage)
    return select(
        DealMonthSum.stage,
        DealMonthSum.currency,
        DealMonthSum.month,
        DealMonthSum.deals,
        DealMonthSum.total,
        DealMonthSum.own_total,
        DealMonthSum.own_weighted,
    ).where(*where)
