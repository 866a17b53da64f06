"""Deals: adding, moving, closing and listing them; every change audited with its before.

Amounts are Decimal with two places. Sums are per currency, because adding dollars to euros
would be a silent wrong answer; a team that works in one currency gets one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from config.stages import Stages
from storage import audit
from storage.deal_sums import open_sums
from storage.models import Deal, DealStage, Party
from storage.money import cents, money_sum

EDITABLE: Final = frozenset({"title", "value", "currency", "close_on", "probability", "owner_id"})


class DealClosed(ValueError):
    """A won or lost deal was asked to move; handlers refuse before this, storage makes sure."""


@dataclass(frozen=True)
class Total:
    currency: str
    count: int
    total: Decimal


@dataclass(frozen=True)
class DealList:
    deals: list[Deal]
    """The largest first, at most the limit asked for."""
    totals: list[Total]
    """Over every deal that matched, not only the ones listed."""


def add(
    session: Session,
    actor_id: int | None,
    *,
    party: Party,
    title: str,
    value: Decimal,
    currency: str,
    owner_id: int,
    stage: str,
    now: datetime,
    probability: int | None = None,
    close_on: date | None = None,
) -> Deal:
    deal = Deal(
        party_id=party.id,
        title=title,
        value=value,
        currency=currency,
        owner_id=owner_id,
        stage=stage,
        probability=probability,
        close_on=close_on,
        status="open",
        created_at=now,
        updated_at=now,
        stage_changed_at=now,
        touched_at=now,
    )
    session.add(deal)
    audit.record(session, actor_id, deal, "create")
    session.add(
        DealStage(deal_id=deal.id, from_stage=None, to_stage=stage, member_id=actor_id, at=now)
    )
    return deal


def get(session: Session, deal_id: int) -> Deal | None:
    return session.get(Deal, deal_id, options=[joinedload(Deal.party), joinedload(Deal.owner)])


def move(session: Session, actor_id: int | None, deal: Deal, stage: str, now: datetime) -> bool:
    """Put an open deal into another open stage; False when it is there already."""
    if deal.status != "open":
        raise DealClosed(deal.id)
    if deal.stage == stage:
        return False
    _change_stage(session, actor_id, deal, stage, now, {})
    return True


def close_won(
    session: Session,
    actor_id: int | None,
    deal: Deal,
    stages: Stages,
    now: datetime,
    value: Decimal | None = None,
) -> None:
    """Won, optionally at the final value the customer signed."""
    final = {"value": value} if value is not None else {}
    _close(session, actor_id, deal, stages.won.name, now, {"status": "won", **final})


def close_lost(
    session: Session, actor_id: int | None, deal: Deal, stages: Stages, reason: str, now: datetime
) -> None:
    _close(
        session, actor_id, deal, stages.lost.name, now, {"status": "lost", "lost_reason": reason}
    )


def update_fields(
    session: Session, actor_id: int | None, deal: Deal, now: datetime, **values: Any
) -> None:
    """`set deal <id> key=value`: only the fields a member may edit, an owner hand-over too."""
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(deal)
    for key, value in values.items():
        setattr(deal, key, value)
    deal.updated_at = now
    audit.record(session, actor_id, deal, "update", before)


def touch(session: Session, party_ids: Sequence[int], moment: datetime) -> None:
    """An activity with these customers at `moment`: their open deals are not stale then.

    Called where activities are logged; one statement however many deals. Not audited: it
    records when something else happened, which that thing's own entry already says.
    """
    session.execute(
        update(Deal)
        .where(Deal.party_id.in_(party_ids), Deal.status == "open", Deal.touched_at < moment)
        .values(touched_at=moment)
    )


def history(session: Session, deal_id: int) -> list[DealStage]:
    """The deal's moves, oldest first, with who made them."""
    return list(
        session.scalars(
            select(DealStage)
            .options(joinedload(DealStage.member))
            .where(DealStage.deal_id == deal_id)
            .order_by(DealStage.at, DealStage.id)
        )
    )


