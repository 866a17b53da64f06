"""Outgoing webhooks: the admins' list of URLs, and the events recorded for them.

An event is written with one delivery row per webhook that wants it, in the transaction of
the change that caused it; the worker sends the rows (storage.webhook_deliveries). The
audit keeps that a webhook was added or removed and its URL, never its secret.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from storage import audit
from storage.models import Webhook, WebhookDelivery, WebhookEvent


@dataclass(frozen=True)
class Backlog:
    """A webhook's deliveries not yet settled well: `waiting` (first try or retrying),
    `retrying` (failed at least once, trying again) and `failed` (given up)."""

    waiting: int = 0
    retrying: int = 0
    failed: int = 0


def add(
    session: Session, actor_id: int, url: str, events: list[str], secret: str, now: datetime
) -> Webhook:
    hook = Webhook(url=url, events=events, secret=secret, created_by_id=actor_id, created_at=now)
    session.add(hook)
    session.flush()
    after = {"url": url, "events": events}
    audit.record_values(session, actor_id, "webhooks", hook.id, "create", None, after)
    return hook


def remove(session: Session, actor_id: int, hook: Webhook) -> None:
    """The webhook and what it was still owed: nothing more goes to its URL."""
    before = {"url": hook.url, "events": hook.events}
    audit.record_values(session, actor_id, "webhooks", hook.id, "delete", before, None)
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    session.delete(hook)
    session.flush()


def get(session: Session, hook_id: int) -> Webhook | None:
    return session.get(Webhook, hook_id)


def every(session: Session) -> list[Webhook]:
    return list(session.scalars(select(Webhook).order_by(Webhook.id)))


def backlogs(session: Session) -> dict[int, Backlog]:
    """Each webhook's unsettled and failed deliveries, in one statement."""
    retried = case((WebhookDelivery.attempts > 0, 1), else_=0)
    rows = session.execute(
        select(WebhookDelivery.webhook_id, WebhookDelivery.state, func.count(), func.sum(retried))
        .where(WebhookDelivery.state.in_(("pending", "claimed", "failed")))
        .group_by(WebhookDelivery.webhook_id, WebhookDelivery.state)
    )
    found: dict[int, Backlog] = {}
    for hook_id, state, count, retrying in rows:
        was = found.get(hook_id, Backlog())
        found[hook_id] = (
            Backlog(was.waiting, was.retrying, count)
            if state == "failed"
            else Backlog(was.waiting + count, was.retrying + int(retrying or 0), was.failed)
        )
    return found


def record(
    session: Session, kind: str, occurred_at: datetime, data: dict[str, Any], hook_ids: list[int]
) -> WebhookEvent:
    """One event and a delivery row for each webhook that wants it, due at once."""
    event = WebhookEvent(uid=uuid.uuid4().hex, type=kind, occurred_at=occurred_at, data=data)
    session.add(event)
    session.flush()
    session.execute(
        insert(WebhookDelivery),
        [
            {"webhook_id": hook_id, "event_id": event.id, "not_before": occurred_at}
            for hook_id in hook_ids
        ],
    )
    return event
