"""`alert <event> [<condition>] -> <target>`, `alerts`, `alert pause|resume|remove <n>`,
`alert snooze <n> <customer>` (the button under an alert).

Events: `complaint`; `quiet <days> [class=A]`; `stuck <days>`; `won>=<value>`;
`complaints>=<n>/<days>d`. Targets: `owner`, `admins`, `@member`, `#channel` (a Slack
channel or a Telegram group, handlers/analytics/alert_chats.py). Rules are the admins'
business; anyone told by one may snooze it for a customer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Final

from handlers.analytics.alert_chats import chat_of, is_chat
from handlers.arguments import BadArguments, MemberRef, PartyRef, record_id
from handlers.context import Context, Refusal
from handlers.deals import money_problem
from handlers.lookup import member, resolve
from handlers.money import MoneyError, parse_money
from handlers.reply import Item, Reply, Section
from storage import alerts, members
from storage.models import AlertRule

SNOOZE_DAYS: Final = 7
EVENT_WORDS: Final = {
    "complaint": "complaint", "beschwerde": "complaint", "quiet": "quiet", "ruhig": "quiet",
    "stuck": "stuck", "steckt": "stuck", "haengt": "stuck", "hängt": "stuck",
}  # fmt: skip
MANAGE_WORDS: Final = {
    "pause": "pause", "pausiere": "pause", "resume": "resume", "fortsetzen": "resume",
    "remove": "remove", "entferne": "remove", "lösche": "remove", "snooze": "snooze",
    "schlummern": "snooze",
}  # fmt: skip
TARGET_WORDS: Final = {"owner": "owner", "betreuer": "owner", "admins": "admins"}
_WON = re.compile(r"^(?:won|gewonnen)\s*>=\s*(?P<value>.+)$", re.IGNORECASE)
_COMPLAINTS = re.compile(
    r"^(?:complaints|beschwerden)\s*>=\s*(?P<count>\d{1,3})\s*/\s*(?P<days>\d{1,4})\s*[dt]$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AlertArgs:
    action: str
    """add, pause, resume, remove, snooze, list."""
    event: str = ""
    days: int | None = None
    count: int | None = None
    amount: Decimal | None = None
    abc: str | None = None
    target: str = ""
    who: MemberRef | None = None
    channel: str | None = None
    """A chat target as written (`#sales`), resolved when the rule is saved."""
    rule_id: int = 0
    customer: PartyRef | None = None

    def line(self) -> str:
        if self.action == "list":
            return "alerts"
        if self.action == "snooze":
            return f"alert snooze {self.rule_id} {self.customer}"
        if self.action != "add":
            return f"alert {self.action} {self.rule_id}"
        return f"alert {condition(self)} -> {self.who or self.channel or self.target}"


def condition(rule: AlertArgs | AlertRule) -> str:
    """The event and its condition as a command writes them."""
    if rule.event == "won":
        return f"won>={rule.amount}"
    if rule.event == "complaints":
        return f"complaints>={rule.count}/{rule.days}d"
    days = f" {rule.days}" if rule.days else ""
    return f"{rule.event}{days}" + (f" class={rule.abc}" if rule.abc else "")


def parse_alert(text: str, ctx: Context) -> AlertArgs:
    words = text.split()
    if not words:
        return AlertArgs("list")
    manage = MANAGE_WORDS.get(words[0].lower())
    if manage == "snooze" and len(words) >= 3:
        return AlertArgs(
            "snooze", rule_id=record_id(words[1]), customer=PartyRef(" ".join(words[2:]))
        )
    if manage is not None:
        if len(words) != 2:
            raise BadArguments()
        return AlertArgs(manage, rule_id=record_id(words[1]))
    event, arrow, target = (
        re.split(r"(->|→)", text, maxsplit=1) if re.search(r"->|→", text) else (text, "", "")
    )
    if not arrow:
        raise BadArguments(ctx.t("Say whom to tell after ->: owner, admins, @member or #channel."))
    target = target.strip()
    if is_chat(target):
        return replace(_event(ctx, event.strip()), target="chat", channel=target)
    told, who = _target(ctx, target)
    return replace(_event(ctx, event.strip()), target=told, who=who)


def parse_alerts(text: str, ctx: Context) -> AlertArgs:
    if text.strip():
        raise BadArguments()
    return AlertArgs("list")


def _event(ctx: Context, text: str) -> AlertArgs:
    won, repeated = _WON.match(text), _COMPLAINTS.match(text)
    if won is not None:
        try:
            money = parse_money(won["value"], ctx.settings.crm_currency)
        except MoneyError as problem:
            raise BadArguments(money_problem(ctx.t, problem)) from problem
        return AlertArgs("add", "won", amount=money.amount)
    if repeated is not None:
        count, days = int(repeated["count"]), int(repeated["days"])
        if not (count >= 1 and 1 <= days <= 3660):
            raise BadArguments()
        return AlertArgs("add", "complaints", days=days, count=count)
    words = text.split()
    event = EVENT_WORDS.get(words[0].lower()) if words else None
    if event is None:
        raise BadArguments(
            ctx.t(
                "Unknown event. Use: complaint, quiet <days> [class=A], stuck <days>, won>=<value>, complaints>=<n>/<days>d"
            )
        )
    if event == "complaint":
        if len(words) != 1:
            raise BadArguments()
        return AlertArgs("add", event)
    if len(words) < 2 or not words[1].isdigit() or not 1 <= int(words[1]) <= 3660:
        raise BadArguments(ctx.t("How many days? For example: {example}", example=f"{event} 30"))
    abc = None
    if event == "quiet" and len(words) == 3 and words[2].lower() in ("class=a", "klasse=a"):
        abc = "A"
    elif len(words) != 2:
        raise BadArguments()
    return AlertArgs("add", event, days=int(words[1]), abc=abc)


def _target(ctx: Context, text: str) -> tuple[str, MemberRef | None]:
    if text.startswith("@") and " " not in text:
        return "member", MemberRef(text[1:])
    target = TARGET_WORDS.get(text.lower())
    if target is None:
        raise BadArguments(ctx.t("Say whom to tell after ->: owner, admins, @member or #channel."))
    return target, None


def alert(args: AlertArgs, ctx: Context) -> Reply:
    if args.action == "list":
        return every(args, ctx)
    if args.action == "snooze":
        return _snooze(args, ctx)
    if not ctx.member.is_admin:
        raise Refusal(ctx.t("Only an admin may do that."))
    if args.action == "add":
        return _add(args, ctx)
    rule = _rule(ctx, args.rule_id)
    if args.action == "remove":
        alerts.remove(ctx.session, rule)
        return Reply(
            text=ctx.t("Alert #{id} removed.", id=rule.id), data={"id": rule.id, "removed": True}
        )
    rule.paused = args.action == "pause"
    text = (
        ctx.t("Alert #{id} paused.", id=rule.id)
        if rule.paused
        else ctx.t("Alert #{id} active again.", id=rule.id)
    )
    return Reply(text=text, data={"id": rule.id, "paused": rule.paused})


def _add(args: AlertArgs, ctx: Context) -> Reply:
    target_id = (
        member(ctx, args.who, lambda chosen: replace(args, who=chosen).line()).id
        if args.who
        else None
    )
    chat, name = chat_of(ctx, args.channel) if args.channel else (None, None)
    rule = alerts.add(
        ctx.session, ctx.member.id, event=args.event, days=args.days, count=args.count,
        amount=args.amount, abc=args.abc, target=args.target, target_member_id=target_id,
        target_chat=chat, target_name=name, created_at=ctx.now,
    )  # fmt: skip
    shown = written(ctx, rule)
    return Reply(
        text=ctx.t("Alert #{id} saved: {rule}", id=rule.id, rule=shown),
        data={"id": rule.id, "rule": shown},
    )


def _snooze(args: AlertArgs, ctx: Context) -> Reply:
    rule = _rule(ctx, args.rule_id)
    assert args.customer is not None
    party = resolve(ctx, args.customer, lambda chosen: replace(args, customer=chosen).line())
    until = ctx.now + timedelta(days=SNOOZE_DAYS)
    alerts.snooze(ctx.session, rule.id, party.id, until)
    return Reply(
        text=ctx.t(
            "Alert #{id} snoozed for {name} until {until}.",
            id=rule.id,
            name=party.name,
            until=ctx.moment(until),
        ),
        data={"id": rule.id, "customer": party.id, "until": until.isoformat()},
    )


def _rule(ctx: Context, rule_id: int) -> AlertRule:
    rule = alerts.get(ctx.session, rule_id)
    if rule is None:
        raise Refusal(ctx.t("There is no alert #{id}. `alerts` lists them.", id=rule_id))
    return rule


def written(ctx: Context, rule: AlertRule) -> str:
    if rule.target == "member":
        found = members.get(ctx.session, rule.target_member_id or 0)
        target = f"@{found.name}" if found else "@?"
    elif rule.target == "chat":
        target = rule.target_name or "#?"
    else:
        target = rule.target
    return f"{condition(rule)} -> {target}"


def every(_args: AlertArgs, ctx: Context) -> Reply:
    t = ctx.t
    rules = alerts.every(ctx.session)
    if not rules:
        return Reply(
            text=t("No alerts yet. An admin adds one: alert complaint -> owner"),
            data={"alerts": []},
        )
    items = tuple(
        Item(f"{rule.id}. {written(ctx, rule)}" + (f" ({t('paused')})" if rule.paused else ""))
        for rule in rules
    )
    return Reply(
        text=t("Alerts"),
        sections=[Section(t("Alerts"), items)],
        data={"alerts": [{"id": r.id, "rule": written(ctx, r), "paused": r.paused} for r in rules]},
    )
