"""Who is talking: platform identities to members, for the adapters.

Adapters call these before they build a Command, so handlers always act for a known member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from config import Settings
from storage import members
from storage.db import Database
from storage.models import Member
from storage.types import utcnow


@dataclass(frozen=True)
class Profile:
    """What a platform tells about a user the first time we see them."""

    name: str
    language: str | None = None
    timezone: str | None = None


def console_member(db: Database, settings: Settings, name: str) -> int:
    """The member behind a console name; console operators act as admins."""
    with db.session() as session:
        member = members.by_identity(session, "console", name) or _same_person(
            session, name, "console"
        )
        if member is not None and members.identity_of(session, member.id, "console") is None:
            members.link_identity(session, member, "console", name)
        if member is None:
            member = members.create(
                session,
                name,
                language=settings.crm_language,
                timezone=settings.crm_timezone,
                role="admin",
            )
            members.link_identity(session, member, "console", name)
        return member.id


def member_for(
    db: Database,
    settings: Settings,
    platform: str,
    external_id: str,
    *,
    team_id: str = "",
    profile: Profile | None = None,
    chat_id: str | None = None,
) -> int | None:
    """The member behind a platform account; with a profile, one is created on first sight.

    Without a profile (Telegram, where only invited people may talk) an unknown account
    gives None. Nobody becomes an admin by arriving first: only people CRM_ADMINS names
    (by name or platform id) do; console users are admins anyway. An account seen before
    (nearly every message) is looked up alone: on PostgreSQL one statement outside a
    transaction, on SQLite without the write lock.
    """
    with db.lookup() as session:
        known = members.id_by_identity(session, platform, external_id, team_id)
    if known is not None or profile is None:
        return known
    with db.session() as session:
        member = members.by_identity(session, platform, external_id, team_id)
        if member is not None:  # another request linked the account meanwhile
            return member.id
        member = _same_person(session, profile.name, platform)
        if member is not None:
            members.link_identity(
                session, member, platform, external_id, team_id=team_id, chat_id=chat_id
            )
            return member.id
        listed = {profile.name.casefold(), external_id.casefold()} & settings.admins
        member = members.create_with_identity(
            session,
            profile.name,
            language=profile.language or settings.crm_language,
            timezone=profile.timezone or settings.crm_timezone,
            platform=platform,
            external_id=external_id,
            team_id=team_id,
            chat_id=chat_id,
            role="admin" if listed else "member",
        )
        return member.id


def _same_person(session: Session, name: str, platform: str) -> Member | None:
    """The one active member whose folded name is exactly this one and who has no account
    on this platform yet: one person, one member. Two of that name, or a member already
    linked there, is no certainty: a new member is made, and an admin links them."""
    same = members.with_name(session, name)
    if len(same) != 1 or members.identity_of(session, same[0].id, platform) is not None:
        return None
    return same[0]


def redeem_invite(
    db: Database,
    code: str,
    platform: str,
    external_id: str,
    *,
    chat_id: str | None = None,
    now: datetime | None = None,
) -> int | None:
    """Link a platform account to the member an invite code was made for; once only."""
    with db.session() as session:
        member = members.redeem_invite(session, code, now or utcnow())
        if member is None:
            return None
        existing = members.identity_of(session, member.id, platform)
        if existing is not None:
            existing.external_id = external_id
            existing.chat_id = chat_id
        else:
            members.link_identity(session, member, platform, external_id, chat_id=chat_id)
        return member.id


def remember_chat(
    db: Database, platform: str, external_id: str, chat_id: str, *, team_id: str = ""
) -> None:
    """Keep the direct-message channel of an account, so the next message needs no lookup."""
    with db.session() as session:
        member = members.by_identity(session, platform, external_id, team_id)
        identity = members.identity_of(session, member.id, platform) if member else None
        if identity is not None:
            identity.chat_id = chat_id
