"""Everything a team keeps, read table by table as plain rows for a backup.

Each reader streams (`yield_per`), so exporting a million activities holds one chunk at a
time. Members come without secrets: no platform identities, chat ids or invite codes.
References between rows are ids (customer_id, corrects_id) and member names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from storage.models import Activity, Followup, Member, Party

CHUNK = 1000
Row = dict[str, Any]


def _rows(session: Session, query: Select[*tuple[Any, ...]]) -> Iterator[Row]:
    for row in session.execute(query.execution_options(yield_per=CHUNK)):
        yield dict(row._mapping)


def members(session: Session) -> Iterator[Row]:
    columns = (
        Member.name, Member.role, Member.language, Member.timezone, Member.digest_time,
        Member.digest_enabled, Member.notify,
    )  # fmt: skip
    return _rows(session, select(*columns).order_by(Member.id))


def customers(session: Session) -> Iterator[Row]:
    """Companies before contacts, so a restore meets a contact's company first."""
    owner = aliased(Member)
    query = (
        select(
            Party.id,
            Party.party_type.label("type"),
            Party.name,
            Party.company_id,
            Party.relationship_kind.label("kind"),
            owner.name.label("owner"),
            Party.email,
            Party.phone,
            Party.address,
            Party.city,
            Party.tags,
            Party.custom,
        )
        .outerjoin(owner, owner.id == Party.owner_id)
        .order_by(Party.party_type, Party.id)
    )
    return _rows(session, query)


def activities(session: Session) -> Iterator[Row]:
    query = (
        select(
            Activity.id,
            Activity.party_id.label("customer_id"),
            Member.name.label("member"),
            Activity.kind,
            Activity.text,
            Activity.occurred_at,
            Activity.corrects_id,
            Activity.meta,
        )
        .join(Member, Member.id == Activity.member_id)
        .order_by(Activity.id)
    )
    return _rows(session, query)


def followups(session: Session) -> Iterator[Row]:
    assignee, creator = aliased(Member), aliased(Member)
    query = (
        select(
            Followup.id,
            Followup.party_id.label("customer_id"),
            Followup.text,
            Followup.due_at,
            assignee.name.label("assignee"),
            creator.name.label("creator"),
            Followup.status,
            Followup.created_at,
            Followup.closed_at,
        )
        .join(assignee, assignee.id == Followup.assignee_id)
        .join(creator, creator.id == Followup.creator_id)
        .order_by(Followup.id)
    )
    return _rows(session, query)


def party_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Party)) or 0
