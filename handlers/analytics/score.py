"""`score <customer>`: the lead score explained line by line; `top [n] [filters]`: the best.

`top` takes the `list` filters; without `kind=` it ranks prospects, as a sales manager asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Final

from handlers.analytics.leads import Line, Score, scores
from handlers.analytics.numbers import money
from handlers.arguments import BadArguments, PartyRef
from handlers.cards import CustomerArgs
from handlers.context import Context
from handlers.i18n import N_
from handlers.listing import ListArgs, filters_of, parse_list
from handlers.lookup import resolve
from handlers.reply import Button, Field, Item, Reply, Section, Subject
from storage import listing, scoring

TOP_DEFAULT: Final = 10
TOP_MOST: Final = 50
CRITERION_NAMES: Final = {
    "kind": N_("Kind"),
    "tags": N_("Tags"),
    "city": N_("City or region"),
    "contacts": N_("Contacts"),
    "recency": N_("Days since last contact"),
    "open_deals": N_("Open deal value"),
    "complaints": N_("Complaints"),
}


@dataclass(frozen=True)
class TopArgs:
    count: int = TOP_DEFAULT
    filters: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        pairs = "".join(f" {key}={value}" for key, value in self.filters.items())
        return f"top {self.count}{pairs}"


def score(args: CustomerArgs, ctx: Context) -> Reply:
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    (found,) = scores(ctx, scoring.only(party.id))
    return Reply(
        text=ctx.t("Lead score of {name}: {score} of 100", name=party.name, score=found.total),
        title=party.name,
        fields=[_field(ctx, line) for line in found.lines]
        + [Field(ctx.t("Score"), _sum_text(found))],
        subject=Subject("party", party.id, party.name),
        data={
            "id": party.id,
            "name": party.name,
            "score": found.total,
            "criteria": [
                {
                    "name": line.criterion,
                    "weight": line.weight,
                    "found": line.found,
                    "percent": line.percent,
                    "points": line.points,
                }
                for line in found.lines
            ],
        },
    )


def parse_top(text: str, ctx: Context) -> TopArgs:
    words = text.split(maxsplit=1)
    count = TOP_DEFAULT
    if words and words[0].isdigit():
        count = int(words[0])
        if not 1 <= count <= TOP_MOST:
            raise BadArguments(ctx.t("Up to {most} at a time.", most=TOP_MOST))
        text = words[1] if len(words) > 1 else ""
    listed = parse_list(text, ctx)
    if listed.page != 1:
        raise BadArguments(ctx.t("Unknown: {keys}.", keys="page"))
    return TopArgs(count, listed.filters)


def top(args: TopArgs, ctx: Context) -> Reply:
    """The best-scored parties the filters name (prospects unless `kind=` says otherwise)."""
    t = ctx.t
    values = {"kind": "prospect", **args.filters}
    filters = filters_of(ctx, ListArgs(values))
    ranked = scores(ctx, listing.matching(filters))
    best = ranked[: args.count]
    if not best:
        return Reply(text=t("No customer matches."), data={"total": 0, "top": []})
    items = tuple(
        Item(
            f"{s.total} \u00b7 #{s.facts.party_id} {s.facts.name}",
            (Button(t("Score"), f"score {PartyRef.of(s.facts.party_id)}"),),
        )
        for s in best
    )
    title = t("Best-scored of {count}", count=len(ranked))
    return Reply(
        text=title,
        sections=[Section(title, items)],
        data={
            "total": len(ranked),
            "top": [{"id": s.facts.party_id, "name": s.facts.name, "score": s.total} for s in best],
        },
    )


def _field(ctx: Context, line: Line) -> Field:
    label = ctx.t(
        "{criterion} (weight {weight})",
        criterion=ctx.t(CRITERION_NAMES[line.criterion]),
        weight=line.weight,
    )
    value = ctx.t(
        "{found} \u2192 {percent} % \u2192 {points} points",
        found=_found(ctx, line),
        percent=line.percent,
        points=line.points,
    )
    return Field(label, value)


def _found(ctx: Context, line: Line) -> str:
    """What a criterion found, as the member reads it: a kind in their words, money as money."""
    if line.criterion == "kind":
        return ctx.t(line.found)
    if line.criterion == "open_deals":
        currency = ctx.settings.crm_currency
        return money({currency: Decimal(line.found)}, ctx.member.language, currency)
    return line.found


def _sum_text(found: Score) -> str:
    return " + ".join(str(line.points) for line in found.lines) + f" = {found.total}"
