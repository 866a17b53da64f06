"""Webhook deliveries claimed with a lease, as the outbox is (storage.claims): each event
reaches each URL once however many workers run.

A claim is the same two statements: `SELECT ... FOR UPDATE SKIP LOCKED` for the ids, then a
guarded `UPDATE ... RETURNING` (the guard does the work on SQLite, where FOR UPDATE is
dropped). The lease's end is the claim's token: a worker settles only rows still holding its
own lease, so a late worker never overwrites another's claim after its lease ran out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from storage.claims import MAX_ERROR_CHARS, SETTLE_CHUNK, Claim
from storage.models import Webhook, WebhookDelivery, WebhookEvent

QUEUE = "webhook"


@dataclass(frozen=True)
class Outgoing:
    """What one claimed delivery sends, as plain values (no session needed to send it)."""

    claim: Claim
    webhook_id: int
    url: str
    secret: str
    event_uid: str
    event_type: str
    occurred_at: datetime
    data: dict[str, Any]
    attempts: int


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(WebhookDelivery.state == "pending", WebhookDelivery.not_before <= now),
        and_(WebhookDelivery.state == "claimed", WebhookDelivery.lease_until <= now),
    )


def claim(session: Session, now: datetime, lease: timedelta, limit: int) -> list[Outgoing]:
    """Take up to `limit` due deliveries (oldest first) for `lease`, with what they send."""
    ids = session.scalars(
        select(WebhookDelivery.id)
        .where(_claimable(now))
        .order_by(WebhookDelivery.not_before, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    until = now + lease
    taken = session.scalars(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(ids), _claimable(now))
        .values(state="claimed", lease_until=until)
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False)
    ).all()
    if not taken:
        return []
    rows = session.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts, Webhook, WebhookEvent)
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id.in_(taken))
    )
    return [
        Outgoing(
            claim=Claim(QUEUE, delivery_id, until),
            webhook_id=hook.id,
            url=hook.url,
            secret=hook.secret,
            event_uid=event.uid,
            event_type=event.type,
            occurred_at=event.occurred_at,
            data=event.data,
            attempts=attempts,
        )
        for delivery_id, attempts, hook, event in rows
    ]


def settle_sent(session: Session, sent: Sequence[Outgoing], now: datetime) -> int:
    """Mark these deliveries sent, one UPDATE per lease (a batch shares its lease), skipping
    those no longer ours; returns how many were marked."""
    leases: dict[datetime, list[int]] = {}
    for outgoing in sent:
        leases.setdefault(outgoing.claim.lease_until, []).append(outgoing.claim.id)
    marked = 0
    for lease_until, ids in leases.items():
        for chunk in (ids[i : i + SETTLE_CHUNK] for i in range(0, len(ids), SETTLE_CHUNK)):
            done = session.execute(
                update(WebhookDelivery)
                .where(_still_ours(chunk, lease_until))
                .values(state="sent", sent_at=now, lease_until=None)
                .execution_options(synchronize_session=False)
            )
            marked += int(getattr(done, "rowcount", 0))
    return marked


def settle_failed(
    session: Session, outgoing: Outgoing, result: str, retry_at: datetime | None
) -> bool:
    """A failed attempt: tried again at `retry_at`, or (None) given up for good. False when
    the claim was no longer ours (nothing written)."""
    values: dict[str, object] = {
        "state": "pending" if retry_at else "failed",
        "lease_until": None,
        "attempts": WebhookDelivery.attempts + 1,
        "last_error": result[:MAX_ERROR_CHARS],
    }
    if retry_at:
        values["not_before"] = retry_at
    changed = session.execute(
        update(WebhookDelivery)
        .where(_still_ours([outgoing.claim.id], outgoing.claim.lease_until))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(changed, "rowcount", 0))


def note_results(session: Session, results: dict[int, str], now: datetime) -> None:
    """Each webhook's latest attempt (`webhook id -> result`), for `webhooks`."""
    for hook_id, result in results.items():
        session.execute(
            update(Webhook)
            .where(Webhook.id == hook_id)
            .values(last_result=result[:200], last_at=now)
            .execution_options(synchronize_session=False)
        )


def _still_ours(ids: Sequence[int], lease_until: datetime) -> ColumnElement[bool]:
    return and_(
        WebhookDelivery.id.in_(ids),
        WebhookDelivery.state == "claimed",
        WebhookDelivery.lease_until == lease_until,
    )


def prune(session: Session, before: datetime) -> int:
    """Forget deliveries settled well before `before`, and the events no delivery needs any
    more (sent everywhere, or their webhook removed); failed ones stay for `webhooks` to
    show. Returns how many events went."""
    session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.state == "sent", WebhookDelivery.sent_at < before
        )
    )
    owed = select(WebhookDelivery.id).where(WebhookDelivery.event_id == WebhookEvent.id)
    gone = session.execute(
        delete(WebhookEvent).where(WebhookEvent.occurred_at < before, ~owed.exists())
    )
    return int(getattr(gone, "rowcount", 0))