def stage_changes(session: Session, party_ids: Sequence[int], limit: int) -> list[DealStage]:
    """The newest moves of a customer's deals, for `history` (each with its deal and who)."""
    return list(
        session.scalars(
            select(DealStage)
            .join(Deal, Deal.id == DealStage.deal_id)
            .options(joinedload(DealStage.member), joinedload(DealStage.deal))
            .where(Deal.party_id.in_(party_ids))
            .order_by(DealStage.at.desc(), DealStage.id.desc())
            .limit(limit)
        )
    )


def open_deals(
    session: Session,
    *,
    owner_id: int | None = None,
    party_ids: Sequence[int] | None = None,
    stage: str | None = None,
    limit: int = 20,
) -> DealList:
    """Open deals, largest first, with the sums over all that match (two statements)."""
    where = _open_where(owner_id, party_ids, stage)
    by_party = party_ids is not None
    # A customer's few deals are read by ix_deals_party and then sorted: ordered by the bare
    # column, SQLite (without statistics) walked every open deal by ix_deals_value instead,
    # for the largest that were the customer's (3 s for a card at a million customers).
    largest = (Deal.value + 0) if by_party else Deal.value
    deals = session.scalars(
        select(Deal)
        .options(joinedload(Deal.party), joinedload(Deal.owner))
        .where(*where)
        .order_by(largest.desc(), Deal.id)
        .limit(limit)
    )
    totals = _totals(session, where) if by_party else _open_totals(session, owner_id, stage)
    return DealList(list(deals), totals)


def won_totals(session: Session, party_ids: Sequence[int]) -> list[Total]:
    """Revenue won with a customer, for its card."""
    return _totals(session, [Deal.party_id.in_(party_ids), Deal.status == "won"])


def needing_attention(
    session: Session, owner_id: int, today: date, quiet_since: datetime
) -> list[Deal]:
    """For the digest: the owner's open deals past their close date or quiet since then."""
    return list(
        session.scalars(
            select(Deal)
            .options(joinedload(Deal.party))
            .where(
                Deal.owner_id == owner_id,
                Deal.status == "open",
                or_(Deal.close_on < today, Deal.touched_at < quiet_since),
            )
            .order_by(Deal.close_on, Deal.touched_at, Deal.id)
        )
    )


def _open_where(
    owner_id: int | None, party_ids: Sequence[int] | None, stage: str | None
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Deal.status == "open"]
    if owner_id is not None:
        where.append(Deal.owner_id == owner_id)
    if party_ids is not None:
        where.append(Deal.party_id.in_(party_ids))
    if stage is not None:
        where.append(Deal.stage == stage)
    return where


def _totals(session: Session, where: Sequence[ColumnElement[bool]]) -> list[Total]:
    rows = session.execute(
        select(Deal.currency, func.count(), money_sum(Deal.value))
        .where(*where)
        .group_by(Deal.currency)
        .order_by(Deal.currency)
    )
    return [Total(currency, count, cents(total)) for currency, count, total in rows]


def _open_totals(session: Session, owner_id: int | None, stage: str | None) -> list[Total]:
    """The sums of everyone's, a member's or a stage's open deals, from deal_month_sums."""
    sums = open_sums(owner_id, stage).subquery()
    rows = session.execute(
        select(sums.c.currency, func.sum(sums.c.deals), money_sum(sums.c.total))
        .group_by(sums.c.currency)
        .order_by(sums.c.currency)
    )
    return [Total(currency, int(count), cents(total)) for currency, count, total in rows]


def _close(
    session: Session,
    actor_id: int | None,
    deal: Deal,
    stage: str,
    now: datetime,
    values: dict[str, Any],
) -> None:
    if deal.status != "open":
        raise DealClosed(deal.id)
    _change_stage(session, actor_id, deal, stage, now, {**values, "closed_at": now})


def _change_stage(
    session: Session,
    actor_id: int | None,
    deal: Deal,
    stage: str,
    now: datetime,
    values: dict[str, Any],
) -> None:
    """One move: the deal's new state, its history row and its audit entry, together."""
    before = audit.snapshot(deal)
    session.add(
        DealStage(
            deal_id=deal.id, from_stage=deal.stage, to_stage=stage, member_id=actor_id, at=now
        )
    )
    for key, value in {**values, "stage": stage}.items():
        setattr(deal, key, value)
    deal.stage_changed_at = deal.touched_at = deal.updated_at = now
    audit.record(session, actor_id, deal, "update", before)
