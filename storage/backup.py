"""Everything a team keeps, read table by table as plain rows for a backup.

Each reader streams (`yield_per`), so exporting a million activities holds one chunk at a
time. Members come without secrets: no platform identities, chat ids or invite codes.
References between rows are ids (customer_id, corrects_id, deal_id) and member names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from storage import audit
from storage.models import (
    Activity,
    AlertRule,
    Deal,
    DealStage,
    Followup,
    Member,
    Party,
    Segment,
)

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


def deals(session: Session) -> Iterator[Row]:
    """Amounts come as Decimal (written as exact strings, never floats)."""
    query = (
        select(
            Deal.id,
            Deal.party_id.label("customer_id"),
            Deal.title,
            Deal.value,
            Deal.currency,
            Deal.stage,
            Deal.probability,
            Deal.close_on,
            Deal.status,
            Deal.lost_reason,
            Member.name.label("owner"),
            Deal.created_at,
            Deal.closed_at,
            Deal.stage_changed_at,
            Deal.touched_at,
        )
        .join(Member, Member.id == Deal.owner_id)
        .order_by(Deal.id)
    )
    return _rows(session, query)


def deal_stages(session: Session) -> Iterator[Row]:
    """Each deal's moves from stage to stage, oldest first: the pipeline's history."""
    mover = aliased(Member)
    query = (
        select(
            DealStage.deal_id,
            DealStage.from_stage,
            DealStage.to_stage,
            mover.name.label("member"),
            DealStage.at,
        )
        .outerjoin(mover, mover.id == DealStage.member_id)
        .order_by(DealStage.id)
    )
    return _rows(session, query)


def segments(session: Session) -> Iterator[Row]:
    """The team's saved filters, as the members wrote them."""
    author = aliased(Member)
    query = (
        select(Segment.name, Segment.filters, author.name.label("created_by"))
        .outerjoin(author, author.id == Segment.created_by_id)
        .order_by(Segment.id)
    )
    return _rows(session, query)


def alert_rules(session: Session) -> Iterator[Row]:
    """The alert rules without their ids or start: a restored rule watches from the restore
    on (see restore_alert_rule), so it does not alert again about what it already told."""
    target, author = aliased(Member), aliased(Member)
    query = (
        select(
            AlertRule.event, AlertRule.days, AlertRule.count, AlertRule.amount, AlertRule.abc,
            AlertRule.target, target.name.label("target_member"), AlertRule.paused,
            author.name.label("created_by"),
        )
        .outerjoin(target, target.id == AlertRule.target_member_id)
        .outerjoin(author, author.id == AlertRule.created_by_id)
        .order_by(AlertRule.id)
    )  # fmt: skip
    return _rows(session, query)


def party_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Party)) or 0


def restore_deal(session: Session, actor_id: int | None, **values: Any) -> Deal:
    """A deal as the backup holds it (its stage history comes separately, in order)."""
    deal = Deal(**values, updated_at=values["touched_at"])
    session.add(deal)
    audit.record(session, actor_id, deal, "create")
    return deal


def restore_stage(session: Session, **values: Any) -> None:
    session.add(DealStage(**values))
