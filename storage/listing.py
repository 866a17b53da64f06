"""Filtered lists of live customers (`list city= tag= kind= owner= company= quiet=`).

Every filter reads an index of migration 0007 (folded city, tag rows, kind, owner,
company, last contact) and the page is ordered by the folded name, so the first page
of a city's customers is an index range, not a scan. A city's live customers have their
own partial index (migration 0019) holding the name order and the id, so neither the page
nor the total count reads the table.
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


def page(session: Session, filters: Filters, size: int, number: int) -> tuple[int, list[Party]]:
    """The total count and the parties of page `number` (from 1), by folded name. A page
    that is not full is the last one, so it gives the total without counting again."""
    query = matching(filters)
    offset = (number - 1) * size
    ids: list[int] = list(
        session.scalars(query.order_by(Party.search_key, Party.id).limit(size).offset(offset))
    )
    if len(ids) < size and (ids or number == 1):
        total = offset + len(ids)
    else:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = {p.id: p for p in session.scalars(select(Party).where(Party.id.in_(ids)))}
    return total, [rows[i] for i in ids]
