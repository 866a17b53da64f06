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
from config.chats import parse_chat_target
from handlers import reminders
from handlers.reply import Reply
from storage import claims, recipients
from storage.claims import Claim
from storage.models import Followup, Member, OutboxMessage

# A reminder whose assignment notice has not gone out yet waits this long, so the member
# reads "X gave you a follow-up" before its reminder.
NOTICE_FIRST = timedelta(seconds=1)


@dataclass(frozen=True)
class Job:
    """One message to one member: the claim that settles it, the text, where it may go.

    `key` names this one message (a follow-up's reminder for one due time, an outbox row)
    on the platform, to find it there when it is unknown whether an earlier try went out.
    `creator` (id, language) is told when a reminder's member cannot be reached."""

    claim: Claim
    member_id: int
    member_name: str
    reply: Reply
    addresses: tuple[Address, ...]
    every_address: bool
    attempts: int
    key: str
    creator: tuple[int, str] | None = None


def chat_address(chat: str, platforms: Collection[str]) -> tuple[Address, ...]:
    """A group chat (`slack:#sales`, `telegram:-100123`) as an address with no person:
    nothing about a member's reachability is learnt from it."""
    target = parse_chat_target(chat)
    return (Address(target.platform, "", target.chat),) if target.platform in platforms else ()


def addresses_of(member: Member, platforms: Collection[str]) -> tuple[Address, ...]:
    """The member's reachable accounts on the platforms this worker can send to, oldest
    link first."""
    return tuple(
        Address(i.platform, i.external_id, i.chat_id, i.team_id)
        for i in sorted(member.identities, key=lambda i: i.id)
        if i.platform in platforms and i.unreachable_at is None
    )


@dataclass(frozen=True)
class Claimed:
    """What one claim took and loaded: the rows a Reply is made from, detached once the
    claim's transaction has committed."""

    by_key: dict[tuple[str, int], Claim]
    followups: list[Followup]
    messages: list[OutboxMessage]
    recipients: dict[int, Member]


def claim_rows(
    session: Session, now: datetime, *, lease: timedelta, limit: int, expired_last: bool = False
) -> Claimed:
    """Claim due reminders first, then queued messages, up to `limit` in all, and load what
    their messages need; `expired_last` as in storage.claims."""
    taken = claims.claim_followups(session, now, lease, limit, expired_last=expired_last)
    waiting = claims.unsent_notices(session, [c.id for c in taken])
    for claim in taken:
        if claim.id in waiting:
            claims.release(session, claim, now + NOTICE_FIRST)
    taken = [c for c in taken if c.id not in waiting]
    taken += claims.claim_outbox(session, now, lease, limit - len(taken), expired_last=expired_last)
    if not taken:
        return Claimed({}, [], [], {})
    messages = claims.claimed_messages(session, taken)
    return Claimed(
        by_key={(c.queue, c.id): c for c in taken},
        followups=claims.claimed_followups(session, taken),
        messages=messages,
        recipients=recipients.members_with_identities(session, [m.member_id for m in messages]),
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
            key=f"followup:{f.id}:{f.due_at.isoformat()}",
            creator=(f.creator.id, f.creator.language),
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
            key=f"outbox:{m.id}",
            chat=m.chat,
        )
        for m in claimed.messages
    ]
    return jobs


def _job(
    claim: Claim,
    member: Member,
    reply: Reply,
    attempts: int,
    platforms: Collection[str],
    *,
    key: str,
    creator: tuple[int, str] | None = None,
    chat: str | None = None,
) -> Job:
    return Job(
        claim=claim,
        member_id=member.id,
        member_name=member.name,
        reply=reply,
        addresses=chat_address(chat, platforms) if chat else addresses_of(member, platforms),
        every_address=member.notify != "first",
        attempts=attempts,
        key=key,
        creator=creator,
    )
