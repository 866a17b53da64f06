"""Deals: a new one in a line (`deal Müller 12k: Wartung`), and how any deal is shown.

The value is read as people write money (handlers/money.py) from the end of the words
before the pairs, so `deal Müller GmbH 12.000 €` keeps the customer's name whole; in a chat
that works on a customer (storage/chat_contexts) the customer may be left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from config.stages import Stage
from handlers import when
from handlers.arguments import (
    BadArguments,
    MemberRef,
    PartyRef,
    head_and_body,
    name_and_pairs,
    take_mention,
)
from handlers.context import Context, Refusal
from handlers.dates import DateError
from handlers.deal_views import deal_reply, money_text
from handlers.i18n import Translate
from handlers.lookup import Ambiguous, member, resolve
from handlers.money import Money, MoneyError, split_trailing_money
from handlers.reply import Button, Reply
from handlers.stages import StageError, resolve_stage, stage_label
from storage import chat_contexts, deals, parties
from storage.models import Deal, Party

MAX_TITLE_CHARS = 200
STAGE_KEYS = ("stage", "phase")
CLOSE_KEYS = ("close", "abschluss")
PROBABILITY_KEYS = ("probability", "wahrscheinlichkeit")


@dataclass(frozen=True)
class DealArgs:
    """`deal [<customer>] <value> [stage=] [close=] [probability=] [@owner]: <title>`.

    `customer` is None when the chat's current customer is meant; `close` is already a day.
    """

    customer: PartyRef | None
    value: Money
    title: str
    stage: str | None = None
    close: date | None = None
    probability: int | None = None
    owner: MemberRef | None = None

    def line(self) -> str:
        parts = ["deal"]
        if self.customer is not None:
            parts.append(str(self.customer))
        parts.append(f"{self.value.amount} {self.value.currency}")
        if self.stage:
            parts.append(f"stage={self.stage}")
        if self.close:
            parts.append(f"close={self.close.isoformat()}")
        if self.probability is not None:
            parts.append(f"probability={self.probability}")
        if self.owner:
            parts.append(str(self.owner))
        return " ".join(parts) + f": {self.title}"


def parse_deal(text: str, ctx: Context) -> DealArgs:
    head, title = head_and_body(text)
    if not title:
        raise BadArguments(ctx.t("What is the deal about? Write its title after a colon."))
    head, owner = take_mention(head)
    parsed = name_and_pairs(head)
    pairs = dict(parsed.pairs)
    stage = _pop(pairs, STAGE_KEYS)
    close = _pop(pairs, CLOSE_KEYS)
    probability = _pop(pairs, PROBABILITY_KEYS)
    if pairs:
        raise BadArguments(ctx.t("Unknown: {keys}.", keys=", ".join(pairs)))
    if parties.with_exact_key(ctx.session, parsed.name):
        raise BadArguments(
            ctx.t(
                "\u201c{name}\u201d is a customer's whole name, so it holds no value. Write the value after it, for example: {name} 12.000 \u20ac",
                name=parsed.name[:60],
            )
        )
    try:
        found = split_trailing_money(parsed.name, ctx.settings.crm_currency)
    except MoneyError as problem:
        raise Refusal(money_problem(ctx.t, problem), argument="value") from problem
    if found is None:
        raise BadArguments(ctx.t("What is it worth? Write the value, for example: 12.000 €"))
    words, value = found
    return DealArgs(
        customer=PartyRef(words) if words else None,
        value=value,
        title=checked_title(ctx, title),
        stage=stage,
        close=close_day(ctx, close) if close else None,
        probability=read_probability(ctx, probability) if probability is not None else None,
        owner=owner,
    )


def create(args: DealArgs, ctx: Context) -> Reply:
    """A new open deal, in the first stage unless another open one is named."""
    party = _customer(ctx, args)
    stage = ctx.settings.stages.first
    if args.stage:
        stage = stage_named(ctx, args.stage, lambda s: replace(args, stage=s.name).line())
        if stage.closed:
            raise Refusal(
                ctx.t("A new deal starts open. Close it afterwards with won or lost."),
                argument="stage",
            )
    owner = member(ctx, args.owner) if args.owner else ctx.member
    deal = deals.add(
        ctx.session,
        ctx.member.id,
        party=party,
        title=args.title,
        value=args.value.amount,
        currency=args.value.currency,
        owner_id=owner.id,
        stage=stage.name,
        now=ctx.now,
        probability=args.probability,
        close_on=args.close,
    )
    text = ctx.t(
        "Deal #{id} for {name}: {title}, {value}.",
        id=deal.id,
        name=party.name,
        title=deal.title,
        value=money_text(ctx, deal),
    )
    return deal_reply(ctx, deal, text)


def _customer(ctx: Context, args: DealArgs) -> Party:
    if args.customer is not None:
        return resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    current = (
        chat_contexts.current_party(ctx.session, ctx.platform, ctx.channel) if ctx.channel else None
    )
    if current is None:
        raise Refusal(ctx.t("Which customer? Name one."), argument="customer")
    return current


def _pop(pairs: dict[str, str], keys: tuple[str, ...]) -> str | None:
    found = [pairs.pop(key) for key in keys if key in pairs]
    return found[0] if found else None


def checked_title(ctx: Context, title: str) -> str:
    if len(title) > MAX_TITLE_CHARS:
        raise Refusal(
            ctx.t("That title is too long (at most {limit} characters).", limit=MAX_TITLE_CHARS),
            argument="title",
        )
    return title


def close_day(ctx: Context, phrase: str) -> date:
    """The day a deal is expected to close: today or later, in the member's zone."""
    today = ctx.now.astimezone(ctx.zone).date()
    try:
        return when.read(ctx, phrase).astimezone(ctx.zone).date()
    except DateError as problem:
        meant = problem.moment.astimezone(ctx.zone).date() if problem.moment else None
        if problem.reason == "past" and meant == today:
            return today
        raise Refusal(when.date_problem(ctx, problem), argument="close") from problem


