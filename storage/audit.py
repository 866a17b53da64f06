"""The audit trail: every change with who made it and what it was before."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from storage.models import AuditEntry, Base


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values in a JSON-safe form (amounts as exact strings, not floats)."""
    values: dict[str, Any] = {}
    for column in inspect(row).mapper.column_attrs:
        value = getattr(row, column.key)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        values[column.key] = value
    return values


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
        )
    )


def entries_for(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    return list(
        session.query(AuditEntry)
        .filter_by(entity=entity, entity_id=entity_id)
        .order_by(AuditEntry.id)
    )
