"""Everything stored about one person, for a GDPR access request (Art. 15).

Their record (and the duplicates merged into it), the activities, follow-ups and deals that
are theirs or that mention their name, e-mail or phone, and the audit entries of all of
these. Values come as `audit.snapshot` writes them: JSON-safe, amounts as exact strings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from storage import audit
from storage.erasure import merged_into
from storage.models import Activity, AuditEntry, Base, Deal, Followup, Party
from storage.needles import Needles, mentions, needles_of


def gather(session: Session, party: Party) -> dict[str, Any]:
    people = merged_into(session, party)
    ids = [p.id for p in people]
    needles = needles_of(people)
    found: dict[str, list[Base]] = {
        "activities": _theirs(session, Activity, Activity.text, ids, needles),
        "followups": _theirs(session, Followup, Followup.text, ids, needles),
        "deals": _theirs(session, Deal, Deal.title, ids, needles),
    }
    entities = {"parties": ids} | {
        name: [getattr(r, "id") for r in rows]  # noqa: B009 - every model here has an id
        for name, rows in found.items()
    }
    return {
        "person": [audit.snapshot(p) for p in people],
        **{name: [audit.snapshot(r) for r in rows] for name, rows in found.items()},
        "audit": [audit.snapshot(e) for e in _audit_of(session, entities)],
    }


def _theirs(
    session: Session, model: type[Any], column: Any, ids: list[int], needles: Needles
) -> list[Base]:
    """Their rows, and those that mention them (the database's wide net, then the exact
    notations of `needles`)."""
    mentioned = mentions(column, needles) if needles else false()
    query = select(model).where(or_(model.party_id.in_(ids), mentioned)).order_by(model.id)
    return [
        row
        for row in session.scalars(query)
        if row.party_id in ids or needles.pattern.search(getattr(row, column.key) or "")
    ]


def _audit_of(session: Session, entities: dict[str, list[int]]) -> list[AuditEntry]:
    conditions = [
        and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
        for entity, ids in entities.items()
        if ids
    ]
    return list(session.scalars(select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.id)))
