"""Erasing a person (GDPR Art. 17): their row anonymised, and their name, e-mail and phone
taken out of every text the database holds.

The person's own records keep their shape (an activity stays a dated entry of its kind,
its text replaced by a marker), so the team's figures do not change. Everything else is
found by scanning every String, Text and JSON column of every table in `Base.metadata`
for the person's name, e-mail or phone in the notations people write them
(storage.needles: "Herr Weiß", "Weiß, Jörg", "0171/234 56 78"), and the mentions are
replaced by REDACTED: the journal, the outbox, other customers' notes, deal titles, stored
buttons. A new table is covered without a change here.
On SQLite the notes' FTS5 index is rebuilt afterwards, so no deleted token survives in it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Table, or_, select, text, update
from sqlalchemy.orm import Session

from storage.models import Activity, AuditEntry, Base, ChatContext, Followup, Party
from storage.needles import REDACTED, Needles, mentions, redact
from storage.parties import write_keys


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


def scrub(session: Session, needles: Needles) -> int:
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


def _scrub_table(session: Session, table: Table, needles: Needles) -> int:
    columns = [c for c in table.columns if isinstance(c.type, String | JSON)]
    if not columns:
        return 0
    keys = list(table.primary_key.columns)
    query = select(*keys, *columns).where(or_(*(mentions(c, needles) for c in columns)))
    changed = 0
    for row in session.execute(query).all():
        values = {c.name: redact(row._mapping[c], needles) for c in columns}
        if all(values[c.name] == row._mapping[c] for c in columns):
            continue  # the database's wider net: the digits were there, not the number
        session.execute(update(table).where(*(k == row._mapping[k] for k in keys)).values(**values))
        changed += 1
    return changed
