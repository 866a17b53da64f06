"""The audit trail: every change with who made it, when, and the values before and after.

All entries written in one session (one command's unit of work) share a batch id, so
`undo` can take back a command whole, and history can say what one command did.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, inspect, or_, select
from sqlalchemy.orm import Session

from storage.bulk import insert_rows
from storage.models import AuditEntry, Base
from storage.types import utcnow

_BATCH = "audit_batch"
NOW = "audit_now"
"""session.info key of the command's moment (handlers.context sets it from the service's
clock): entries carry the time the command ran at, so undo's window and the feed agree
with the clock everything else used."""


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values in a JSON-safe form (amounts as exact strings, not floats)."""
    return {
        column.key: _json_safe(getattr(row, column.key))
        for column in inspect(row).mapper.column_attrs
    }


def snapshots_of_values(model: type[Base], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`snapshot` of each row written in bulk, from the values it was inserted with."""
    columns = inspect(model).columns.items()
    kept = [key for key, column in columns if column.type.python_type in _AS_IS]
    converted = [key for key, _column in columns if key not in kept]
    return [
        {**{key: values.get(key) for key in kept},
         **{key: _json_safe(values.get(key)) for key in converted}}
        for values in rows
    ]  # fmt: skip


_AS_IS = (str, int, bool, list, dict)
"""Column types whose values a snapshot takes as they are (JSON holds them)."""


def _json_safe(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def batch_of(session: Session) -> str:
    """The batch id of this unit of work, made on its first audited change."""
    batch: str = session.info.setdefault(_BATCH, uuid.uuid4().hex)
    return batch


def current_batch(session: Session) -> str | None:
    """The batch id of this unit of work, or None while it has audited nothing."""
    batch: str | None = session.info.get(_BATCH)
    return batch


def in_batch(session: Session, batch: str) -> list[AuditEntry]:
    """A batch's entries as the database has them: a savepoint rolled back took its own."""
    return list(
        session.scalars(select(AuditEntry).where(AuditEntry.batch == batch).order_by(AuditEntry.id))
    )


def record(
    session: Session,
    member_id: int | None,
    row: Base,
    action: str,
    before: dict[str, Any] | None = None,
) -> None:
    """Write one audit entry; call after the change, with the snapshot taken before it."""
    session.flush()
    session.add(
        AuditEntry(
            member_id=member_id,
            entity=type(row).__tablename__,
            entity_id=getattr(row, "id"),  # noqa: B009 - every audited model has an id
            action=action,
            before=before,
            after=snapshot(row),
            batch=batch_of(session),
            at=session.info.get(NOW) or utcnow(),
        )
    )


def record_values(
    session: Session,
    member_id: int | None,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """An entry for a change made in bulk (a merge's moved rows), described by its values."""
    session.add(
        AuditEntry(
            member_id=member_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
            batch=batch_of(session),
            at=session.info.get(NOW) or utcnow(),
        )
    )


def record_created(
    session: Session, member_id: int | None, entity: str, rows: list[dict[str, Any]]
) -> None:
    """One "create" entry per row written in bulk (an import's batch), in one statement:
    each row is the snapshot of what was inserted, with its id."""
    if not rows:
        return
    batch, at = batch_of(session), session.info.get(NOW) or utcnow()
    entries = [
        {"member_id": member_id, "entity": entity, "entity_id": row["id"], "action": "create",
         "before": None, "after": row, "batch": batch, "at": at}
        for row in rows
    ]  # fmt: skip
    insert_rows(session, AuditEntry.metadata.tables[AuditEntry.__tablename__], entries)


def entries_for(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
    )


def changes_of(session: Session, entities: dict[str, list[int]], limit: int) -> list[AuditEntry]:
    """The newest changes (not creations) of these rows, by entity: a customer's history."""
    conditions = [
        and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
        for entity, ids in entities.items()
        if ids
    ]
    if not conditions:
        return []
    return list(
        session.scalars(
            select(AuditEntry)
            .where(or_(*conditions), AuditEntry.action != "create")
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
    )


def since(
    session: Session, after: datetime, member_id: int | None, limit: int, offset: int = 0
) -> list[AuditEntry]:
    """What the team (or one member) did since `after`, newest first: the feed."""
    query = select(AuditEntry).where(
        AuditEntry.at >= after,
        AuditEntry.member_id.is_not(None),
        AuditEntry.entity.in_(("parties", "activities", "followups")),
    )
    if member_id is not None:
        query = query.where(AuditEntry.member_id == member_id)
    return list(
        session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset).limit(limit)
        )
    )
