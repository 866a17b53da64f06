"""`chart <kpi> [period] [by member|kind|stage]`: a KPI over the last twelve periods, as PNG.

`chart won_value` is twelve months; `chart calls week` twelve weeks, the current one to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from babel.dates import format_date

from handlers.analytics.periods import Period, Window, read_period, trail
from handlers.analytics.plot import trend_png
from handlers.analytics.report import unknown_period
from handlers.context import Context, Refusal
from handlers.i18n import N_
from handlers.lookup import Ambiguous
from handlers.reply import Button, Image, Reply
from storage import members, trends
from storage.folding import fold

POINTS: Final = 12
KPI_NAMES: Final = {
    "contacts": N_("Contacts"), "calls": N_("Calls"), "visits": N_("Visits"),
    "new_customers": N_("New customers"), "followups_on_time": N_("Follow-ups on time (%)"),
    "won_value": N_("Won value"), "won_count": N_("Deals won"), "win_rate": N_("Win rate (%)"),
    "pipeline": N_("Pipeline at period end"), "complaints": N_("Complaints"),
}  # fmt: skip
GERMAN: Final = {
    "kontakte": "contacts", "anrufe": "calls", "besuche": "visits", "neukunden": "new_customers",
    "termintreue": "followups_on_time", "umsatz": "won_value", "abschlusse": "won_count",
    "abschluesse": "won_count", "gewinnquote": "win_rate", "beschwerden": "complaints",
}  # fmt: skip
SPLIT_WORDS: Final = {
    "member": "member", "mitglied": "member", "kind": "kind", "art": "kind", "stage": "stage",
    "phase": "stage",
}  # fmt: skip
BY_WORDS: Final = frozenset({"by", "nach", "je"})


@dataclass(frozen=True)
class ChartArgs:
    kpi: str
    period: Period
    by: str | None = None

    def line(self) -> str:
        split = f" by {self.by}" if self.by else ""
        return f"chart {self.kpi} {self.period.line()}{split}"


def parse_chart(text: str, ctx: Context) -> ChartArgs:
    words = text.split()
    by = None
    if len(words) >= 2 and words[-2].lower() in BY_WORDS:
        by = SPLIT_WORDS.get(words[-1].lower())
        if by is None:
            raise Refusal(ctx.t("Split by member, kind or stage."), argument="by")
        words = words[:-2]
    kpi = _kpi(words[0]) if words else None
    if kpi is None:
        raise Ambiguous(_unknown_kpi(ctx, words[0] if words else ""))
    period = read_period(words[1:]) if len(words) > 1 else Period("month")
    if period is None:
        line = lambda unit: ChartArgs(kpi, Period(unit), by).line()  # noqa: E731
        raise Ambiguous(unknown_period(ctx, " ".join(words[1:]), line))
    if by is not None and by not in trends.SPLITS[kpi]:
        raise Refusal(ctx.t("{kpi} cannot be split by {by}.", kpi=ctx.t(KPI_NAMES[kpi]), by=by))
    return ChartArgs(kpi, period, by)


def chart(args: ChartArgs, ctx: Context) -> Reply:
    periods = trail(args.period.unit, POINTS, ctx.now, ctx.zone)
    edges = [(window.start, window.end) for window in periods]
    currency = ctx.settings.crm_currency
    found = trends.series(ctx.session, args.kpi, edges, args.by, currency)
    title = ctx.t(KPI_NAMES[args.kpi])
    labels = [_label(ctx, args.period.unit, window) for window in periods]
    if not any(any(values) for values in found.values()):
        span = f"{title}, {labels[0]} – {labels[-1]}"
        return Reply(text=ctx.t("No data for {period}.", period=span), data={"empty": True})
    named = _names(ctx, args.by, found)
    y_label = currency if args.kpi in ("won_value", "pipeline") else ""
    png = trend_png(title, labels, named, y_label, ctx.member.language)
    return Reply(
        text=title,
        image=Image(png, ctx.t("Chart: {title}", title=title)),
        data={"kpi": args.kpi, "labels": labels, "series": named},
    )


def _kpi(word: str) -> str | None:
    key = word.lower().replace("-", "_")
    return key if key in KPI_NAMES else GERMAN.get(fold(word))


def _unknown_kpi(ctx: Context, word: str) -> Reply:
    return Reply(
        text=ctx.t("There is no chart \u201c{word}\u201d. Choose one:", word=word[:40]),
        ok=False,
        buttons=[Button(ctx.t(name), f"chart {kpi}") for kpi, name in KPI_NAMES.items()],
        data={"kpis": list(KPI_NAMES)},
    )


def _names(ctx: Context, by: str | None, found: trends.Series) -> dict[str, list[float]]:
    """Series keys as the legend shows them: member names, translated kinds and stages."""
    if by == "member":
        names = {m.id: m.name for m in members.all_members(ctx.session)}
        return {names.get(key, ctx.t("nobody")): found[key] for key in sorted(found, key=str)}
    if by is None:
        return {ctx.t("all"): values for values in found.values()}
    return {ctx.t(str(key)): found[key] for key in sorted(found, key=str)}


def _label(ctx: Context, unit: str, window: Window) -> str:
    day, language = window.start.date(), ctx.member.language
    if unit == "week":
        return ctx.t("W{week}", week=day.isocalendar()[1])
    if unit == "month":
        return format_date(day, "MMM yy", locale=language)
    if unit == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day:%y}"
    return str(day.year)
