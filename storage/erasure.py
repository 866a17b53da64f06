"""Erasing a person (GDPR Art. 17): their row anonymised, and their name, e-mail and phone
taken out of every text the database holds.

The person's own records keep their shape (an activity stays a dated entry of its kind,
its text replaced by a marker), so the team's figures do not change. Everything else is
found by scanning every String, Text and JSON column of every table in `Base.metadata`
for the person's name, e-mail or phone, in any letter case and in JSON's escaped form, and
the mentions are replaced by REDACTED: the journal, the outbox, other customers' notes,
deal titles, stored buttons. A new table is covered without a change here.
On SQLite the notes' FTS5 index is rebuilt afterwards, so no deleted token survives in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    Table,
    Text,
    cast,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from storage.keys import phone_forms
from storage.models import Activity, AuditEntry, Base, ChatContext, Followup, Party
from storage.parties import write_keys

REDACTED = "[erased]"
MIN_NEEDLE_CHARS = 3
"""Shorter values (a one-letter name) would redact half the database."""


def needles_of(parties: Iterable[Party]) -> list[str]:
    """What identifies the person: each name, e-mail and phone (as stored, and as people
    write the number: international, national, digits only)."""
    found: set[str] = set()
    for party in parties:
        values = (party.name, party.email, party.phone, *phone_forms(party.phone_e164))
        found.update(v.strip() for v in values if v and len(v.strip()) >= MIN_NEEDLE_CHARS)
    return sorted(found, key=len, reverse=True)


def merged_into(session: Session, party: Party) -> list[Party]:
    """The party and the duplicates merged into it, which still hold their old names."""
    merged = session.scalars(select(Party).where(Party.merged_into_id == party.id))
    return [party, *merged]


def anonymise(session: Session, party: Party, marker: str, now: datetime) -> None:
    """The party's personal fields emptied and its own activities and follow-ups replaced by
    `marker`; its audit entries keep that a change happened, not what it was."""
    party.name = f"{REDACTED} #{party.id}"
    party.email = party.phone = party.address = party.city = None
    party.tags, party.custom = [], {}
    party.deleted_at = party.deleted_at or now
    write_keys(session, party)
    party.search_key = ""
    session.execute(
        update(Activity).where(Activity.party_id == party.id).values(text=marker, meta={})
    )
    session.execute(
        update(Followup).where(Followup.party_id == party.id).values(text=marker, last_error=None)
    )
    session.execute(
        update(ChatContext).where(ChatContext.party_id == party.id).values(party_id=None)
    )
    _blank_audit(session, "parties", [party.id], {"name": party.name}, now)
    for model in (Activity, Followup):
        ids = list(session.scalars(select(model.id).where(model.party_id == party.id)))
        _blank_audit(session, model.__tablename__, ids, {"text": marker}, now)


def _blank_audit(
    session: Session, entity: str, ids: list[int], after: dict[str, str], now: datetime
) -> None:
    """Past changes of these rows lose their values, and can no longer be undone."""
    if not ids:
        return
    about = (AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
    session.execute(update(AuditEntry).where(*about).values(before=None, after=after))
    session.execute(
        update(AuditEntry).where(*about, AuditEntry.undone_at.is_(None)).values(undone_at=now)
    )


def scrub(session: Session, needles: list[str]) -> int:
    """Replace every mention of `needles` in every text column of every table; returns how
    many rows changed."""
    if not needles:
        return 0
    session.flush()
    changed = 0
    for table in Base.metadata.sorted_tables:
        changed += _scrub_table(session, table, needles)
    session.expire_all()
    _rekey_renamed(session)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO activities_fts(activities_fts) VALUES ('rebuild')"))
    return changed


def _rekey_renamed(session: Session) -> None:
    """A customer whose name held the person's ("Jörg Weiß GmbH") was renamed by the scan;
    its folded keys are written again from the new name."""
    renamed = session.scalars(
        select(Party).where(Party.name.contains(REDACTED, autoescape=True), Party.search_key != "")
    )
    for party in renamed:
        write_keys(session, party)


def _scrub_table(session: Session, table: Table, needles: list[str]) -> int:
    columns = [c for c in table.columns if isinstance(c.type, String | JSON)]
    if not columns:
        return 0
    keys = list(table.primary_key.columns)
    query = select(*keys, *columns).where(or_(*(mentions(c, needles) for c in columns)))
    rows = session.execute(query).all()
    for row in rows:
        values = {c.name: redact(row._mapping[c], needles) for c in columns}
        session.execute(update(table).where(*(k == row._mapping[k] for k in keys)).values(**values))
    return len(rows)


def mentions(column: Any, needles: list[str]) -> ColumnElement[bool]:
    """Whether the column's text holds a needle, as typed or as JSON writes it (`\\u00f6`).
    Letter case is ignored as far as the database's lower() folds it."""
    as_text = func.lower(cast(column, Text))
    forms = {form.lower() for n in needles for form in (n, json.dumps(n)[1:-1])}
    return or_(*(as_text.contains(form, autoescape=True) for form in sorted(forms)))


def redact(value: Any, needles: list[str]) -> Any:
    """`value` (text, or a JSON tree of texts) with every needle replaced by REDACTED."""
    if isinstance(value, str):
        return _pattern(needles).sub(REDACTED, value)
    if isinstance(value, list):
        return [redact(v, needles) for v in value]
    if isinstance(value, dict):
        return {redact(k, needles): redact(v, needles) for k, v in value.items()}
    return value


def _pattern(needles: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
