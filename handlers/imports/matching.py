"""Finding the record an incoming row describes: by e-mail, by phone, by folded name.

The keys of every existing party are loaded once (storage.imports, streamed) into dicts, and
each record the import creates is added to them, so a 100,000-row file costs one query for
all its duplicate checks, and a row repeated later in the same file is found too.

A record planned but not yet written is known by a placeholder (a negative number) until
its batch is written and `settle` swaps in its id.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.imports.records import Record
from storage.folding import fold
from storage.imports import identity_keys
from storage.models import Party

Key = tuple[str, str, str]


class Matcher:
    def __init__(self, session: Session) -> None:
        self._by: dict[Key, int] = {}
        self._placed: list[Key] = []
        for keys in identity_keys(session):
            self.remember(keys.id, keys.party_type, keys.search_key, keys.email, keys.phone)

    def find(self, record: Record) -> tuple[int, str] | None:
        """The id (or placeholder) of the party `record` names and the key that found it (a
        translatable word: e-mail, phone, name)."""
        kind = record.party_type
        email = record.values.get("email")
        phone = record.values.get("phone")
        for field, value in (("e-mail", email), ("phone", phone), ("name", fold(record.name))):
            found = self._by.get((kind, field, value.lower())) if value else None
            if found is not None:
                return found, field
        return None

    def company_named(self, name: str) -> int | None:
        return self._by.get(("company", "name", fold(name)))

    def add(self, party: Party) -> None:
        self.remember(party.id, party.party_type, party.search_key, party.email, party.phone)

    def remember(
        self, party_id: int, kind: str, key: str, email: str | None, phone: str | None
    ) -> None:
        for field, value in (("e-mail", email), ("phone", phone), ("name", key)):
            if value:
                lookup = (kind, field, value.lower())
                if lookup in self._by:
                    continue
                self._by[lookup] = party_id
                if party_id < 0:
                    self._placed.append(lookup)

    def settle(self, ids: dict[int, int]) -> None:
        """Placeholders become the ids their parties were written with."""
        for lookup in self._placed:
            self._by[lookup] = ids[self._by[lookup]]
        self._placed = []
