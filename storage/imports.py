"""What an import compares incoming rows with: every party's e-mail, phone and folded name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Party


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
