"""ABC classes by revenue won over the last twelve months, in the team currency.

Customers are ranked by revenue, largest first; a customer is A while the revenue before it
is under 80 % of the total (so the one whose revenue crosses 80 % is still A), B while it is
under 95 % (the next 15 %), and C after that. A customer without revenue won in the twelve
months is C. Ties keep the older customer (lower id) first, so the classes never flicker.

`abc` ranks every customer when asked. A card (`show`, `value`) cannot afford to: the worker
ranks every few minutes and keeps where A and B end (storage/abc_rankings.py), and the card
places the customer's own revenue, read now, against that ranking and says when it was made.
Without a ranking of the last hour (no worker running) the card ranks everyone itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final
from zoneinfo import ZoneInfo

from config import Settings
from handlers.analytics.numbers import money
from handlers.context import Context
from handlers.reply import Field
from storage import abc_rankings, values
from storage.abc_rankings import Ranking
from storage.db import Database
from storage.models import Party

A_SHARE: Final = Decimal("0.80")
B_SHARE: Final = Decimal("0.95")
RANK_EVERY: Final = timedelta(minutes=10)
"""How often the worker ranks every customer for the cards."""
TRUSTED_FOR: Final = timedelta(hours=1)
"""A card uses a ranking this old at most; past it, the worker is not running."""


@dataclass(frozen=True)
class Standing:
    """A customer's class, its revenue in the twelve months, and when the ranking it was
    placed in was made (None: ranked just now, with everyone)."""

    abc: str
    revenue: Decimal
    ranked_at: datetime | None = None


def classes(revenue: dict[int, Decimal]) -> dict[int, str]:
    """The class of every customer with revenue (the others are C)."""
    total = sum(revenue.values(), Decimal(0))
    ranked = sorted(revenue.items(), key=lambda pair: (-pair[1], pair[0]))
    found: dict[int, str] = {}
    before = Decimal(0)
    for party_id, amount in ranked:
        if amount > 0 and before < A_SHARE * total:
            found[party_id] = "A"
        elif amount > 0 and before < B_SHARE * total:
            found[party_id] = "B"
        else:
            found[party_id] = "C"
        before += amount
    return found


def ranking(revenue: dict[int, Decimal], currency: str, now: datetime, since: datetime) -> Ranking:
    """Where A and B end among these customers: the last of each class, by rank."""
    found = classes(revenue)
    last: dict[str, tuple[Decimal, int]] = {}
    for party_id, amount in sorted(revenue.items(), key=lambda pair: (-pair[1], pair[0])):
        last[found[party_id]] = (amount, party_id)
    a_revenue, a_party_id = last.get("A", (None, None))
    b_revenue, b_party_id = last.get("B", (None, None))
    total = sum(revenue.values(), Decimal(0))
    return Ranking(currency, now, since, total, a_revenue, a_party_id, b_revenue, b_party_id)


def placed(ranked: Ranking, party_id: int, amount: Decimal) -> str:
    """The class of a customer with this revenue in that ranking."""
    if amount <= 0:
        return "C"
    key = (-amount, party_id)
    if ranked.a_revenue is not None and key <= (-ranked.a_revenue, ranked.a_party_id or 0):
        return "A"
    if ranked.b_revenue is not None and key <= (-ranked.b_revenue, ranked.b_party_id or 0):
        return "B"
    return "C"


def rank_customers(db: Database, now: datetime, settings: Settings) -> Ranking:
    """The worker's ranking of every customer in the team's zone, kept for the cards: read
    in a transaction that never takes SQLite's write lock, saved in a short write."""
    since = twelve_months_before(now, settings.timezone)
    currency = settings.crm_currency
    with db.read_session() as session:
        revenue = values.won_by_customer(session, since, currency)
    ranked = ranking(revenue, currency, now, since)
    with db.session() as session:
        abc_rankings.save(session, ranked)
    return ranked


def twelve_months_before(now: datetime, zone: ZoneInfo) -> datetime:
    """The same moment twelve months back in that zone (28 Feb for a 29th)."""
    local = now.astimezone(zone)
    day = min(local.day, 28) if local.month == 2 else local.day
    return local.replace(year=local.year - 1, day=day)


def year_ago(ctx: Context) -> datetime:
    """Twelve months back in the member's zone."""
    return twelve_months_before(ctx.now, ctx.zone)


def revenue(ctx: Context) -> dict[int, Decimal]:
    return values.won_by_customer(ctx.session, year_ago(ctx), ctx.settings.crm_currency)


def class_of(ctx: Context, party: Party) -> Standing | None:
    """A top-level customer's standing (None for the others): placed in the worker's
    ranking when it is recent, else ranked with every customer now."""
    if party.company_id is not None or party.relationship_kind != "customer":
        return None
    currency = ctx.settings.crm_currency
    ranked = abc_rankings.latest(ctx.session, currency)
    if ranked is not None and ctx.now - ranked.ranked_at <= TRUSTED_FOR:
        amount = abc_rankings.won_by(ctx.session, party.id, year_ago(ctx), currency)
        return Standing(placed(ranked, party.id, amount), amount, ranked.ranked_at)
    won = revenue(ctx)
    amount = won.get(party.id, Decimal(0))
    return Standing(classes(won)[party.id] if amount > 0 else "C", amount)


def card_fields(ctx: Context, party: Party) -> list[Field]:
    """The ABC class on a customer's card, with the revenue behind it."""
    return field_of(ctx, class_of(ctx, party))


def field_of(ctx: Context, found: Standing | None) -> list[Field]:
    if found is None:
        return []
    if found.revenue <= 0:
        return [Field(ctx.t("ABC class"), ctx.t("C (no revenue in 12 months)"))]
    shown = money({ctx.settings.crm_currency: found.revenue}, ctx.member.language, "")
    if found.ranked_at is None:
        text = ctx.t("{abc} ({revenue} in 12 months)", abc=found.abc, revenue=shown)
    else:
        text = ctx.t(
            "{abc} ({revenue} in 12 months; customers ranked {when})",
            abc=found.abc, revenue=shown, when=ctx.moment(found.ranked_at),
        )  # fmt: skip
    return [Field(ctx.t("ABC class"), text)]
