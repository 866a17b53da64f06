"""API tokens, found by their public key; only the hash of a token is stored."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import ApiToken, AuditEntry, Member


def named(session: Session, name: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.name == name))


def add(
    session: Session, member_id: int, name: str, key: str, token_hash: str, scope: str
) -> ApiToken:
    """The audit says a token was made and its scope, never its hash."""
    token = ApiToken(name=name, key=key, token_hash=token_hash, scope=scope, member_id=member_id)
    session.add(token)
    session.flush()
    session.add(
        AuditEntry(
            member_id=member_id,
            entity="api_tokens",
            entity_id=token.id,
            action="create",
            after={"name": name, "scope": scope},
        )
    )
    session.flush()
    return token


def revoke(session: Session, member_id: int, token: ApiToken) -> None:
    """A revoked token is gone at once: the next request with it finds no row."""
    session.add(
        AuditEntry(
            member_id=member_id,
            entity="api_tokens",
            entity_id=token.id,
            action="delete",
            before={"name": token.name, "scope": token.scope},
        )
    )
    session.execute(delete(ApiToken).where(ApiToken.id == token.id))
    session.flush()


def with_key(session: Session, key: str) -> tuple[ApiToken, Member] | None:
    """The token with this key and the member it acts as, in one statement: every API
    request reads both."""
    found = session.execute(
        select(ApiToken, Member)
        .join(Member, Member.id == ApiToken.member_id)
        .where(ApiToken.key == key)
    ).first()
    return (found[0], found[1]) if found else None


def every(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.name)))
