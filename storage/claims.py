"""Claims with a lease: how many workers share one queue and each message still goes out once.

Two queues: due follow-ups (their reminder) and the outbox (notices, digests, escalations).
A claim is two statements in one transaction: `SELECT id ... FOR UPDATE SKIP LOCKED`, then
`UPDATE ... WHERE id IN (<those ids>) AND <still claimable> RETURNING`. On PostgreSQL the
select skips rows another worker holds and keeps them locked until commit, and the repeated
condition is re-checked on the locked rows; on SQLite (where SQLAlchemy drops FOR UPDATE) the
guarded UPDATE inside storage.db's BEGIN IMMEDIATE does the same job. Not one statement with
the select as a subquery: with statistics from before a bulk insert PostgreSQL plans that as
a nested loop re-running the locking subquery per row (13 s and more for 10,000 due rows),
while a list of ids always goes through the primary key.

A claim's `lease_until` is its token: a worker settles only the rows whose lease is still
its own, so a snooze (which resets the lease) or another worker's reclaim after an expired
lease is never overwritten by a late worker. Leases are short and renewed (`renew`) while a
worker holds them; a row taken back after its lease ran out is marked `reclaimed`: its
earlier send may or may not have happened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from storage.models import Followup, Member, OutboxMessage

MAX_ERROR_CHARS = 500
SETTLE_CHUNK = 500


@dataclass(frozen=True)
class Claim:
    """One claimed row of a queue; `lease_until` proves the claim is still ours."""

    queue: str
    id: int
    lease_until: datetime
    reclaimed: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.queue, self.id)


def _followup_claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        Followup.status == "open",
        Followup.due_at <= now,
        Followup.assignee_id.in_(select(Member.id).where(Member.active.is_(True))),
        or_(
            and_(
                Followup.reminder_state == "pending",
                or_(Followup.not_before.is_(None), Followup.not_before <= now),
            ),
            and_(Followup.reminder_state == "claimed", Followup.lease_until <= now),
        ),
    )


def _outbox_claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.state == "pending", OutboxMessage.not_before <= now),
        and_(OutboxMessage.state == "claimed", OutboxMessage.lease_until <= now),
    )


def claim_followups(
    session: Session, now: datetime, lease: timedelta, limit: int, *, expired_last: bool = False
) -> list[Claim]:
    """Take up to `limit` due reminders (oldest first) for `lease`; nobody else gets them.
    `expired_last`: rows whose lease ran out after the others (see `_claim`)."""
    order = (Followup.due_at, Followup.id)
    state = {"reminder_state": "claimed"}
    claimable = _followup_claimable(now)
    until = now + lease
    return _claim(
        session, "followup", Followup, claimable, order, state, until, limit, expired_last
    )


def claim_outbox(
    session: Session, now: datetime, lease: timedelta, limit: int, *, expired_last: bool = False
) -> list[Claim]:
    """Take up to `limit` queued messages whose time has come (oldest first)."""
    order = (OutboxMessage.not_before, OutboxMessage.id)
    state = {"state": "claimed"}
    claimable = _outbox_claimable(now)
    until = now + lease
    return _claim(
        session, "outbox", OutboxMessage, claimable, order, state, until, limit, expired_last
    )


def _claim(
    session: Session,
    queue: str,
    model: type[Followup] | type[OutboxMessage],
    claimable: ColumnElement[bool],
    order: tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...],
    state: dict[str, str],
    until: datetime,
    limit: int,
    expired_last: bool,
) -> list[Claim]:
    """The two statements of a claim (see the module's docstring) for either queue.

    `expired_last` puts rows whose lease ran out after the others, for a worker just
    started: it may be crash-looping, and a dead worker's messages it took would
    wait out another lease. They still go to it when nothing else is due."""
    column = Followup.reminder_state if model is Followup else OutboxMessage.state
    first = (case((column == "claimed", 1), else_=0),) if expired_last else ()
    found = session.execute(
        select(model.id, column)
        .where(claimable)
        .order_by(*first, *order)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not found:
        return []
    was = {row[0]: row[1] for row in found}
    taken = session.scalars(
        update(model)
        .where(model.id.in_(list(was)), claimable)
        .values(**state, lease_until=until)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    ).all()
    return [Claim(queue, i, until, reclaimed=was[i] == "claimed") for i in taken]


def renew(session: Session, held: Sequence[Claim], until: datetime) -> list[Claim]:
    """Extend the leases still ours to `until` (a worker's heartbeat while it sends);
    returns the claims renewed, with their new token. One UPDATE per queue and old lease."""
    renewed: list[Claim] = []
    groups: dict[tuple[str, datetime], list[Claim]] = {}
    for claim in held:
        groups.setdefault((claim.queue, claim.lease_until), []).append(claim)
    for (queue, lease_until), group in groups.items():
        model = _model_of(queue)
        by_id = {c.id: c for c in group}
        for chunk in _chunks(list(by_id)):
            ids = session.scalars(
                update(model)
                .where(_all_still_ours(queue, chunk, lease_until))
                .values(lease_until=until)
                .returning(model.id)
                .execution_options(synchronize_session=False)
            ).all()
            renewed += [dataclasses.replace(by_id[i], lease_until=until) for i in ids]
    return renewed


def unsent_notices(session: Session, followup_ids: Sequence[int]) -> set[int]:
    """Which of these follow-ups still have their assignment notice ("X gave you a
    follow-up") waiting in the outbox: their reminder must not overtake it."""
    if not followup_ids:
        return set()
    assignees = select(Followup.assignee_id).where(Followup.id.in_(followup_ids))
    payloads = session.scalars(
        select(OutboxMessage.payload).where(
            OutboxMessage.kind == "notice",
            OutboxMessage.state.in_(("pending", "claimed")),
            OutboxMessage.member_id.in_(assignees),
        )
    )
    wanted = set(followup_ids)
    return {f for p in payloads if (f := (p.get("data") or {}).get("followup_id")) in wanted}


def claimed_followups(session: Session, claims: Sequence[Claim]) -> list[Followup]:
    """The claimed follow-ups with what a reminder shows: customer, assignee and accounts."""
    ids = [c.id for c in claims if c.queue == "followup"]
    if not ids:
        return []
    return list(
        session.scalars(
            select(Followup)
            .options(
                joinedload(Followup.party),
                joinedload(Followup.assignee).selectinload(Member.identities),
                joinedload(Followup.creator),
            )
            .where(Followup.id.in_(ids))
        ).unique()
    )


def claimed_messages(session: Session, claims: Sequence[Claim]) -> list[OutboxMessage]:
    ids = [c.id for c in claims if c.queue == "outbox"]
    if not ids:
        return []
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))))


