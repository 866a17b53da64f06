"""What an import compares incoming rows with (every party's e-mail, phone and folded name),
and how it writes a batch of new parties: a few statements per batch, not a few per party."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from storage import audit
from storage.bulk import insert_rows
from storage.keys import checked_phone_key
from storage.models import Party, PartyTag
from storage.parties import keys_of
from storage.types import utcnow


class Keys(NamedTuple):
    id: int
    party_type: str
    search_key: str
    email: str | None
    phone: str | None


def identity_keys(session: Session) -> Iterator[Keys]:
    """Streamed in chunks: at 100,000 parties this is a few MB of tuples, not of objects."""
    query = select(Party.id, Party.party_type, Party.search_key, Party.email, Party.phone)
    for row in session.execute(query.execution_options(yield_per=2000)):
        yield Keys(*row)


def new_ids(session: Session, count: int) -> list[int]:
    """`count` ids for parties about to be inserted, so a batch can name its new companies
    in its new contacts before either is written. PostgreSQL takes them from the id's
    sequence (safe beside other writers); SQLite counts on from the highest id, which is
    safe because its transactions begin IMMEDIATE: no one else writes until we commit."""
    if count < 1:
        return []
    if session.get_bind().dialect.name == "postgresql":
        taken = session.scalars(
            text("SELECT nextval(pg_get_serial_sequence('parties', 'id')) "
                 "FROM generate_series(1, :count)"),
            {"count": count},
        )  # fmt: skip
        return sorted(taken)
    highest = session.scalar(select(func.max(Party.id))) or 0
    return list(range(highest + 1, highest + 1 + count))


def insert_parties(session: Session, actor_id: int | None, rows: list[dict[str, Any]]) -> None:
    """New parties (each with its id from `new_ids`, companies before their contacts), their
    keys and tag rows, and a "create" audit entry each, as `parties.add_company` writes them.
    The name index learns of them from the change feed that the insert's triggers stamp."""
    if not rows:
        return
    now = utcnow()
    full = [_complete(row, actor_id, now) for row in rows]
    insert_rows(session, Party.metadata.tables[Party.__tablename__], full)
    tags = [{"party_id": row["id"], "tag": tag[:60]} for row in full for tag in row["tags"]]
    insert_rows(session, PartyTag.metadata.tables[PartyTag.__tablename__], tags)
    audit.record_created(
        session, actor_id, Party.__tablename__, audit.snapshots_of_values(Party, full)
    )


def _complete(row: dict[str, Any], actor_id: int | None, now: Any) -> dict[str, Any]:
    """Every column of the row, as the model's defaults and `parties.write_keys` fill them."""
    full: dict[str, Any] = {
        "relationship_kind": "customer", "company_id": None, "email": None, "phone": None,
        "address": None, "city": None, "last_contact_at": None, "deleted_at": None,
        "merged_into_id": None, **row, "owner_id": actor_id, "created_at": now,
        "updated_at": now, "tags": sorted(set(row.get("tags") or [])),
        "custom": dict(row.get("custom") or {}),
    }  # fmt: skip
    phone = checked_phone_key(full["phone"])
    full.update(keys_of(full["name"], phone, full["email"], full["city"]))
    return full
