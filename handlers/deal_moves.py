"""Moving a deal along: `stage`, `won`, `lost`, and `set deal <id> key=value`.

A closed deal does not move: asked to, the member is told it is won or lost already. `lost`
needs its reason, because "why do we lose?" is the question the list of reasons answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.arguments import BadArguments, MemberRef, head_and_body, name_and_pairs, record_id
from handlers.context import Context, Refusal
from handlers.deal_views import deal_reply, money_text
from handlers.deals import (
    CLOSE_KEYS,
    PROBABILITY_KEYS,
    checked_title,
    close_day,
    get_deal,
    money_problem,
    read_probability,
    stage_named,
)
from handlers.lookup import Ambiguous, member
from handlers.money import Money, MoneyError, parse_money
from handlers.reply import Button, Reply
from handlers.stages import match_lost_reason, stage_label
from storage import deals, parties
from storage.models import Deal

MAX_REASON_CHARS = 200
SET_KEYS = {
    **dict.fromkeys(("value", "wert"), "value"),
    **dict.fromkeys(CLOSE_KEYS, "close"),
    **dict.fromkeys(("title", "titel"), "title"),
    **dict.fromkeys(PROBABILITY_KEYS, "probability"),
    **dict.fromkeys(("owner", "betreuer"), "owner"),
}


@dataclass(frozen=True)
class StageArgs:
    deal_id: int
    stage: str

    def line(self) -> str:
        return f"stage {self.deal_id} {self.stage}"


@dataclass(frozen=True)
class WonArgs:
    deal_id: int
    value: str | None
    """As written; read in the deal's own currency when it names none."""


@dataclass(frozen=True)
class LostArgs:
    deal_id: int
    reason: str


@dataclass(frozen=True)
class SetDealArgs:
    deal_id: int
    pairs: dict[str, str]
    """Canonical keys (SET_KEYS' values) to the values as written."""


def deal_id(ctx: Context, word: str) -> int:
    try:
        return record_id(word)
    except BadArguments:
        raise BadArguments(ctx.t("Which deal? Give its number.")) from None


def parse_stage(text: str, ctx: Context) -> StageArgs:
    id_word, _, stage = text.strip().partition(" ")
    found = deal_id(ctx, id_word)
    if not stage.strip():
        raise BadArguments(ctx.t("To which stage?"))
    return StageArgs(found, stage.strip())


def parse_won(text: str, ctx: Context) -> WonArgs:
    id_word, _, value = text.strip().partition(" ")
    return WonArgs(deal_id(ctx, id_word), value.strip() or None)


def parse_lost(text: str, ctx: Context) -> LostArgs:
    head, reason = head_and_body(text)
    return LostArgs(deal_id(ctx, head), reason)


def parse_set_deal(text: str, ctx: Context) -> SetDealArgs:
    """`<id> key=value ...` (the words after `set deal`)."""
    parsed = name_and_pairs(text)
    found = deal_id(ctx, parsed.name)
    unknown = [key for key in parsed.pairs if key not in SET_KEYS]
    if unknown or not parsed.pairs:
        raise BadArguments(
            ctx.t("Unknown: {keys}.", keys=", ".join(unknown)) if unknown else ctx.t("Set what?")
        )
    return SetDealArgs(found, {SET_KEYS[key]: value for key, value in parsed.pairs.items()})


def move(args: StageArgs, ctx: Context) -> Reply:
    """`stage <id> <stage>`: move an open deal; naming won or lost closes it as those do."""
    deal = _open_deal(ctx, args.deal_id)
    stages = ctx.settings.stages
    stage = stage_named(ctx, args.stage, lambda s: StageArgs(deal.id, s.name).line())
    if stage == stages.won:
        return won(WonArgs(deal.id, None), ctx)
    if stage == stages.lost:
        return lost(LostArgs(deal.id, ""), ctx)
    label = stage_label(stage, ctx.member.language)
    if not deals.move(ctx.session, ctx.member.id, deal, stage.name, ctx.now):
        text = ctx.t("Deal #{id} is in {stage} already.", id=deal.id, stage=label)
    else:
        text = ctx.t("Deal #{id} moved to {stage}.", id=deal.id, stage=label)
    return deal_reply(ctx, deal, text)


