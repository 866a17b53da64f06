"""The inbound journal and the outbox: what came in and what must go out, both durable."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from storage import upserts
from storage.models import InboundMessage, OutboxMessage
from storage.types import utcnow

log = logging.getLogger(__name__)


def receive(
    session: Session,
    *,
    platform: str,
    text: str,
    member_id: int | None,
    channel: str | None = None,
    delivery_key: str | None = None,
    origin: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any] | None, bool]:
    """Journal one incoming command before it is handled.

    Returns (journal id, stored reply, is_repeat). A repeated `delivery_key` (a platform
    retrying) returns the first delivery's row so the caller answers without handling twice.
    """
    _take_write_lock(session)
    values = {
        "platform": platform, "delivery_key": delivery_key, "member_id": member_id,
        "channel": channel, "text": storable(text), "origin": origin, "received_at": utcnow(),
        "status": "received",
    }  # fmt: skip
    journal_id = session.scalar(_insert_new(session, values))
    if journal_id is not None:
        return journal_id, None, False
    seen = session.scalar(select(InboundMessage).where(InboundMessage.delivery_key == delivery_key))
    assert seen is not None
    return seen.id, seen.reply, True


def _insert_new(session: Session, values: dict[str, Any]) -> ReturningInsert[Any]:
    """INSERT … ON CONFLICT (delivery_key) DO NOTHING RETURNING id, for every command; a
    repeated delivery returns no row."""
    return (
        upserts.insert(session, InboundMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[InboundMessage.delivery_key])
        .returning(InboundMessage.id)
    )


LOCK_ATTEMPTS = 3
"""How often the journal's first write waits out a busy SQLite (each wait is the driver's
busy timeout) before giving up: a long import must not cost a member their message."""


def _take_write_lock(session: Session) -> None:
    """Begin the transaction (SQLite's BEGIN IMMEDIATE takes the write lock here), again
    when the database stays locked beyond its busy timeout, a bounded number of times."""
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            session.connection()
            return
        except OperationalError as locked:
            if "database is locked" not in str(locked.orig) or attempt == LOCK_ATTEMPTS:
                raise
            log.warning("journal: database locked, attempt %d of %d", attempt, LOCK_ATTEMPTS)


def storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL, and neither database a lone surrogate (which JSON's
    `\\ud800` escapes can produce): the journal keeps a visible stand-in instead."""
    whole = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return whole.replace("\x00", "\ufffd")


IGNORED = "ignored"


def ignore(
    session: Session,
    *,
    platform: str,
    text: str,
    delivery_key: str | None,
    status: str = IGNORED,
) -> None:
    """Journal a delivery the bot acknowledges but cannot use (undecodable, or of a kind it
    does not model), or one it acted on without a command (`status` says what became of
    it), so an operator can see what came; a redelivery is recorded once."""
    journal_id, _stored, repeat = receive(
        session, platform=platform, text=text, member_id=None, delivery_key=delivery_key
    )
    if not repeat:
        settle(session, journal_id, status, {})


def settle(
    session: Session,
    journal_id: int,
    status: str,
    reply: dict[str, Any],
    *,
    member_id: int | None = None,
    was: str | None = None,
) -> bool:
    """Store the answer; `member_id` names the member once known (a Slack command is
    journalled before its user is looked up). With `was`, only a row still in that status
    is settled: False means another process settled it first."""
    values: dict[str, Any] = {"status": status, "reply": reply}
    if member_id is not None:
        values["member_id"] = member_id
    row = InboundMessage.id == journal_id
    guard = (row, InboundMessage.status == was) if was is not None else (row,)
    result = session.execute(
        update(InboundMessage)
        .where(*guard)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def failed_messages(session: Session) -> list[InboundMessage]:
    """Commands whose handling crashed: kept with their text so an operator can redo them."""
    return list(session.scalars(select(InboundMessage).where(InboundMessage.status == "failed")))


def unanswered(session: Session, received_before: datetime) -> list[InboundMessage]:
    """Commands journalled before `received_before` and never processed: the process that
    acknowledged them died first (a crash, a SIGKILL, a deploy that did not wait)."""
    return list(
        session.scalars(
            select(InboundMessage)
            .where(
                InboundMessage.status == "received", InboundMessage.received_at < received_before
            )
            .order_by(InboundMessage.id)
        )
    )


def claim_received(session: Session, journal_id: int) -> bool:
    """Take a `received` row for processing; only one process wins it (a guarded UPDATE), so
    two processes starting at once never both run the same command."""
    result = session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == journal_id, InboundMessage.status == "received")
        .values(status="processing")
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def enqueue(
    session: Session,
    *,
    member_id: int,
    kind: str,
    payload: dict[str, Any],
    not_before: datetime,
    dedup_key: str | None = None,
    chat: str | None = None,
) -> bool:
    """Queue a message for a member (or, given `chat`, for a group chat in the member's
    language); False when the same `dedup_key` is already queued."""
    try:
        with session.begin_nested():
            session.add(
                OutboxMessage(
                    member_id=member_id,
                    kind=kind,
                    payload=payload,
                    not_before=not_before,
                    dedup_key=dedup_key,
                    chat=chat,
                )
            )
    except IntegrityError:
        return False
    return True
