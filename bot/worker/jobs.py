"""Claimed rows turned into jobs: who gets which Reply, at which addresses.

Claiming and loading run inside the claim's transaction; rendering the Replies runs after
it has committed (on the loaded, detached rows), so the transaction (on SQLite: the one
write lock all workers share) is held no longer than the database work needs. A job
carries plain values only and the sending that follows needs no database.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.delivery import Address
from handlers import reminders
from handlers.reply import Reply
from storage import claims
from storage.claims import Claim
from storage.models import Followup, Member, OutboxMessage


@dataclass(frozen=True)
class Job:
    """One message to one member: the claim that settles it, the text, where it may go."""

    claim: Claim
    member_id: int
    reply: Reply
    addresses: tuple[Address, ...]
    every_address: bool
    attempts: int


def addresses_of(member: Member, platforms: Collection[str]) -> tuple[Address, ...]:
    """The member's accounts on the platforms this worker can send to, oldest link first."""
    return tuple(
        Address(i.platform, i.external_id, i.chat_id, i.team_id)
        for i in sorted(member.identities, key=lambda i: i.id)
        if i.platform in platforms
    )


@dataclass(frozen=True)
class Claimed:
    """What one claim took and loaded: the rows a Reply is made from, detached once the
    claim's transaction has committed."""

    by_key: dict[tuple[str, int], Claim]
    followups: list[Followup]
    messages: list[OutboxMessage]
    recipients: dict[int, Member]


def claim_rows(session: Session, now: datetime, *, lease: timedelta, limit: int) -> Claimed:
    """Claim due reminders first, then queued messages, up to `limit` in all, and load what
    their messages need."""
    taken = claims.claim_followups(session, now, lease, limit)
    taken += claims.claim_outbox(session, now, lease, limit - len(taken))
    if not taken:
        return Claimed({}, [], [], {})
    messages = claims.claimed_messages(session, taken)
    return Claimed(
        by_key={(c.queue, c.id): c for c in taken},
        followups=claims.claimed_followups(session, taken),
        messages=messages,
        recipients=claims.members_with_identities(session, [m.member_id for m in messages]),
    )


def jobs_for(
    claimed: Claimed, now: datetime, *, late_after: timedelta, platforms: Collection[str]
) -> list[Job]:
    """One job per claimed row: its Reply rendered, its addresses chosen."""
    jobs = [
        _job(
            claimed.by_key["followup", f.id],
            f.assignee,
            reminders.reminder(f, now, late_after),
            f.attempts,
            platforms,
        )
        for f in claimed.followups
    ]
    jobs += [
        _job(
            claimed.by_key["outbox", m.id],
            claimed.recipients[m.member_id],
            Reply.from_dict(m.payload),
            m.attempts,
            platforms,
        )
        for m in claimed.messages
    ]
    return jobs


def _job(
    claim: Claim, member: Member, reply: Reply, attempts: int, platforms: Collection[str]
) -> Job:
    return Job(
        claim=claim,
        member_id=member.id,
        reply=reply,
        addresses=addresses_of(member, platforms),
        every_address=member.notify != "first",
        attempts=attempts,
    )
