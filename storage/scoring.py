"""What a lead score is computed from, for any set of parties, in three statements.

A company's figures include its contacts' (a call with its buyer is a call with the
company), as the card does. Counted: contacts are logged activities other than notes;
complaints are complaint activities; the open deal value is in the team currency only,
since euros and dollars do not add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from storage import parties
from storage.models import Activity, Deal, Party
from storage.money import cents, money_sum


@dataclass
class Facts:
    party_id: int
    name: str
    kind: str
    tags: list[str]
    city: str | None
    region: str | None
    last_contact_at: datetime | None
    contacts: int = 0
    complaints: int = 0
    open_value: Decimal = field(default_factory=Decimal)


@dataclass(frozen=True)
class Windows:
    contacts_since: datetime
    complaints_since: datetime
    currency: str


def facts(session: Session, chosen: Select[Any], windows: Windows) -> dict[int, Facts]:
    """The facts of every party `chosen` (a SELECT of party ids) names."""
    found = {
        row.id: Facts(
            row.id,
            row.name,
            row.relationship_kind,
            list(row.tags or ()),
            row.city,
            _region(row.custom),
            row.last_contact_at,
        )
        for row in session.execute(
            select(
                Party.id,
                Party.name,
                Party.relationship_kind,
                Party.tags,
                Party.city,
                Party.custom,
                Party.last_contact_at,
            ).where(Party.id.in_(chosen))
        )
    }
    if found:
        _activities(session, chosen, windows, found)
        _open_deals(session, chosen, windows.currency, found)
    return found


def only(party_id: int) -> Select[Any]:
    """One party, as the SELECT `facts` takes."""
    return select(Party.id).where(Party.id == party_id)


def _region(custom: dict[str, Any] | None) -> str | None:
    value = (custom or {}).get("region")
    return str(value) if value else None


def _credit(found: dict[int, Facts], party_id: int, company_id: int | None) -> list[Facts]:
    return [found[i] for i in (party_id, company_id) if i is not None and i in found]


def _activities(
    session: Session, chosen: Select[Any], windows: Windows, found: dict[int, Facts]
) -> None:
    contact = and_(Activity.kind != "note", Activity.occurred_at >= windows.contacts_since)
    complaint = and_(Activity.kind == "complaint", Activity.occurred_at >= windows.complaints_since)
    rows = session.execute(
        select(Activity.party_id, Party.company_id, _count_if(contact), _count_if(complaint))
        .join(Party, Party.id == Activity.party_id)
        .where(
            parties.of_customers(Activity.party_id, chosen),
            Activity.occurred_at >= min(windows.contacts_since, windows.complaints_since),
        )
        .group_by(Activity.party_id, Party.company_id)
    )
    for party_id, company_id, contacts, complaints in rows:
        for facts_of in _credit(found, party_id, company_id):
            facts_of.contacts += int(contacts or 0)
            facts_of.complaints += int(complaints or 0)


def _open_deals(
    session: Session, chosen: Select[Any], currency: str, found: dict[int, Facts]
) -> None:
    rows = session.execute(
        select(Deal.party_id, Party.company_id, money_sum(Deal.value))
        .join(Party, Party.id == Deal.party_id)
        .where(
            parties.of_customers(Deal.party_id, chosen),
            Deal.status == "open",
            Deal.currency == currency,
        )
        .group_by(Deal.party_id, Party.company_id)
    )
    for party_id, company_id, total in rows:
        for facts_of in _credit(found, party_id, company_id):
            facts_of.open_value += cents(total)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))
