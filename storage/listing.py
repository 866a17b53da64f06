"""Filtered lists of live customers (`list city= tag= kind= owner= company= quiet=`).

Every filter reads an index (migration 0017's partial indexes of live parties for city,
kind, owner and none, each carrying `deleted_at` so SQLite need not read the table; 0007's
for tag rows, company and last contact) and the page is ordered by the folded name and id,
so the first page of a city's customers is an index range, not a scan; the count stops at
COUNT_CAP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
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
        query = query.where(_tagged(filters, filters.tag.lower()))
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


def _tagged(filters: Filters, tag: str) -> ColumnElement[bool]:
    """The tag as a test of each party a narrow filter (a city, a company) has found, one
    primary-key probe each; else as the list of the tag's parties, read from its index.
    SQLite keeps no statistics unless told, and as a list it read every party of a common
    tag (50,000 at a million customers) before looking at a city's 5,000: 70 ms a page."""
    if filters.city or filters.company_id is not None:
        return exists().where(PartyTag.party_id == Party.id, PartyTag.tag == tag)
    return Party.id.in_(select(PartyTag.party_id).where(PartyTag.tag == tag))


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
    (None: every one). A page that is not full is the last one, so it gives the total
    without counting again."""
    query = matching(filters)
    ordered = query.order_by(Party.search_key, Party.id)
    offset = (number - 1) * size
    ids: list[int] = list(session.scalars(ordered.limit(size).offset(offset)))
    rows = {p.id: p for p in session.scalars(select(Party).where(Party.id.in_(ids)))}
    parties = [rows[i] for i in ids]
    if len(ids) < size and (ids or number == 1):
        return Page(offset + len(ids), True, parties)
    limit = max(cap, number * size) if cap is not None else None
    # The first matches in list order: the page's own index range. Unordered, SQLite counted
    # an owner's customers on the owner's foreign-key index, one table read per row.
    counting = query if limit is None else ordered.limit(limit + 1)
    counted = session.scalar(select(func.count()).select_from(counting.subquery())) or 0
    if limit is not None and counted > limit:
        return Page(limit, False, parties)
    return Page(counted, True, parties)