def _model(claim: Claim) -> type[Followup] | type[OutboxMessage]:
    return _model_of(claim.queue)


def _model_of(queue: str) -> type[Followup] | type[OutboxMessage]:
    return Followup if queue == "followup" else OutboxMessage


def _still_ours(claim: Claim) -> ColumnElement[bool]:
    return _all_still_ours(claim.queue, [claim.id], claim.lease_until)


def _all_still_ours(queue: str, ids: Sequence[int], lease_until: datetime) -> ColumnElement[bool]:
    model = _model_of(queue)
    state = Followup.reminder_state if model is Followup else OutboxMessage.state
    return and_(model.id.in_(ids), state == "claimed", model.lease_until == lease_until)


def settle_all_sent(session: Session, sent: Sequence[Claim], now: datetime) -> int:
    """Mark many claims sent with one UPDATE per queue and lease (a batch shares its lease),
    skipping those no longer ours (snoozed, reclaimed); returns how many were marked."""
    groups: dict[tuple[str, datetime], list[int]] = {}
    for claim in sent:
        groups.setdefault((claim.queue, claim.lease_until), []).append(claim.id)
    marked = 0
    for (queue, lease_until), ids in groups.items():
        model = _model_of(queue)
        if queue == "followup":
            values: dict[str, object] = {
                "reminder_state": "sent",
                "reminded_at": now,
                "not_before": None,
            }
        else:
            values = {"state": "sent", "sent_at": now}
        for chunk in _chunks(ids):
            result = session.execute(
                update(model)
                .where(_all_still_ours(queue, chunk, lease_until))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            marked += getattr(result, "rowcount", 0)
    return marked


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    """Slices small enough for any database's limit on bound parameters."""
    return [ids[i : i + SETTLE_CHUNK] for i in range(0, len(ids), SETTLE_CHUNK)]


def settle_retry(session: Session, claim: Claim, not_before: datetime, error: str) -> bool:
    """A failed attempt: back to pending, to be tried again at `not_before`, not earlier."""
    model = _model(claim)
    values: dict[str, object] = {
        "attempts": model.attempts + 1,
        "last_error": error[:MAX_ERROR_CHARS],
    }
    return _settle(session, claim, _pending(claim, not_before) | values)


def release(session: Session, claim: Claim, not_before: datetime) -> bool:
    """Hand a claim back unsent (known not to have gone out), claimable again at
    `not_before`; no attempt is counted."""
    return _settle(session, claim, _pending(claim, not_before))


def _pending(claim: Claim, not_before: datetime) -> dict[str, object]:
    state = "reminder_state" if claim.queue == "followup" else "state"
    return {state: "pending", "not_before": not_before, "lease_until": None}


def settle_failed(session: Session, claim: Claim, error: str) -> bool:
    """Give up: every address refused for good, or the attempts ran out. Kept for a human."""
    model = _model(claim)
    values: dict[str, object] = {
        "attempts": model.attempts + 1,
        "last_error": error[:MAX_ERROR_CHARS],
        "lease_until": None,
    }
    values["reminder_state" if claim.queue == "followup" else "state"] = "failed"
    return _settle(session, claim, values)


def _settle(session: Session, claim: Claim, values: dict[str, object]) -> bool:
    model = _model(claim)
    result = session.execute(
        update(model)
        .where(_still_ours(claim))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
