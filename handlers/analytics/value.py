"""`value <customer>`: revenue won per year, the open pipeline, the last contact, the ABC
class; `abc`: every customer's class by revenue won over the last twelve months."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Final

from handlers.analytics import abc
from handlers.analytics.numbers import amounts, money, percent
from handlers.cards import CustomerArgs
from handlers.context import Context
from handlers.lookup import party_ids, resolve
from handlers.reply import Button, Field, Item, Reply, Section, Subject
from storage import values

SHOWN: Final = 20
"""Customers listed per class; the counts cover all."""


def value(args: CustomerArgs, ctx: Context) -> Reply:
    t, language = ctx.t, ctx.member.language
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    ids = party_ids(ctx, party)
    per_year: dict[int, dict[str, Decimal]] = {}
    for won in values.won_deals(ctx.session, ids):
        year = per_year.setdefault(won.closed_at.astimezone(ctx.zone).year, {})
        year[won.currency] = year.get(won.currency, Decimal(0)) + won.value
    pipeline = values.open_pipeline(ctx.session, ids, ctx.settings.stages)
    total = {row.currency: row.total for row in pipeline}
    weighted = {row.currency: row.weighted for row in pipeline}
    currency = ctx.settings.crm_currency
    fields = [
        Field(t("Won in {year}", year=year), money(sums, language, currency))
        for year, sums in sorted(per_year.items(), reverse=True)
    ] or [Field(t("Won"), t("nothing yet"))]
    fields.append(
        Field(
            t("Open pipeline"),
            t(
                "{total}, weighted {weighted}",
                total=money(total, language, currency),
                weighted=money(weighted, language, currency),
            ),
        )
    )
    last = party.last_contact_at
    fields.append(Field(t("Last contact"), ctx.moment(last) if last else t("never")))
    found = abc.class_of(ctx, party)
    fields += abc.field_of(ctx, found)
    return Reply(
        text=t("Value of {name}", name=party.name),
        title=party.name,
        fields=fields,
        subject=Subject("party", party.id, party.name),
        data={
            "id": party.id,
            "name": party.name,
            "won": {str(year): amounts(sums) for year, sums in sorted(per_year.items())},
            "open": {"count": sum(row.count for row in pipeline), "total": amounts(total),
                     "weighted": amounts(weighted)},
            "last_contact": last.isoformat() if last else None,
            "abc": found.abc if found else None,
        },
    )  # fmt: skip


def show_abc(_args: None, ctx: Context) -> Reply:
    t, language, currency = ctx.t, ctx.member.language, ctx.settings.crm_currency
    won = abc.revenue(ctx)
    if not won:
        return Reply(
            text=t("No data for {period}.", period=t("the last 12 months")), data={"empty": True}
        )
    found = abc.classes(won)
    total = sum(won.values(), Decimal(0))
    ranked = sorted(won, key=lambda i: (-won[i], i))
    groups = {name: [i for i in ranked if found[i] == name] for name in ("A", "B", "C")}
    names = values.names(ctx.session, [i for ids in groups.values() for i in ids[:SHOWN]])
    fields, sections, data = [], [], {}
    for name, ids in groups.items():
        share = sum((won[i] for i in ids), Decimal(0))
        summary = t(
            "{count} customers, {revenue} ({share})",
            count=len(ids),
            revenue=money({currency: share}, language, currency),
            share=percent(float(share / total), language),
        )
        fields.append(Field(name, summary))
        items = tuple(_item(ctx, i, names[i], won[i]) for i in ids[:SHOWN])
        if items and name != "C":
            sections.append(Section(t("Class {abc}", abc=name), items, len(ids) - len(items)))
        data[name] = _class_data(ids[:SHOWN], names, won, len(ids), share)
    return Reply(
        text=t("ABC by revenue won in the last 12 months"),
        fields=fields,
        sections=sections,
        data={"since": abc.year_ago(ctx).isoformat(), "currency": currency,
              "total": str(total), "classes": data},
    )  # fmt: skip


def _item(ctx: Context, party_id: int, name: str, amount: Decimal) -> Item:
    shown = money({ctx.settings.crm_currency: amount}, ctx.member.language, "")
    return Item(
        f"#{party_id} {name} \u00b7 {shown}", (Button(ctx.t("Value"), f"value #{party_id}"),)
    )


def _class_data(
    shown: list[int], names: dict[int, str], won: dict[int, Decimal], count: int, share: Decimal
) -> dict[str, Any]:
    return {
        "count": count,
        "revenue": str(share),
        "customers": [{"id": i, "name": names[i], "revenue": str(won[i])} for i in shown],
    }
