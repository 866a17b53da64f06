"""What the team can win: `deals` (open deals, largest first), `pipeline` and `forecast`.

Sums are per currency (storage never adds dollars to euros); each figure is defined once in
storage/pipeline.py. The forecast's periods are calendar months or quarters in the member's
own zone, starting with the current one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from handlers.arguments import BadArguments, MemberRef, PartyRef, name_and_pairs, take_mention
from handlers.context import Context
from handlers.deal_views import deal_data, deals_section
from handlers.deals import STAGE_KEYS, stage_named
from handlers.lookup import member, party_ids, resolve
from handlers.money import Money, format_money
from handlers.reply import Item, Reply, Section
from handlers.stages import stage_label
from storage import deals, pipeline
from storage.deal_figures import BEFORE, UNDATED, Period, PeriodFigures, WonFigures
from storage.deals import Total
from storage.models import Member

LIST_LIMIT = 20
MINE_WORDS = ("mine", "meine", "my", "meins")
UNITS = {"month": "month", "monat": "month", "quarter": "quarter", "quartal": "quarter"}
PERIODS = {"month": 3, "quarter": 2}


@dataclass(frozen=True)
class DealsArgs:
    """`deals [mine|@member|<customer>] [stage=<s>]`."""

    mine: bool = False
    owner: MemberRef | None = None
    customer: PartyRef | None = None
    stage: str | None = None

    def line(self) -> str:
        parts = ["deals"]
        if self.mine:
            parts.append("mine")
        if self.owner:
            parts.append(str(self.owner))
        if self.customer:
            parts.append(str(self.customer))
        if self.stage:
            parts.append(f"stage={self.stage}")
        return " ".join(parts)


@dataclass(frozen=True)
class OwnerArgs:
    """`pipeline [mine|@member]`: whose deals; everyone's when neither."""

    mine: bool = False
    owner: MemberRef | None = None


def parse_deals(text: str, ctx: Context) -> DealsArgs:
    rest, owner = take_mention(text.strip())
    parsed = name_and_pairs(rest)
    stages = [parsed.pairs.pop(key) for key in STAGE_KEYS if key in parsed.pairs]
    if parsed.pairs:
        raise BadArguments(ctx.t("Unknown: {keys}.", keys=", ".join(parsed.pairs)))
    mine = parsed.name.lower() in MINE_WORDS
    customer = PartyRef(parsed.name) if parsed.name and not mine else None
    return DealsArgs(mine, owner, customer, stages[0] if stages else None)


def parse_owner(text: str, ctx: Context) -> OwnerArgs:
    rest, owner = take_mention(text.strip())
    if rest and rest.lower() not in MINE_WORDS:
        raise BadArguments()
    return OwnerArgs(bool(rest), owner)


def parse_unit(text: str, ctx: Context) -> str:
    word = text.strip().lower() or "month"
    if word not in UNITS:
        raise BadArguments()
    return UNITS[word]


def list_deals(args: DealsArgs, ctx: Context) -> Reply:
    """`deals`: open deals, largest first, with the sum of all that match per currency."""
    t = ctx.t
    owner = _owner(ctx, args.mine, args.owner)
    ids = None
    if args.customer is not None:
        party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
        ids = party_ids(ctx, party)
    stage = (
        stage_named(ctx, args.stage, lambda s: replace(args, stage=s.name).line()).name
        if args.stage
        else None
    )
    found = deals.open_deals(
        ctx.session,
        owner_id=owner.id if owner else None,
        party_ids=ids,
        stage=stage,
        limit=LIST_LIMIT,
    )
    count = sum(total.count for total in found.totals)
    data: dict[str, Any] = {
        "deals": [deal_data(ctx, deal) for deal in found.deals],
        "totals": [_total_data(total) for total in found.totals],
    }
    if not count:
        return Reply(text=t("Open deals: none."), data=data)
    text = t.plural(
        "{count} open deal: {sums}",
        "{count} open deals: {sums}",
        count,
        sums=_sums(ctx, found.totals),
    )
    return Reply(
        text=text,
        sections=[deals_section(ctx, t("Open deals"), found.deals, count - len(found.deals))],
        data=data,
    )