def won(args: WonArgs, ctx: Context) -> Reply:
    """`won <id> [<value>]`: closed as won, at the final value if given; a prospect becomes
    a customer."""
    deal = _open_deal(ctx, args.deal_id)
    if args.value is not None:
        _set_value(ctx, deal, args.value)
    deals.close_won(ctx.session, ctx.member.id, deal, ctx.settings.stages, ctx.now)
    if deal.party.relationship_kind == "prospect":
        parties.update(ctx.session, ctx.member.id, deal.party, relationship_kind="customer")
    text = ctx.t(
        "Deal #{id} won: {title}, {value}.",
        id=deal.id,
        title=deal.title,
        value=money_text(ctx, deal),
    )
    return deal_reply(ctx, deal, text)


def lost(args: LostArgs, ctx: Context) -> Reply:
    """`lost <id>: <reason>`: without a reason, the team's reasons are offered as buttons."""
    deal = _open_deal(ctx, args.deal_id)
    reasons = ctx.settings.lost_reasons
    if not args.reason:
        raise Ambiguous(
            Reply(
                text=ctx.t("Why was deal #{id} lost? Choose or write a reason.", id=deal.id),
                ok=False,
                argument="reason",
                buttons=[Button(reason, f"lost {deal.id}: {reason}") for reason in reasons],
                data={"id": deal.id, "reasons": list(reasons)},
            )
        )
    if len(args.reason) > MAX_REASON_CHARS:
        raise Refusal(
            ctx.t("That reason is too long (at most {limit} characters).", limit=MAX_REASON_CHARS),
            argument="reason",
        )
    reason = match_lost_reason(reasons, args.reason)
    deals.close_lost(ctx.session, ctx.member.id, deal, ctx.settings.stages, reason, ctx.now)
    text = ctx.t("Deal #{id} lost: {reason}.", id=deal.id, reason=reason)
    return deal_reply(ctx, deal, text)


def set_deal(args: SetDealArgs, ctx: Context) -> Reply:
    """`set deal <id> key=value`: value, close, title, probability; owner=@m hands it over."""
    deal = get_deal(ctx, args.deal_id)
    values: dict[str, Any] = {}
    for key, text in args.pairs.items():
        values.update(_field(ctx, deal, key, text))
    deals.update_fields(ctx.session, ctx.member.id, deal, ctx.now, **values)
    ctx.session.refresh(deal, ["owner"])
    return deal_reply(ctx, deal, ctx.t("Deal #{id} changed.", id=deal.id))


def _field(ctx: Context, deal: Deal, key: str, text: str) -> dict[str, Any]:
    if key == "value":
        money = _money(ctx, deal, text)
        return {"value": money.amount, "currency": money.currency}
    if key == "close":
        return {"close_on": close_day(ctx, text)}
    if key == "title":
        if not text.strip():
            raise Refusal(ctx.t("Please give a title."), argument="title")
        return {"title": checked_title(ctx, text.strip())}
    if key == "probability":
        return {"probability": read_probability(ctx, text)}
    return {"owner_id": member(ctx, MemberRef(text.strip().lstrip("@"))).id}


def _set_value(ctx: Context, deal: Deal, text: str) -> None:
    money = _money(ctx, deal, text)
    deals.update_fields(
        ctx.session, ctx.member.id, deal, ctx.now, value=money.amount, currency=money.currency
    )


def _money(ctx: Context, deal: Deal, text: str) -> Money:
    try:
        return parse_money(text, deal.currency)
    except MoneyError as problem:
        raise Refusal(money_problem(ctx.t, problem), argument="value") from problem


def _open_deal(ctx: Context, found: int) -> Deal:
    deal = get_deal(ctx, found)
    if deal.status != "open":
        raise Refusal(
            ctx.t(
                "Deal #{id} is {status} already; a closed deal does not move.",
                id=deal.id,
                status=ctx.t(deal.status),
            ),
            argument="deal",
        )
    return deal
