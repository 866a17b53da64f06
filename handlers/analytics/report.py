"""`report [week|month|quarter|year|last month] [@member]`: the period's KPIs and their change.

Five GROUP BYs over both periods (storage.reports) and the pipeline's; every figure is
grouped by member, so the team table and `@member` come from the same rows as the totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from handlers.analytics.numbers import amounts, change, money, number, percent
from handlers.analytics.periods import UNITS, Period, Window, read_period, windows
from handlers.arguments import MemberRef, take_mention
from handlers.context import Context
from handlers.i18n import N_
from handlers.lookup import Ambiguous, member
from handlers.reply import Button, Field, Item, Reply, Section
from storage import members, pipeline, reports
from storage.models import ACTIVITY_KINDS
from storage.reports import Figures

CONTACT_KINDS = tuple(kind for kind in ACTIVITY_KINDS if kind != "note")
"""What counts as a contact with a customer: every kind of activity but a note to self."""
UNIT_NAMES = {"week": N_("week"), "month": N_("month"), "quarter": N_("quarter"), "year": N_("year")}  # fmt: skip


@dataclass(frozen=True)
class ReportArgs:
    period: Period
    member: MemberRef | None = None

    def line(self) -> str:
        who = f" {self.member}" if self.member else ""
        return f"report {self.period.line()}{who}"


def parse_report(text: str, ctx: Context) -> ReportArgs:
    words, mention = take_mention(text)
    period = read_period(words.split()) if words else Period("month")
    if period is None:
        raise Ambiguous(unknown_period(ctx, words, lambda unit: f"report {unit}"))
    return ReportArgs(period, mention)


def unknown_period(ctx: Context, words: str, line: Any) -> Reply:
    """The valid periods as buttons, for a period name that matches none."""
    return Reply(
        text=ctx.t("There is no period \u201c{words}\u201d. Choose one:", words=words[:40]),
        ok=False,
        buttons=[Button(ctx.t(UNIT_NAMES[unit]), line(unit)) for unit in UNITS],
        data={"periods": list(UNITS)},
    )


def report(args: ReportArgs, ctx: Context) -> Reply:
    current, previous = windows(args.period, ctx.now, ctx.zone)
    who = member(ctx, args.member) if args.member else None
    then_rows, now_rows = reports.by_member(
        ctx.session, [(previous.start, previous.end), (current.start, current.end)]
    )
    who_id = who.id if who else None
    this, last = _pick(now_rows, who_id), _pick(then_rows, who_id)
    label = period_label(ctx, args.period, current)
    if who is not None:
        label = f"{label}, {who.name}"
    if this.empty:
        return Reply(text=ctx.t("No data for {period}.", period=label), data={"empty": True})
    open_deals = pipeline.pipeline(ctx.session, ctx.settings.stages, who_id)
    total: dict[str, Decimal] = {}
    weighted: dict[str, Decimal] = {}
    for stage in open_deals.stages:
        total[stage.currency] = total.get(stage.currency, Decimal(0)) + stage.total
        weighted[stage.currency] = weighted.get(stage.currency, Decimal(0)) + stage.weighted
    reply = Reply(
        text=ctx.t("Report for {period}", period=label),
        fields=_fields(ctx, this, last) + _pipeline_fields(ctx, total, weighted),
        data={
            "period": _window_data(ctx, current),
            "previous": _window_data(ctx, previous),
            "figures": figures_data(this),
            "before": figures_data(last),
            "pipeline": {"total": amounts(total), "weighted": amounts(weighted)},
        },
    )
    if who is None:
        _team(ctx, now_rows, reply)
    return reply


def period_label(ctx: Context, period: Period, window: Window) -> str:
    start, language = window.start.date(), ctx.member.language
    if period.unit == "week":
        week, year = start.isocalendar()[1], start.isocalendar()[0]
        return ctx.t("week {week} of {year}", week=week, year=year)
    if period.unit == "month":
        return format_date(start, "LLLL y", locale=language)
    if period.unit == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return str(start.year)


def figures_data(figures: Figures) -> dict[str, Any]:
    """The figures of one period for `--json` (amounts per currency as strings)."""
    return {
        "contacts": sum(figures.contacts.get(kind, 0) for kind in CONTACT_KINDS),
        "by_kind": dict(sorted(figures.contacts.items())),
        "new_customers": figures.new_customers,
        "new_prospects": figures.new_prospects,
        "followups": {"on_time": figures.on_time, "late": figures.late, "open": figures.still_open},
        "complaints": figures.contacts.get("complaint", 0),
        "won": {"count": figures.won_count, "value": amounts(figures.won_value)},
        "lost": {"count": figures.lost_count, "value": amounts(figures.lost_value)},
        "win_rate": win_rate(figures),
        "average_won": amounts(_average_won(figures)),
        "days_to_won": days_to_won(figures),
    }


def win_rate(figures: Figures) -> float | None:
    closed = figures.won_count + figures.lost_count
    return figures.won_count / closed if closed else None


def days_to_won(figures: Figures) -> float | None:
    return round(figures.days_to_won / figures.won_count, 1) if figures.won_count else None


def _average_won(figures: Figures) -> dict[str, Decimal]:
    return {
        currency: (amount / figures.won_counts[currency]).quantize(Decimal("0.01"))
        for currency, amount in figures.won_value.items()
    }


def _fields(ctx: Context, this: Figures, last: Figures) -> list[Field]:
    t, language, currency = ctx.t, ctx.member.language, ctx.settings.crm_currency
    now, then = figures_data(this), figures_data(last)

    def counted(label: str, value: int, before: int) -> Field:
        return Field(label, f"{number(value, language)} {change(value, before, language)}".strip())

    fields = [counted(t("Contacts"), now["contacts"], then["contacts"])]
    fields += [
        counted(f"  {t(kind).capitalize()}", this.contacts.get(kind, 0), last.contacts.get(kind, 0))
        for kind in CONTACT_KINDS
        if this.contacts.get(kind, 0) or last.contacts.get(kind, 0)
    ]
    fields += [
        counted(t("New customers"), this.new_customers, last.new_customers),
        counted(t("New prospects"), this.new_prospects, last.new_prospects),
        counted(t("Follow-ups done on time"), this.on_time, last.on_time),
        counted(t("Follow-ups done late"), this.late, last.late),
        counted(t("Follow-ups still open"), this.still_open, last.still_open),
        counted(t("Complaints"), now["complaints"], then["complaints"]),
        counted(t("Deals won"), this.won_count, last.won_count),
        Field(
            t("Won value"),
            f"{money(this.won_value, language, currency)} "
            f"{change(this.won_value.get(currency, 0), last.won_value.get(currency, 0), language)}".strip(),
        ),
        counted(t("Deals lost"), this.lost_count, last.lost_count),
        Field(t("Lost value"), money(this.lost_value, language, currency)),
        Field(
            t("Win rate"),
            f"{percent(now['win_rate'], language)} {change(now['win_rate'], then['win_rate'], language)}".strip(),
        ),
        Field(t("Average won deal"), money(_average_won(this), language, currency)),
    ]
    days = now["days_to_won"]
    if days is not None:
        fields.append(Field(t("Average days to won"), number(days, language, 1)))
    return fields


def _pipeline_fields(
    ctx: Context, total: dict[str, Decimal], weighted: dict[str, Decimal]
) -> list[Field]:
    language, currency = ctx.member.language, ctx.settings.crm_currency
    return [
        Field(ctx.t("Pipeline (open deals, now)"), money(total, language, currency)),
        Field(ctx.t("Pipeline weighted"), money(weighted, language, currency)),
    ]


def _team(ctx: Context, rows: dict[int | None, Figures], reply: Reply) -> None:
    """One line per member with anything in the period, the busiest first."""
    language, currency = ctx.member.language, ctx.settings.crm_currency
    names = {m.id: m.name for m in members.all_members(ctx.session)}
    team = sorted(
        ((names[mid], figures) for mid, figures in rows.items() if mid in names),
        key=lambda pair: (-sum(pair[1].contacts.values()), pair[0]),
    )
    items = []
    for name, figures in team:
        text = ctx.t(
            "{name}: contacts {contacts}, won {won} ({value}), follow-ups on time {on_time} / late {late} / open {open}",
            name=name,
            contacts=sum(figures.contacts.get(kind, 0) for kind in CONTACT_KINDS),
            won=figures.won_count,
            value=money(figures.won_value, language, currency),
            on_time=figures.on_time,
            late=figures.late,
            open=figures.still_open,
        )
        items.append(Item(text))
    reply.sections.append(Section(ctx.t("Team"), tuple(items)))
    reply.data["team"] = [{"member": name, **figures_data(figures)} for name, figures in team]


def _pick(rows: dict[int | None, Figures], member_id: int | None) -> Figures:
    if member_id is not None:
        return rows.get(member_id, Figures())
    total = Figures()
    for figures in rows.values():
        total.add(figures)
    return total


def _window_data(ctx: Context, window: Window) -> dict[str, str]:
    return {"start": ctx.local_iso(window.start), "end": ctx.local_iso(window.end)}
