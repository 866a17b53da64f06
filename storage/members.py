"""Members, their platform identities and invite codes."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage import audit
from storage.folding import fold
from storage.models import Identity, Invite, Member

INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def get(session: Session, member_id: int) -> Member | None:
    return session.get(Member, member_id)


def count(session: Session) -> int:
    return session.scalar(select(func.count(Member.id))) or 0


def all_members(session: Session, *, active_only: bool = False) -> list[Member]:
    query = select(Member).order_by(Member.name)
    if active_only:
        query = query.where(Member.active.is_(True))
    return list(session.scalars(query))


def by_identity(
    session: Session, platform: str, external_id: str, team_id: str = ""
) -> Member | None:
    return session.scalar(
        select(Member)
        .join(Identity)
        .where(
            Identity.platform == platform,
            Identity.team_id == team_id,
            Identity.external_id == external_id,
        )
    )


def id_by_identity(
    session: Session, platform: str, external_id: str, team_id: str = ""
) -> int | None:
    """The id of the member behind a platform account, from the identities' unique index
    alone: asked for every message, so no member row is loaded."""
    return session.scalar(
        select(Identity.member_id).where(
            Identity.platform == platform,
            Identity.team_id == team_id,
            Identity.external_id == external_id,
        )
    )


def identity_of(session: Session, member_id: int, platform: str) -> Identity | None:
    return session.scalar(
        select(Identity).where(Identity.member_id == member_id, Identity.platform == platform)
    )


def identities_of(session: Session, member_id: int) -> list[Identity]:
    return list(session.scalars(select(Identity).where(Identity.member_id == member_id)))


def identities_of_many(session: Session, member_ids: list[int]) -> dict[int, list[Identity]]:
    """Each member's identities in one statement (`members` once asked once per member)."""
    found: dict[int, list[Identity]] = {member_id: [] for member_id in member_ids}
    if member_ids:
        query = select(Identity).where(Identity.member_id.in_(member_ids)).order_by(Identity.id)
        for identity in session.scalars(query):
            found[identity.member_id].append(identity)
    return found


def create(
    session: Session,
    name: str,
    *,
    language: str,
    timezone: str,
    role: str | None = None,
    created_by: int | None = None,
) -> Member:
    """A new member; the first one of a team becomes its admin."""
    if role is None:
        role = "admin" if count(session) == 0 else "member"
    member = Member(name=name, role=role, language=language, timezone=timezone)
    session.add(member)
    audit.record(session, created_by, member, "create")
    return member


def link_identity(
    session: Session,
    member: Member,
    platform: str,
    external_id: str,
    *,
    team_id: str = "",
    chat_id: str | None = None,
) -> Identity:
    identity = Identity(
        member_id=member.id,
        platform=platform,
        team_id=team_id,
        external_id=external_id,
        chat_id=chat_id,
    )
    session.add(identity)
    audit.record(session, member.id, identity, "create")
    return identity


def create_with_identity(
    session: Session,
    name: str,
    *,
    language: str,
    timezone: str,
    platform: str,
    external_id: str,
    team_id: str = "",
    chat_id: str | None = None,
    role: str | None = None,
) -> Member:
    """A member for an account seen for the first time. Two requests of a new user can race
    here; the loser's savepoint is rolled back and it gets the winner's member."""
    try:
        with session.begin_nested():
            member = create(session, name, language=language, timezone=timezone, role=role)
            session.flush()
            link_identity(session, member, platform, external_id, team_id=team_id, chat_id=chat_id)
            session.flush()
            return member
    except IntegrityError:
        existing = by_identity(session, platform, external_id, team_id)
        if existing is None:
            raise
        return existing


def with_name(session: Session, name: str) -> list[Member]:
    """Active members whose folded name is exactly the folded `name` ("Jürgen" is "juergen")."""
    key = fold(name)
    return [m for m in all_members(session, active_only=True) if key and fold(m.name) == key]


def by_name(session: Session, name: str) -> list[Member]:
    """Active members named `name`, or else those with a word of their name starting with it."""
    exact = with_name(session, name)
    key = fold(name)
    if exact or not key:
        return exact
    return [
        m
        for m in all_members(session, active_only=True)
        if any(word.startswith(key) for word in [fold(m.name), *fold(m.name).split()])
    ]


def rename(session: Session, member: Member, actor_id: int, name: str) -> None:
    update_settings(session, member, actor_id, name=name)


def deactivate(session: Session, member: Member, actor_id: int) -> None:
    """No more reminders or digests; the member's records and history stay."""
    update_settings(session, member, actor_id, active=False, digest_enabled=False)


def absorb(session: Session, keeper: Member, other: Member, actor_id: int) -> list[str]:
    """One person, two members (a Slack user seen before being linked): the other's
    accounts move to the keeper, and the other is deactivated. The platforms moved."""
    moved = []
    for identity in identities_of(session, other.id):
        before = audit.snapshot(identity)
        identity.member_id = keeper.id
        audit.record(session, actor_id, identity, "update", before)
        moved.append(identity.platform)
    session.expire(other, ["identities"])
    session.expire(keeper, ["identities"])
    deactivate(session, other, actor_id)
    return moved


def update_settings(session: Session, member: Member, actor_id: int, **values: object) -> None:
    before = audit.snapshot(member)
    for key, value in values.items():
        setattr(member, key, value)
    audit.record(session, actor_id, member, "update", before)


def create_invite(
    session: Session, member: Member, created_by: int, now: datetime, valid_for: timedelta
) -> Invite:
    code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(10))
    invite = Invite(
        code=code,
        member_id=member.id,
        created_by_id=created_by,
        created_at=now,
        expires_at=now + valid_for,
    )
    session.add(invite)
    audit.record(session, created_by, invite, "create")
    return invite


def redeem_invite(session: Session, code: str, now: datetime) -> Member | None:
    """Use up an invite code once; a second use, a wrong or an expired code gives None.

    The guarded UPDATE makes two simultaneous redemptions of one code impossible.
    """
    normalized = code.strip().upper()
    claimed = session.execute(
        update(Invite)
        .where(Invite.code == normalized, Invite.used_at.is_(None), Invite.expires_at > now)
        .values(used_at=now)
        .returning(Invite.member_id)
    ).scalar_one_or_none()
    return session.get(Member, claimed) if claimed is not None else None
