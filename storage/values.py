"""What a customer is worth: revenue won per year, the open pipeline, the ABC ranking.

A company's value includes its contacts' deals, as its card does. ABC ranks the
customers at the top of the tree (companies, and people without one) by revenue won in
the team currency: euros and dollars are never added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.stages import Stages
from storage.models import Deal, Party
from storage.money import cents, money_sum
from storage.pipeline import weighted_sum


@dataclass(frozen=True)
class Won:
    closed_at: datetime
    currency: str
    value: Decimal


@dataclass(frozen=True)
class Open:
    currency: str
    count: int
    total: Decimal
    weighted: Decimal
    """Σ value × percent / 100, exact to the cent."""


def won_deals(session: Session, party_ids: Sequence[int]) -> list[Won]:
    """Every won deal of the parties, oldest first (grouped into years by the caller,
    in the member's zone)."""
    rows = session.execute(
        select(Deal.closed_at, Deal.currency, Deal.value)
        .where(Deal.party_id.in_(party_ids), Deal.status == "won")
        .order_by(Deal.closed_at)
    )
    return [Won(closed, currency, cents(value)) for closed, currency, value in rows if closed]


def open_pipeline(session: Session, party_ids: Sequence[int], stages: Stages) -> list[Open]:
    rows = session.execute(
        select(Deal.currency, func.count(), money_sum(Deal.value), weighted_sum(stages))
        .where(Deal.party_id.in_(party_ids), Deal.status == "open")
        .group_by(Deal.currency)
        .order_by(Deal.currency)
    )
    return [
        Open(currency, count, cents(total), cents(Decimal(str(weighted or 0)) / 100))
        for currency, count, total, weighted in rows
    ]


def won_by_customer(session: Session, since: datetime, currency: str) -> dict[int, Decimal]:
    """Revenue won since then per top-level customer (a contact's deals count for its
    company); customers without a win are not in it."""
    root = func.coalesce(Party.company_id, Party.id)
    rows = session.execute(
        select(root, money_sum(Deal.value))
        .join(Party, Party.id == Deal.party_id)
        .where(
            Deal.status == "won",
            Deal.closed_at >= since,
            Deal.currency == currency,
            Party.deleted_at.is_(None),
        )
        .group_by(root)
    )
    return {party_id: cents(total) for party_id, total in rows}


def names(session: Session, party_ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(select(Party.id, Party.name).where(Party.id.in_(party_ids)))
    return {party_id: name for party_id, name in rows}


def customer_count(session: Session) -> int:
    """Live top-level customers of kind customer: the ones ABC classes."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Party)
            .where(
                Party.deleted_at.is_(None),
                Party.company_id.is_(None),
                Party.relationship_kind == "customer",
            )
        )
        or 0
    )