def show_pipeline(args: OwnerArgs, ctx: Context) -> Reply:
    """`pipeline`: per open stage the count, sum, weighted sum and the stalest deal."""
    t = ctx.t
    owner = _owner(ctx, args.mine, args.owner)
    figures = pipeline.pipeline(ctx.session, ctx.settings.stages, owner.id if owner else None)
    items = []
    rows = []
    for row in figures.stages:
        stage = ctx.settings.stages.get(row.stage)
        label = stage_label(stage, ctx.member.language) if stage else row.stage
        stalest = figures.stalest.get(row.stage)
        quiet = ""
        if stalest is not None:
            quiet = " \u00b7 " + t(
                "stalest: #{id} {title} ({name}), quiet since {when}",
                id=stalest.deal_id,
                title=stalest.title,
                name=stalest.customer,
                when=ctx.moment(stalest.touched_at),
            )
        items.append(
            Item(
                t.plural("{stage}: {count} deal", "{stage}: {count} deals", row.count, stage=label)
                + f", {_money(ctx, row.total, row.currency)} \u00b7 "
                + t("weighted {value}", value=_money(ctx, row.weighted, row.currency))
                + quiet
            )
        )
        rows.append(
            {
                "stage": row.stage,
                "currency": row.currency,
                "count": row.count,
                "total": str(row.total),
                "weighted": str(row.weighted),
                "stalest": {
                    "id": stalest.deal_id,
                    "title": stalest.title,
                    "customer": stalest.customer,
                }
                if stalest
                else None,
            }
        )
    title = t("Pipeline of {name}", name=owner.name) if owner else t("Pipeline")
    if not items:
        return Reply(text=t("{title}: no open deals.", title=title), data={"stages": []})
    return Reply(text=title, sections=[Section(t("Stages"), tuple(items))], data={"stages": rows})


def show_forecast(unit: str, ctx: Context) -> Reply:
    """`forecast [month|quarter]`: weighted, best case and committed per period of expected
    close, and beside them what was already won in that period."""
    t = ctx.t
    periods = _periods(ctx.now.astimezone(ctx.zone).date(), unit)
    figures = pipeline.forecast(ctx.session, ctx.settings.stages, periods, ctx.zone)
    won = {(row.period, row.currency): row for row in figures.won}
    keys = sorted({(r.period, r.currency) for r in figures.open} | set(won), key=_order)
    opened = {(row.period, row.currency): row for row in figures.open}
    items = []
    rows = []
    for period, currency in keys:
        label = _period_label(ctx, periods, period, unit)
        row, got = opened.get((period, currency)), won.get((period, currency))
        items.append(Item(f"{label}: " + _forecast_text(ctx, currency, row, got)))
        rows.append(
            {
                "period": _period_key(periods, period),
                "label": label,
                **_forecast_data(currency, row, got),
            }
        )
    title = t("Forecast by month") if unit == "month" else t("Forecast by quarter")
    if not items:
        return Reply(
            text=t("{title}: no open deals.", title=title), data={"unit": unit, "periods": []}
        )
    return Reply(
        text=title,
        sections=[Section(t("Periods"), tuple(items))],
        data={"unit": unit, "periods": rows},
    )


def _forecast_text(
    ctx: Context, currency: str, row: PeriodFigures | None, got: WonFigures | None
) -> str:
    t = ctx.t
    parts = []
    if row is not None:
        parts.append(t("weighted {value}", value=_money(ctx, row.weighted, currency)))
        parts.append(t("best case {value}", value=_money(ctx, row.best_case, currency)))
        parts.append(t("committed {value}", value=_money(ctx, row.committed, currency)))
    if got is not None:
        parts.append(t("won {value}", value=_money(ctx, got.total, currency)))
    return " \u00b7 ".join(parts)


def _forecast_data(
    currency: str, row: PeriodFigures | None, got: WonFigures | None
) -> dict[str, Any]:
    zero = Decimal("0.00")
    return {
        "currency": currency,
        "count": row.count if row else 0,
        "weighted": str(row.weighted if row else zero),
        "best_case": str(row.best_case if row else zero),
        "committed": str(row.committed if row else zero),
        "won": str(got.total if got else zero),
        "won_count": got.count if got else 0,
    }


def _order(key: tuple[int, str]) -> tuple[int, str]:
    """Overdue first, then the periods, then deals with no close date."""
    period, currency = key
    return ({BEFORE: -1, UNDATED: 10**6}.get(period, period), currency)


def _periods(today: date, unit: str) -> list[Period]:
    step = 1 if unit == "month" else 3
    first = (today.month - 1) // step * step + 1
    starts = []
    year, month = today.year, first
    for _ in range(PERIODS[unit] + 1):
        starts.append(date(year, month, 1))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return [Period(start, end) for start, end in itertools.pairwise(starts)]


def _period_key(periods: list[Period], period: int) -> str:
    if period == BEFORE:
        return "overdue"
    if period == UNDATED:
        return "undated"
    return periods[period].start.isoformat()


def _period_label(ctx: Context, periods: list[Period], period: int, unit: str) -> str:
    if period == BEFORE:
        return ctx.t("overdue")
    if period == UNDATED:
        return ctx.t("no close date")
    start = periods[period].start
    if unit == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return format_date(start, "MMM y", locale=ctx.member.language)


def _owner(ctx: Context, mine: bool, ref: MemberRef | None) -> Member | None:
    if ref is not None:
        return member(ctx, ref)
    return ctx.member if mine else None


def _money(ctx: Context, amount: Decimal, currency: str) -> str:
    return format_money(Money(amount, currency), ctx.member.language)


def _sums(ctx: Context, totals: list[Total]) -> str:
    return ", ".join(_money(ctx, total.total, total.currency) for total in totals)


def _total_data(total: Total) -> dict[str, Any]:
    return {"currency": total.currency, "count": total.count, "total": str(total.total)}
