"""Companies and contacts: adding, changing, soft-deleting and restoring them.

A party's keys (storage.keys) are written with it, so `find` by phone or e-mail and `list`
read indexes. A deleted party keeps its row (restorable) but its `search_key` is emptied:
the name index's change feed then drops it in every process, and restoring writes the key
back. A merged duplicate keeps its key instead, so its old name still finds the target.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, insert, or_, select, union
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, aliased

from storage import audit
from storage.folding import fold
from storage.keys import core_key, email_key, phone_key
from storage.models import Company, Contact, Deal, Followup, Party, PartyTag


def get(session: Session, party_id: int) -> Party | None:
    return session.get(Party, party_id)


def add_company(session: Session, actor_id: int | None, name: str, **values: Any) -> Company:
    company = Company(name=name, owner_id=actor_id, **values)
    write_keys(session, company)
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
        name=name, owner_id=actor_id, company_id=company.id if company else None, **values
    )
    write_keys(session, contact)
    audit.record(session, actor_id, contact, "create")
    return contact


def update(session: Session, actor_id: int | None, party: Party, **values: Any) -> None:
    before = audit.snapshot(party)
    for key, value in values.items():
        setattr(party, key, value)
    write_keys(session, party)
    audit.record(session, actor_id, party, "update", before)


def write_keys(session: Session, party: Party) -> None:
    """Keys from the visible fields, and the tag rows from `tags`."""
    party.tags = sorted(set(party.tags or []))
    party.custom = dict(party.custom or {})
    findable = party.deleted_at is None or bool(party.merged_into_id)
    phone = phone_key(party.phone)
    for column, value in keys_of(party.name, phone, party.email, party.city, findable):
        setattr(party, column, value)
    if party.id is None:
        session.add(party)
        session.flush()
    else:  # a new party has no tag rows to replace
        session.execute(delete(PartyTag).where(PartyTag.party_id == party.id))
    if party.tags:
        session.execute(
            insert(PartyTag), [{"party_id": party.id, "tag": tag[:60]} for tag in party.tags]
        )


def keys_of(
    name: str, phone_e164: str | None, email: str | None, city: str | None, findable: bool = True
) -> list[tuple[str, str | None]]:
    """The key columns and their values for these visible fields and the phone's key
    (`write_keys`, and the import's bulk inserts, which write many parties unloaded)."""
    return [
        ("search_key", fold(name) if findable else ""),
        ("core_key", core_key(name)),
        ("phone_e164", phone_e164),
        ("email_key", email_key(email)),
        ("city_key", fold(city) if city else None),
    ]


def soft_delete(session: Session, actor_id: int, party: Party, now: datetime) -> list[Party]:
    """Hide a party (and a company's contacts) and pause their open follow-ups and deals
    (out of reminders, `deals`, `pipeline` and `forecast`); the parties hidden, the company
    first. Their rows stay, for `restore`."""
    hidden = [party, *contacts_of(session, party.id)] if party.party_type == "company" else [party]
    for row in hidden:
        update(session, actor_id, row, deleted_at=now)
    _set_status(session, actor_id, [row.id for row in hidden], "open", "paused")
    return hidden


def restore(session: Session, actor_id: int, party: Party) -> list[Party]:
    """Bring back a deleted party, with the contacts that were deleted with it."""
    assert party.deleted_at is not None
    back = [party]
    if party.party_type == "company":
        back += list(
            session.scalars(
                select(Party).where(
                    Party.company_id == party.id, Party.deleted_at == party.deleted_at
                )
            )
        )
    for row in back:
        update(session, actor_id, row, deleted_at=None)
    _set_status(session, actor_id, [row.id for row in back], "paused", "open")
    return back


def _set_status(session: Session, actor_id: int, party_ids: list[int], old: str, new: str) -> None:
    """Pause or resume the parties' follow-ups and deals, each change audited (for undo)."""
    rows: list[Followup | Deal] = []
    for model in (Followup, Deal):
        rows += session.scalars(
            select(model).where(model.party_id.in_(party_ids), model.status == old)
        )
    for row in rows:
        before = audit.snapshot(row)
        row.status = new
        audit.record(session, actor_id, row, "update", before)


def contacts_of(session: Session, company_id: int) -> list[Party]:
    return list(
        session.scalars(
            select(Contact)
            .where(Contact.company_id == company_id, Contact.deleted_at.is_(None))
            .order_by(Contact.name)
        )
    )


def contact_names_of_many(
    session: Session, company_ids: list[int], per_company: int
) -> dict[int, list[str]]:
    """The names of the first `per_company` live contacts of each company, by name, in one
    statement.

    `find` shows a few people beside each company it lists; asking once per company made a
    list of ten cost ten queries (issue 13), and loading them as whole parties cost more
    CPU than the search itself. Companies without contacts are absent.
    """
    if not company_ids or per_company < 1:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=Contact.company_id, order_by=(Contact.name, Contact.id))
        .label("rank")
    )
    ranked = (
        select(Contact.company_id, Contact.name, rank)
        .where(Contact.company_id.in_(company_ids), Contact.deleted_at.is_(None))
        .subquery("ranked")
    )
    query = (
        select(ranked.c.company_id, ranked.c.name)
        .where(ranked.c.rank <= per_company)
        .order_by(ranked.c.company_id, ranked.c.rank)
    )
    found: dict[int, list[str]] = {}
    for company_id, name in session.execute(query):
        found.setdefault(company_id, []).append(name)
    return found


