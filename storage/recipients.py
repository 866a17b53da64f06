"""Whom a message can reach: members with their platform accounts, and accounts a platform
has refused for good (a blocked bot, a deleted user), which the worker then skips."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from storage.models import Identity, Member


def members_with_identities(session: Session, member_ids: Sequence[int]) -> dict[int, Member]:
    found = session.scalars(
        select(Member).options(selectinload(Member.identities)).where(Member.id.in_(member_ids))
    )
    return {m.id: m for m in found}


def mark_unreachable(session: Session, platform: str, external_id: str, now: datetime) -> bool:
    """The platform refused this account for good; True the first time it is said."""
    result = session.execute(
        update(Identity)
        .where(
            Identity.platform == platform,
            Identity.external_id == external_id,
            Identity.unreachable_at.is_(None),
        )
        .values(unreachable_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_reachable(session: Session, platform: str, external_id: str) -> bool:
    """The account can be reached again (the member unblocked the bot); True if it was not."""
    result = session.execute(
        update(Identity)
        .where(
            Identity.platform == platform,
            Identity.external_id == external_id,
            Identity.unreachable_at.is_not(None),
        )
        .values(unreachable_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
