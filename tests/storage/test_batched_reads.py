"""Lists of customers and members read what each row shows in one statement, not one a row."""

from __future__ import annotations

from sqlalchemy import select

from storage import members, parties
from storage.db import Database
from storage.models import Contact
from storage.types import utcnow
from tests.statements import counted


def test_contact_names_of_many_gives_each_company_its_first_live_contacts_by_name(
    migrated_db: Database,
) -> None:
    with migrated_db.session() as session:
        companies = [parties.add_company(session, None, f"Firma {n}") for n in range(10)]
        lonely = parties.add_company(session, None, "Ohne Leute AG")
        session.flush()
        for company in companies:
            for person in ("Dora", "Anna", "Carl", "Bert", "Aaron"):
                parties.add_contact(session, None, f"{person} {company.name}", company)
        session.flush()
        for gone in session.scalars(select(Contact).where(Contact.name.startswith("Aaron"))):
            gone.deleted_at = utcnow()
        session.flush()
        ids = [c.id for c in companies] + [lonely.id]
        with counted() as statements:
            found = parties.contact_names_of_many(session, ids, per_company=3)
    assert len(statements) == 1
    assert lonely.id not in found
    for company in companies:
        assert found[company.id] == [f"{p} {company.name}" for p in ("Anna", "Bert", "Carl")]


def test_contact_names_of_many_of_no_companies_asks_nothing(migrated_db: Database) -> None:
    with migrated_db.session() as session, counted() as statements:
        assert parties.contact_names_of_many(session, [], per_company=3) == {}
    assert statements == []


def test_identities_of_many_gives_every_member_theirs_and_none_to_the_unlinked(
    migrated_db: Database,
) -> None:
    with migrated_db.session() as session:
        linked = [members.create(session, f"m{n}", language="en", timezone="UTC") for n in range(5)]
        unlinked = members.create(session, "solo", language="en", timezone="UTC")
        session.flush()
        for n, member in enumerate(linked):
            members.link_identity(session, member, "slack", f"U{n}", team_id="T1")
            members.link_identity(session, member, "telegram", str(n))
        session.flush()
        with counted() as statements:
            found = members.identities_of_many(session, [m.id for m in [*linked, unlinked]])
    assert len(statements) == 1
    assert found[unlinked.id] == []
    for n, member in enumerate(linked):
        assert [(i.platform, i.external_id) for i in found[member.id]] == [
            ("slack", f"U{n}"),
            ("telegram", str(n)),
        ]
