"""`webhook add <url> <events>`, `webhook remove <n>`, `webhook test <n>`, `webhooks`:
outgoing webhooks, the admins' business.

Events are a comma list of EVENT_TYPES, or `all`. A new webhook's signing secret is shown
once (`Reply.secret`, so the journal keeps it blacked out); `webhooks` shows each URL's
events, whether deliveries are waiting, retrying or given up, and the last attempt's result.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from handlers.arguments import BadArguments, record_id
from handlers.context import Context, Refusal
from handlers.reply import Item, Reply, Section
from handlers.webhook_events import ALL, EVENT_TYPES, TEST_EVENT
from storage import webhooks
from storage.models import Webhook
from storage.webhooks import Backlog

ACTIONS: Final = {
    "add": "add", "neu": "add", "remove": "remove", "entferne": "remove", "lösche": "remove",
    "test": "test", "teste": "test",
}  # fmt: skip
ALL_WORDS: Final = {"all", "alle"}
MAX_URL_CHARS: Final = 500
_EXAMPLE: Final = "customer.created,deal.won"


@dataclass(frozen=True)
class WebhookArgs:
    action: str
    """add, remove, test or list."""
    url: str = ""
    events: tuple[str, ...] = ()
    hook_id: int = 0

    def line(self) -> str:
        if self.action == "list":
            return "webhooks"
        if self.action == "add":
            return f"webhook add {self.url} {','.join(self.events)}"
        return f"webhook {self.action} {self.hook_id}"


def parse_webhook(text: str, ctx: Context) -> WebhookArgs:
    words = text.split()
    if not words:
        return WebhookArgs("list")
    action = ACTIONS.get(words[0].lower())
    if action is None:
        raise BadArguments()
    if action != "add":
        if len(words) != 2:
            raise BadArguments()
        return WebhookArgs(action, hook_id=record_id(words[1]))
    if len(words) < 3:
        raise BadArguments(ctx.t("Name the events, for example: {example}", example=_EXAMPLE))
    return WebhookArgs("add", _url(ctx, words[1]), _events(ctx, " ".join(words[2:])))


def parse_webhooks(text: str, _ctx: Context) -> WebhookArgs:
    if text.strip():
        raise BadArguments()
    return WebhookArgs("list")


def _url(ctx: Context, text: str) -> str:
    """An absolute http or https address with a host; anything else is refused clearly."""
    try:
        parts = urlsplit(text)
        scheme, host = parts.scheme.lower(), parts.hostname
    except ValueError:  # a broken IPv6 address or port
        scheme, host = "", None
    if scheme not in ("http", "https") or not host or len(text) > MAX_URL_CHARS:
        raise BadArguments(
            ctx.t("A webhook needs an http:// or https:// address, for example {example}.",
                  example="https://shop.example.com/crm-hook")
        )  # fmt: skip
    return text


def _events(ctx: Context, text: str) -> tuple[str, ...]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if names and all(name in ALL_WORDS for name in names):
        return (ALL,)
    unknown = [name for name in names if name not in EVENT_TYPES]
    if unknown or not names:
        raise BadArguments(
            ctx.t(
                "Unknown event: {names}. Events: {known}, or all.",
                names=", ".join(unknown) or "-",
                known=", ".join(EVENT_TYPES),
            )
        )
    return tuple(dict.fromkeys(names))


def webhook(args: WebhookArgs, ctx: Context) -> Reply:
    if args.action == "list":
        return every(ctx)
    if args.action == "add":
        return _add(args, ctx)
    hook = webhooks.get(ctx.session, args.hook_id)
    if hook is None:
        raise Refusal(ctx.t("There is no webhook #{id}. `webhooks` lists them.", id=args.hook_id))
    if args.action == "remove":
        webhooks.remove(ctx.session, ctx.member.id, hook)
        return Reply(
            text=ctx.t("Webhook #{id} removed; nothing more goes to {url}.", id=hook.id, url=hook.url),
            data={"id": hook.id, "removed": True},
        )  # fmt: skip
    test = {"webhook": hook.id, "message": "Test from crmbot"}
    event = webhooks.record(ctx.session, TEST_EVENT, ctx.now, test, [hook.id])
    return Reply(
        text=ctx.t("A test event is on its way to {url}; `webhooks` shows how it went.", url=hook.url),
        data={"id": hook.id, "event": event.uid},
    )  # fmt: skip


def _add(args: WebhookArgs, ctx: Context) -> Reply:
    secret = secrets.token_hex(32)
    hook = webhooks.add(ctx.session, ctx.member.id, args.url, list(args.events), secret, ctx.now)
    events = ", ".join(hook.events)
    return Reply(
        text=ctx.t(
            "Webhook #{id} for {url}: {events}. Its signing secret is shown only now, keep it: {secret}",
            id=hook.id, url=hook.url, events=events, secret=secret,
        ),
        data={"id": hook.id, "url": hook.url, "events": hook.events, "secret": secret},
        secret=secret,
    )  # fmt: skip


def every(ctx: Context) -> Reply:
    t = ctx.t
    hooks = webhooks.every(ctx.session)
    if not hooks:
        return Reply(
            text=t("No webhooks yet. An admin adds one: {example}",
                   example=f"webhook add https://shop.example.com/crm-hook {_EXAMPLE}"),
            data={"webhooks": []},
        )  # fmt: skip
    backlogs = webhooks.backlogs(ctx.session)
    shown = [(hook, backlogs.get(hook.id, Backlog())) for hook in hooks]
    items = tuple(Item(_line(ctx, hook, backlog)) for hook, backlog in shown)
    return Reply(
        text=t.plural("{count} webhook", "{count} webhooks", len(hooks)),
        sections=[Section(t("Webhooks"), items)],
        data={"webhooks": [_data(hook, backlog) for hook, backlog in shown]},
    )


def state_of(backlog: Backlog) -> str:
    if backlog.failed:
        return "failing"
    return "retrying" if backlog.retrying else "active"


def _line(ctx: Context, hook: Webhook, backlog: Backlog) -> str:
    t = ctx.t
    states = {"active": t("active"), "retrying": t("retrying"), "failing": t("failing")}
    parts = [f"{hook.id}. {hook.url}", ", ".join(hook.events), states[state_of(backlog)]]
    if backlog.waiting:
        parts.append(t.plural("{count} waiting", "{count} waiting", backlog.waiting))
    if backlog.failed:
        parts.append(t.plural("{count} given up", "{count} given up", backlog.failed))
    if hook.last_at is not None:
        last = t("last: {result}, {when}", result=hook.last_result, when=ctx.moment(hook.last_at))
        parts.append(last)
    else:
        parts.append(t("nothing sent yet"))
    return " \u00b7 ".join(parts)


def _data(hook: Webhook, backlog: Backlog) -> dict[str, object]:
    return {
        "id": hook.id,
        "url": hook.url,
        "events": hook.events,
        "state": state_of(backlog),
        "waiting": backlog.waiting,
        "failed": backlog.failed,
        "last_result": hook.last_result,
        "last_at": hook.last_at.isoformat() if hook.last_at else None,
    }
