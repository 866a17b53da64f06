"""Activities: what happened with a customer. Appended, never edited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from storage import audit, deals, parties
from storage.models import Activity, Party


def add(
    session: Session,
    actor_id: int,
    party: Party,
    kind: str,
    text: str,
    occurred_at: datetime,
    meta: dict[str, Any] | None = None,
    corrects_id: int | None = None,
) -> Activity:
    """Append an activity (a correction names the one it corrects); the open deals of its
    customer (and of a contact's company) are touched, so they are not stale, wherever the
    activity came from."""
    activity = Activity(
        party_id=party.id,
        member_id=actor_id,
        kind=kind,
        text=text,
        occurred_at=occurred_at,
        meta=meta or {},
        corrects_id=corrects_id,
    )
    session.add(activity)
    audit.record(session, actor_id, activity, "create")
    if kind != "note":
        parties.touch_contact(session, party, occurred_at)
    deals.touch(session, [party.id, *([party.company_id] if party.company_id else [])], occurred_at)
    return activity


def recent(session: Session, party_ids: list[int], limit: int) -> list[Activity]:
    """The newest activities of a customer (and, for a company, of its contacts)."""
    return list(
        session.scalars(
            select(Activity)
            .options(joinedload(Activity.member), joinedload(Activity.party))
            .where(Activity.party_id.in_(party_ids))
            .order_by(Activity.occurred_at.desc(), Activity.id.desc())
            .limit(limit)
        )
    )


def contacts_by_others(
    session: Session, party_ids: list[int], member_id: int, since: datetime
) -> list[Activity]:
    """Contacts with the customer logged by other members since `since` (notes excluded)."""
    return list(
        session.scalars(
            select(Activity)
            .options(joinedload(Activity.member))
            .where(
                Activity.party_id.in_(party_ids),
                Activity.member_id != member_id,
                Activity.occurred_at >= since,
                Activity.kind != "note",
            )
            .order_by(Activity.occurred_at.desc())
        )
    )


def by_ids(session: Session, ids: list[int]) -> list[Activity]:
    """These activities, in the order of `ids` (a search's rank)."""
    rows = session.scalars(
        select(Activity)
        .options(joinedload(Activity.member), joinedload(Activity.party))
        .where(Activity.id.in_(ids))
    )
    found = {a.id: a for a in rows}
    return [found[i] for i in ids if i in found]


def get(session: Session, activity_id: int) -> Activity | None:
    return session.get(Activity, activity_id, options=[joinedload(Activity.party)])


def latest_with_text(session: Session, member_id: int, text: str) -> Activity | None:
    """The newest activity this member logged with exactly this text (a chat message
    logged with one tap keeps its text whole)."""
    return session.scalar(
        select(Activity)
        .options(joinedload(Activity.party))
        .where(Activity.member_id == member_id, Activity.text == text)
        .order_by(Activity.id.desc())
        .limit(1)
    )