def with_exact_key(session: Session, name: str) -> list[Party]:
    """Live parties whose folded name is exactly that of `name` (imports match by it)."""
    return list(
        session.scalars(
            select(Party).where(Party.search_key == fold(name), Party.deleted_at.is_(None))
        )
    )


def near_duplicates(
    session: Session, party_type: str, name: str, phone: str | None, email: str | None
) -> list[Party]:
    """Live parties one would take for this one: the same name once legal forms are set
    aside (of the same type), or the same phone number or e-mail address."""
    matches = [
        select(Party).where(Party.party_type == party_type, Party.core_key == core_key(name))
    ]
    if phone_key(phone):
        matches.append(select(Party).where(Party.phone_e164 == phone_key(phone)))
    if email_key(email):
        matches.append(select(Party).where(Party.email_key == email_key(email)))
    found: dict[int, Party] = {}
    for query in matches:
        for party in session.scalars(query.where(Party.deleted_at.is_(None)).limit(5)):
            found.setdefault(party.id, party)
    return list(found.values())


def by_phone_or_email(session: Session, phone: str | None, email: str | None) -> list[Party]:
    """Live parties with this number (any notation) or address (any case)."""
    conditions = []
    if phone:
        conditions.append(Party.phone_e164 == phone)
    if email:
        conditions.append(Party.email_key == email.lower())
    if not conditions:
        return []
    return list(
        session.scalars(
            select(Party)
            .where(or_(*conditions), Party.deleted_at.is_(None))
            .order_by(Party.id)
            .limit(20)
        )
    )


def target_of(session: Session, party_id: int) -> Party | None:
    """The live party an id stands for now: itself, or what it was merged into."""
    party = get(session, party_id)
    seen = set()
    while party is not None and party.merged_into_id and party.id not in seen:
        seen.add(party.id)
        party = get(session, party.merged_into_id)
    return party


def targets_of(session: Session, party_ids: list[int]) -> dict[int, Party]:
    """`target_of` for many ids at once: one query, plus one per level of merging."""
    loaded: dict[int, Party] = {}
    wanted = set(party_ids)
    while wanted - loaded.keys():
        missing = wanted - loaded.keys()
        rows = session.scalars(select(Party).where(Party.id.in_(missing))).all()
        loaded.update({row.id: row for row in rows})
        wanted |= {row.merged_into_id for row in rows if row.merged_into_id}
        if not rows:
            break
    targets: dict[int, Party] = {}
    for party_id in party_ids:
        party, seen = loaded.get(party_id), set()
        while party is not None and party.merged_into_id and party.id not in seen:
            seen.add(party.id)
            party = loaded.get(party.merged_into_id)
        if party is not None:
            targets[party_id] = party
    return targets


def touch_contact(session: Session, party: Party, at: datetime) -> None:
    """Note a logged contact on the party and its company, for `list quiet=`."""
    ids = [party.id] + ([party.company_id] if party.company_id else [])
    session.execute(
        sql_update(Party)
        .where(
            Party.id.in_(ids),
            or_(Party.last_contact_at.is_(None), Party.last_contact_at < at),
        )
        .values(last_contact_at=at)
        .execution_options(synchronize_session=False)
    )


def everyone(session: Session) -> list[Party]:
    """All live parties, companies before contacts, for export."""
    return list(
        session.scalars(
            select(Party)
            .where(Party.deleted_at.is_(None))
            .order_by(Party.party_type, Party.name, Party.id)
        )
    )


def of_customers(
    column: Any, chosen: Select[Any] | Sequence[int], *, live: bool = False
) -> ColumnElement[bool]:
    """Rows (by their party `column`) of a chosen party or of a contact at a chosen
    company; with `live`, of parties not deleted.

    The parties are picked first, as a UNION so that each half reads its own index (the
    primary key, the company index), and the rows by their party index: an OR over the
    joined party's company made PostgreSQL scan every deal and every party for one
    customer's score (1.8 s at 100,000 customers, loaded), and an OR inside the pick still
    scanned the parties.
    """
    party = aliased(Party)
    alive = [party.deleted_at.is_(None)] if live else []
    picked = union(
        select(party.id).where(party.id.in_(chosen), *alive),
        select(party.id).where(party.company_id.in_(chosen), *alive),
    )
    mine: ColumnElement[bool] = column.in_(picked)
    return mine
