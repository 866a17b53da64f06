"""Webhook events from what a command changed, written in the command's own transaction.

Every change is audited (storage.audit), and one command's entries share a batch; so the
events are read from the batch at the end of the unit of work (`emit`, called by the
service), not sprinkled over the handlers. Only entries that survived are seen: a refusal
or a dry run rolled back its savepoint, and its entries with it, so a change taken back
sends nothing. Without any webhook this costs one statement, and only a command that
changed something pays it.

An event's `data` is the record as the API shows it, at the moment of the change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from handlers.cards import activity_data
from handlers.context import Context
from handlers.deal_views import deal_data
from handlers.listing import customer_data
from storage import audit, webhooks
from storage.models import Activity, AuditEntry, Base, Deal, Followup, Party, Webhook

EVENT_TYPES: Final = (
    "customer.created",
    "customer.updated",
    "customer.deleted",
    "customer.erased",
    "activity.logged",
    "followup.created",
    "followup.done",
    "deal.created",
    "deal.updated",
    "deal.won",
    "deal.lost",
)
ALL: Final = "all"
TEST_EVENT: Final = "webhook.test"
_CREATED: Final = {
    "parties": "customer.created",
    "activities": "activity.logged",
    "followups": "followup.created",
    "deals": "deal.created",
}
_MODELS: Final[dict[str, type[Base]]] = {
    "parties": Party,
    "activities": Activity,
    "followups": Followup,
    "deals": Deal,
}


def emit(ctx: Context) -> int:
    """Record the events of this unit of work's changes for the webhooks that want them;
    returns how many events were recorded."""
    batch = audit.current_batch(ctx.session)
    if batch is None:
        return 0
    hooks = webhooks.every(ctx.session)
    if not hooks:
        return 0
    recorded = 0
    for kind, entity, entity_id in events_of(audit.in_batch(ctx.session, batch)):
        wanting = [hook.id for hook in hooks if wants(hook, kind)]
        row = ctx.session.get(_MODELS[entity], entity_id) if wanting else None
        if row is not None:
            webhooks.record(ctx.session, kind, ctx.now, _DATA[entity](ctx, row), wanting)
            recorded += 1
    return recorded


def wants(hook: Webhook, kind: str) -> bool:
    return ALL in hook.events or kind in hook.events


def events_of(entries: list[AuditEntry]) -> list[tuple[str, str, int]]:
    """(event type, entity, id) once each, in the order they happened; a record made by
    this command is `created`, not also `updated`."""
    found: list[tuple[str, str, int]] = []
    for entry in entries:
        kind = event_type(entry)
        if kind is not None and (kind, entry.entity, entry.entity_id) not in found:
            found.append((kind, entry.entity, entry.entity_id))
    made = {(entity, i) for kind, entity, i in found if _CREATED.get(entity) == kind}
    return [e for e in found if not (e[0].endswith(".updated") and (e[1], e[2]) in made)]


def event_type(entry: AuditEntry) -> str | None:
    """What an audit entry means to another system, or None (a member's settings, a
    follow-up snoozed, a removal by undo). An erased customer's event carries the
    anonymised record only."""
    if entry.entity not in _MODELS or entry.after is None:
        return None
    if entry.action == "create":
        return _CREATED[entry.entity]
    if entry.action == "gdpr_erase":
        return "customer.erased"  # GDPR Art. 19: those the data went to are told
    if entry.action not in ("update", "revert"):
        return None
    before, after = entry.before or {}, entry.after
    if entry.entity == "parties":
        deleted = before.get("deleted_at") is None and after.get("deleted_at") is not None
        return "customer.deleted" if deleted else "customer.updated"
    became = after.get("status") if after.get("status") != before.get("status") else None
    if entry.entity == "followups":
        return "followup.done" if became == "done" else None
    if entry.entity == "deals":
        return f"deal.{became}" if became in ("won", "lost") else "deal.updated"
    return None


def followup_data(ctx: Context, followup: Followup) -> dict[str, Any]:
    party = followup.party
    return {
        "id": followup.id,
        "customer_id": followup.party_id,
        "customer": party.name if party else None,
        "text": followup.text,
        "due_at": ctx.local_iso(followup.due_at),
        "assignee": followup.assignee.name,
        "status": followup.status,
    }


_DATA: Final[dict[str, Callable[[Context, Any], dict[str, Any]]]] = {
    "parties": lambda _ctx, party: customer_data(party),
    "activities": activity_data,
    "followups": followup_data,
    "deals": deal_data,
}
