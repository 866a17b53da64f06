"""Checked JSON bodies and queries -> the typed arguments of the chat's verbs.

Nothing here decides about customers: each function only builds what the verb's own parser
would have built from a line, so `Crm.run` hands it to the very handler chat uses. What a
parser checks with nothing but words (a name, an amount, a moment ahead) is checked here
the same way and refused with the same message (`Refusal`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.api.bodies import (
    CustomerChange,
    CustomerQuery,
    DealChange,
    DealQuery,
    FollowupChange,
    FollowupQuery,
    NewActivity,
    NewCustomer,
    NewDeal,
    NewFollowup,
)
from handlers.activities import LogArgs
from handlers.arguments import MemberRef, PartyRef
from handlers.cards import CustomerArgs
from handlers.context import Refusal
from handlers.customers import AddArgs
from handlers.deal_moves import SetDealArgs
from handlers.deals import DealArgs, money_problem
from handlers.editing import SetArgs
from handlers.fields import KEY_ALIASES, check_name
from handlers.followups import FollowupArgs, SnoozeArgs
from handlers.i18n import Translate
from handlers.listing import ListArgs
from handlers.money import Money, MoneyError, parse_money
from handlers.pipeline_views import DealsArgs

OWN_FIELDS = ("email", "phone", "city", "address", "kind")
FOLLOWUP_LISTS = {"open": "mine", "today": "today", "overdue": "overdue"}


def add_customer(t: Translate, body: NewCustomer) -> AddArgs:
    pairs = {key: value for key in OWN_FIELDS if (value := getattr(body, key)) is not None}
    if body.tags is not None:
        pairs["tags"] = ",".join(body.tags)
    pairs |= _custom(t, {k: v or "" for k, v in (body.custom or {}).items()})
    if body.force:
        pairs["force"] = "yes"
    if body.company is not None and body.type == "company":
        raise Refusal(t("A company cannot belong to a company."), argument="company")
    company = PartyRef.of(body.company) if body.company is not None else None
    return AddArgs(body.type, check_name(t, body.name), pairs, company)


def set_customer(t: Translate, customer_id: int, body: CustomerChange) -> SetArgs:
    """Fields sent as null are cleared, as `key=` with nothing clears them in chat."""
    pairs: dict[str, str] = {}
    for key in sorted(body.model_fields_set - {"custom"}):
        value = getattr(body, key)
        if key == "name":
            pairs["name"] = check_name(t, value or "")
        elif key == "company":
            pairs["company"] = f"#{value}" if value is not None else ""
        else:
            pairs[key] = value or ""
    pairs |= _custom(t, {k: v or "" for k, v in (body.custom or {}).items()})
    if not pairs:
        raise Refusal(t("Nothing to change."))
    return SetArgs(PartyRef.of(customer_id), pairs)


def _custom(t: Translate, fields: dict[str, str]) -> dict[str, str]:
    """A custom field never shadows a field of the customer's own (`custom.email`)."""
    taken = [key for key in fields if key.lower() in KEY_ALIASES or key.lower() == "name"]
    if taken:
        raise Refusal(t("Not a custom field: {keys}.", keys=", ".join(taken)), argument="custom")
    return {key.lower(): value for key, value in fields.items()}


def list_customers(query: CustomerQuery) -> ListArgs:
    filters = query.model_dump(exclude={"page", "per_page"}, exclude_none=True)
    return ListArgs(filters, query.page, query.per_page)


def show_customer(customer_id: int, verb: str) -> CustomerArgs:
    return CustomerArgs(verb, PartyRef.of(customer_id))


def log_activity(t: Translate, body: NewActivity, now: datetime) -> LogArgs:
    if body.occurred_at is not None and body.occurred_at > now:
        raise Refusal(
            t("A log records what happened; occurred_at is ahead."), argument="occurred_at"
        )
    occurred_at = body.occurred_at.astimezone(UTC) if body.occurred_at else None
    return LogArgs(body.kind, PartyRef.of(body.customer), body.text, body.followup, occurred_at)


def plan_followup(t: Translate, body: NewFollowup, now: datetime) -> FollowupArgs:
    if body.due_at <= now:
        raise Refusal(t("due_at has passed; a follow-up is due ahead."), argument="due_at")
    assignee = MemberRef(body.assignee.lstrip("@")) if body.assignee else None
    return FollowupArgs(
        PartyRef.of(body.customer), body.due_at.astimezone(UTC), assignee, body.text
    )


def change_followup(t: Translate, followup_id: int, body: FollowupChange) -> tuple[str, object]:
    """The verb and its arguments: `done`, `cancel` or `snooze`."""
    if (body.status is None) == (body.snooze is None):
        raise Refusal(t("Send either status or snooze."))
    if body.snooze is not None:
        return "snooze", SnoozeArgs(followup_id, body.snooze)
    return ("done" if body.status == "done" else "cancel"), followup_id


def list_followups(query: FollowupQuery) -> tuple[str, MemberRef | None]:
    who = MemberRef(query.assignee.lstrip("@")) if query.assignee else None
    return FOLLOWUP_LISTS[query.due], who


def new_deal(t: Translate, body: NewDeal, currency: str, today: datetime) -> DealArgs:
    if body.close is not None and body.close < today.date():
        raise Refusal(t("close has passed; a deal closes today or later."), argument="close")
    return DealArgs(
        customer=PartyRef.of(body.customer),
        value=_money(t, body.value, currency),
        title=body.title,
        stage=body.stage,
        close=body.close,
        probability=body.probability,
        owner=MemberRef(body.owner.lstrip("@")) if body.owner else None,
    )


def _money(t: Translate, text: str, currency: str) -> Money:
    try:
        return parse_money(text, currency)
    except MoneyError as problem:
        raise Refusal(money_problem(t, problem), argument="value") from problem


def set_deal(t: Translate, deal_id: int, body: DealChange) -> SetDealArgs:
    pairs = {
        key: value.isoformat() if hasattr(value, "isoformat") else str(value)
        for key, value in body.model_dump(exclude_none=True).items()
    }
    if not pairs:
        raise Refusal(t("Nothing to change."))
    return SetDealArgs(deal_id, pairs)


def list_deals(query: DealQuery) -> DealsArgs:
    return DealsArgs(
        owner=MemberRef(query.owner.lstrip("@")) if query.owner else None,
        customer=PartyRef.of(query.customer) if query.customer else None,
        stage=query.stage,
    )
