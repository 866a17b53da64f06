"""Alert rules, their snoozes, and the events a rule watches for.

Each finder looks only at what happened (or came due) since `since`: the worker passes the
later of the rule's creation and a short look-back, so a poll reads a few recent rows, not
the whole history, and the outbox's dedup key makes each event one message however often
(and by however many workers) it is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import Activity, AlertRule, AlertSnooze, Deal, Member, Party


@dataclass(frozen=True)
class Event:
    """One thing a rule saw: its key (for the dedup), the customer, the people concerned."""

    key: str
    party_id: int
    party_name: str
    owner_id: int | None
    detail: dict[str, Any]


def add(session: Session, actor_id: int | None, **values: Any) -> AlertRule:
    rule = AlertRule(created_by_id=actor_id, **values)
    session.add(rule)
    session.flush()
    return rule


def every(session: Session, *, active_only: bool = False) -> list[AlertRule]:
    query = select(AlertRule).order_by(AlertRule.id)
    if active_only:
        query = query.where(AlertRule.paused.is_(False))
    return list(session.scalars(query))


def get(session: Session, rule_id: int) -> AlertRule | None:
    return session.get(AlertRule, rule_id)


def remove(session: Session, rule: AlertRule) -> None:
    session.execute(delete(AlertSnooze).where(AlertSnooze.rule_id == rule.id))
    session.delete(rule)


def snooze(session: Session, rule_id: int, party_id: int, until: datetime) -> None:
    found = session.get(AlertSnooze, (rule_id, party_id))
    if found is None:
        session.add(AlertSnooze(rule_id=rule_id, party_id=party_id, until=until))
    else:
        found.until = until


def snoozed(session: Session, now: datetime) -> set[tuple[int, int]]:
    """(rule, customer) pairs kept quiet now."""
    rows = session.execute(
        select(AlertSnooze.rule_id, AlertSnooze.party_id).where(AlertSnooze.until > now)
    )
    return {(rule_id, party_id) for rule_id, party_id in rows}


def admin_ids(session: Session) -> list[int]:
    return list(
        session.scalars(select(Member.id).where(Member.role == "admin", Member.active.is_(True)))
    )


def complaints(session: Session, since: datetime) -> list[Event]:
    """Complaints logged since then (a contact's is its company's customer's too)."""
    rows = session.execute(
        select(Activity.id, Activity.text, Party.id, Party.name, Party.owner_id, Member.name)
        .join(Party, Party.id == Activity.party_id)
        .join(Member, Member.id == Activity.member_id)
        .where(Activity.kind == "complaint", Activity.occurred_at >= since)
        .order_by(Activity.id)
    )
    return [
        Event(f"complaint:{aid}", pid, name, owner, {"text": text, "by": who})
        for aid, text, pid, name, owner, who in rows
    ]


def repeated_complaints(
    session: Session, since: datetime, now: datetime, count: int, days: int
) -> list[Event]:
    """Customers whose `count`th complaint within `days` came since then; keyed by the
    newest complaint, so a later one alerts again."""
    recent = [event.party_id for event in complaints(session, since)]
    if not recent:
        return []
    rows = session.execute(
        select(Party.id, Party.name, Party.owner_id, func.count(), func.max(Activity.id))
        .join(Party, Party.id == Activity.party_id)
        .where(
            Activity.kind == "complaint",
            Activity.occurred_at >= now - timedelta(days=days),
            Activity.party_id.in_(recent),
        )
        .group_by(Party.id, Party.name, Party.owner_id)
        .having(func.count() >= count)
    )
    return [
        Event(f"complaints:{pid}:{newest}", pid, name, owner, {"count": n, "days": days})
        for pid, name, owner, n, newest in rows
    ]


def gone_quiet(session: Session, since: datetime, now: datetime, days: int) -> list[Event]:
    """Top-level customers whose last contact became `days` old since then."""
    start, end = since - timedelta(days=days), now - timedelta(days=days)
    rows = session.execute(
        select(Party.id, Party.name, Party.owner_id, Party.last_contact_at).where(
            Party.deleted_at.is_(None),
            Party.company_id.is_(None),
            Party.relationship_kind == "customer",
            Party.last_contact_at >= start,
            Party.last_contact_at < end,
        )
    )
    return [
        Event(f"quiet:{pid}:{last:%Y%m%d%H%M}", pid, name, owner, {"since": last})
        for pid, name, owner, last in rows
    ]


def stuck(session: Session, since: datetime, now: datetime, days: int) -> list[Event]:
    """Open deals whose stage became `days` old since then; the deal's owner is told."""
    start, end = since - timedelta(days=days), now - timedelta(days=days)
    rows = session.execute(
        select(Deal.id, Deal.title, Deal.stage, Deal.stage_changed_at, Deal.owner_id,
               Party.id, Party.name)
        .join(Party, Party.id == Deal.party_id)
        .where(Deal.status == "open", Deal.stage_changed_at >= start,
               Deal.stage_changed_at < end)
    )  # fmt: skip
    return [
        Event(f"stuck:{did}:{moved:%Y%m%d%H%M}", pid, name, owner,
              {"deal": did, "title": title, "stage": stage})
        for did, title, stage, moved, owner, pid, name in rows
    ]  # fmt: skip


def won_over(session: Session, since: datetime, amount: Decimal, currency: str) -> list[Event]:
    rows = session.execute(
        select(Deal.id, Deal.title, Deal.value, Deal.owner_id, Party.id, Party.name)
        .join(Party, Party.id == Deal.party_id)
        .where(Deal.status == "won", Deal.closed_at >= since, Deal.currency == currency,
               Deal.value >= amount)
    )  # fmt: skip
    return [
        Event(f"won:{did}", pid, name, owner, {"deal": did, "title": title, "value": value})
        for did, title, value, owner, pid, name in rows
    ]
