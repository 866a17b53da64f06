"""ABC classes by revenue won over the last twelve months, in the team currency.

Customers are ranked by revenue, largest first; a customer is A while the revenue before it
is under 80 % of the total (so the one whose revenue crosses 80 % is still A), B while it is
under 95 % (the next 15 %), and C after that. A customer without revenue won in the twelve
months is C. Ties keep the older customer (lower id) first, so the classes never flicker.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Final

from handlers.analytics.numbers import money
from handlers.context import Context
from handlers.reply import Field
from storage import values
from storage.models import Party

A_SHARE: Final = Decimal("0.80")
B_SHARE: Final = Decimal("0.95")


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


def year_ago(ctx: Context) -> datetime:
    """The same moment twelve months back, in the member's zone (28 Feb for a 29th)."""
    local = ctx.now.astimezone(ctx.zone)
    day = min(local.day, 28) if local.month == 2 else local.day
    return local.replace(year=local.year - 1, day=day)


def revenue(ctx: Context) -> dict[int, Decimal]:
    return values.won_by_customer(ctx.session, year_ago(ctx), ctx.settings.crm_currency)


def class_of(ctx: Context, party: Party) -> tuple[str, Decimal] | None:
    """A top-level customer's class and its twelve months' revenue (None for the others)."""
    if party.company_id is not None or party.relationship_kind != "customer":
        return None
    won = revenue(ctx)
    amount = won.get(party.id, Decimal(0))
    return (classes(won)[party.id] if amount > 0 else "C"), amount


def card_fields(ctx: Context, party: Party) -> list[Field]:
    """The ABC class on a customer's card, with the revenue behind it."""
    return field_of(ctx, class_of(ctx, party))


def field_of(ctx: Context, found: tuple[str, Decimal] | None) -> list[Field]:
    if found is None:
        return []
    abc, amount = found
    if amount <= 0:
        return [Field(ctx.t("ABC class"), ctx.t("C (no revenue in 12 months)"))]
    shown = money({ctx.settings.crm_currency: amount}, ctx.member.language, "")
    text = ctx.t("{abc} ({revenue} in 12 months)", abc=abc, revenue=shown)
    return [Field(ctx.t("ABC class"), text)]
