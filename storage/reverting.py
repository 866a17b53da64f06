"""Taking a member's own last command back (`undo`), from the audit trail.

A command's entries share a batch; undo finds the member's newest batch not yet undone and
applies each entry's `before` in reverse order: an update gets its old values back, a
creation is removed (a party is soft-deleted), a merge moves its rows back. What undo does
is audited as "revert" and is itself never undone, so the next undo reaches the batch
before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage import audit, merging, parties
from storage.models import Activity, AuditEntry, Base, Deal, Followup, Party
from storage.types import UTCDateTime

MODELS: dict[str, type[Base]] = {"parties": Party, "activities": Activity, "followups": Followup}
UNDOABLE = ("create", "update", "merge")
_PAUSING = {"open", "paused"}
"""A deal is taken back only as its customer's delete or restore paused or resumed it; a
deal's own commands (stage, won, lost, set deal) are corrected by the next such command."""


def last_batch(session: Session, member_id: int, since: datetime) -> list[AuditEntry]:
    """The entries of the member's newest command that changed records, not yet undone."""
    newest = session.scalar(
        select(AuditEntry.batch)
        .where(
            AuditEntry.member_id == member_id,
            AuditEntry.at >= since,
            AuditEntry.undone_at.is_(None),
            AuditEntry.entity.in_(MODELS),
            AuditEntry.action.in_(UNDOABLE),
            AuditEntry.batch.is_not(None),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return [] if newest is None else audit.in_batch(session, newest)


def revert(session: Session, member_id: int, entries: list[AuditEntry], now: datetime) -> None:
    for entry in reversed(entries):
        if entry.entity in MODELS and entry.action in UNDOABLE:
            _revert_one(session, member_id, entry, now)
        elif _paused_with_its_customer(entry):
            deal = session.get(Deal, entry.entity_id)
            if deal is not None:
                before = audit.snapshot(deal)
                deal.status = (entry.before or {})["status"]
                audit.record(session, member_id, deal, "revert", before)
    ids = [entry.id for entry in entries]
    session.execute(update(AuditEntry).where(AuditEntry.id.in_(ids)).values(undone_at=now))


def _paused_with_its_customer(entry: AuditEntry) -> bool:
    before, after = entry.before or {}, entry.after or {}
    changed = {key for key, value in after.items() if before.get(key) != value}
    return (
        entry.entity == "deals"
        and changed <= {"status", "updated_at"}
        and {before.get("status"), after.get("status")} == _PAUSING
    )


def _revert_one(session: Session, member_id: int, entry: AuditEntry, now: datetime) -> None:
    if entry.action == "merge":
        merging.unmerge(session, entry.before or {})
        return
    row = session.get(MODELS[entry.entity], entry.entity_id)
    if row is None:
        return
    before = audit.snapshot(row)
    if entry.action == "create":
        _remove(session, row, now)
    else:
        _restore_values(session, row, entry.before or {}, entry.after or {})
    session.flush()
    audit.record_values(
        session, member_id, entry.entity, entry.entity_id, "revert", before,
        audit.snapshot(row) if row in session else None,
    )  # fmt: skip


def _remove(session: Session, row: Base, now: datetime) -> None:
    """A party is soft-deleted (others may have logged to it since); other rows go."""
    if isinstance(row, Party):
        row.deleted_at = now
        parties.write_keys(session, row)
    else:
        session.delete(row)


def _restore_values(
    session: Session, row: Base, before: dict[str, Any], after: dict[str, Any]
) -> None:
    columns = {c.key: c for c in row.__table__.columns}
    for key, value in before.items():
        if (key in after and after[key] == value) or key not in columns:
            continue
        if isinstance(columns[key].type, UTCDateTime) and isinstance(value, str):
            value = datetime.fromisoformat(value)
        setattr(row, key, value)
    if isinstance(row, Party):
        parties.write_keys(session, row)
