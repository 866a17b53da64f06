"""Companies and contacts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import audit
from storage.folding import fold
from storage.models import Company, Contact, Party


def get(session: Session, party_id: int) -> Party | None:
    return session.get(Party, party_id)


def add_company(session: Session, actor_id: int | None, name: str, **values: Any) -> Company:
    company = Company(name=name, search_key=fold(name), owner_id=actor_id, **values)
    session.add(company)
    audit.record(session, actor_id, company, "create")
    return company


def add_contact(
    session: Session,
    actor_id: int | None,
    name: str,
    company: Party | None = None,
    **values: Any,
) -> Contact:
    contact = Contact(
        name=name,
        search_key=fold(name),
        owner_id=actor_id,
        company_id=company.id if company else None,
        **values,
    )
    session.add(contact)
    audit.record(session, actor_id, contact, "create")
    return contact


def update(session: Session, actor_id: int | None, party: Party, **values: Any) -> None:
    before = audit.snapshot(party)
    for key, value in values.items():
        setattr(party, key, value)
    if "name" in values:
        party.search_key = fold(party.name)
    audit.record(session, actor_id, party, "update", before)


def contacts_of(session: Session, company_id: int) -> list[Party]:
    return list(
        session.scalars(
            select(Contact).where(Contact.company_id == company_id).order_by(Contact.name)
        )
    )


def contacts_of_many(
    session: Session, company_ids: list[int], per_company: int
) -> dict[int, list[Party]]:
    """The first `per_company` contacts of each company by name, in one statement.

    `find` shows a few people beside each company it lists; asking once per company made a
    list of ten cost ten queries (issue 13). Companies without contacts are absent.
    """
    if not company_ids or per_company < 1:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=Contact.company_id, order_by=(Contact.name, Contact.id))
        .label("rank")
    )
    ranked = select(Contact.id, rank).where(Contact.company_id.in_(company_ids)).subquery("ranked")
    query = (
        select(Contact)
        .join(ranked, ranked.c.id == Contact.id)
        .where(ranked.c.rank <= per_company)
        .order_by(Contact.company_id, Contact.name, Contact.id)
    )
    found: dict[int, list[Party]] = {}
    for contact in session.scalars(query):
        assert contact.company_id is not None
        found.setdefault(contact.company_id, []).append(contact)
    return found


def with_exact_key(session: Session, name: str) -> list[Party]:
    """Parties whose folded name is exactly that of `name`: the duplicates to warn about."""
    return list(session.scalars(select(Party).where(Party.search_key == fold(name))))


def everyone(session: Session) -> list[Party]:
    """All parties, companies before contacts, for export."""
    return list(session.scalars(select(Party).order_by(Party.party_type, Party.name, Party.id)))
