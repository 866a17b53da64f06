"""How a deal is shown: its line in a list, its message with the next stages as buttons,
and its public JSON form."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from handlers.context import Context
from handlers.money import Money, format_money
from handlers.reply import Button, Field, Item, Reply, Section, Subject
from handlers.stages import stage_label
from storage import deals
from storage.models import Deal

CARD_DEALS = 5


def money_text(ctx: Context, deal: Deal) -> str:
    return format_money(Money(deal.value, deal.currency), ctx.member.language)


def probability_of(ctx: Context, deal: Deal) -> int:
    """The deal's own percent, else its stage's (0 for a stage no longer configured)."""
    if deal.probability is not None:
        return deal.probability
    stage = ctx.settings.stages.get(deal.stage)
    return stage.probability if stage else 0


def deal_stage_label(ctx: Context, deal: Deal) -> str:
    stage = ctx.settings.stages.get(deal.stage)
    return stage_label(stage, ctx.member.language) if stage else deal.stage


def deal_data(ctx: Context, deal: Deal) -> dict[str, Any]:
    """The public JSON form of a deal (the console's `data`)."""
    return {
        "id": deal.id,
        "title": deal.title,
        "customer": deal.party.name,
        "value": str(deal.value),
        "currency": deal.currency,
        "stage": deal.stage,
        "probability": probability_of(ctx, deal),
        "close_on": deal.close_on.isoformat() if deal.close_on else None,
        "owner": deal.owner.name,
        "status": deal.status,
    }


def deal_item(ctx: Context, deal: Deal) -> Item:
    """One deal as a line of a list, with a button to open it."""
    close = " \u00b7 " + ctx.t("close {day}", day=_day(ctx, deal.close_on)) if deal.close_on else ""
    late = (
        "\u26a0 " if deal.close_on and deal.close_on < ctx.now.astimezone(ctx.zone).date() else ""
    )
    return Item(
        f"{late}#{deal.id} {deal.party.name}: {deal.title} \u00b7 {money_text(ctx, deal)}"
        f" \u00b7 {deal_stage_label(ctx, deal)} ({probability_of(ctx, deal)} %){close}"
        f" \u00b7 {deal.owner.name}"
    )


def stage_buttons(ctx: Context, deal: Deal) -> list[Button]:
    """The stages an open deal can move on to; won and lost are their own verbs."""
    stages = ctx.settings.stages
    buttons = []
    for stage in stages.after(deal.stage):
        label = stage_label(stage, ctx.member.language)
        if stage == stages.won:
            buttons.append(Button(label, f"won {deal.id}", "primary"))
        elif stage == stages.lost:
            buttons.append(Button(label, f"lost {deal.id}", "danger"))
        else:
            buttons.append(Button(label, f"stage {deal.id} {stage.name}"))
    return buttons


def deal_reply(ctx: Context, deal: Deal, text: str) -> Reply:
    """A message about one deal: its facts, and (while open) the next stages as buttons."""
    t = ctx.t
    fields = [
        Field(t("Customer"), deal.party.name),
        Field(t("Value"), money_text(ctx, deal)),
        Field(t("Stage"), f"{deal_stage_label(ctx, deal)} ({probability_of(ctx, deal)} %)"),
        Field(t("Owner"), deal.owner.name),
    ]
    if deal.close_on:
        fields.append(Field(t("Expected close"), _day(ctx, deal.close_on)))
    if deal.lost_reason:
        fields.append(Field(t("Reason"), deal.lost_reason))
    return Reply(
        text=text,
        title=f"#{deal.id} {deal.title}",
        fields=fields,
        buttons=stage_buttons(ctx, deal) if deal.status == "open" else [],
        public=True,
        subject=Subject("deal", deal.id, deal.title),
        data=deal_data(ctx, deal),
    )


def _day(ctx: Context, day: date) -> str:
    return format_date(day, "medium", locale=ctx.member.language)


def deals_section(ctx: Context, title: str, listed: list[Deal], more: int = 0) -> Section:
    return Section(title, tuple(deal_item(ctx, deal) for deal in listed), more)


def card_sections(ctx: Context, party_ids: list[int]) -> list[Section]:
    """A customer card's deals: the open ones, largest first, and the revenue won."""
    found = deals.open_deals(ctx.session, party_ids=party_ids, limit=CARD_DEALS)
    count = sum(total.count for total in found.totals)
    won = deals.won_totals(ctx.session, party_ids)
    sections = [deals_section(ctx, ctx.t("Open deals"), found.deals, count - len(found.deals))]
    if won:
        revenue = ", ".join(
            format_money(Money(w.total, w.currency), ctx.member.language) for w in won
        )
        sections.append(Section(ctx.t("Won"), (Item(revenue),)))
    return sections if count or won else []


def stage_changes_section(ctx: Context, party_ids: list[int], limit: int) -> Section | None:
    """`history`: every stage change of the customer's deals, with who and when."""
    changes = deals.stage_changes(ctx.session, party_ids, limit)
    if not changes:
        return None
    items = []
    for change in changes:
        who = change.member.name if change.member else "\u2014"
        to = _stage_name(ctx, change.to_stage)
        move = f"{_stage_name(ctx, change.from_stage)} \u2192 {to}" if change.from_stage else to
        items.append(
            Item(
                f"{ctx.moment(change.at)} \u00b7 #{change.deal_id} {change.deal.title}: {move} \u00b7 {who}"
            )
        )
    return Section(ctx.t("Deal stages"), tuple(items))


def _stage_name(ctx: Context, name: str) -> str:
    stage = ctx.settings.stages.get(name)
    return stage_label(stage, ctx.member.language) if stage else name
