"""The last ABC ranking's cut-offs, one row per currency (see AbcRanking), and one
customer's own revenue to place against them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import parties, upserts
from storage.models import AbcRanking, Deal
from storage.money import cents, money_sum


@dataclass(frozen=True)
class Ranking:
    """Where A and B end: (revenue, party id) of the last customer of each class."""

    currency: str
    ranked_at: datetime
    since: datetime
    total: Decimal
    a_revenue: Decimal | None
    a_party_id: int | None
    b_revenue: Decimal | None
    b_party_id: int | None


def latest(session: Session, currency: str) -> Ranking | None:
    row = session.get(AbcRanking, currency)
    if row is None:
        return None
    return Ranking(
        row.currency, row.ranked_at, row.since, row.total, row.a_revenue, row.a_party_id,
        row.b_revenue, row.b_party_id,
    )  # fmt: skip


def save(session: Session, ranking: Ranking) -> None:
    """Replace the currency's ranking (one upsert: two workers ranking at once both write
    the same, from the same deals)."""
    values = asdict(ranking)
    session.execute(
        upserts.insert(session, AbcRanking)
        .values(**values)
        .on_conflict_do_update(index_elements=["currency"], set_=values)
    )


def won_by(session: Session, customer_id: int, since: datetime, currency: str) -> Decimal:
    """Revenue won since then by a top-level customer and its live contacts, as
    storage.values.won_by_customer counts it for every customer."""
    total = session.scalar(
        select(money_sum(Deal.value)).where(
            parties.of_customers(Deal.party_id, [customer_id], live=True),
            Deal.status == "won",
            Deal.closed_at >= since,
            Deal.currency == currency,
        )
    )
    return cents(total)
