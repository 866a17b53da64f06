"""Saved segments, and the deal filters a segment adds to `list`'s.

A company's deals include its contacts' (as on its card and in `value`): `stage=offer`
finds the company whose buyer has an offer open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from storage.folding import fold
from storage.models import Deal, Party, Segment


@dataclass(frozen=True)
class DealFilters:
    stage: str | None = None
    """An open deal in this stage."""
    won_at_least: int | None = None
    """At least this many deals won, ever."""
    value_at_least: Decimal | None = None
    """Revenue won since `value_since`, in `currency`, at least this much."""
    value_since: datetime | None = None
    currency: str = "EUR"


def save(session: Session, actor_id: int | None, name: str, filters: dict[str, str]) -> bool:
    """Store the segment under its name (replacing one of that name); True when new."""
    found = by_name(session, name)
    if found is None:
        session.add(
            Segment(name=name, name_key=_key(name), filters=filters, created_by_id=actor_id)
        )
        return True
    found.name, found.filters, found.created_by_id = name, filters, actor_id
    return False


def by_name(session: Session, name: str) -> Segment | None:
    return session.scalar(select(Segment).where(Segment.name_key == _key(name)))


def every(session: Session) -> list[Segment]:
    return list(session.scalars(select(Segment).order_by(Segment.name_key)))


def _key(name: str) -> str:
    return fold(name)[:60]


def narrowed(chosen: Select[Any], deals: DealFilters) -> Select[Any]:
    """`chosen` (a SELECT of party ids) kept to the parties whose deals pass `deals`."""
    if deals.stage is not None:
        chosen = chosen.where(
            Party.id.in_(_by_customer(Deal.status == "open", Deal.stage == deals.stage))
        )
    if deals.won_at_least is not None:
        chosen = chosen.where(
            Party.id.in_(
                _by_customer(Deal.status == "won").having(func.count() >= deals.won_at_least)
            )
        )
    if deals.value_at_least is not None and deals.value_since is not None:
        won = _by_customer(
            Deal.status == "won",
            Deal.closed_at >= deals.value_since,
            Deal.currency == deals.currency,
        ).having(func.sum(Deal.value) >= deals.value_at_least)
        chosen = chosen.where(Party.id.in_(won))
    return chosen


def _by_customer(*where: Any) -> Select[Any]:
    """Customers (a deal's party and its company) with deals matching `where`, grouped."""
    holder = aliased(Party)
    root = func.coalesce(holder.company_id, holder.id)
    return (
        select(root)
        .select_from(Deal)
        .join(holder, holder.id == Deal.party_id)
        .where(*where)
        .group_by(root)
    )


def page(session: Session, chosen: Select[Any], size: int, number: int) -> tuple[int, list[Party]]:
    """The count and one page, by folded name, of the parties `chosen` names."""
    total = session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    rows = session.scalars(
        select(Party)
        .where(Party.id.in_(chosen))
        .order_by(Party.search_key, Party.id)
        .limit(size)
        .offset((number - 1) * size)
    )
    return total, list(rows)


def everyone(session: Session, chosen: Select[Any]) -> list[Party]:
    """Every party `chosen` names, with owner and company, for an export."""
    return list(
        session.scalars(
            select(Party)
            .options(joinedload(Party.owner), joinedload(Party.company))
            .where(Party.id.in_(chosen))
            .order_by(Party.search_key, Party.id)
        )
    )


def in_order(session: Session, party_ids: list[int]) -> list[Party]:
    """The parties of `party_ids` (in that order), for a page ranked by score."""
    rows = {p.id: p for p in session.scalars(select(Party).where(Party.id.in_(party_ids)))}
    return [rows[i] for i in party_ids if i in rows]
