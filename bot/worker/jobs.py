"""Claimed rows turned into jobs: who gets which Reply, at which addresses.

Everything here runs inside the claim's transaction (in a worker thread), so a job carries
plain values only and the sending that follows needs no database.
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
from storage.models import Member


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


def claim_jobs(
    session: Session,
    now: datetime,
    *,
    lease: timedelta,
    limit: int,
    late_after: timedelta,
    platforms: Collection[str],
) -> list[Job]:
    """Claim due reminders first, then queued messages, up to `limit` in all."""
    taken = claims.claim_followups(session, now, lease, limit)
    taken += claims.claim_outbox(session, now, lease, limit - len(taken))
    if not taken:
        return []
    by_key = {(c.queue, c.id): c for c in taken}
    jobs = [
        _job(
            by_key["followup", f.id],
            f.assignee,
            reminders.reminder(f, now, late_after),
            f.attempts,
            platforms,
        )
        for f in claims.claimed_followups(session, taken)
    ]
    messages = claims.claimed_messages(session, taken)
    recipients = claims.members_with_identities(session, [m.member_id for m in messages])
    jobs += [
        _job(
            by_key["outbox", m.id],
            recipients[m.member_id],
            Reply.from_dict(m.payload),
            m.attempts,
            platforms,
        )
        for m in messages
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
