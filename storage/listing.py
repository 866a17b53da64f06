"""Filtered lists of live customers (`list city= tag= kind= owner= company= quiet=`).

Every filter reads an index (migration 0017's partial indexes of live parties for city,
kind, owner and none; 0007's for tag rows, company and last contact) and the page is
ordered by the folded name and id, so the first page of a city's customers is an index
range, not a scan; the count stops at COUNT_CAP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from storage.folding import fold
from storage.models import Party, PartyTag


@dataclass(frozen=True)
class Filters:
    city: str | None = None
    tag: str | None = None
    kind: str | None = None
    owner_id: int | None = None
    company_id: int | None = None
    quiet_since: datetime | None = None
    """No logged contact since then (never contacted included)."""


def matching(filters: Filters) -> Select[Any]:
    """The live parties the filters name, as a SELECT of ids (lists, scores and segments)."""
    query = select(Party.id).where(Party.deleted_at.is_(None))
    if filters.city:
        query = query.where(Party.city_key == fold(filters.city))
    if filters.tag:
        tagged = select(PartyTag.party_id).where(PartyTag.tag == filters.tag.lower())
        query = query.where(Party.id.in_(tagged))
    if filters.kind:
        query = query.where(Party.relationship_kind == filters.kind)
    if filters.owner_id is not None:
        query = query.where(Party.owner_id == filters.owner_id)
    if filters.company_id is not None:
        query = query.where(Party.company_id == filters.company_id)
    if filters.quiet_since is not None:
        query = query.where(
            or_(Party.last_contact_at.is_(None), Party.last_contact_at < filters.quiet_since)
        )
    return query


COUNT_CAP = 10_000
"""A list counts its matches up to this many (or past the page asked for) and then says
"more than": counting every one of 100,000 customers cost more than the page itself."""


@dataclass(frozen=True)
class Page:
    total: int
    """The count of matches; when not `exact`, there are more than this many."""
    exact: bool
    parties: list[Party]


def page(
    session: Session, filters: Filters, size: int, number: int, cap: int | None = COUNT_CAP
) -> Page:
    """The parties of page `number` (from 1), by folded name, and their count up to `cap`
    (None: every one)."""
    query = matching(filters)
    ordered = query.order_by(Party.search_key, Party.id)
    limit = max(cap, number * size) if cap is not None else None
    # The first matches in list order: the page's own index range. Unordered, SQLite counted
    # an owner's customers on the owner's foreign-key index, one table read per row.
    counting = query if limit is None else ordered.limit(limit + 1)
    counted = session.scalar(select(func.count()).select_from(counting.subquery())) or 0
    ids: list[int] = list(session.scalars(ordered.limit(size).offset((number - 1) * size)))
    rows = {p.id: p for p in session.scalars(select(Party).where(Party.id.in_(ids)))}
    if limit is not None and counted > limit:
        return Page(limit, False, [rows[i] for i in ids])
    return Page(counted, True, [rows[i] for i in ids])