def read_probability(ctx: Context, text: str) -> int:
    number = text.strip().rstrip("%").strip()
    if not number.isdigit() or int(number) > 100:
        raise Refusal(
            ctx.t("A probability is a percentage from 0 to 100, for example: 60"),
            argument="probability",
        )
    return int(number)


def money_problem(t: Translate, problem: MoneyError) -> str:
    """The member-facing words for an amount that cannot be taken (also on Slack's deal
    form, which reads the value before it builds the command)."""
    messages = {
        "not_positive": t("A deal's value must be more than zero: \u201c{text}\u201d."),
        "ambiguous": t(
            "\u201c{text}\u201d can be read more than one way. Write it like 1.234,56 or 1,234.56."
        ),
        "unknown_currency": t(
            "I do not know the currency in \u201c{text}\u201d. Use EUR, USD, CHF, \u20ac, $ ..."
        ),
        "too_large": t("\u201c{text}\u201d is more than a deal can hold."),
        "too_precise": t("\u201c{text}\u201d has more than two decimal places."),
    }
    fallback = t("\u201c{text}\u201d is no amount. Write it like 12.000 \u20ac, 12k or $3,000.")
    return messages.get(problem.reason, fallback).format(text=problem.text.strip()[:40])


def stage_named(ctx: Context, word: str, retry: Any) -> Stage:
    """The stage `word` names; otherwise a question with the stages as buttons
    (`retry(stage)` is the whole command again with that stage)."""
    try:
        return resolve_stage(ctx.settings.stages, word)
    except StageError as problem:
        reply = Reply(
            text=ctx.t("There is no stage \u201c{word}\u201d. Choose one:", word=word[:32]),
            ok=False,
            argument="stage",
            buttons=[
                Button(stage_label(stage, ctx.member.language), retry(stage))
                for stage in problem.candidates
            ],
            data={"stages": [stage.name for stage in problem.candidates]},
        )
        raise Ambiguous(reply) from problem


def get_deal(ctx: Context, deal_id: int) -> Deal:
    deal = deals.get(ctx.session, deal_id)
    if deal is None:
        raise Refusal(ctx.t("There is no deal #{id}.", id=deal_id), argument="deal")
    return deal
